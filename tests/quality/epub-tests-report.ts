/**
 * `npx tsx tests/quality/epub-tests-report.ts [CORPORA] [OUT.json] [--only=ID,ID]` — Lectern's implementation
 * report for the W3C EPUB 3 test suite (../shared/corpora/epub-tests), in the W3C's format:
 * `{ "<test id>": true | false | null }`, null where the test does not apply to Lectern.
 * Written to test-results/epub-tests-report.json unless OUT is given. Needs `npm run build`.
 *
 * Each test's section and MUST/SHOULD/MAY come from the folder's README (taken from the test's own
 * package document). Every publication goes through the real import (the library's importer, in a
 * library of its own); those that render are opened in the app over the harness in Chromium, and
 * the test's pass condition is checked on what the reader shows (the section documents foliate
 * renders, the contents list, the library's metadata, pixels of a screenshot). What each test
 * checks is written beside it in CHECKS below. Expected words are read from the test's own page
 * at run time, never written here.
 *
 * Not applicable (null), with the reason in NOT_APPLICABLE: deprecated tests (fxl-*, lay-fxl-*:
 * the W3C keeps them out of the report's counts); media overlays and text-to-speech (Lectern does
 * not play books aloud); tests that need a book's scripts to run (Lectern never runs them, on
 * purpose — see main/node/security/csp.ts); tests for EPUBCheck rather than a reading system;
 * a test whose companion publication is not in this copy of the suite. Tests that require
 * scripts NOT to run, or that check the fallback for readers without scripting, do apply.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Frame, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { startHarness, type Harness } from '../../main/node/harness/server';
import { chromiumLaunch } from '../e2e/chromium';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const corpora = path.resolve(positional[0] ?? path.join(root, '..', 'shared', 'corpora'));
const dir = path.join(corpora, 'epub-tests');
const out = path.resolve(positional[1] ?? path.join(root, 'test-results', 'epub-tests-report.json'));
/** `--only=id,id` runs those tests alone (while working on one). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
/** `--shots`: screenshots of what each test looked at, in test-results/epub-tests/. */
const shots = process.argv.includes('--shots') ? path.join(root, 'test-results', 'epub-tests') : null;

async function shot(ctx: Ctx, name: string): Promise<void> {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  await ctx.page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** README rows: `| <id>.epub | size | words | [Section; LEVEL] description |`. */
function readIndex(): Map<string, { section: string; level: string; description: string }> {
  const index = new Map<string, { section: string; level: string; description: string }>();
  for (const line of fs.readFileSync(path.join(dir, 'README.md'), 'utf8').split('\n')) {
    const m = /^\| ([^|]+)\.epub \|[^|]*\|[^|]*\| \[([^;\]]+); ([A-Z]+)\] (.*) \|$/.exec(line);
    if (m) index.set(m[1]!, { section: m[2]!, level: m[3]!, description: m[4]! });
  }
  return index;
}

/** Why a test is null, or how a failing one failed. */
const notes: Record<string, string> = {};

const NOT_APPLICABLE: [RegExp, string][] = [
  [/^(fxl-|lay-fxl-)/, 'deprecated test'],
  [/^mol-/, 'media overlays / text-to-speech: Lectern does not read books aloud'],
  [/^scr-(readingsystem-|storage-|support_iframe|support_origin|support_scrolled)/, "needs the book's scripts to run; Lectern never runs them"],
  [/^ocf-url_(origin|parse-leaking-relative)$/, "needs the book's scripts to run; Lectern never runs them"],
  [/^(lay-pp-layout-duplication)$/, 'a test of EPUBCheck, not of a reading system'],
  [/^pkg-unique-id$/, 'its companion publication (the same identifier, another book) is not in this copy'],
];

/** What one test can look at. */
interface Ctx {
  id: string;
  harness: Harness;
  page: Page;
  /** The article the import made, or the reason it was refused. */
  article: { id: number; title: string; author: string | null; text: string } | null;
  refusal: string | null;
  /** The book's files, as the import read them. */
  files: Record<string, Uint8Array>;
  /** Requests that left 127.0.0.1 while the book was shown. */
  offApp: string[];
  book(): Promise<Frame>;
}

/** Opens the article in the app and waits for the book's first page. */
async function openBook(ctx: Ctx): Promise<Frame> {
  const { page } = ctx;
  await page.locator(`[data-article-id="${ctx.article!.id}"]`).click();
  await page.waitForFunction(() => {
    const frame = [...document.querySelectorAll('iframe')].find((f) => f.src.endsWith('/book.html'));
    return (frame?.contentWindow as unknown as { lecternBook?: { current(): unknown } } | null)?.lecternBook?.current() ?? null;
  }, undefined, { timeout: 20_000 });
  const frame = page.frames().find((f) => f.url().endsWith('/book.html'));
  if (!frame) throw new Error('no book.html frame');
  await settle(frame);
  return frame;
}

/** Lets the shown section finish loading its images and fonts. */
async function settle(frame: Frame): Promise<void> {
  await frame.evaluate(async () => {
    const view = document.querySelector('foliate-view') as unknown as { renderer: { getContents(): { doc: Document }[] } };
    for (const { doc } of view.renderer.getContents()) {
      await doc.fonts.ready;
      await Promise.all([...doc.images].map((i) => (i.complete ? null : new Promise((r) => { i.onload = i.onerror = r; }))));
    }
  });
  await new Promise((r) => setTimeout(r, 300));
}

/** Runs `fn` on each section document the reader shows now (with its spine index). */
function inShown<T>(frame: Frame, fn: string): Promise<T[]> {
  return frame.evaluate(async (body) => {
    type Section = { createDocument(): Promise<Document> };
    const view = document.querySelector('foliate-view') as unknown as { book: { sections: Section[] }; renderer: { getContents(): { doc: Document | null; index?: number }[] } };
    // An async function, so that a check can await (a section's own document, say).
    const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as FunctionConstructor;
    const f = new AsyncFunction('doc', 'index', 'section', body) as (doc: Document, index: number, section: Section) => Promise<unknown>;
    const contents = view.renderer.getContents().filter((c): c is { doc: Document; index?: number } => !!c.doc);
    // foliate's fixed-layout renderer does not say which section a page is: found by its text.
    if (contents.some((c) => c.index === undefined)) {
      const textOf = (d: Document) => (d.body ?? d.documentElement).textContent;
      const texts = await Promise.all(view.book.sections.map((s) => s.createDocument().then(textOf, () => null)));
      for (const c of contents) c.index ??= texts.indexOf(textOf(c.doc));
    }
    return Promise.all(contents.map(({ doc, index }) => f(doc, index!, view.book.sections[index!]!)));
  }, fn) as Promise<T[]>;
}

