import type { Frame, Page } from '@playwright/test';
import { makeEpub, makePdf, opf, TWO_CHAPTERS, xhtml, type Chapter } from '../books-fixtures';
import { axeViolations, expect, screenshot, test } from './fixtures';
import { dragOver } from './selection';

/** The book page (book.html) inside the reader. */
const bookFrame = (app: Page) => app.frames().find((f) => f.url().endsWith('/book.html'))!;

/** The chapter document (a blob: frame inside book.html) that shows `words`, once it does. */
async function chapterWith(app: Page, words: string): Promise<Frame> {
  let found: Frame | undefined;
  await expect
    .poll(async () => {
      for (const f of app.frames()) {
        if (!f.url().startsWith('blob:')) continue;
        if ((await f.evaluate(() => document.body?.textContent ?? '').catch(() => '')).includes(words)) found = f;
      }
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

/** Where the reader is in the book, as the book page last reported it. */
const where = (app: Page) => bookFrame(app).evaluate(() => (window as unknown as { lecternBook: { current(): { tocLabel: string | null; cfi: string } | null } }).lecternBook.current());
/** The words under each highlight the book page draws. */
const drawn = (app: Page) =>
  bookFrame(app)
    .evaluate(() => (window as unknown as { lecternBook: { drawn(): { text: string }[] } }).lecternBook.drawn().map((d) => d.text))
    .catch(() => []);

async function importEpub(app: Page, bytes = makeEpub(), name = 'moby.epub') {
  await app.getByTestId('import-input').setInputFiles({ name, mimeType: 'application/epub+zip', buffer: Buffer.from(bytes) });
  await expect(app.getByRole('dialog', { name: 'Import finished' })).toBeVisible();
}

test('an EPUB opens in the book reader: contents, a highlight by CFI and quote that comes back on the same words after a reload, and the place kept', async ({ app, harness }) => {
  test.setTimeout(120_000); // a reader's whole session with a book, reload included, on two busy cores
  await importEpub(app);
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Moby-Dick' }).click();
  await expect(app.getByRole('option', { name: /Moby-Dick/ }).locator('.kind-label')).toHaveText('EPUB');
  await chapterWith(app, 'Call me Ishmael');
  await screenshot(app, 'book-epub-reader');

  await app.getByRole('button', { name: 'Contents' }).click();
  await app.getByRole('navigation', { name: 'Contents' }).getByRole('button', { name: 'The Carpet-Bag' }).click();
  const two = await chapterWith(app, 'old carpet-bag');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('The Carpet-Bag');

  await dragOver(app, 'old carpet-bag', two);
  await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight green' }).click();
  await expect.poll(() => drawn(app)).toEqual(['old carpet-bag']);
  if (harness) {
    const lib = harness.session.library;
    const [a] = lib.annotations.list();
    // TextPosition is over `show --text`; the fragment is the chapter's CFI range.
    expect(lib.articles.text(a!.articleId)!.slice(a!.start, a!.end)).toBe('old carpet-bag');
    expect(a!.fragment).toMatch(/^epubcfi\(\/6\/4!.*,.*,.*\)$/);
    await expect.poll(() => lib.articles.get(a!.articleId)!.locator).toMatch(/^epubcfi\(\/6\/4!/);
  }
  await screenshot(app, 'book-epub-highlight');

  // A place bookmark (b) at the chapter; a page key goes back a chapter; the place brings the reader back.
  await app.keyboard.press('b');
  const places = app.getByRole('dialog', { name: 'Places' });
  await expect(places.getByRole('button', { name: 'The Carpet-Bag', exact: true })).toBeVisible();
  await app.keyboard.press('PageUp');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('Loomings');
  await places.getByRole('button', { name: 'The Carpet-Bag', exact: true }).click();
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('The Carpet-Bag');
  if (harness) {
    const lib = harness.session.library;
    expect(lib.bookmarks.list()[0]!.locator).toMatch(/^epubcfi\(\/6\/4!/);
    // The place is saved a moment after the reader stops moving: reload once it is.
    await expect.poll(() => lib.articles.get(lib.bookmarks.list()[0]!.articleId)!.locator).toMatch(/^epubcfi\(\/6\/4!/);
  }

  await app.reload();
  await app.getByRole('option', { name: /Moby-Dick/ }).click();
  // Back at the chapter it was left at, with the highlight on the same words.
  await chapterWith(app, 'old carpet-bag');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('The Carpet-Bag');
  await expect.poll(() => drawn(app)).toEqual(['old carpet-bag']);

  // Left at chapter 1, the book opens at its place bookmark from the Bookmarks view.
  await app.getByRole('button', { name: 'Contents' }).click();
  await app.getByRole('navigation', { name: 'Contents' }).getByRole('button', { name: 'Loomings' }).click();
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('Loomings');
  await app.getByRole('button', { name: /^Bookmarks/ }).click();
  await app.locator('.place-rows').getByRole('button', { name: /The Carpet-Bag/ }).click();
  await chapterWith(app, 'old carpet-bag');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('The Carpet-Bag');
});

test('the EPUB reader\'s annotations panel lists the highlights with their notes, jumps to one and edits its note; a CFI of another edition is rewritten to where the quote is', async ({ app, harness }) => {
  test.skip(!harness, 'puts an annotation made on another edition straight into the library');
  await importEpub(app);
  const lib = harness!.session.library;
  const book = lib.articles.list('inbox').find((a) => a.kind === 'epub')!;
  const text = lib.articles.text(book.id)!;
  const at = text.indexOf('old carpet-bag');
  // Made on an edition whose CFI for these words points, in this one, at other words of chapter 1.
  const stale = 'epubcfi(/6/2!/4/4,/1:0,/1:4)';
  const made = lib.annotations.add({ articleId: book.id, color: 'pink', exact: 'old carpet-bag', prefix: 'shirt or two into my ', suffix: '.', start: at, end: at + 14, fragment: stale }, new Date().toISOString())!;
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Moby-Dick' }).click();
  await chapterWith(app, 'Call me Ishmael');

  await app.getByRole('button', { name: 'Annotations (1)' }).click();
  const panel = app.getByRole('complementary', { name: 'Annotations in this article' });
  await panel.getByRole('button', { name: /old carpet-bag/ }).click();
  await chapterWith(app, 'old carpet-bag');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('The Carpet-Bag');
  await expect.poll(() => drawn(app)).toEqual(['old carpet-bag']);
  await expect.poll(() => lib.annotations.get(made.id)!.fragment).toMatch(/^epubcfi\(\/6\/4!/);
  const editor = app.getByRole('dialog', { name: 'Annotation' });
  await expect(editor.getByRole('textbox', { name: 'Note' })).toBeFocused();
  await editor.getByRole('textbox', { name: 'Note' }).fill('Packed light.');
  await screenshot(app, 'book-epub-notes');
  await editor.getByRole('button', { name: 'Done' }).click();
  await expect(panel.locator('.note-item')).toHaveText(['old carpet-bagPacked light.']);
  await expect.poll(() => lib.annotations.get(made.id)!.note).toBe('Packed light.');
});

test('a book mixing layouts shows its pre-paginated page whole, as one page, among reflowed chapters; a chapter that is not well-formed XHTML is named, an HTML chapter read', async ({ app }) => {
  const chapters: Chapter[] = [TWO_CHAPTERS[0]!, { id: 'pp', href: 'text/page.xhtml', title: 'A Fixed Page', body: '' }, { id: 'bad', href: 'text/broken.xhtml', title: 'Broken', body: '' }];
  const page = `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>A Fixed Page</title><meta name="viewport" content="width=600, height=800"/></head>
<body style="margin: 0"><div style="position: absolute; left: 0; top: 0; width: 600px; height: 800px; background: rgb(40, 90, 160)"></div><p style="position: absolute; left: 40px; top: 40px; color: white">A fixed page of 600 by 800.</p></body></html>`;
  const broken = `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Broken</title></head><body><p>An unclosed paragraph<p>Still read.</body></html>`;
  const legacy = '<!DOCTYPE html><html><head><title>Legacy</title></head><body><p>An old chapter kept as HTML<p>Second paragraph</body></html>';
  const spine = '<itemref idref="c1"/><itemref idref="pp" properties="rendition:layout-pre-paginated"/><itemref idref="bad"/><itemref idref="h"/>';
  const manifest = '<item id="h" href="text/legacy.html" media-type="text/html"/>';
  await importEpub(app, makeEpub({ chapters, opf: opf(chapters, { spine, manifest }), files: { 'OEBPS/text/page.xhtml': page, 'OEBPS/text/broken.xhtml': broken, 'OEBPS/text/legacy.html': legacy } }), 'mixed.epub');
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Moby-Dick' }).click();
  const one = await chapterWith(app, 'Call me Ishmael');
  const face = (f: Frame) => f.evaluate(() => getComputedStyle(document.querySelector('p')!).fontFamily);
  expect(await face(one)).toMatch(/Literata/);
  await expect(app.getByRole('main', { name: 'Reader' }).getByRole('status')).toHaveCount(0);

  await app.getByRole('button', { name: 'Next page' }).click();
  const fixed = await chapterWith(app, 'A fixed page of 600 by 800');
  // Laid out at 600×800 and scaled whole into the reader's page, in its own face.
  const shown = await fixed.evaluate(() => {
    const r = document.body.getBoundingClientRect();
    return { ratio: r.width / r.height, width: document.body.offsetWidth, inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight };
  });
  expect(shown).toEqual({ ratio: expect.closeTo(0.75, 2), width: 600, inside: true });
  expect(await face(fixed)).not.toMatch(/Literata/);
  await screenshot(app, 'book-epub-fixed-page');

  // One page: the next turn is the next chapter.
  await app.getByRole('button', { name: 'Next page' }).click();
  await chapterWith(app, 'Still read');
  await expect(app.getByRole('main', { name: 'Reader' }).getByRole('status')).toContainText(/not well-formed/i);
  await expect(app.getByRole('main', { name: 'Reader' }).getByRole('status')).toContainText('text/broken.xhtml');
  await screenshot(app, 'book-epub-not-well-formed');

  // An HTML chapter (text/html in the spine) is read too, and is not named: it is not XHTML.
  await app.getByRole('button', { name: 'Next page' }).click();
  await chapterWith(app, 'An old chapter kept as HTML');
  await expect(app.getByRole('main', { name: 'Reader' }).getByRole('status')).not.toContainText('legacy.html');
});

/** How many of the boxes `selector` finds on a fixed-layout page cover characters start..end of its first paragraph. */
const boxesOver = (page: Frame, selector: string, start: number, end: number) =>
  page.evaluate(
    ([sel, from, to]) => {
      const r = document.createRange();
      r.setStart(document.querySelector('p')!.firstChild!, from);
      r.setEnd(document.querySelector('p')!.firstChild!, to);
      const w = r.getBoundingClientRect();
      return [...document.querySelectorAll(sel)].filter((b) => {
        const x = b.getBoundingClientRect();
        return Math.abs(x.left - w.left) < 2 && Math.abs(x.right - w.right) < 2 && x.top <= w.top + 2 && x.bottom >= w.bottom - 2;
      }).length;
    },
    [selector, start, end] as const,
  );

test('a fixed-layout EPUB: opens at its first page, turns to the second, a highlight there is drawn on the page and comes back after a reload; the find bar outlines its matches on the page', async ({ app }) => {
  test.setTimeout(90_000);
  // Page two repeats its size: the first declaration is the one EPUB means.
  const page = (n: number, words: string) => `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Page ${n}</title><meta name="viewport" content="width=500, height=700${n === 2 ? ', width=1000, height=1000' : ''}"/></head>
<body style="margin: 0; width: 500px; height: 700px; background: rgb(250, 246, 235)"><p style="position: absolute; left: 30px; top: 60px; margin: 0; font-size: 28px">${words}</p></body></html>`;
  const chapters: Chapter[] = [
    { id: 'p1', href: 'p1.xhtml', title: 'Page One', body: '' },
    { id: 'p2', href: 'p2.xhtml', title: 'Page Two', body: '' },
  ];
  const pkg = opf(chapters, { meta: '<meta property="rendition:layout">pre-paginated</meta><meta property="rendition:spread">none</meta>' });
  await importEpub(app, makeEpub({ chapters, opf: pkg, files: { 'OEBPS/p1.xhtml': page(1, 'The first panel.'), 'OEBPS/p2.xhtml': page(2, 'A whale rises on page two.') } }), 'fxl.epub');
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Moby-Dick' }).click();
  await chapterWith(app, 'The first panel.');
  await app.getByRole('button', { name: 'Next page' }).click();
  const two = await chapterWith(app, 'A whale rises');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('Page Two');
  expect(await two.evaluate(() => [innerWidth, innerHeight])).toEqual([500, 700]);

  await dragOver(app, 'whale rises', two);
  await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight yellow' }).click();
  await expect.poll(() => drawn(app)).toEqual(['whale rises']);
  // Drawn on the page, over those words: a box that covers where they are.
  const covered = () => boxesOver(two, '.lectern-highlights > div', 2, 13);
  await expect.poll(covered).toBeGreaterThan(0);
  await screenshot(app, 'book-epub-fixed-layout-highlight');

  await app.reload();
  await app.getByRole('option', { name: /Moby-Dick/ }).click();
  const again = await chapterWith(app, 'A whale rises');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('Page Two');
  await expect.poll(() => drawn(app)).toEqual(['whale rises']);
  await expect.poll(() => again.evaluate(() => document.querySelectorAll('.lectern-highlights > div').length)).toBeGreaterThan(0);

  // Find, from page one: the book turns to the match and outlines it there (foliate draws no
  // marks on fixed-layout pages); closing the find bar takes the outline away.
  await app.getByRole('button', { name: 'Previous page' }).click();
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('Page One');
  await app.keyboard.press('Control+f');
  await app.getByRole('searchbox', { name: 'Find in book' }).fill('whale');
  await expect(app.getByRole('search', { name: 'Find in book' }).getByRole('status')).toHaveText('1 of 1');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('Page Two');
  const shown = await chapterWith(app, 'A whale rises');
  const outlined = () => boxesOver(shown, '.lectern-highlights > .mark', 2, 7);
  await expect.poll(outlined).toBe(1);
  await screenshot(app, 'book-epub-fixed-layout-find');
  await app.keyboard.press('Escape');
  await expect(app.getByRole('searchbox', { name: 'Find in book' })).toHaveCount(0);
  await expect.poll(outlined).toBe(0);
  await expect.poll(() => drawn(app)).toEqual(['whale rises']);
});

test('a search for a word of chapter 2 opens the EPUB at chapter 2; the book reader has no accessibility violations, light or dark', async ({ app }) => {
  await importEpub(app);
  await app.keyboard.press('Escape');
  await app.keyboard.press('Control+k');
  await app.keyboard.type('Tucked');
  const results = app.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option')).toHaveCount(1);
  await results.getByRole('option').first().click();
  await chapterWith(app, 'Tucked it under my arm');
  await expect.poll(async () => (await where(app))?.tocLabel).toBe('The Carpet-Bag');

  expect(await axeViolations(app)).toEqual([]);
  await app.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await screenshot(app, 'book-epub-dark');
});

test('an EPUB\'s scripts never run, its content makes no request off the app, and its web links open in the browser', async ({ app, harness }) => {
  const off: string[] = [];
  await app.context().route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') {
      off.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  const hostile = xhtml(
    'Hostile',
    `<h1>Hostile</h1><p>Plain words stay.</p>
     <script>globalThis.scriptRan = 'inline'</script>
     <script src="../js/evil.js"></script>
     <img src="missing.png" onerror="globalThis.scriptRan = 'onerror'"/>
     <img src="http://tracker.example/pixel.png"/>
     <p><a id="js" href="javascript:globalThis.scriptRan='link'">a javascript link</a></p>
     <p><a id="web" href="https://example.org/whale">a web link</a></p>`,
  );
  await importEpub(app, makeEpub({ chapters: [{ id: 'c1', href: 'text/one.xhtml', title: 'Hostile', body: '' }], files: { 'OEBPS/text/one.xhtml': hostile, 'OEBPS/js/evil.js': "globalThis.scriptRan = 'src'" } }), 'hostile.epub');
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button').first().click();
  const chapter = await chapterWith(app, 'Plain words stay');
  await chapter.locator('#js').click();
  await app.waitForTimeout(500);
  await expect(app.getByRole('dialog', { name: 'Open this link outside Lectern?' }), 'a javascript: link is not offered to open').toHaveCount(0);
  for (const f of app.frames()) expect(await f.evaluate(() => (globalThis as { scriptRan?: string }).scriptRan ?? null).catch(() => null)).toBeNull();
  expect(off).toEqual([]);
  // A web link asks first, naming the address; only "Open" opens it.
  const consent = app.getByRole('dialog', { name: 'Open this link outside Lectern?' });
  await chapter.locator('#web').click();
  await expect(consent).toContainText('https://example.org/whale');
  await screenshot(app, 'book-epub-external-link');
  await consent.getByRole('button', { name: 'Cancel' }).click();
  await expect(consent).toBeHidden();
  if (harness) expect(harness.openedExternally).toEqual([]);
  await chapter.locator('#web').click();
  await consent.getByRole('button', { name: 'Open', exact: true }).click();
  if (harness) await expect.poll(() => harness.openedExternally).toEqual(['https://example.org/whale']);
  expect(off).toEqual([]);
});

test('search finds a word on page 2 of a PDF and opens it', async ({ app }) => {
  const pdf = makePdf({ pages: [['Hello from page one,', 'a second line.'], ['Page two has the word albatross.']], title: 'Two Pages' });
  await app.getByTestId('import-input').setInputFiles({ name: 'two.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await expect(app.getByRole('dialog', { name: 'Import finished' })).toBeVisible();
  await app.keyboard.press('Escape');
  await app.keyboard.press('Control+k');
  await app.keyboard.type('albatross');
  const results = app.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option')).toHaveCount(1);
  await expect(results.getByRole('option').first()).toContainText('Two Pages');
  await results.getByRole('option').first().click();
  // Whichever reader shows PDFs (the interim text view, or the PDF reader's text layer), page 2 is shown.
  await expect(app.getByRole('main', { name: 'Reader' })).toContainText('albatross');
  await screenshot(app, 'book-pdf-reader');
});
