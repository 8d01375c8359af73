/**
 * The PDF reader in Chromium over the harness: a PDF imported, drawn by pdf.js from the original
 * kept in the library, paged, zoomed, highlighted (and the highlight back on the same words after
 * a reload), opened at the page of a search hit; no accessibility violations; and a PDF full of
 * scripts and actions that runs none of them and reaches no server.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeActivePdf, makePdf } from '../books-fixtures';
import { axeViolations, expect, screenshot, test } from './fixtures';

const TWO_PAGES = makePdf({
  pages: [
    ['Hello from page one,', 'a second line of the first page.'],
    ['Page two has the word albatross.', 'The ancient mariner shot the bird with his crossbow.'],
  ],
  title: 'Two Pages',
});

async function importPdf(app: Page, name: string, bytes: Uint8Array, title: string): Promise<void> {
  await app.getByTestId('import-input').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(bytes) });
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: title }).click();
  // pdf.js draws in a worker, then lays out the text layer: slow on a busy machine.
  await expect(app.locator('.pdf-reader .page[data-page-number="1"] .textLayer span').first()).toBeVisible({ timeout: 20_000 });
}

const pageNumber = (app: Page) => app.getByRole('textbox', { name: 'Page number' });

/** Where `phrase` is on screen in the text layer of page `n`. */
function phraseBox(app: Page, n: number, phrase: string) {
  return app.evaluate(
    ([n, p]) => {
      const layer = document.querySelector(`.page[data-page-number="${n}"] .textLayer`)!;
      const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = node.nodeValue!.indexOf(p);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + p.length);
        const b = r.getBoundingClientRect();
        return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
      }
      throw new Error(`"${p}" is not on page ${n}`);
    },
    [n, phrase] as const,
  );
}

/** The boxes drawn for highlights of `color`: the union of their rectangles, per annotation. */
function highlightBoxes(app: Page, color: string) {
  return app.evaluate((c) => {
    const by = new Map<string, { left: number; top: number; right: number; bottom: number; page: string }>();
    for (const el of document.querySelectorAll<HTMLElement>(`.pdf-mark.annot-${c}`)) {
      const r = el.getBoundingClientRect();
      const page = el.closest<HTMLElement>('.page')!.dataset.pageNumber!;
      const prev = by.get(el.dataset.annotationId!);
      by.set(el.dataset.annotationId!, prev ? { left: Math.min(prev.left, r.left), top: Math.min(prev.top, r.top), right: Math.max(prev.right, r.right), bottom: Math.max(prev.bottom, r.bottom), page } : { left: r.left, top: r.top, right: r.right, bottom: r.bottom, page });
    }
    return [...by.values()];
  }, color);
}

/** True when two boxes cover the same words (a couple of pixels either way). */
// A box not drawn yet (pdf.js still rendering the page) is not the same: the poll tries again.
const same = (a: { left: number; top: number; right: number; bottom: number } | undefined, b: typeof a) =>
  !!a && !!b && Math.abs(a.left - b.left) < 3 && Math.abs(a.right - b.right) < 3 && Math.abs(a.top - b.top) < 4 && Math.abs(a.bottom - b.bottom) < 4;