/** The text a reader sees in the shown sections (rendered, so `display: none` is left out). */
async function shownText(frame: Frame): Promise<string> {
  return (await inShown<string>(frame, 'return doc.body ? doc.body.innerText : doc.documentElement.textContent')).join('\n').replace(/\s+/g, ' ');
}

/** The first sentence of the test's page, which tells what passing looks like. */
function statement(ctx: Ctx): string {
  return fs.readFileSync(path.join(dir, `${ctx.id}.txt`), 'utf8').replace(/\s+/g, ' ').trim();
}

/**
 * Share of reddish pixels in a screenshot of the book (several tests draw a red area to show
 * failure), or of one page of it (`clip`, in the book frame's coordinates). `pale-green`: green
 * drawn half transparent over a light page.
 */
async function redShare(ctx: Ctx, which: 'red' | 'green' | 'pale-green' = 'red', clip?: { left: number; right: number; top: number; bottom: number }): Promise<number> {
  const shot = await ctx.page.screenshot({ type: 'png' });
  const bookBox = (await ctx.page.locator('iframe[src$="book.html"]').boundingBox())!;
  const frameBox = clip ? { x: bookBox.x + clip.left, y: bookBox.y + clip.top, width: clip.right - clip.left, height: clip.bottom - clip.top } : bookBox;
  return ctx.page.evaluate(async ({ png, box, which }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${png}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = Math.round(box.width);
    c.height = Math.round(box.height);
    const g = c.getContext('2d')!;
    g.drawImage(img, -box.x, -box.y);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let hit = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, gr, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
      if (which === 'red' ? r > 180 && gr < 90 && b < 90 : which === 'green' ? gr > 100 && r < 90 && b < 90 : gr > 150 && gr - r > 40 && gr - b > 40) hit++;
    }
    return hit / (d.length / 4);
  }, { png: shot.toString('base64'), box: frameBox!, which });
}

async function turn(ctx: Ctx, frame: Frame, how: 'next' | 'prev' | string): Promise<void> {
  if (how === 'next' || how === 'prev') await frame.evaluate((h) => (window as unknown as { lecternBook: Record<string, () => Promise<void>> }).lecternBook[h]!(), how);
  else {
    // As a reader does: a click in the book's page, then the key.
    const at = await ctx.page.locator('iframe[src$="book.html"]').boundingBox();
    await ctx.page.mouse.click(at!.x + at!.width / 2, at!.y + at!.height - 30);
    await ctx.page.keyboard.press(how);
  }
  await new Promise((r) => setTimeout(r, 400));
  await settle(frame);
}

const currentIndex = (frame: Frame) => frame.evaluate(() => (window as unknown as { lecternBook: { current(): { index: number } | null } }).lecternBook.current()?.index ?? -1);

/** The app's contents list, as a reader sees it. */
async function tocLabels(ctx: Ctx): Promise<string[]> {
  await ctx.page.getByRole('button', { name: 'Contents' }).click();
  const labels = await ctx.page.locator('nav.book-toc a, nav.book-toc button').allInnerTexts();
  await ctx.page.getByRole('button', { name: 'Contents' }).click();
  return labels.map((l) => l.trim());
}

/** Clicks the first link in the shown section whose text matches; returns the spine index then. */
async function follow(ctx: Ctx, frame: Frame, text: RegExp): Promise<number> {
  const box = await frame.evaluate((src) => {
    const view = document.querySelector('foliate-view') as unknown as { renderer: { getContents(): { doc: Document }[] } };
    for (const { doc } of view.renderer.getContents()) {
      const a = [...doc.querySelectorAll('a')].find((x) => new RegExp(src).test(x.textContent ?? ''));
      if (!a) continue;
      const r = a.getBoundingClientRect();
      const f = (doc.defaultView!.frameElement as HTMLElement).getBoundingClientRect();
      return { x: r.left + f.left + r.width / 2, y: r.top + f.top + r.height / 2 };
    }
    return null;
  }, text.source);
  if (!box) return -1;
  const at = await ctx.page.locator('iframe[src$="book.html"]').boundingBox();
  await ctx.page.mouse.click(at!.x + box.x, at!.y + box.y);
  await new Promise((r) => setTimeout(r, 600));
  await settle(frame);
  return currentIndex(frame);
}

/** Every <img> and SVG <image> in the shown sections decoded (a broken image has no natural size). */
async function imagesShown(frame: Frame): Promise<boolean> {
  const per = await inShown<[number, number]>(frame, `
    const imgs = [...doc.images];
    return [imgs.length, imgs.filter((i) => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 0).length];`);
  const [all, ok] = per.reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
  return all > 0 && ok === all;
}

/** The test's page is shown: its statement's first sentence is in the rendered text. */
async function statementShown(ctx: Ctx): Promise<boolean> {
  const first = statement(ctx).split(/(?<=[.!?])\s/)[0]!;
  return (await shownText(await ctx.book())).includes(first);
}

/** Title bidi tests: the direction the app's list gives the book's title. */
async function titleDirection(ctx: Ctx): Promise<string> {
  return ctx.page.locator(`[data-article-id="${ctx.article!.id}"]`).evaluate((row, title) => {
    // The element that is the title (the excerpt below it may quote the title inside its own text).
    const el = [...row.querySelectorAll('*')].reverse().find((e) => e.textContent?.trim() === title);
    return el ? getComputedStyle(el).direction : 'none';
  }, ctx.article!.title);
}

