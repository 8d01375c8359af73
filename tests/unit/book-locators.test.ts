import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contract } from '../../main/common/contract';
import { createHandlers } from '../../main/node/library/handlers';
import { LibrarySession } from '../../main/node/library/session';
import { dispatch } from '../../main/node/ipc/dispatch';
import { startHarness } from '../../main/node/harness/server';
import { makeEpub, makePdf } from '../books-fixtures';
import { ROOT, tempDir } from '../helpers';

async function withBooks() {
  const session = new LibrarySession(tempDir());
  const lib = session.library;
  const report = await lib.importer.importItems([
    { name: 'moby.epub', bytes: makeEpub() },
    { name: 'two.pdf', bytes: makePdf({ pages: [['Hello from page one,'], ['Page two has the word albatross.']], title: 'Two Pages' }) },
    { name: 'essay.txt', bytes: Buffer.from('An essay about walking along the river.') },
  ]);
  assert.deepEqual(report.failed, []);
  const [epub, pdf, essay] = report.imported.map((a) => a.id) as [number, number, number];
  const handlers = createHandlers(session, { openExternal: async () => undefined, choosePath: async () => null, rememberLibraryDir: () => undefined, emit: () => undefined });
  const call = (channel: string, arg: unknown) => dispatch(handlers, channel, arg, () => undefined);
  return { session, lib, epub, pdf, essay, call };
}

test('book locators: a book gives its original, sections and saved place; the place must be of the book\'s kind', async () => {
  const { session, lib, epub, pdf, essay, call } = await withBooks();
  const book = lib.articles.get(epub)!;
  assert.match(book.original!, /^[0-9a-f]{64}\.epub$/);
  assert.deepEqual(book.sections.map((s) => [s.label, s.href]), [['Loomings', 'OEBPS/text/one.xhtml'], ['The Carpet-Bag', 'OEBPS/text/two.xhtml']]);
  assert.deepEqual(lib.articles.get(pdf)!.sections.map((s) => s.page), [1, 2]);
  assert.deepEqual([lib.articles.get(essay)!.sections, lib.articles.get(essay)!.original, book.locator], [[], null, null]);

  const cfi = 'epubcfi(/6/4!/4/2/1:12)';
  assert.deepEqual(await call('saveLocator', { id: epub, progress: 0.25, locator: cfi }), { ok: true, value: { saved: true } });
  assert.deepEqual([lib.articles.get(epub)!.locator, lib.articles.get(epub)!.progress], [cfi, 0.25]);
  assert.deepEqual(await call('saveLocator', { id: pdf, progress: 0.5, locator: 'page=2&offset=7' }), { ok: true, value: { saved: true } });
  assert.equal(lib.articles.get(pdf)!.locator, 'page=2&offset=7');
  // A PDF place in an EPUB, or any place in an article, is not saved.
  assert.deepEqual(await call('saveLocator', { id: epub, progress: 0.5, locator: 'page=2&offset=7' }), { ok: true, value: { saved: false } });
  assert.deepEqual(await call('saveLocator', { id: essay, progress: 0.5, locator: cfi }), { ok: true, value: { saved: false } });
  assert.equal(lib.articles.get(epub)!.locator, cfi);
  const missing = await call('saveLocator', { id: 999, progress: 0, locator: cfi });
  assert.ok(!missing.ok && missing.error.code === 'NOT_FOUND');
  session.close();
});

test('book locators: malformed places and fragments are refused before any handler runs', () => {
  const save = contract.saveLocator.arg;
  for (const locator of ['epubcfi()', 'page=0&offset=1', 'page=2', 'page=1&offset=-1', 'javascript:alert(1)', 'epubcfi(/6/4\u0000)', `epubcfi(${'/2'.repeat(2100)})`]) {
    assert.equal(save.safeParse({ id: 1, progress: 0, locator }).success, false, locator);
  }
  assert.ok(save.safeParse({ id: 1, progress: 0, locator: 'epubcfi(/6/4!/4/2,/1:0,/1:5)' }).success);
  const add = contract.addAnnotation.arg;
  const note = { articleId: 1, color: 'green', exact: 'x', start: 0, end: 1 };
  assert.ok(add.safeParse({ ...note, fragment: 'page=3' }).success);
  assert.ok(add.safeParse({ ...note, fragment: 'epubcfi(/6/4!/4/2,/1:0,/1:5)' }).success);
  for (const fragment of ['page=3&offset=2', 'page=', 'http://example.org/', '']) assert.equal(add.safeParse({ ...note, fragment }).success, false, fragment);
  assert.equal(contract.addBookmark.arg.safeParse({ id: 1, block: 0, locator: 'page=x' }).success, false);
});