test('a PDF reads as its pages: page keys and buttons, zoom, a highlight on page 2 back on its words after a reload', async ({ app, harness }) => {
  test.setTimeout(120_000); // pdf.js draws each zoom anew: slow on two busy cores
  await importPdf(app, 'two.pdf', TWO_PAGES, 'Two Pages');
  await expect(app.locator('.pdf-reader .page')).toHaveCount(2);
  await expect(app.locator('.pdf-reader .page[data-page-number="1"] canvas')).toBeVisible();
  await expect(app.locator('.page[data-page-number="1"] .textLayer')).toContainText('Hello from page one,');
  await expect(pageNumber(app)).toHaveValue('1');
  await screenshot(app, 'book-pdf-light');

  // Pages: the button, the keys, the number typed.
  await app.getByRole('button', { name: 'Next page' }).click();
  await expect(pageNumber(app)).toHaveValue('2');
  await app.locator('.pdf-container').focus();
  await app.keyboard.press('Home');
  await expect(pageNumber(app)).toHaveValue('1');
  await app.keyboard.press('PageDown');
  await expect(pageNumber(app)).toHaveValue('2');
  await app.keyboard.press('PageUp');
  await expect(pageNumber(app)).toHaveValue('1');
  await app.keyboard.press('End');
  await expect(pageNumber(app)).toHaveValue('2');

  // Zoom: 200 % draws the page twice as wide as 100 %; fit width fills the stage.
  const width = () => app.locator('.page[data-page-number="1"]').evaluate((el) => el.getBoundingClientRect().width);
  await app.getByRole('combobox', { name: 'Zoom' }).selectOption({ label: '100 %' });
  await expect.poll(width).toBeGreaterThan(0);
  const at100 = await width();
  await app.getByRole('combobox', { name: 'Zoom' }).selectOption({ label: '200 %' });
  await expect.poll(async () => Math.round((await width()) / at100 * 10) / 10).toBeCloseTo(2, 1);
  await app.getByRole('combobox', { name: 'Zoom' }).selectOption({ label: 'Fit width' });
  const stage = await app.locator('.pdf-container').evaluate((el) => el.clientWidth);
  await expect.poll(width).toBeGreaterThan(stage * 0.85);

  // A highlight on page 2, drawn over its words, and kept with the page as its fragment.
  await app.getByRole('textbox', { name: 'Page number' }).fill('2');
  await app.keyboard.press('Enter');
  await expect(pageNumber(app)).toHaveValue('2');
  await expect(app.locator('.page[data-page-number="2"] .textLayer')).toContainText('ancient mariner');
  const words = await phraseBox(app, 2, 'ancient mariner');
  await app.mouse.move(words.left + 1, (words.top + words.bottom) / 2);
  await app.mouse.down();
  await app.mouse.move(words.right - 1, (words.top + words.bottom) / 2, { steps: 8 });
  await app.mouse.up();
  await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight green' }).click();
  await expect.poll(() => highlightBoxes(app, 'green')).toHaveLength(1);
  const [drawn] = await highlightBoxes(app, 'green');
  expect(drawn!.page).toBe('2');
  expect(same(drawn!, words), `${JSON.stringify(drawn)} over ${JSON.stringify(words)}`).toBe(true);
  const [saved] = harness!.session.library.annotations.list({});
  expect(saved).toMatchObject({ exact: 'ancient mariner', fragment: 'page=2', orphaned: false });
  // TextPosition is over the book's canonical text, as `show --text` prints it.
  const bookText = harness!.session.library.db.prepare('SELECT text FROM article_bodies WHERE article_id = ?').pluck().get(saved!.articleId) as string;
  expect(bookText.slice(saved!.start, saved!.end)).toBe('ancient mariner');

  // Zoomed, the highlight follows its words.
  await app.getByRole('combobox', { name: 'Zoom' }).selectOption({ label: '150 %' });
  await expect.poll(async () => same((await highlightBoxes(app, 'green'))[0]!, await phraseBox(app, 2, 'ancient mariner'))).toBe(true);
  await app.getByRole('combobox', { name: 'Zoom' }).selectOption({ label: 'Fit width' });

  // After a reload: back on page 2, and the highlight on the same words.
  await expect.poll(() => harness!.session.library.articles.get(saved!.articleId)?.locator).toMatch(/^page=2&offset=\d+$/);
  await app.reload();
  await app.getByRole('option', { name: /Two Pages/ }).click();
  await expect(pageNumber(app)).toHaveValue('2');
  await expect.poll(async () => (await highlightBoxes(app, 'green')).length).toBe(1);
  await expect.poll(async () => same((await highlightBoxes(app, 'green'))[0]!, await phraseBox(app, 2, 'ancient mariner'))).toBe(true);
  await screenshot(app, 'book-pdf-highlight');
});

