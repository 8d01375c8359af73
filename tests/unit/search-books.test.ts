import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Db } from '../../main/node/store/db';
import { Library } from '../../main/node/library/library';
import { checkSearchIndex, rebuildSearchIndex, verifySearchIndex } from '../../main/node/search/schema';
import { openDatabase } from '../../main/node/store/database';
import { MIGRATIONS } from '../../main/node/store/migrations';
import { makePdf } from '../books-fixtures';
import { tempDir } from '../helpers';

const PAGE_ONE = 'The harbour was quiet at dawn, and the gulls circled the masts of the fishing boats.';
const PAGE_TWO = 'Far out beyond the reef the albatross flew low over the grey water.';

/** The rowids that match `expr` in one of the search tables. */
const matching = (db: Db, table: 'search_index' | 'search_books', expr: string) =>
  (db.prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).all(expr) as { id: number }[]).map((r) => r.id);

test("a book's text is indexed by page apart from the articles: the ranked index holds its title, not its text; a phrase on page 2 still finds it", async () => {
  const lib = Library.open(tempDir());
  const [note] = (await lib.importer.importItems([{ name: 'note.txt', bytes: Buffer.from('Birds at sea\n\nAn albatross rarely flaps its wings.\n') }])).imported.map((a) => a.id) as [number];
  const [book] = (await lib.importer.importItems([{ name: 'voyage.pdf', bytes: Buffer.from(makePdf({ pages: [[PAGE_ONE], [PAGE_TWO]], title: 'A Southern Voyage' })) }])).imported.map((a) => a.id) as [number];

  assert.deepEqual(matching(lib.db, 'search_index', 'albatross'), [note], "an article's query reads no book's text");
  assert.deepEqual(matching(lib.db, 'search_index', 'southern'), [book], "the book's title is ranked with the articles'");
  assert.deepEqual(matching(lib.db, 'search_books', 'albatross'), [book * 2 ** 20 + 1], 'its second page');

  const ids = (q: string) => lib.search.search(q).results.map((r) => r.id);
  assert.deepEqual(ids('"albatross flew low"'), [book], 'a quoted phrase of a page');
  assert.deepEqual(new Set(ids('albatross')), new Set([note, book]));
  assert.deepEqual(ids('title:albatross'), [], 'a term of another field is not looked for in a book\'s pages');
  assert.deepEqual(ids('title:voyage'), [book]);
  assert.deepEqual(ids('southern voyage'), [book]);
  assert.deepEqual(ids('albatross -title:southern'), [note], 'a field the pages cannot tell excludes the book by its title');
  const [hit] = lib.search.search('"albatross flew low"').results;
  assert.match(hit!.snippet, /albatross flew low/);

  assert.deepEqual(checkSearchIndex(lib.db), { ok: true });
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  rebuildSearchIndex(lib.db);
  assert.deepEqual(matching(lib.db, 'search_books', 'albatross'), [book * 2 ** 20 + 1], 'rebuilt the same way');
  assert.deepEqual(matching(lib.db, 'search_index', 'albatross'), [note]);

  const { undoId } = lib.edits.apply([book], { kind: 'delete' }, '2026-12-01T10:00:00.000Z');
  assert.deepEqual(matching(lib.db, 'search_books', 'albatross OR harbour'), [], 'its pages leave with it');
  assert.deepEqual(checkSearchIndex(lib.db), { ok: true });
  lib.edits.undo(undoId);
  assert.deepEqual(matching(lib.db, 'search_books', 'albatross OR harbour'), [book * 2 ** 20, book * 2 ** 20 + 1], 'and come back with an undo');
  assert.deepEqual(ids('"albatross flew low"'), [book]);
  assert.deepEqual(checkSearchIndex(lib.db), { ok: true });
  lib.close();
});