/** The package document (the container's first rootfile), as text. */
function packageDocument(ctx: Ctx): string {
  const dec = new TextDecoder();
  const container = dec.decode(ctx.files['META-INF/container.xml']);
  return dec.decode(ctx.files[/full-path="([^"]+)"/.exec(container)![1]!]).replace(/<!--[\s\S]*?-->/g, '');
}

/** The spine's items with their itemref properties, from the package document the import reads. */
function spine(ctx: Ctx): { href: string; properties: string; manifestProperties: string; linear: boolean }[] {
  const opf = packageDocument(ctx);
  const items = new Map([...opf.matchAll(/<item\b[^>]*>/g)].map((m) => [/\bid="([^"]+)"/.exec(m[0])?.[1], m[0]]));
  return [...opf.matchAll(/<itemref\b[^>]*>/g)].map((m) => {
    const item = items.get(/idref="([^"]+)"/.exec(m[0])![1]) ?? '';
    return { linear: !/linear="no"/.test(m[0]), href: /href="([^"]+)"/.exec(item)?.[1] ?? '', properties: /properties="([^"]+)"/.exec(m[0])?.[1] ?? '', manifestProperties: /properties="([^"]+)"/.exec(item)?.[1] ?? '' };
  });
}

const opens = (ctx: Ctx) => statementShown(ctx);
const image = async (ctx: Ctx) => imagesShown(await ctx.book());
const rtlTitle = async (ctx: Ctx) => (await titleDirection(ctx)) === 'rtl';
const ltrTitle = async (ctx: Ctx) => (await titleDirection(ctx)) === 'ltr';

/** Fonts: a @font-face of the book loads (or, for a font obfuscated with another key, fails to). */
const fontStatus = async (ctx: Ctx) => (await inShown<string[]>(await ctx.book(), `
  return [...doc.fonts].filter((f) => !/Literata|Inter/.test(f.family)).map((f) => f.status);`)).flat();

/** Pages turned in the spine's order: each "must appear first / second / ..." in turn. */
async function spineOrder(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  const seen: string[] = [];
  for (let i = 0; i < 4; i++) {
    const text = await shownText(frame);
    seen.push(/must appear (\w+)/.exec(text)?.[1] ?? '?');
    const before = await currentIndex(frame);
    // A section can take several pages: turn until the next one shows.
    for (let k = 0; k < 10 && (await currentIndex(frame)) === before; k++) await turn(ctx, frame, 'next');
  }
  return seen.join(',') === 'first,second,third,last';
}

/** Page progression: pressing the arrow toward "the next page" (as the first page says) moves on in the spine. */
async function progression(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  const side = /next page should be to the (left|right)/.exec(statement(ctx))?.[1];
  if (!side) return false;
  const before = await currentIndex(frame);
  for (let k = 0; k < 10 && (await currentIndex(frame)) === before; k++) await turn(ctx, frame, side === 'left' ? 'ArrowLeft' : 'ArrowRight');
  return (await currentIndex(frame)) === before + 1;
}

/** The fixed-layout spreads: the pages shown side by side now, left to right, as spine indices and boxes. */
async function spread(frame: Frame): Promise<{ index: number; left: number; right: number; top: number; bottom: number }[]> {
  const got = await inShown<{ index: number; left: number; right: number; top: number; bottom: number; width: number }>(frame, `
    const r = doc.defaultView.frameElement.getBoundingClientRect();
    return { index, left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };`);
  return got.filter((g) => g.width > 0).sort((a, b) => a.left - b.left);
}

/**
 * Each spine item shown as its layout says (the book's rendition:layout, unless its itemref
 * overrides it), visited in turn: a pre-paginated item as one whole page — laid out at the size
 * it declares, all of it on the screen at once, the reader's typography not laid over it, and
 * the next turn leaves it; a reflowable item as text the reader sets — in the reader's face, at
 * its size (not scaled), its lines no wider than the reader. With `sides`, an item's
 * page-spread-left/-right is honoured too: its page (or first column of text) is on that half.
 */
async function layoutOverrides(ctx: Ctx, sides = false): Promise<boolean> {
  const frame = await ctx.book();
  const global = /<meta property="rendition:layout">\s*pre-paginated/.test(packageDocument(ctx)) ? 'pre-paginated' : 'reflowable';
  const viewport = /<meta property="rendition:viewport">([^<]*)</.exec(packageDocument(ctx))?.[1] ?? '';
  const items = spine(ctx);
  const failed: string[] = [];
  for (const [i, item] of items.entries()) {
    const layout = /layout-pre-paginated/.test(item.properties) ? 'pre-paginated' : /layout-reflowable/.test(item.properties) ? 'reflowable' : global;
    await frame.evaluate((n) => (window as unknown as { lecternBook: { goTo(t: number): Promise<void> } }).lecternBook.goTo(n), i);
    await new Promise((r) => setTimeout(r, 400));
    await settle(frame);
    const shown = (await inShown<{ fixed: boolean; reflowed: boolean; side: string } | null>(frame, `
      if (index !== ${i}) return null;
      const size = (content) => Object.fromEntries((content || '').split(/[,;\\s]+/).map((p) => p.split('=')).filter(([k, v]) => /^(width|height)$/.test(k) && parseFloat(v) > 0).map(([k, v]) => [k, parseFloat(v)]));
      const root = doc.documentElement;
      const box = root.localName === 'svg' ? (([, , width, height]) => ({ width, height }))((root.getAttribute('viewBox') || '').split(/[\\s,]+/).map(parseFloat)) : {};
      const declared = [box, size(doc.querySelector('meta[name="viewport"]')?.getAttribute('content')), size(${JSON.stringify(viewport)}),
        doc.images.length === 1 ? { width: doc.images[0].naturalWidth, height: doc.images[0].naturalHeight } : {}].find((d) => d.width > 0 && d.height > 0);
      const frameEl = doc.defaultView.frameElement;
      const fr = frameEl.getBoundingClientRect();
      const k = fr.width / frameEl.offsetWidth;
      const onScreen = (r) => ({ left: fr.left + r.left * k, right: fr.left + r.right * k, top: fr.top + r.top * k, bottom: fr.top + r.bottom * k });
      const within = (r) => r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1;
      const page = declared && [root, doc.body].find((e) => e && Math.abs(e.offsetWidth - declared.width) <= 1 && Math.abs(e.offsetHeight - declared.height) <= 1);
      const pageRect = page && onScreen(page.getBoundingClientRect());
      const readerFace = (e) => /Literata|Inter Variable/.test(getComputedStyle(e).fontFamily);
      const paras = [...doc.querySelectorAll('p')];
      const fixed = !!pageRect && within(pageRect) && !paras.some(readerFace);
      const reflowed = paras.length > 0 && paras.every(readerFace) && Math.abs(k - 1) < 0.01 && paras.every((p) => onScreen(p.getBoundingClientRect()).right - onScreen(p.getBoundingClientRect()).left <= innerWidth);
      // The side a page is on: its middle; the side text begins on: where its first line starts.
      const first = paras[0] && onScreen(paras[0].getClientRects()[0]);
      const x = fixed ? (pageRect.left + pageRect.right) / 2 : first?.left;
      const side = x === undefined ? '?' : x < innerWidth / 2 ? 'left' : 'right';
      return { fixed, reflowed, side };`)).find(Boolean);
    await shot(ctx, `${ctx.id}-${i}`);
    if (!shown) {
      failed.push(`${i}: not shown`);
      continue;
    }
    if (layout === 'pre-paginated' ? !shown.fixed : !shown.reflowed) failed.push(`${i}: not ${layout}`);
    const side = /page-spread-(left|right)/.exec(item.properties)?.[1];
    if (sides && side && shown.side !== side) failed.push(`${i}: on the ${shown.side}, not the ${side}`);
    if (layout === 'pre-paginated' && i < items.length - 1) {
      await turn(ctx, frame, 'next');
      if ((await currentIndex(frame)) <= i) failed.push(`${i}: more than one page`);
    }
  }
  if (failed.length) notes[ctx.id] = failed.join('; ');
  return failed.length === 0;
}