test('a highlight selected from page 1 onto page 2 is kept over both pages, and drawn on both after a reload', async ({ app, harness }) => {
  test.setTimeout(120_000);
  await importPdf(app, 'two.pdf', TWO_PAGES, 'Two Pages');
  // Small enough for the end of page 1 and the start of page 2 to be in view together.
  await app.getByRole('combobox', { name: 'Zoom' }).selectOption({ label: '50 %' });
  await expect(app.locator('.page[data-page-number="2"] .textLayer')).toContainText('Page two has');
  const from = await phraseBox(app, 1, 'a second line');
  const to = await phraseBox(app, 2, 'Page two has');
  await app.mouse.move(from.left + 1, (from.top + from.bottom) / 2);
  await app.mouse.down();
  await app.mouse.move(to.right - 1, (to.top + to.bottom) / 2, { steps: 12 });
  await app.mouse.up();
  await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight blue' }).click();

  // Stored with the page it starts on, its quote and position over the book's text across the page break.
  await expect.poll(() => harness!.session.library.annotations.list({}).length).toBe(1);
  const [saved] = harness!.session.library.annotations.list({});
  expect(saved).toMatchObject({ fragment: 'page=1', orphaned: false });
  expect(saved!.exact).toMatch(/^a second line of the first page\.\s+Page two has$/);
  const bookText = harness!.session.library.db.prepare('SELECT text FROM article_bodies WHERE article_id = ?').pluck().get(saved!.articleId) as string;
  expect(bookText.slice(saved!.start, saved!.end)).toBe(saved!.exact);

  const markedPages = () => app.evaluate(() => [...new Set([...document.querySelectorAll<HTMLElement>('.pdf-mark.annot-blue')].map((el) => el.closest<HTMLElement>('.page')!.dataset.pageNumber))].sort());
  await expect.poll(markedPages).toEqual(['1', '2']);
  // On page 2, over the words it ends with (from the start of that page's text).
  const onPage2 = () =>
    app.evaluate(() => {
      const r = [...document.querySelectorAll<HTMLElement>('.page[data-page-number="2"] .pdf-mark.annot-blue')].map((el) => el.getBoundingClientRect());
      return r[0] ? { left: Math.min(...r.map((x) => x.left)), top: Math.min(...r.map((x) => x.top)), right: Math.max(...r.map((x) => x.right)), bottom: Math.max(...r.map((x) => x.bottom)) } : undefined;
    });
  await expect.poll(async () => same(await onPage2(), await phraseBox(app, 2, 'Page two has'))).toBe(true);
  await screenshot(app, 'book-pdf-across-pages');

  await app.reload();
  await app.getByRole('option', { name: /Two Pages/ }).click();
  await app.getByRole('combobox', { name: 'Zoom' }).selectOption({ label: '50 %' });
  await expect.poll(markedPages).toEqual(['1', '2']);
});

test('a long PDF keeps only the pages near the view drawn: far pages give up their canvas and text layer, and are drawn again with their highlight on return', async ({ app }) => {
  test.setTimeout(120_000);
  const pages = Array.from({ length: 30 }, (_, i) => [`This is page ${i + 1} of the long book.`, `Its second line, number ${i + 1}.`]);
  await importPdf(app, 'long.pdf', makePdf({ pages, title: 'Long Book' }), 'Long Book');
  const words = await phraseBox(app, 1, 'This is page 1');
  await app.mouse.move(words.left + 1, (words.top + words.bottom) / 2);
  await app.mouse.down();
  await app.mouse.move(words.right - 1, (words.top + words.bottom) / 2, { steps: 6 });
  await app.mouse.up();
  await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight pink' }).click();
  await expect(app.locator('.page[data-page-number="1"] .pdf-mark.annot-pink')).not.toHaveCount(0);

  // Page by page to page 20: each page drawn on the way, and let go once the view has moved on.
  await app.locator('.pdf-container').focus();
  for (let n = 2; n <= 20; n++) {
    await app.keyboard.press('PageDown');
    await expect(pageNumber(app)).toHaveValue(String(n));
    await expect(app.locator(`.page[data-page-number="${n}"] .textLayer span`).first()).toBeVisible();
  }
  const drawn = () => app.evaluate(() => [...document.querySelectorAll<HTMLElement>('.page')].filter((p) => p.querySelector('canvas, .textLayer')).map((p) => Number(p.dataset.pageNumber)));
  await expect.poll(async () => (await drawn()).every((n) => n >= 18 && n <= 22)).toBe(true);
  expect((await drawn()).length).toBeLessThanOrEqual(4);

  await app.keyboard.press('Home');
  await expect(app.locator('.page[data-page-number="1"] .textLayer')).toContainText('This is page 1 of the long book.');
  await expect(app.locator('.page[data-page-number="1"] .pdf-mark.annot-pink')).not.toHaveCount(0);
  await expect.poll(async () => (await drawn()).every((n) => n <= 3)).toBe(true);
});