test('book locators: annotations keep their fragment and place bookmarks their locator, undo included', async () => {
  const { session, lib, epub, pdf, call } = await withBooks();
  const text = lib.articles.text(pdf)!;
  const start = text.indexOf('albatross');
  const cfi = 'epubcfi(/6/4!/4/2,/1:0,/1:5)';
  const made = await call('addAnnotation', { articleId: pdf, color: 'blue', exact: 'albatross', start, end: start + 9, fragment: 'page=2' });
  assert.ok(made.ok);
  const id = (made.value as { id: number }).id;
  assert.equal(lib.annotations.get(id)!.fragment, 'page=2');
  const epubText = lib.articles.text(epub)!;
  const at = epubText.indexOf('carpet-bag');
  assert.ok((await call('addAnnotation', { articleId: epub, color: 'green', exact: 'carpet-bag', start: at, end: at + 10, fragment: cfi })).ok);
  assert.deepEqual(lib.annotations.list({ articleId: epub }).map((a) => [a.exact, a.fragment, a.orphaned]), [['carpet-bag', cfi, false]]);
  // The reader found it again by its quote in a newer edition: the fragment it found there replaces the old one.
  const carpet = lib.annotations.list({ articleId: epub })[0]!;
  const moved = 'epubcfi(/6/4!/4/4,/1:16,/1:26)';
  assert.ok((await call('updateAnnotation', { annotationId: carpet.id, fragment: moved })).ok);
  assert.deepEqual([lib.annotations.get(carpet.id)!.fragment, lib.annotations.get(carpet.id)!.color], [moved, 'green'], 'only the fragment changes');
  assert.equal((await call('updateAnnotation', { annotationId: carpet.id, fragment: 'http://example.org/' })).ok, false, 'a fragment is a CFI or a page');
  assert.ok((await call('updateAnnotation', { annotationId: carpet.id, note: 'kept' })).ok);
  assert.equal(lib.annotations.get(carpet.id)!.fragment, moved, 'an edit without a fragment keeps it');
  const deleted = await call('deleteAnnotation', { annotationId: id });
  assert.ok(deleted.ok);
  assert.ok((await call('undoEdit', { undoId: (deleted.value as { undoId: number }).undoId })).ok);
  assert.equal(lib.annotations.get(id)!.fragment, 'page=2', 'undo brings the fragment back');

  const place = await call('addBookmark', { id: epub, block: 0, locator: 'epubcfi(/6/4!/4/2/1:3)', label: 'here' });
  assert.ok(place.ok);
  assert.deepEqual(lib.bookmarks.list(epub).map((b) => [b.locator, b.label]), [['epubcfi(/6/4!/4/2/1:3)', 'here']]);
  assert.ok((await call('addBookmark', { id: epub, block: 2 })).ok);
  assert.equal(lib.bookmarks.list(epub).find((b) => b.block === 2)!.locator, null, 'an article-style place has no locator');
  session.close();
});