/** lay-pp-* pages that show a red area when the viewport is read wrong; `redOn` lists the pages that should show one. */
async function icb(ctx: Ctx, redOn: number[]): Promise<boolean> {
  const frame = await ctx.book();
  const pages = spine(ctx).length;
  const verdicts: boolean[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < pages * 2 && seen.size < pages; k++) {
    for (const p of (await spread(frame)).filter((s) => !seen.has(s.index))) {
      seen.add(p.index);
      verdicts.push((await redShare(ctx, 'red', p)) > 0.01 === redOn.includes(p.index));
    }
    await turn(ctx, frame, 'next');
  }
  return verdicts.length > 0 && verdicts.every(Boolean);
}

/**
 * lay-pp-* pages that declare the same size in different words (units, say) and so must look the
 * same: each page shown at the same size, with the same share of red (the page's own red area).
 */
async function icbSame(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  const pages = spine(ctx).length;
  // Pages told apart by where the reader is: such pages carry the same text, which is how
  // inShown tells a fixed-layout page's section.
  const looks = new Map<number, { size: string; red: number }>();
  for (let k = 0; k < pages * 2 && looks.size < pages; k++) {
    const at = await currentIndex(frame);
    const p = (await spread(frame))[0];
    if (p && !looks.has(at)) looks.set(at, { size: `${Math.round(p.right - p.left)}x${Math.round(p.bottom - p.top)}`, red: await redShare(ctx, 'red', p) });
    await turn(ctx, frame, 'next');
  }
  const all = [...looks.values()];
  const same = all.length === pages && all.every((l) => l.size === all[0]!.size && Math.abs(l.red - all[0]!.red) < 0.005);
  if (!same) notes[ctx.id] = all.map((l, i) => `${i}: ${l.size}, ${(l.red * 100).toFixed(1)} % red`).join('; ');
  return same;
}

/**
 * lay-pp-svg-icb_multi: SVG pages sized by their viewBox. Page 1 (900 × 600) is all red, its star
 * pattern past 900 left out; page 2 (1200 × 600) shows the same red with a band of stars on its
 * right. (Pages told apart by where the reader is: SVG pages carry no text.)
 */
async function svgIcb(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  const looks = new Map<number, { red: number; stars: number }>();
  for (let k = 0; k < 6 && looks.size < 3; k++) {
    const at = await currentIndex(frame);
    const p = (await spread(frame))[0];
    if (p && !looks.has(at)) looks.set(at, { red: await redShare(ctx, 'red', p), stars: await redShare(ctx, 'pale-green', p) });
    await turn(ctx, frame, 'next');
  }
  const [one, two] = [looks.get(1), looks.get(2)];
  const pass = !!one && !!two && one.red > 0.5 && one.stars < 0.001 && two.red > 0.5 && two.stars > 0.01;
  if (!pass) notes[ctx.id] = [...looks].map(([i, l]) => `${i}: ${(l.red * 100).toFixed(1)} % red, ${(l.stars * 100).toFixed(1)} % stars`).join('; ');
  return pass;
}

/**
 * The prefixed -epub-* properties: every element the book styles with one (inline, or by a
 * <style> rule, as the chapter's file has them) has the unprefixed property's value computed, as
 * the book gave it. The file's elements and the shown ones are paired in document order.
 */
async function epubPrefixed(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  // Every chapter, in turn: a book may give its instructions first and its tests on the next page.
  const verdicts: { total: number; failed: string[] }[] = [];
  for (const [i] of spine(ctx).entries()) {
    await frame.evaluate((n) => (window as unknown as { lecternBook: { goTo(t: number): Promise<void> } }).lecternBook.goTo(n), i);
    await settle(frame);
    verdicts.push(...(await prefixedIn(frame, i)));
  }
  const total = verdicts.reduce((n, v) => n + v.total, 0);
  const failed = verdicts.flatMap((v) => v.failed);
  if (failed.length) notes[ctx.id] = `${failed.length} of ${total} not applied, e.g. ${failed[0]}`;
  return total > 0 && failed.length === 0;
}