test('a 300-page PDF opens with a few page boxes in the DOM, not one per page, and any page typed shows at the top of the view, a larger page as large', async ({ app }) => {
  test.setTimeout(120_000);
  const pages = Array.from({ length: 300 }, (_, i) => [`This is page ${i + 1} of the three hundred.`]);
  // Every 50th page tabloid, the rest letter: a page's size is known only once it comes near.
  const sizes = pages.map((_, i): [number, number] => (i % 50 === 49 ? [792, 1224] : [612, 792]));
  await importPdf(app, 'three-hundred.pdf', makePdf({ pages, title: 'Three Hundred', sizes }), 'Three Hundred');
  const boxes = () => app.locator('.pdfViewer .page').count();
  await expect(app.locator('.pdf-reader .pdf-page')).toContainText('of 300');
  expect(await boxes()).toBeLessThanOrEqual(4);
  // The room of all 300 pages is there to scroll through.
  const letter = await app.locator('.page[data-page-number="1"]').evaluate((el) => el.getBoundingClientRect().height);
  expect(await app.locator('.pdf-container').evaluate((el) => el.scrollHeight)).toBeGreaterThan(290 * letter);

  const topInView = (n: number) =>
    app.evaluate((n) => {
      const page = document.querySelector(`.page[data-page-number="${n}"]`)!.getBoundingClientRect();
      return page.top - document.querySelector('.pdf-container')!.getBoundingClientRect().top;
    }, n);
  for (const n of [250, 100, 2, 300, 150]) {
    await pageNumber(app).fill(String(n));
    await pageNumber(app).press('Enter');
    await expect(pageNumber(app)).toHaveValue(String(n));
    await expect(app.locator(`.page[data-page-number="${n}"] .textLayer`)).toContainText(`This is page ${n} of the three hundred.`);
    // At the top (its border above the view), the page before it not in view.
    await expect.poll(() => topInView(n), { message: `page ${n}` }).toBeGreaterThan(-12);
    expect(await topInView(n)).toBeLessThan(2);
    expect(await boxes()).toBeLessThanOrEqual(4);
  }
  // Page 150 is tabloid: as much larger than a letter page as its size says.
  const tabloid = await app.locator('.page[data-page-number="150"]').evaluate((el) => el.getBoundingClientRect().height);
  expect(tabloid / letter).toBeCloseTo(1224 / 792, 1);

  // A jump forward draws the pages in view and the next one, not the one before it; scrolled back up, that one is drawn.
  const drawn = () => app.evaluate(() => [...document.querySelectorAll<HTMLElement>('.pdfViewer .page')].map((p) => ({ n: Number(p.dataset.pageNumber), drawn: !!p.querySelector('canvas') })));
  await pageNumber(app).fill('200');
  await pageNumber(app).press('Enter');
  await expect(app.locator('.page[data-page-number="200"] .textLayer')).toContainText('This is page 200 of the three hundred.');
  await expect.poll(async () => (await drawn()).at(-1)).toMatchObject({ drawn: true });
  expect((await drawn())[0]).toEqual({ n: 199, drawn: false });
  await app.locator('.pdf-container').evaluate((el) => el.scrollBy(0, -40));
  await expect.poll(async () => (await drawn()).find((p) => p.n === 199)?.drawn).toBe(true);
  await screenshot(app, 'book-pdf-long-tabloid-page');
});