test('book locators: the harness serves a book\'s original typed, unsniffed and sandboxed, and nothing beside the pattern', async () => {
  const dir = tempDir();
  const harness = await startHarness({ libraryDir: dir, root: ROOT });
  try {
    // One build: the ZIP's entries carry the time they were made.
    const bytes = makeEpub();
    const report = await harness.session.library.importer.importItems([{ name: 'moby.epub', bytes }]);
    const original = harness.session.library.articles.get(report.imported[0]!.id)!.original!;
    const res = await fetch(`${harness.url}/asset/${original}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/epub+zip');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-security-policy'), 'sandbox');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), Buffer.from(bytes));
    assert.equal((await fetch(`${harness.url}/asset/${original.replace('.epub', '.pdf')}`)).status, 404);
    assert.equal((await fetch(`${harness.url}/asset/${original.slice(0, 10)}.epub`)).status, 404);
    const book = await fetch(`${harness.url}/book.html`);
    assert.match(book.headers.get('content-security-policy')!, /frame-src blob:/);
  } finally {
    await harness.close();
  }
});

test('book exports: Markdown and CSV name the chapter or page; JSON-LD carries the fragment, which an import keeps', async () => {
  const { session, lib, epub, pdf, essay } = await withBooks();
  const { exportAnnotations, importAnnotations } = await import('../../main/node/annotations/exchange');
  const { validateAnnotation } = await import('../../main/node/annotations/web-annotation');
  const mark = (articleId: number, exact: string, fragment?: string) => {
    const start = lib.articles.text(articleId)!.indexOf(exact);
    return lib.annotations.add({ articleId, color: 'yellow', exact, start, end: start + exact.length, fragment }, '2026-11-30T00:00:00.000Z')!;
  };
  mark(epub, 'old carpet-bag', 'epubcfi(/6/4!/4/4,/1:30,/1:44)');
  mark(pdf, 'albatross', 'page=2');
  mark(essay, 'walking');

  const md = exportAnnotations(lib, 'md').text;
  assert.match(md, /^> old carpet-bag — ch\. The Carpet-Bag$/m);
  assert.match(md, /^> albatross — p\. 2$/m);
  assert.match(md, /^> walking$/m, 'an article\'s quote has no place of its own');
  const csv = exportAnnotations(lib, 'csv').text.trim().split('\r\n');
  assert.deepEqual(csv[0]!.split(',').slice(-2), ['chapter', 'page']);
  const row = (quote: string) => csv.find((l) => l.includes(quote))!.split(',').slice(-2);
  assert.deepEqual([row('old carpet-bag'), row('albatross'), row('walking')], [['The Carpet-Bag', ''], ['', '2'], ['', '']]);

  const json = exportAnnotations(lib, 'jsonld').text;
  const doc = JSON.parse(json) as { '@context': string; first: { items: { target: { selector: Record<string, unknown>[] } }[] } };
  for (const item of doc.first.items) assert.deepEqual(validateAnnotation({ '@context': doc['@context'], ...item }), []);
  const selectors = doc.first.items.map((i) => i.target.selector[0]).filter((s) => s!.type === 'FragmentSelector');
  assert.deepEqual(selectors.map((s) => [s!.conformsTo, s!.value]).sort(), [
    ['http://tools.ietf.org/rfc/rfc8118', 'page=2'],
    ['http://www.idpf.org/epub/linking/cfi/epub-cfi.html', 'epubcfi(/6/4!/4/4,/1:30,/1:44)'],
  ]);
  const epubItem = doc.first.items.find((i) => JSON.stringify(i).includes('epubcfi'))!;
  assert.deepEqual(epubItem.target.selector.map((s) => s.type), ['FragmentSelector', 'TextQuoteSelector', 'TextPositionSelector']);

  // Back in, over the annotations deleted: the fragments come back with the quotes.
  lib.db.prepare('DELETE FROM annotations').run();
  assert.deepEqual(importAnnotations(lib, json, '2026-11-30T00:00:00.000Z'), { imported: 3, updated: 0, orphaned: 0, failed: [] });
  assert.deepEqual(lib.annotations.list().map((a) => [a.exact, a.fragment]).sort(), [['albatross', 'page=2'], ['old carpet-bag', 'epubcfi(/6/4!/4/4,/1:30,/1:44)'], ['walking', null]]);
  session.close();
});

test('book sections: an offset falls in the section whose range starts at or before it', async () => {
  const { sectionAt, placeOf } = await import('../../main/common/annotations/book-sections');
  const sections = [
    { label: 'One', start: 0, end: 10, href: 'a.xhtml' },
    { label: 'Two', start: 12, end: 20, href: 'b.xhtml' },
    { label: '  Three\n', start: 22, end: 30, href: 'c.xhtml' },
  ];
  assert.deepEqual([0, 9, 11, 12, 21, 29, 400].map((o) => sectionAt(sections, o)?.label), ['One', 'One', 'One', 'Two', 'Two', '  Three\n', '  Three\n']);
  assert.equal(sectionAt([], 3), null);
  assert.deepEqual(placeOf(sections, 25), { chapter: 'Three', page: null });
  assert.deepEqual(placeOf([{ label: '2', start: 0, end: 5, page: 2 }], 1), { chapter: null, page: 2 });
});