/** The -epub-* declarations of the shown chapter `index` and those whose value is not computed as given. */
function prefixedIn(frame: Frame, index: number): Promise<{ total: number; failed: string[] }[]> {
  return inShown<{ total: number; failed: string[] }>(frame, `
    if (index !== ${index}) return { total: 0, failed: [] };
    const decls = [];
    const source = await section.createDocument();
    const shownEls = [...doc.body.querySelectorAll('*')];
    const sourceEls = [...source.body.querySelectorAll('*')];
    if (shownEls.length !== sourceEls.length) return { total: 0, failed: ['the shown chapter differs from its file'] };
    for (const [i, src] of sourceEls.entries()) {
      const el = shownEls[i];
      if (!src.hasAttribute('style')) continue;
      for (const m of src.getAttribute('style').matchAll(/-epub-([a-z-]+)\\s*:\\s*([^;]+)/g)) decls.push([el, m[1], m[2].trim()]);
    }
    for (const st of source.querySelectorAll('style'))
      for (const rule of st.textContent.matchAll(/([^{}]+)\\{([^}]*)\\}/g))
        for (const m of rule[2].matchAll(/-epub-([a-z-]+)\\s*:\\s*([^;]+)/g))
          for (const el of doc.querySelectorAll(rule[1].trim())) decls.push([el, m[1], m[2].trim()]);
    // The value as Chromium computes it when given unprefixed: one form to compare.
    const probe = doc.createElement('span');
    doc.body.append(probe);
    const expected = (prop, value) => {
      probe.style.cssText = '';
      probe.style.setProperty(prop, value.replace(/!important/, '').trim());
      return probe.style.getPropertyValue(prop) ? getComputedStyle(probe).getPropertyValue(prop) : 'unsupported';
    };
    const failed = decls.filter(([el, prop, value]) => getComputedStyle(el).getPropertyValue(prop) !== expected(prop, value))
      .map(([el, prop, value]) => prop + ': ' + value + ' computed ' + getComputedStyle(el).getPropertyValue(prop));
    probe.remove();
    return { total: decls.length, failed };`);
}