test('a missing page of the books index is found at open and the index rebuilt', async () => {
  const dir = tempDir();
  let lib = Library.open(dir);
  const [book] = (await lib.importer.importItems([{ name: 'voyage.pdf', bytes: Buffer.from(makePdf({ pages: [[PAGE_ONE], [PAGE_TWO]] })) }])).imported.map((a) => a.id) as [number];
  lib.db.prepare('DELETE FROM search_books WHERE rowid = ?').run(book * 2 ** 20 + 1);
  assert.match((checkSearchIndex(lib.db) as { reason: string }).reason, /1 book sections indexed for 2/);
  lib.close();
  lib = Library.open(dir);
  assert.deepEqual(lib.search.search('albatross').results.map((r) => r.id), [book]);
  lib.close();
});

test('a library made before books were indexed by page has their text moved there, and the ranked index rewritten without it', () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.sqlite');
  // Schema 18, with a PDF of two pages as the store wrote one: the triggers of then index its whole text with the articles.
  const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 19) });
  const text = `${PAGE_ONE}\n\n${PAGE_TWO}`;
  old.prepare(
    `INSERT INTO articles (id, url, canonical_url, content_hash, title, site, saved_at, word_count, updated_at, kind, original)
     VALUES (7, 'file:///voyage.pdf', 'file:///voyage.pdf', 'h', 'A Southern Voyage', 'voyage.pdf', '2026-11-01T08:00:00.000Z', 30, '2026-11-01T08:00:00.000Z', 'pdf', 'h.pdf')`,
  ).run();
  old.prepare('INSERT INTO article_bodies (article_id, html, text) VALUES (7, ?, ?)').run('', text);
  const page = old.prepare('INSERT INTO book_sections (article_id, ord, label, start, "end", page) VALUES (7, ?, ?, ?, ?, ?)');
  page.run(0, 'Page 1', 0, PAGE_ONE.length, 1);
  page.run(1, 'Page 2', PAGE_ONE.length + 2, text.length, 2);
  assert.deepEqual(matching(old, 'search_index', 'albatross'), [7], 'the old layout');
  old.close();

  const lib = Library.open(dir);
  assert.equal(lib.repairedIndex, null, 'the migration moved them; no repair');
  assert.deepEqual(matching(lib.db, 'search_index', 'albatross'), []);
  assert.deepEqual(matching(lib.db, 'search_index', 'southern'), [7]);
  assert.deepEqual(matching(lib.db, 'search_books', 'albatross'), [7 * 2 ** 20 + 1]);
  assert.deepEqual(matching(lib.db, 'search_books', 'harbour'), [7 * 2 ** 20]);
  assert.deepEqual(lib.search.search('"albatross flew low"').results.map((r) => r.id), [7]);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  // Rewritten: a deleted row's postings stay in its segment under a tombstone, read by every query of its words; the migrated index has as many blocks as one built anew.
  const blocks = () => lib.db.prepare('SELECT count(*) AS n FROM search_index_data').get();
  const migrated = blocks();
  rebuildSearchIndex(lib.db);
  assert.deepEqual(migrated, blocks());
  lib.close();
});

test('plain words typed together: a book holding them word for word on a page past its lead ranks first, its text not read whole, its snippet from that page', async () => {
  const lib = Library.open(tempDir());
  await lib.importer.importItems([{ name: 'notes.txt', bytes: Buffer.from('Narwhal notes\n\nA narwhal was seen. Later it surfaced, and we sailed beside it.\n') }]);
  const line = (n: number) => Array.from({ length: 5 }, (_, i) => `tide${(n + i) % 97} water`).join(' ');
  const filler = Array.from({ length: 40 }, (_, p) => Array.from({ length: 30 }, (_, l) => line(p * 30 + l)));
  const pdf = makePdf({ pages: [...filler, ['At last the narwhal surfaced beside the ship.']], title: 'A long log' });
  const [log] = (await lib.importer.importItems([{ name: 'log.pdf', bytes: Buffer.from(pdf) }])).imported.map((a) => a.id) as [number];
  assert.ok(lib.articles.text(log)!.indexOf('narwhal') > 50_000, 'past the lead');
  let read = 0;
  const text = lib.articles.text.bind(lib.articles);
  lib.articles.text = (id) => ((read += id === log ? 1 : 0), text(id));
  const [first] = lib.search.search('narwhal surfaced beside', { limit: 1 }).results;
  assert.equal(first!.id, log);
  assert.match(first!.snippet, /narwhal surfaced beside/);
  assert.equal(read, 0, 'its text was not read whole, to rank it or for its snippet: the page that matched was');
  lib.close();
});

