import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { canonicalText } from '../../main/common/canonical-text';
import { bookToArticle } from '../../main/node/books/book-article';
import { readBook } from '../../main/node/books/read-book';
import type { Library } from '../../main/node/library/library';
import { COVER_PNG, encryptionXml, makeEpub, makePdf, opf, TWO_CHAPTERS } from '../books-fixtures';
import { ROOT, openTempLibrary, tempDir } from '../helpers';
import { send, startWeb } from '../web-server';

const PDF = () => makePdf({ pages: [['Hello from page one,', 'a second line.'], ['Page two has the word albatross.']], title: 'Two Pages', author: 'A. Author' });

const book = (lib: Library, id: number) =>
  lib.db.prepare('SELECT kind, publisher, original, lead_image, content_hash FROM articles WHERE id = ?').get(id) as { kind: string; publisher: string | null; original: string; lead_image: string | null; content_hash: string };
const sections = (lib: Library, id: number) =>
  lib.db.prepare('SELECT label, start, "end", href, page FROM book_sections WHERE article_id = ? ORDER BY ord').all(id) as { label: string; start: number; end: number; href: string | null; page: number | null }[];

test('books import: an EPUB becomes a book with its chapters, original file, cover and searchable text', async () => {
  const lib = openTempLibrary();
  const bytes = makeEpub();
  const report = await lib.importer.importItems([{ name: 'moby.epub', bytes }]);
  assert.deepEqual(report.failed, []);
  const { id, title } = report.imported[0]!;
  assert.equal(title, 'Moby-Dick');
  const row = book(lib, id);
  assert.equal(row.kind, 'epub');
  assert.equal(row.publisher, 'Harper & Brothers');
  assert.match(row.original, /^[0-9a-f]{64}\.epub$/);
  assert.equal(row.content_hash, row.original.slice(0, 64));
  assert.deepEqual(fs.readFileSync(path.join(lib.dir, 'assets', row.original)), Buffer.from(bytes), 'the original is kept byte for byte');
  assert.match(row.lead_image!, /^lectern:\/\/asset\/[0-9a-f]{64}\.png$/);
  assert.deepEqual(fs.readFileSync(path.join(lib.dir, 'assets', row.lead_image!.slice('lectern://asset/'.length))), Buffer.from(COVER_PNG));

  const text = lib.articles.text(id)!;
  const chapters = sections(lib, id);
  assert.deepEqual(chapters.map((s) => [s.label, s.href, s.page]), [['Loomings', 'OEBPS/text/one.xhtml', null], ['The Carpet-Bag', 'OEBPS/text/two.xhtml', null]]);
  assert.ok(text.slice(chapters[1]!.start, chapters[1]!.end).startsWith('The Carpet-Bag\n\nI stuffed a shirt'), 'a chapter range starts at its heading');
  assert.deepEqual(lib.search.search('carpet-bag').results.map((r) => r.id), [id], 'a word of chapter 2 is found');
  lib.close();
});

test('books import: an EPUB title\'s direction (its own dir, else the package\'s) is kept with the book and listed', async () => {
  const lib = openTempLibrary();
  const withOpf = (edit: (opf: string) => string) => makeEpub({ opf: edit(opf(TWO_CHAPTERS)) });
  const report = await lib.importer.importItems([
    { name: 'title-rtl.epub', bytes: withOpf((o) => o.replace('<dc:title id="t1">', '<dc:title id="t1" dir="rtl">').replace('<package ', '<package dir="ltr" ')) },
    { name: 'package-rtl.epub', bytes: withOpf((o) => o.replace('<package ', '<package dir="rtl" ')) },
    { name: 'auto.epub', bytes: withOpf((o) => o.replace('<dc:title id="t1">', '<dc:title id="t1" dir="auto">')) },
    { name: 'unset.epub', bytes: makeEpub() },
  ]);
  assert.deepEqual(report.failed, []);
  const dirs = report.imported.map(({ id }) => lib.articles.summary(id)?.titleDir ?? null);
  assert.deepEqual(dirs, ['rtl', 'rtl', 'auto', null]);
  assert.equal(lib.articles.get(report.imported[0]!.id)!.titleDir, 'rtl', 'the reader gets it too');
  lib.close();
});