const CHECKS: Record<string, (ctx: Ctx) => Promise<boolean>> = {
  'css-epub-line-break': epubPrefixed,
  'css-epub-text-align-last': epubPrefixed,
  'css-epub-text-emphasis': epubPrefixed,
  'css-epub-text-orientation': epubPrefixed,
  'css-epub-text-underline-position': epubPrefixed,
  'css-epub-word-break': epubPrefixed,
  // "rendered in unusual font": the book's @font-face loads in the page shown.
  'cnt-css-fonts_ot': async (ctx) => (await fontStatus(ctx)).includes('loaded'),
  'cnt-css-fonts_tt': async (ctx) => (await fontStatus(ctx)).includes('loaded'),
  'cnt-css-fonts_woff2': async (ctx) => (await fontStatus(ctx)).includes('loaded'),
  // Obfuscated with another publication's key: the font must not load once de-obfuscated.
  'ocf-font_obfuscation_bis': async (ctx) => !(await fontStatus(ctx)).includes('loaded'),
  // MathML laid out: the superscript sits above its base.
  'cnt-mathml-support': async (ctx) => (await inShown<boolean>(await ctx.book(), `
    const sup = doc.querySelector('msup');
    if (!sup || sup.children.length < 2) return false;
    return sup.children[1].getBoundingClientRect().top < sup.children[0].getBoundingClientRect().top - 1;`)).includes(true),
  // "solid (green)": the image is shown and is green, not patterned (no CSS from the page reaches into an <img>).
  'cnt-svg-css-reference': async (ctx) => (await image(ctx)) && (await redShare(ctx, 'green')) > 0.005,
  // An SVG content document styled by its CSS: its shapes are filled by the CSS's pattern.
  'cnt-svg-css': async (ctx) => (await inShown<boolean>(await ctx.book(), `
    return [...doc.querySelectorAll('*')].some((e) => /^url\\(/.test(getComputedStyle(e).fill));`)).includes(true),
  'cnt-svg-support': async (ctx) => (await statementShown(ctx)) && (await inShown<boolean>(await ctx.book(), 'return doc.documentElement.localName === "svg"')).includes(true),
  'cnt-xhtml-support': opens,
  'ocf-metainf-inc': opens,
  'ocf-package_arbitrary': opens,
  // The first package's page ("Test passes if you see this") shows, not another rendition's.
  'ocf-package_multiple': opens,
  'ocf-url_relative': opens,
  'pkg-collections-unknown': opens,
  'pkg-manifest-unknown': opens,
  'pkg-version-backward': opens,
  'pub-foreign_json-spine': opens,
  'pub-foreign_xml-suffix-spine': opens,
  'ocf-url_link-path-absolute': image,
  'ocf-url_link-relative': image,
  'pub-cmt-avif': image,
  'pub-cmt-gif': image,
  'pub-cmt-jxl': image,
  'pub-cmt-png': image,
  'pub-cmt-webp': image,
  'pub-foreign_image': image,
  'pub-data-urls_browsing-context': image,
  // "hear audio": the <audio> loads its media (its metadata is read) in the page shown.
  'pub-cmt-mp3': async (ctx) => audioPlays(ctx),
  'pub-cmt-opus': async (ctx) => audioPlays(ctx),
  // "Test fails if a red image is visible": the image missing from the manifest is not shown.
  'pkg-manifest-unlisted-resource': async (ctx) => (await statementShown(ctx)) && !(await imagesShown(await ctx.book())),
  // The reader refuses a ZIP whose entries are not Deflate-compressed.
  'ocf-zip-comp': async (ctx) => ctx.article === null && ctx.refusal !== null,
  // The library's metadata: first creator, first title, whitespace collapsed — as the test's page names them.
  'pkg-creator-order': async (ctx) => ctx.article?.author?.split(/,|;| and /)[0]?.trim() === /if (.+?) appears as the first creator/.exec(statement(ctx))?.[1],
  'pkg-title-order': async (ctx) => ctx.article?.title === /<dc:title[^>]*>([^<]*)</.exec(packageDocument(ctx))?.[1]?.trim(),
  'pkg-meta-whitespace': async (ctx) => [ctx.article?.title ?? '', ctx.article?.author ?? ''].every((s) => s.length > 0 && s === s.trim() && !/\s\s/.test(s)),
  // Title direction in the library list: as the dc:title's dir says (rtl), else the default (ltr).
  'pkg-dir_rtl-root-ltr': rtlTitle,
  'pkg-dir_rtl-root-unset': rtlTitle,
  'pkg-dir-auto_root-unset': ltrTitle,
  'pkg-dir_unset-root-unset': ltrTitle,
  // The package's rtl/he is not forced onto content that does not declare it.
  'pkg-dir_but_not_content': async (ctx) => (await inShown<boolean>(await ctx.book(), `
    const els = [...doc.querySelectorAll('li, p')];
    return els.length > 0 && els.every((e) => getComputedStyle(e).direction === 'ltr');`)).includes(true),
  'pkg-lang_but_not_content': async (ctx) => (await inShown<boolean>(await ctx.book(), `
    const q = doc.querySelector('q');
    const lang = q ? (q.closest('[lang]')?.getAttribute('lang') ?? '') : 'fr';
    return !/^fr/i.test(lang);`)).includes(true),
  'pkg-spine-order': spineOrder,
  'pkg-spine-progression-default': progression,
  'pkg-spine-progression_ltr': progression,
  'pkg-spine-progression_rtl': progression,
  // The link goes to the first of the three duplicates in the spine.
  'pkg-spine-duplicate-item-hyperlink': async (ctx) => {
    const items = spine(ctx);
    const target = items.findIndex((s) => items.filter((o) => o.href === s.href).length > 1);
    return target >= 0 && (await follow(ctx, await ctx.book(), /./)) === target;
  },
  // The duplicates are places of their own: each one's place (a CFI, what a bookmark keeps) differs.
  'pkg-spine-duplicate-item-ui': async (ctx) => {
    const frame = await ctx.book();
    const items = spine(ctx);
    const dups = items.map((_, i) => i).filter((i) => items.filter((s) => s.href === items[i]!.href).length > 1);
    const cfis = new Set<string>();
    for (const i of dups) {
      await frame.evaluate((n) => (window as unknown as { lecternBook: { goTo(t: number): Promise<void> } }).lecternBook.goTo(n), i);
      await new Promise((r) => setTimeout(r, 300));
      cfis.add(await frame.evaluate(() => (window as unknown as { lecternBook: { current(): { cfi: string } } }).lecternBook.current().cfi));
    }
    return dups.length > 1 && cfis.size === dups.length;
  },
  // A link in the text reaches the non-linear item.
  'pkg-spine-nonlinear-activation': async (ctx) => {
    const target = spine(ctx).findIndex((s) => !s.linear);
    return target >= 0 && (await follow(ctx, await ctx.book(), /./)) === target;
  },
  // The app's contents list reaches the second document.
  'nav-activation': async (ctx) => {
    const frame = await ctx.book();
    const labels = await tocLabels(ctx);
    if (labels.length < 2) return false;
    await ctx.page.getByRole('button', { name: 'Contents' }).click();
    await ctx.page.locator('nav.book-toc').getByText(labels[1]!, { exact: true }).click();
    await new Promise((r) => setTimeout(r, 500));
    return (await shownText(frame)).includes('navigation link leads here');
  },
  // Both entries, with the labels the test's page names.
  'nav-non-text_img': async (ctx) => {
    await ctx.book();
    const labels = await tocLabels(ctx);
    const want = /labels: (.+?) pointing at/.exec(statement(ctx))?.[1] ?? '';
    return labels.length === 2 && want === labels.join(' ');
  },
  // The app's contents list has both links, while the nav document in the spine hides the second.
  'nav-spine_in-spine-hidden-toc-css': async (ctx) => hiddenToc(ctx),
  'nav-spine_in-spine-hidden-toc-html': async (ctx) => hiddenToc(ctx),
  'nav-spine_in-spine': async (ctx) => (await ctx.book(), (await tocLabels(ctx)).length >= 2),
  'nav-spine_not-in-spine': async (ctx) => (await ctx.book(), (await tocLabels(ctx)).length >= 2),
  // The external entity is not resolved: the page shows no failure statement after its first paragraph.
  'pub-xml-external-id': async (ctx) => (await statementShown(ctx)) && !/fail/i.test((await shownText(await ctx.book())).replace(/Test passes unless a failure statement follows this paragraph\.?/, '')),
  // The commented-out itemref (the nav document) is not in the reader's spine.
  'pub-xml-non-validating_comment': async (ctx) => {
    const frame = await ctx.book();
    const ids = await frame.evaluate(() => (document.querySelector('foliate-view') as unknown as { book: { sections: { id: string }[] } }).book.sections.map((s) => s.id));
    const nav = spine(ctx).length === ids.length && !ids.some((id) => /nav\.xhtml$/.test(id));
    return nav;
  },
  // Not well-formed XML: the reader reports an error (the import refuses it, the page shows the
  // parser's error, or the reader says which chapter is not well-formed).
  'pub-xml-non-validating_unclosed': async (ctx) => {
    if (ctx.article === null) return true;
    const frame = await ctx.book();
    if ((await inShown<boolean>(frame, 'return !!doc.querySelector("parsererror")')).includes(true)) return true;
    const chapter = spine(ctx)[await currentIndex(frame)]?.href ?? '';
    const notice = (await ctx.page.getByRole('main', { name: 'Reader' }).getByRole('status').allInnerTexts()).join(' ');
    return !!chapter && /not well-formed/i.test(notice) && notice.includes(chapter);
  },
  // A footnote (epub:type noteref) opens in a pop-up of the reader's own; the page does not move.
  'pss-support': async (ctx) => {
    const frame = await ctx.book();
    const before = await currentIndex(frame);
    const note = await inShown<string>(frame, 'return doc.querySelector("aside, [epub\\\\:type~=footnote]")?.textContent?.trim() ?? ""');
    await follow(ctx, frame, /./);
    const text = note.find(Boolean);
    return !!text && (await currentIndex(frame)) === before && (await ctx.page.getByText(text).count()) > 0;
  },
  // External links open in the system browser, after the reader's consent (the app's dialog answered).
  'pub-external-links': async (ctx) => externalWithConsent(ctx),
  'pub-external-links_consent': async (ctx) => externalWithConsent(ctx),
  // Nothing off the app is requested while the page is shown (no consent is ever given).
  'sec-untrusted-consent_network': async (ctx) => (await ctx.book(), await new Promise((r) => setTimeout(r, 1000)), ctx.offApp.length === 0),
  // The page still says no script has run (scripts never run in Lectern, so never without consent).
  'sec-untrusted-consent_scripting': async (ctx) => (await shownText(await ctx.book())).includes('No script has been executed'),
  // Without scripting, the scripted item's manifest fallback is shown instead of it.
  'scr-support-fallback': async (ctx) => !(await shownText(await ctx.book())).includes('the test fails'),
  // The iframe shows its content in the 500×70 box the page gives it (a script may not resize it):
  // its width and height attributes size the box inside its border, which the page draws solid.
  'scr-not-support_ccscript-modify-size': async (ctx) => (await inShown<boolean>(await ctx.book(), `
    const f = doc.querySelector('iframe');
    if (!f) return false;
    const body = f.contentDocument && f.contentDocument.body;
    return f.clientWidth === 500 && f.clientHeight === 70 && !!body && body.textContent.trim().length > 0;`)).includes(true),
  // rendition:flow honoured for reflowable books.
  'lay-pkg-flow-scrolled-continuous': async (ctx) => flow(ctx, 'scrolled'),
  'lay-pkg-flow-scrolled-doc': async (ctx) => flow(ctx, 'scrolled'),
  // Fixed layout: pages side by side with no gap; left/right placement; no spread; overrides.
  'lay-pp-layout-pre-paginated-spreads': async (ctx) => {
    const frame = await ctx.book();
    await turn(ctx, frame, 'next');
    const s = await spread(frame);
    return s.length === 2 && Math.abs(s[0]!.right - s[1]!.left) <= 1 && s[1]!.index === s[0]!.index + 1;
  },
  'lay-pp-page-spread-combined': async (ctx) => spreadSides(ctx),
  'lay-pp-page-spread-left': async (ctx) => spreadSides(ctx),
  'lay-pp-spread-none': async (ctx) => {
    const frame = await ctx.book();
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      counts.push((await spread(frame)).length);
      await turn(ctx, frame, 'next');
    }
    return counts.every((c) => c === 1);
  },
  'lay-pp-spine-overrides_behave-as-global-bis': layoutOverrides,
  'lay-pp-spine-overrides_behave-as-global': layoutOverrides,
  'lay-pp-spine-overrides_image-only-reflow': layoutOverrides,
  'lay-pp-spine-overrides_image-spine-pp': layoutOverrides,
  'lay-page-layout-both-spread': async (ctx) => layoutOverrides(ctx, true),
  'lay-page-layout-both': layoutOverrides,
  // Pixels: the red areas each page says should (not) be seen.
  'lay-pp-svg-icb_multi': svgIcb,
  'lay-pp-xhtml-icb_invalid_meta': async (ctx) => icb(ctx, []),
  'lay-pp-xhtml-icb_multi': async (ctx) => icb(ctx, [1]),
  'lay-pp-xhtml-icb_repeated-in-meta': async (ctx) => icb(ctx, []),
  // "the first and the second pages look exactly the same" (each is a red page under a grid, by design).
  'lay-pp-xhtml-icb_units': icbSame,
  // Pre-paginated items stay fixed pages, each whole on the screen, whatever rendition:flow says.
  'lay-rendition-flow-pre-pag': layoutOverrides,
  // Every page at the same size, whatever else its viewport meta says. (foliate keeps the frame
  // of a spread's unused side, hidden at 0×0: not a page on the screen.)
  'lay-viewport-meta-prop': async (ctx) => {
    const frame = await ctx.book();
    const sizes = new Set<string>();
    for (let i = 0; i < 4; i++) {
      for (const d of await inShown<string>(frame, 'const r = doc.defaultView.frameElement.getBoundingClientRect(); return r.width * r.height > 0 ? `${Math.round(r.width)}x${Math.round(r.height)}` : null')) if (d) sizes.add(d);
      await turn(ctx, frame, 'next');
    }
    return sizes.size === 1;
  },
};