test('plain words typed together: every book found is asked whether it holds them, not the first three only, and is read at the page that does', async () => {
  const lib = Library.open(tempDir());
  // Articles that hold both words apart: no typo correction, and ranked candidates beside the books.
  await lib.importer.importItems([0, 1, 2].map((i) => ({ name: `walrus-${i}.txt`, bytes: Buffer.from(`Ice notes ${i}\n\nThe walrus slept while the seal basked.\n`) })));
  const pdf = (pages: string[][], title: string) => ({ name: `${title}.pdf`, bytes: Buffer.from(makePdf({ pages, title })) });
  // The oldest holds the words together on page 1, one of them alone on page 2 (the page its text is found at, newest first); three newer ones hold them apart.
  const [oldest] = (await lib.importer.importItems([pdf([['The old walrus basked on the ice floe.'], ['A walrus swam away.']], 'Floes')])).imported.map((a) => a.id) as [number];
  for (const title of ['Seals', 'Shores', 'Tides']) await lib.importer.importItems([pdf([['Grey water.'], ['The walrus slept while the seal basked.']], title)]);
  const [first] = lib.search.search('walrus basked').results;
  assert.equal(first!.id, oldest, 'the book holding them word for word comes first');
  assert.match(first!.snippet, /walrus basked/, 'its snippet from the page that holds them');
  lib.close();
});

test('plain words typed together: a book that holds them apart comes after as many articles holding both as are shown, read once at the page found', async () => {
  const lib = Library.open(tempDir());
  await lib.importer.importItems([0, 1, 2].map((i) => ({ name: `walrus-${i}.txt`, bytes: Buffer.from(`Ice notes ${i}\n\nThe walrus slept while the seal basked.\n`) })));
  const [book] = (await lib.importer.importItems([{ name: 'seals.pdf', bytes: Buffer.from(makePdf({ pages: [['Grey water.'], ['A walrus slept while a seal basked.']], title: 'Seals' })) }])).imported.map((a) => a.id) as [number];
  const read: number[] = [];
  const prepare = lib.db.prepare.bind(lib.db);
  lib.db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (!sql.startsWith('SELECT body FROM search_books')) return statement;
    const get = statement.get.bind(statement);
    return Object.assign(statement, { get: (rowid: number) => (read.push(rowid), get(rowid)) });
  }) as typeof lib.db.prepare;
  assert.equal(lib.search.search('walrus basked', { limit: 3 }).results.some((r) => r.id === book), false, 'three articles hold both words, as the book does: it comes after them');
  // The books part does not wait for the articles' ranking (it may run beside it): it reads the page its snippet comes from, once.
  assert.deepEqual(read, [book * 2 ** 20 + 1], 'read at the page found');
  assert.ok(lib.search.search('walrus basked', { limit: 4 }).results.some((r) => r.id === book), 'one more shown: it is');
  assert.deepEqual(read, [book * 2 ** 20 + 1, book * 2 ** 20 + 1], 'read there again, once');
  lib.close();
});

test("a book's exact words are the whole book's, not only the page it was found at", async () => {
  const lib = Library.open(tempDir());
  // Articles holding one of the words each: ranked, and with one exact word apiece.
  await lib.importer.importItems([0, 1, 2].map((i) => ({ name: `walrus-${i}.txt`, bytes: Buffer.from(`Ice notes ${i}\n\nThe walrus slept on the floe.\n`) })));
  // The book holds one word on each page: it is found at page 2, the newest that matches.
  const [book] = (await lib.importer.importItems([{ name: 'seals.pdf', bytes: Buffer.from(makePdf({ pages: [['The walrus slept.'], ['A seal basked.']], title: 'Seals' })) }])).imported.map((a) => a.id) as [number];
  const [first] = lib.search.search('walrus basked', { limit: 3 }).results;
  assert.equal(first!.id, book, 'it holds both words, the articles one each');
  lib.close();
});