test('books import: a PDF by its bytes, whatever its name; a word of page 2 is found; the same book twice is a duplicate', async () => {
  const lib = openTempLibrary();
  const first = await lib.importer.importItems([{ name: 'scan-0001.dat', bytes: PDF() }]);
  assert.deepEqual(first.failed, []);
  const id = first.imported[0]!.id;
  assert.equal(book(lib, id).kind, 'pdf');
  assert.deepEqual(sections(lib, id).map((s) => [s.label, s.page, s.href]), [['1', 1, null], ['2', 2, null]]);
  assert.equal(lib.articles.text(id), 'Hello from page one,\na second line.\n\nPage two has the word albatross.');
  assert.deepEqual(lib.search.search('albatross').results.map((r) => r.id), [id]);
  const again = await lib.importer.importItems([{ name: 'copy.pdf', bytes: PDF() }]);
  assert.deepEqual(again.skipped, [{ item: 'copy.pdf', code: 'duplicate', articleId: id }]);
  lib.close();
});

test('books import: a locked PDF and a DRM EPUB fail with their reasons, and the batch goes on to the article', async () => {
  const dir = tempDir();
  const locked = path.join(dir, 'locked.pdf');
  fs.writeFileSync(locked, makePdf({ pages: [['The secret is on page one.']], title: 'Locked', password: 'open sesame' }));
  const drm = path.join(dir, 'drm.epub');
  fs.writeFileSync(drm, makeEpub({ files: { 'META-INF/encryption.xml': encryptionXml('http://www.w3.org/2001/04/xmlenc#aes128-cbc') } }));
  const bad = path.join(dir, 'bad.pdf');
  fs.writeFileSync(bad, '%PDF-1.7\nthis is not a PDF at all\n%%EOF');
  const lib = openTempLibrary();
  const report = await lib.importer.importPaths([locked, drm, bad, path.join(ROOT, 'tests/fixtures/article.html')]);
  assert.deepEqual(report.failed.map((f) => [path.basename(f.item), f.code, f.reason]), [
    ['locked.pdf', 'IMPORT_FAILED', 'locked.pdf: needs a password'],
    ['drm.epub', 'IMPORT_FAILED', report.failed[1]!.reason],
    ['bad.pdf', 'IMPORT_FAILED', report.failed[2]!.reason],
  ]);
  assert.match(report.failed[1]!.reason, /protected by DRM/);
  assert.match(report.failed[2]!.reason, /not a readable PDF/);
  assert.equal(report.imported.length, 1, 'the article after them is imported');
  const opened = await lib.importer.importPaths([locked], { password: 'open sesame' });
  assert.deepEqual(opened.imported.map((a) => a.title), ['Locked']);
  lib.close();
});

test('books import: a web address serving a PDF or an EPUB is imported as a book', async () => {
  const web = await startWeb({ '/paper': send('application/pdf', Buffer.from(PDF())), '/novel': send('application/epub+zip', Buffer.from(makeEpub())) });
  const lib = openTempLibrary();
  try {
    const report = await lib.importer.importUrls([`${web.url}/paper`, `${web.url}/novel`]);
    assert.deepEqual(report.failed, []);
    assert.deepEqual(report.imported.map((a) => [a.title, book(lib, a.id).kind]), [['Two Pages', 'pdf'], ['Moby-Dick', 'epub']]);
    assert.equal(lib.articles.get(report.imported[0]!.id)!.url, `${web.url}/paper`);
  } finally {
    lib.close();
    await web.close();
  }
});

test('books import: the reader\'s canonical text of a book\'s HTML is the stored text, so highlights anchor', async () => {
  for (const bytes of [makeEpub(), PDF()]) {
    const book = await readBook(bytes, 'b');
    const built = bookToArticle(book);
    const { document } = new JSDOM(`<body>${built.html}</body>`).window;
    assert.equal(canonicalText(document.body), built.text);
    assert.equal(built.text, book.text, 'the stored text is the book\'s own: no headings of the interim view\'s making');
    assert.deepEqual(built.sections, book.sections);
    assert.equal(document.querySelectorAll('section').length, built.sections.length, 'a section each chapter or page');
  }
});