async function audioPlays(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  await new Promise((r) => setTimeout(r, 1000));
  return (await inShown<boolean>(frame, `
    const a = doc.querySelector('audio');
    return !!a && a.readyState >= 1 && a.duration > 0;`)).includes(true);
}

async function hiddenToc(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  const labels = await tocLabels(ctx);
  const navIndex = spine(ctx).findIndex((s) => /\bnav\b/.test(s.manifestProperties));
  if (navIndex < 0) return false;
  await frame.evaluate((n) => (window as unknown as { lecternBook: { goTo(t: number): Promise<void> } }).lecternBook.goTo(n), navIndex);
  await new Promise((r) => setTimeout(r, 400));
  const shown = await shownText(frame);
  return labels.includes('The first link') && labels.includes('The second link') && shown.includes('The first link') && !shown.includes('The second link');
}

/** The link asks first, naming its address; nothing opens before "Open", then the system browser does. */
async function externalWithConsent(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  await follow(ctx, frame, /./);
  const consent = ctx.page.getByRole('dialog', { name: 'Open this link outside Lectern?' });
  const href = await frame.evaluate(() => {
    const view = document.querySelector('foliate-view') as unknown as { renderer: { getContents(): { doc: Document }[] } };
    return view.renderer.getContents().flatMap(({ doc }) => [...doc.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!)).find((h) => /^(https?|mailto):/i.test(h)) ?? null;
  });
  if (!href || !(await consent.isVisible()) || !(await consent.textContent())?.includes(href) || ctx.harness.openedExternally.length > 0) return false;
  await consent.getByRole('button', { name: 'Open', exact: true }).click();
  await new Promise((r) => setTimeout(r, 300));
  return ctx.harness.openedExternally.length === 1 && ctx.harness.openedExternally[0] === new URL(href).href;
}

