import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe } from '../../main/common/annotations/anchor';
import type { Annotation } from '../../main/common/contract';
import { findInPages, formatLocator, fragmentPage, joinPages, pageStart, parseLocator, placeOnPage, splitByPage } from '../../renderer/books/pdf/pdf-places';
import { phraseMatches, wordMatches } from '../../renderer/books/book-text';

const PAGES = ['Hello from page one,\na second line.', 'Page two has the word albatross.\nThe ancient mariner.', '', 'Four: the albatross again.'];
// As the import joins them (book-draft.ts joinSections): blank lines between non-empty pages.
function book(pages: string[]) {
  let text = '';
  const sections = pages.map((p, i) => {
    if (p && text) text += '\n\n';
    const start = text.length;
    text += p;
    return { label: String(i + 1), start, end: text.length, page: i + 1 };
  });
  return { text, sections };
}
const pageText = (pages: string[]) => async (n: number) => pages[n - 1] ?? '';

function annotation(over: Partial<Annotation>): Annotation {
  return { id: 1, uuid: 'u', articleId: 1, articleTitle: 'T', articleUrl: null, color: 'green', note: '', tags: [], exact: '', prefix: '', suffix: '', start: 0, end: 0, fragment: null, orphaned: false, createdAt: '', updatedAt: '', ...over };
}

test('pdf places: locators and fragments read back what was written, and refuse anything else', () => {
  assert.deepEqual(parseLocator(formatLocator({ page: 12, offset: 345 })), { page: 12, offset: 345 });
  for (const bad of [null, '', 'page=2', 'epubcfi(/6/4!/4/2/1:0)', 'page=2&offset=x', ' page=1&offset=0']) assert.equal(parseLocator(bad), null, String(bad));
  assert.equal(fragmentPage('page=7'), 7);
  assert.equal(fragmentPage('page=7&offset=1'), null);
});

test('pdf places: a page starts in the book text where its section does', () => {
  const { text, sections } = book(PAGES);
  assert.equal(pageStart(sections, 2), text.indexOf('Page two'));
  assert.equal(pageStart(sections, 4), text.indexOf('Four'));
});

test('pdf places: a highlight made on a page anchors back on that page, by position, then by quote in a changed page', async () => {
  const { text, sections } = book(PAGES);
  const start = text.indexOf('ancient mariner');
  const a = annotation({ ...describe(text, start, start + 'ancient mariner'.length), fragment: 'page=2' });
  const placed = await placeOnPage(a, sections, pageText(PAGES));
  assert.equal(placed.page, 2);
  assert.equal(PAGES[1]!.slice(placed.start, placed.end), 'ancient mariner');

  // A newer edition: the page gained words before the quote, so the stored position is off.
  const edited = [...PAGES];
  edited[1] = 'Page two, revised, has the word albatross.\nThe ancient mariner.';
  const moved = await placeOnPage(a, book(edited).sections, pageText(edited));
  assert.ok(moved.found);
  assert.equal(edited[1].slice(moved.start, moved.end), 'ancient mariner');

  // Without a fragment, the page comes from the position.
  // An empty page 3 takes no room: page 4's words are found on page 4.
  const four = text.indexOf('albatross again');
  assert.equal((await placeOnPage(annotation({ ...describe(text, four, four + 9), fragment: null }), sections, pageText(PAGES))).page, 4);
  const noFragment = await placeOnPage({ ...a, fragment: null }, sections, pageText(PAGES));
  assert.equal(noFragment.page, 2);

  // Not on its page any more: kept, not found.
  const gone = [...PAGES];
  gone[1] = 'Nothing here.';
  assert.equal((await placeOnPage(a, book(gone).sections, pageText(gone))).found, false);
});

test('pdf places: search words and a find phrase are found on every page, in order', async () => {
  assert.deepEqual(await findInPages(PAGES.length, pageText(PAGES), (t) => wordMatches(t, ['albatross'])), [
    { page: 2, start: PAGES[1]!.indexOf('albatross'), end: PAGES[1]!.indexOf('albatross') + 9 },
    { page: 4, start: PAGES[3]!.indexOf('albatross'), end: PAGES[3]!.indexOf('albatross') + 9 },
  ]);
  // Whole words only for search words; any part for a typed phrase.
  assert.deepEqual(await findInPages(PAGES.length, pageText(PAGES), (t) => wordMatches(t, ['alba'])), []);
  assert.equal((await findInPages(PAGES.length, pageText(PAGES), (t) => phraseMatches(t, 'ALBA'))).length, 2);
});

test('pdf places: a highlight running from one page onto the next anchors on both, each page its part', async () => {
  const { text, sections } = book(PAGES);
  // From the end of page 2 over the empty page 3 to the start of page 4.
  const start = text.indexOf('ancient mariner');
  const end = text.indexOf('Four: the') + 'Four: the'.length;
  const a = annotation({ ...describe(text, start, end), fragment: 'page=2' });
  const placed = await placeOnPage(a, sections, pageText(PAGES));
  assert.ok(placed.found);
  assert.deepEqual(
    placed.parts.map((p) => [p.page, PAGES[p.page - 1]!.slice(p.start, p.end)]),
    [
      [2, 'ancient mariner.'],
      [4, 'Four: the'],
    ],
  );
  assert.deepEqual([placed.page, placed.start], [2, PAGES[1]!.indexOf('ancient')]);

  // The pages joined as the book joins them: offsets into it are the book's, less where the first page starts.
  const joined = await joinPages(2, 4, pageText(PAGES));
  assert.equal(joined.text, text.slice(pageStart(sections, 2), sections[3]!.end));
  assert.deepEqual(splitByPage(joined.pages, 0, 4), [{ page: 2, start: 0, end: 4 }]);

  // A newer edition whose page 2 gained words: found again by its quote, still over both pages.
  const edited = [...PAGES];
  edited[1] = 'Page two, revised, has the word albatross.\nThe ancient mariner.';
  const moved = await placeOnPage(a, book(edited).sections, pageText(edited));
  assert.deepEqual(moved.parts.map((p) => edited[p.page - 1]!.slice(p.start, p.end)), ['ancient mariner.', 'Four: the']);
});