test('a PDF reopened where it was left, far into it, draws that page and never page 1 on the way', async ({ app, harness }) => {
  test.setTimeout(120_000);
  const pages = Array.from({ length: 200 }, (_, i) => [`This is page ${i + 1} of the two hundred.`]);
  await importPdf(app, 'two-hundred.pdf', makePdf({ pages, title: 'Two Hundred' }), 'Two Hundred');
  await pageNumber(app).fill('150');
  await pageNumber(app).press('Enter');
  await expect(app.locator('.page[data-page-number="150"] .textLayer')).toContainText('This is page 150 of the two hundred.');
  const id = harness!.session.library.articles.list('inbox').find((a) => a.title === 'Two Hundred')!.id;
  await expect.poll(() => harness!.session.library.articles.get(id)?.locator).toMatch(/^page=150&/);

  await app.reload();
  // Every page box the reader puts in the document from now on.
  await app.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { pagesSeen: number[] }).pagesSeen = seen;
    new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) if (node instanceof HTMLElement && node.matches('.page[data-page-number]')) seen.push(Number(node.dataset.pageNumber));
    }).observe(document.body, { childList: true, subtree: true });
  });
  await app.getByRole('option', { name: /Two Hundred/ }).click();
  await expect(app.locator('.page[data-page-number="150"] .textLayer')).toContainText('This is page 150 of the two hundred.', { timeout: 30_000 });
  await expect(pageNumber(app)).toHaveValue('150');
  const seen = await app.evaluate(() => (window as unknown as { pagesSeen: number[] }).pagesSeen);
  expect(seen).toContain(150);
  expect(seen.filter((n) => n < 140), `pages put in the document: ${seen.join(', ')}`).toEqual([]);
  await screenshot(app, 'book-pdf-reopened-at-page-150');
});

test('a large PDF is read by ranges: page 1 drawn from the file\'s first part and its end, the bytes no page uses never fetched', async ({ app, harness }) => {
  test.setTimeout(120_000);
  const large = makePdf({ pages: [['A large book read by parts.'], ['Its second page.']], title: 'Large Book', padding: 20 * 1024 * 1024 });
  const report = await harness!.session.library.importer.importItems([{ name: 'large.pdf', bytes: large }]);
  expect(report.imported).toHaveLength(1);
  const asked: { range: string | undefined; status: number; bytes: number }[] = [];
  app.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/asset/')) asked.push({ range: r.request().headers()['range'], status: r.status(), bytes: Number(r.headers()['content-length']) });
  });
  await app.reload();
  await app.getByRole('option', { name: /Large Book/ }).click();
  await expect(app.locator('.page[data-page-number="1"] .textLayer')).toContainText('A large book read by parts.', { timeout: 60_000 });
  expect(asked.length).toBeGreaterThan(1);
  expect(asked.every((a) => a.range?.startsWith('bytes=') && a.status === 206)).toBe(true);
  const fetched = asked.reduce((n, a) => n + a.bytes, 0);
  expect(fetched, `${fetched} of ${large.length} bytes fetched`).toBeLessThan(large.length / 2);
});

test('pdf.js and its worker load ahead of the first open once a PDF is in view in the list, and not while the list shows none', async ({ app, harness }) => {
  test.setTimeout(60_000);
  const loaded: string[] = [];
  app.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (/\/assets\/pdfjs-[^/]*\.js$|\/pdfjs\/pdf\.worker\.js$/.test(pathname)) loaded.push(pathname.replace(/-[^/-]*\.js$/, '.js'));
  });
  await harness!.session.library.importer.importItems([{ name: 'note.txt', bytes: Buffer.from('A note\n\nAn article, not a book: nothing to draw with pdf.js.\n') }]);
  await app.reload();
  await expect(app.getByRole('option', { name: /A note/ })).toBeVisible();
  // The list settles (its rows read ahead at idle, within a second): no PDF, no pdf.js.
  await app.waitForTimeout(2000);
  expect(loaded).toEqual([]);

  await harness!.session.library.importer.importItems([{ name: 'two.pdf', bytes: TWO_PAGES }]);
  await app.reload();
  await expect(app.getByRole('option', { name: /Two Pages/ })).toBeVisible();
  await expect.poll(() => [...new Set(loaded)].sort(), { timeout: 20_000 }).toEqual(['/assets/pdfjs.js', '/pdfjs/pdf.worker.js']);
  // They were warmed up on a one-page PDF shown off screen (warm-up.ts), let go once drawn, never among the document's pages.
  await expect(app.locator('.pdf-warm-up')).toHaveCount(0, { timeout: 20_000 });
  expect(await app.locator('.page[data-page-number]').count()).toBe(0);
  // Opened, the PDF draws with what was loaded: neither is fetched again.
  await app.getByRole('option', { name: /Two Pages/ }).click();
  await expect(app.locator('.page[data-page-number="1"] .textLayer')).toContainText('Hello from page one,', { timeout: 20_000 });
  expect(loaded).toHaveLength(2);
});