async function flow(ctx: Ctx, want: string): Promise<boolean> {
  const frame = await ctx.book();
  return (await frame.evaluate(() => (document.querySelector('foliate-view') as unknown as { renderer: HTMLElement }).renderer.getAttribute('flow'))) === want;
}

/** Pages marked page-spread-left / -right are shown on that side of a two-page spread. */
async function spreadSides(ctx: Ctx): Promise<boolean> {
  const frame = await ctx.book();
  const items = spine(ctx);
  const sided = items.map((s, i) => ({ i, side: /page-spread-(left|right)/.exec(s.properties)?.[1] })).filter((s) => s.side);
  if (sided.length === 0) return false;
  const verdicts = new Map<number, boolean>();
  for (let k = 0; k < items.length + 2; k++) {
    const s = await spread(frame);
    for (const p of sided) {
      const at = s.findIndex((x) => x.index === p.i);
      if (at >= 0) verdicts.set(p.i, s.length === 2 && (p.side === 'left' ? at === 0 : at === 1));
    }
    await turn(ctx, frame, 'next');
  }
  return sided.every((p) => verdicts.get(p.i) === true);
}

const index = readIndex();
const ids = fs.readdirSync(dir).filter((f) => f.endsWith('.epub')).map((f) => f.slice(0, -5)).filter((id) => !only || only.includes(id)).sort();
const report: Record<string, boolean | null> = {};
fs.mkdirSync(path.dirname(out), { recursive: true });
const browser = await chromium.launch(chromiumLaunch(process.platform, process.env));
try {
  for (const id of ids) {
    const na = NOT_APPLICABLE.find(([re]) => re.test(id)) ?? (index.get(id)?.level === 'DEPRECATED' ? [/./, 'deprecated test'] as const : undefined);
    if (na) {
      report[id] = null;
      notes[id] = na[1];
      continue;
    }
    const check = CHECKS[id];
    if (!check) {
      report[id] = null;
      notes[id] = 'no automatic check for this test';
      continue;
    }
    const harness = await startHarness({ libraryDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-epubtests-')), root });
    // A maximized window on a 1080p screen: the reading area is landscape, so fixed-layout
    // books may be shown in two-page spreads.
    const page = await browser.newPage({ viewport: { width: 1920, height: 1040 } });
    // tsx names the page functions' inner helpers with a helper of its own, which the page lacks.
    await page.addInitScript('globalThis.__name = (f) => f');
    const bytes = fs.readFileSync(path.join(dir, `${id}.epub`));
    try {
      const imported = await harness.session.library.importer.importItems([{ name: `${id}.epub`, bytes }]);
      const articleId = imported.imported[0]?.id;
      const a = articleId === undefined ? undefined : harness.session.library.articles.get(articleId);
      const offApp: string[] = [];
      // A request the page's policy blocks is still announced, then fails as blocked: only those
      // that were not blocked left the app (here there is no network, so they fail otherwise).
      page.on('requestfinished', (r) => {
        const u = new URL(r.url());
        if (u.protocol.startsWith('http') && u.hostname !== '127.0.0.1') offApp.push(u.href);
      });
      page.on('requestfailed', (r) => {
        const u = new URL(r.url());
        if (u.protocol.startsWith('http') && u.hostname !== '127.0.0.1' && !/^csp$|BLOCKED_BY_CSP/.test(r.failure()?.errorText ?? '')) offApp.push(`${u.href} (${r.failure()?.errorText})`);
      });
      let files: Record<string, Uint8Array> = {};
      try {
        files = unzipSync(new Uint8Array(bytes));
      } catch {
        // A container fflate cannot read (ocf-zip-comp): its checks look only at the import.
      }
      await page.goto(harness.url);
      let frame: Promise<Frame> | null = null;
      const ctx: Ctx = {
        id,
        harness,
        page,
        article: a ? { id: a.id, title: a.title, author: a.author, text: harness.session.library.articles.text(a.id) ?? '' } : null,
        refusal: imported.failed[0]?.reason ?? null,
        files,
        offApp,
        book: () => (frame ??= openBook(ctx)),
      };
      report[id] = await Promise.race([
        check(ctx).catch((e: Error) => ((notes[id] = `error: ${e.message.split('\n')[0]}`), false)),
        new Promise<false>((r) => setTimeout(() => ((notes[id] = 'timed out'), r(false)), 60_000)),
      ]);
      if (frame) await shot(ctx, id);
      if (!ctx.article && id !== 'ocf-zip-comp') notes[id] = `refused at import: ${ctx.refusal ?? ''}`;
      if (report[id] === false && frame && !notes[id]) {
        const shown = await shownText(await frame).catch(() => '');
        notes[id] = `shown: "${shown.slice(0, 100)}"${offApp.length ? `; requests off the app: ${offApp.slice(0, 3).join(' ')}` : ''}`;
      }
    } finally {
      await page.close();
      await harness.close();
    }
    console.log(`${report[id] ? 'pass' : 'FAIL'} ${id}${notes[id] ? ` (${notes[id]})` : ''}`);
  }
} finally {
  await browser.close();
}
fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
const applicable = Object.values(report).filter((v) => v !== null);
const passed = applicable.filter((v) => v).length;
const reasons = new Map<string, number>();
for (const [id, v] of Object.entries(report)) if (v === null) reasons.set(notes[id]!, (reasons.get(notes[id]!) ?? 0) + 1);
for (const [r, n] of reasons) console.log(`not applicable: ${n} × ${r}`);
console.log(`epub-tests: ${ids.length} tests, ${applicable.length} apply to Lectern, ${passed} passed, ${applicable.length - passed} failed (${((100 * passed) / Math.max(1, applicable.length)).toFixed(1)} %); report in ${path.relative(process.cwd(), out)}`);
console.log(`failed: ${Object.entries(report).filter(([, v]) => v === false).map(([id]) => id).join(', ')}`);
process.exitCode = passed >= 0.9 * applicable.length ? 0 : 1;
