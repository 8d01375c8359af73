import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Library } from '../../main/node/library/library';
import { LIBRARY_FILE } from '../../main/node/library/paths';
import { LibrarySession } from '../../main/node/library/session';
import { findBooks } from '../../main/node/search/books-part';
import { BooksThread } from '../../main/node/search/books-thread';
import { parseQuery } from '../../main/node/search/query';
import { preparedOnce } from '../../main/node/store/db';
import { makePdf } from '../books-fixtures';
import { ROOT, tempDir, unpackagedRequires } from '../helpers';

const PAGE_ONE = 'The harbour was quiet at dawn, and the gulls circled the masts of the fishing boats.';
const PAGE_TWO = 'Far out beyond the reef the albatross flew low over the grey water.';

/** Counts the books walk's runs on the library's own connection (the thread has a connection of its own). */
function countWalks(lib: Library): { n: number } {
  const walks = { n: 0 };
  const prepare = lib.db.prepare.bind(lib.db);
  lib.db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (!/FROM search_books .*ORDER BY search_books\.rowid DESC/s.test(sql)) return statement;
    const iterate = statement.iterate.bind(statement);
    return Object.assign(statement, { iterate: (...args: unknown[]) => (walks.n++, iterate(...(args as [Record<string, unknown>]))) });
  }) as typeof lib.db.prepare;
  return walks;
}

async function bookLibrary(): Promise<Library> {
  const lib = Library.open(tempDir());
  await lib.importer.importItems([0, 1, 2].map((i) => ({ name: `walrus-${i}.txt`, bytes: Buffer.from(`Ice notes ${i}\n\nThe walrus slept while the seal basked${i === 1 ? ' on grey water' : ''}.\n`) })));
  await lib.importer.importItems([
    { name: 'seals.pdf', bytes: Buffer.from(makePdf({ pages: [['Grey water.'], ['A walrus slept while a seal basked.']], title: 'Seals' })) },
    { name: 'voyage.pdf', bytes: Buffer.from(makePdf({ pages: [[PAGE_ONE], [PAGE_TWO]], title: 'A Southern Voyage' })) },
    { name: 'walrus.pdf', bytes: Buffer.from(makePdf({ pages: [['The walrus book.'], ['The seal basked on the grey water.']], title: 'Walrus Days' })) },
  ]);
  return lib;
}

const QUERIES = ['walrus', 'walrus basked', '"seal basked"', 'grey water', 'walrus -seal', '+walrus water', 'albatross flew', 'walrus~1', 'wat*'];

test("in a thread of its own, search's books part finds what it finds in the caller's thread, and the library's connection runs none of it", async () => {
  const lib = await bookLibrary();
  const walks = countWalks(lib);
  const search = () => QUERIES.flatMap((q) => [lib.search.search(q, { limit: 3 }), lib.search.search(q, { limit: 10, filters: { state: 'unread' } })]);
  const here = search();
  assert.ok(walks.n > 0, 'the walk runs here without a thread');
  assert.ok(here.some((r) => r.results.some((h) => h.kind === 'pdf' && h.title === 'Seals')), 'books are among the results');
  assert.equal(await lib.search.inParallel(), true, 'the thread opened its connection');
  const walked = walks.n;
  assert.deepEqual(search(), here, 'the same results, snippets and order');
  assert.equal(walks.n, walked, 'no walk on the library connection: the thread ran them');
  lib.close();
});

test('a books thread that cannot start leaves the books part in the caller\'s thread, with the same results', async () => {
  const lib = await bookLibrary();
  const here = QUERIES.map((q) => lib.search.search(q, { limit: 5 }));
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => void warnings.push(message);
  try {
    assert.equal(await lib.search.inParallel(path.join(tempDir(), 'no-such-binding.node')), false, 'the thread stopped');
    assert.match(warnings.join('\n'), /books thread stopped .*books are searched in the main thread/);
    assert.deepEqual(QUERIES.map((q) => lib.search.search(q, { limit: 5 })), here);
  } finally {
    console.warn = warn;
    lib.close();
  }
});

test('the bundled books thread (dist/main, as Electron starts it) answers as the caller\'s thread does, needing only production dependencies', async () => {
  const bundle = path.join(ROOT, 'dist/main/books-worker.cjs');
  assert.ok(fs.existsSync(bundle), 'dist/main/books-worker.cjs is built (npm run build runs before the unit tests)');
  assert.deepEqual(unpackagedRequires(bundle), [], "the thread requires only Node's modules and production dependencies");
  const lib = await bookLibrary();
  const thread = new BooksThread(lib.db.name, undefined, { eval: false, code: bundle });
  try {
    assert.equal(await thread.opened, true);
    for (const words of ['walrus', 'grey water', 'seal basked']) {
      const terms = parseQuery(words).map((c) => ({ alternatives: [c.words.join(' ')], prefix: false, phrase: c.phrase, fields: c.fields, presence: c.presence, boost: c.boost }));
      const ask = { terms, filters: {} };
      const here = findBooks(preparedOnce(lib.db), lib.articles, ask);
      assert.ok(here.length > 0, `books hold ${words}`);
      assert.deepEqual(thread.ask(ask)(), here);
    }
  } finally {
    thread.close();
    lib.close();
  }
});

test("the app's session searches books in a thread, and a reopen (a restore) closes the thread's connection before the files change", { skip: process.platform !== 'linux' && 'counts open files through /proc' }, async () => {
  const seeded = await bookLibrary();
  const dir = seeded.dir;
  seeded.close();
  const file = path.join(dir, LIBRARY_FILE);
  /** The handles this process holds on the library's files (the file, its WAL and shared memory). */
  const handles = () =>
    fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
      } catch {
        return false;
      }
    }).length;
  const session = new LibrarySession(dir);
  try {
    const alone = handles();
    assert.equal(await session.library.search.inParallel(), true, 'the session started the thread, which opened');
    assert.ok(handles() > alone, "the thread's connection holds the files too");
    let during = -1;
    await session.reopen(dir, () => void (during = handles()));
    assert.equal(during, 0, 'nothing held the files while they could be replaced');
    assert.equal(await session.library.search.inParallel(), true, 'the library reopened has a thread again');
    assert.ok(session.library.search.search('"seal basked"').results.some((r) => r.title === 'Seals'));
  } finally {
    await session.close();
  }
  assert.equal(handles(), 0, 'closing the session let go of every handle');
});