test('search finds a word on page 2 of a PDF and opens the PDF at page 2 with the word marked', async ({ app }) => {
  await importPdf(app, 'two.pdf', TWO_PAGES, 'Two Pages');
  await app.getByRole('button', { name: 'Previous article' }).focus();
  await app.keyboard.press('Control+k');
  await app.keyboard.type('albatross');
  const results = app.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option')).toHaveCount(1);
  // Found in its page's own index: the snippet is that page's words, the hit marked.
  await expect(results.getByRole('option').first().locator('mark')).toContainText(['albatross']);
  await screenshot(app, 'book-search-result');
  await results.getByRole('option').first().click();
  await expect(pageNumber(app)).toHaveValue('2');
  await expect(app.locator('.page[data-page-number="2"] .pdf-mark.search-match')).toHaveCount(1);
  await screenshot(app, 'book-search-opened-at-page-2');
  const mark = await app.locator('.page[data-page-number="2"] .pdf-mark.search-match').boundingBox();
  const word = await phraseBox(app, 2, 'albatross');
  expect(same({ left: mark!.x, top: mark!.y, right: mark!.x + mark!.width, bottom: mark!.y + mark!.height }, word)).toBe(true);
  // The page's canvas and its text layer cover the same box, so the word marked lies over its glyphs
  // (the app's border-box sizing once squeezed the canvas inside the page's border: a letter off),
  // and the page fits the width without a sideways scroll.
  // (pdf.js may lay out a page's text before its canvas is in place.)
  await expect(app.locator('.page[data-page-number="2"] canvas').first()).toBeVisible();
  const boxes = await app.locator('.page[data-page-number="2"]').evaluate((p) =>
    ['canvas', '.textLayer'].map((s) => {
      const r = p.querySelector(s)!.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map(Math.round);
    }),
  );
  expect(boxes[0]).toEqual(boxes[1]);
  expect(await app.locator('.pdf-container').evaluate((c) => c.scrollWidth <= c.clientWidth)).toBe(true);

  // The find bar: every page searched, the match on page 2 shown.
  await app.keyboard.press('Home');
  await expect(pageNumber(app)).toHaveValue('1');
  await app.keyboard.press('Control+f');
  await app.getByRole('searchbox', { name: 'Find in book' }).fill('crossbow');
  await expect(app.getByRole('search', { name: 'Find in book' }).getByRole('status')).toHaveText('1 of 1');
  await expect(pageNumber(app)).toHaveValue('2');
  await expect(app.locator('.page[data-page-number="2"] .pdf-mark.find-current')).toHaveCount(1);
});

test('a place bookmark in a PDF keeps its page, and opens there from the reader and from the Bookmarks view', async ({ app, harness }) => {
  test.setTimeout(90_000);
  await importPdf(app, 'two.pdf', TWO_PAGES, 'Two Pages');
  await app.getByRole('button', { name: 'Next page' }).click();
  await expect(pageNumber(app)).toHaveValue('2');
  await app.locator('.pdf-container').focus();
  await app.keyboard.press('b');
  await expect(app.getByRole('button', { name: 'Places (1)' })).toBeVisible();
  const [place] = harness!.session.library.bookmarks.list();
  expect(place!.locator).toMatch(/^page=2&offset=\d+$/);

  await app.keyboard.press('Escape');
  await app.locator('.pdf-container').focus();
  await app.keyboard.press('Home');
  await expect(pageNumber(app)).toHaveValue('1');
  await app.getByRole('dialog', { name: 'Places' }).getByRole('button', { name: 'p. 2' }).click();
  await expect(pageNumber(app)).toHaveValue('2');

  await app.locator('.pdf-container').focus();
  await app.keyboard.press('Home');
  await expect(pageNumber(app)).toHaveValue('1');
  await app.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: /Bookmarks/ }).click();
  await app.locator('.place').first().click();
  await expect(pageNumber(app)).toHaveValue('2');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on the PDF reader, with its contents, a highlight's editor and the annotations (${scheme})`, async ({ app }) => {
    test.setTimeout(120_000);
    await app.emulateMedia({ colorScheme: scheme });
    await importPdf(app, 'two.pdf', TWO_PAGES, 'Two Pages');
    const axe = () => axeViolations(app);
    expect(await axe(), 'reader').toEqual([]);
    await screenshot(app, `book-pdf-${scheme}`);
    await app.getByRole('button', { name: 'Contents' }).click();
    expect(await axe(), 'contents').toEqual([]);
    await app.getByRole('navigation', { name: 'Table of contents' }).getByRole('button', { name: 'Page 2' }).click();
    await expect(pageNumber(app)).toHaveValue('2');
    // A highlight, and its editor opened by a click on it.
    const words = await phraseBox(app, 2, 'albatross');
    await app.mouse.move(words.left + 1, (words.top + words.bottom) / 2);
    await app.mouse.down();
    await app.mouse.move(words.right - 1, (words.top + words.bottom) / 2, { steps: 6 });
    await app.mouse.up();
    await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight yellow' }).click();
    await expect(app.locator('.pdf-mark.annot-yellow')).toHaveCount(1);
    await app.mouse.click((words.left + words.right) / 2, (words.top + words.bottom) / 2);
    await expect(app.getByRole('dialog', { name: 'Annotation' })).toBeVisible();
    expect(await axe(), 'annotation editor').toEqual([]);
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: /Annotations/ }).click();
    await expect(app.getByRole('complementary', { name: 'Annotations in this article' })).toContainText('albatross');
    expect(await axe(), 'annotations panel').toEqual([]);
  });
}

test('a PDF locked with a password: the reader asks for it, says when it is wrong, Cancel leaves it locked, and it is kept nowhere', async ({ app, harness, libraryDir }) => {
  test.setTimeout(90_000);
  const secret = 'tern-7-quill';
  const locked = makePdf({ pages: [['The locked page speaks of lighthouses.'], ['Its second page.']], title: 'Locked Book', password: secret });
  // In the library as the CLI's `import --password` puts it: the original, still locked, and its text.
  const report = await harness!.session.library.importer.importItems([{ name: 'locked.pdf', bytes: locked, password: secret }]);
  expect(report.imported).toHaveLength(1);
  await app.reload();
  await app.getByRole('option', { name: /Locked Book/ }).click();

  const dialog = app.getByRole('dialog', { name: 'Password needed' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Password')).toBeFocused();
  await screenshot(app, 'book-pdf-password');
  await dialog.getByLabel('Password').fill('not-it');
  await dialog.getByRole('button', { name: 'Open' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That password is not right. Try again.');
  await expect(dialog.getByLabel('Password')).toHaveValue('');
  await screenshot(app, 'book-pdf-password-wrong');
  expect(await axeViolations(app)).toEqual([]);

  // Cancel: no page drawn, the reader says it is locked and offers to ask again.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.getByRole('status').filter({ hasText: 'This PDF is locked with a password.' })).toBeVisible();
  await expect(app.locator('.pdf-reader .page canvas')).toHaveCount(0);
  await screenshot(app, 'book-pdf-password-cancelled');

  await app.getByRole('button', { name: 'Enter the password' }).click();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByLabel('Password').fill(secret);
  await app.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(app.locator('.page[data-page-number="1"] .textLayer')).toContainText('lighthouses', { timeout: 20_000 });

  // Opened again (after a reload), it asks again: the password was kept nowhere.
  await app.reload();
  await app.getByRole('option', { name: /Locked Book/ }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const kept = [await app.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)];
  harness!.session.library.db.pragma('wal_checkpoint(TRUNCATE)');
  for (const file of fs.readdirSync(libraryDir, { recursive: true, withFileTypes: true })) if (file.isFile()) kept.push(fs.readFileSync(path.join(file.parentPath, file.name)).toString('latin1'));
  expect(kept.join('').includes(secret)).toBe(false);
});

test('a locked PDF imported asks its password in the import dialog: a wrong one says so, Skip leaves the next one refused, the rest of the batch is in, the password is kept nowhere', async ({ app, harness, libraryDir }) => {
  test.setTimeout(90_000);
  const secret = 'heron-4-slate';
  const files = [
    { name: 'a-locked.pdf', bytes: makePdf({ pages: [['The first locked book speaks of herons.']], title: 'Locked Herons', password: secret }) },
    { name: 'open.pdf', bytes: TWO_PAGES },
    { name: 'b-locked.pdf', bytes: makePdf({ pages: [['The second locked book.']], title: 'Locked Slate', password: 'other-secret' }) },
  ];
  await app.getByTestId('import-input').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/pdf', buffer: Buffer.from(f.bytes) })));
  const dialog = app.getByRole('dialog', { name: 'Import finished' });
  const form = dialog.getByRole('form', { name: 'Password needed' });
  // The batch went on: the open PDF is in while the first locked one is asked for.
  await expect(form).toContainText('“a-locked.pdf” is protected by a password');
  await expect(dialog.locator('.summary')).toHaveText('1 imported · 0 already in the library · 1 failed');
  await expect(dialog.locator('.imported')).toHaveText('Two Pages');
  await expect(form.getByLabel('Password')).toBeFocused();
  await screenshot(app, 'import-pdf-password');

  await form.getByLabel('Password').fill('not-it');
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('alert')).toHaveText('That password is not right. Try again.');
  await expect(form.getByLabel('Password')).toHaveValue('');
  await expect(form.getByLabel('Password')).toBeFocused();
  await screenshot(app, 'import-pdf-password-wrong');
  expect(await axeViolations(app)).toEqual([]);

  await form.getByLabel('Password').fill(secret);
  await app.keyboard.press('Enter');
  // Imported; now the second one is asked for.
  await expect(form).toContainText('“b-locked.pdf” is protected by a password');
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(dialog.locator('.imported li')).toHaveText(['Two Pages', 'Locked Herons']);
  await form.getByRole('button', { name: 'Skip this file' }).click();
  await expect(form).toBeHidden();
  await expect(dialog.locator('.summary')).toHaveText('2 imported · 0 already in the library · 1 failed');
  await expect(dialog.locator('.failed')).toHaveText('b-locked.pdf — b-locked.pdf: needs a password');
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused();
  await screenshot(app, 'import-pdf-password-skipped');

  const titles = harness!.session.library.articles.list('inbox').map((a) => a.title).sort();
  expect(titles.filter((t) => t.startsWith('Locked') || t === 'Two Pages')).toEqual(['Locked Herons', 'Two Pages']);
  await dialog.getByRole('button', { name: 'Locked Herons' }).click();
  await expect(app.getByRole('dialog', { name: 'Password needed' })).toBeVisible();

  const kept = [await app.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)];
  harness!.session.library.db.pragma('wal_checkpoint(TRUNCATE)');
  for (const file of fs.readdirSync(libraryDir, { recursive: true, withFileTypes: true })) if (file.isFile()) kept.push(fs.readFileSync(path.join(file.parentPath, file.name)).toString('latin1'));
  expect(kept.join('').includes(secret)).toBe(false);
});

test('a PDF\'s scripts and actions never run, its web link opens outside, and it reaches no server', async ({ app, harness }) => {
  const origin = new URL(harness!.url).origin;
  const offOrigin: string[] = [];
  app.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) offOrigin.push(r.url());
  });
  const dialogs: string[] = [];
  app.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const popups: string[] = [];
  app.on('popup', (p) => popups.push(p.url()));
  const errors: string[] = [];
  app.on('pageerror', (e) => errors.push(e.message));
  // A CSP violation (a blocked script, worker, font or request) is logged as a console error.
  app.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await importPdf(app, 'active.pdf', makeActivePdf('https://example.org/from-a-pdf'), 'Active content');
  // pdf.js makes a link of the web address only: the script and the javascript: address are no links at all.
  await expect(app.locator('.page[data-page-number="1"] .annotationLayer')).toBeAttached();
  expect(await app.locator('.page[data-page-number="1"] .annotationLayer a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['https://example.org/from-a-pdf']);
  for (const line of ['Run the script', 'Follow the javascript link', 'Visit the web page']) {
    const box = await phraseBox(app, 1, line);
    await app.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
  }
  await expect.poll(() => harness!.openedExternally).toEqual(['https://example.org/from-a-pdf']);
  await app.waitForTimeout(500); // what a script would do, it would have done by now
  expect(await app.evaluate(() => (window as { pdfScriptRan?: boolean }).pdfScriptRan)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(popups).toEqual([]);
  expect(offOrigin).toEqual([]);
  expect(errors).toEqual([]);
  expect(new URL(app.url()).origin).toBe(origin);
});
