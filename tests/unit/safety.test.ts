import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dispatch } from '../../main/node/ipc/dispatch';
import { createHandlers } from '../../main/node/library/handlers';
import { Library } from '../../main/node/library/library';
import { backupLibrary, checkLibrary, inspectBackup, listBackups, restoreLibrary, setAside } from '../../main/node/library/safety';
import { LibrarySession } from '../../main/node/library/session';
import { KEPT_MIGRATION_BACKUPS, openDatabase } from '../../main/node/store/database';
import { MIGRATIONS } from '../../main/node/store/migrations';
import { fixture, snapshot, tempDir } from '../helpers';

async function filled(dir = tempDir()): Promise<Library> {
  const lib = Library.open(dir);
  await lib.importer.importItems([fixture('digest.txt'), fixture('article.html')]);
  return lib;
}

test('a backup taken while the library is in use is consistent and restores exactly', async () => {
  const lib = await filled();
  const target = path.join(tempDir(), 'nested', 'copy.sqlite');
  const info = await backupLibrary(lib, target);
  assert.equal(info.file, target);
  assert.ok(info.bytes > 0);
  assert.deepEqual(inspectBackup(target), { articles: 4, version: MIGRATIONS.at(-1)!.version });
  await assert.rejects(backupLibrary(lib, lib.file), /cannot replace the library itself/);

  // Change the library after the backup, then restore: the change is gone, the old file kept.
  await lib.importer.importItems([fixture('essay.txt')]);
  const dir = lib.dir;
  lib.close();
  const { keptAs, articles } = restoreLibrary(dir, target);
  assert.equal(articles, 4);
  assert.match(keptAs!, /library\.sqlite\.before-restore-.*\.bak$/);
  const restored = Library.open(dir);
  assert.equal(restored.articles.counts().articles, 4);
  assert.equal(restored.search.search('harbour').results.length, 1);
  restored.close();
  assert.equal(new Library_(keptAs!).count(), 5);
});

/** Reads a kept-aside file without migrating it. */
class Library_ {
  constructor(private readonly file: string) {}
  count(): number {
    const db = openDatabase(this.file, { migrations: [] });
    try {
      return (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
}

test('restore refuses what is not a healthy Lectern library, and changes nothing', async () => {
  const lib = await filled();
  const dir = lib.dir;
  lib.close();
  const before = fs.readFileSync(path.join(dir, 'library.sqlite'));
  const junk = path.join(tempDir(), 'junk.sqlite');
  fs.writeFileSync(junk, 'this is not a database at all, just text');
  assert.throws(() => restoreLibrary(dir, junk), /junk\.sqlite (is not a Lectern library|cannot be opened)/);
  const other = path.join(tempDir(), 'other.sqlite');
  const db = openDatabase(other, { migrations: [] });
  db.exec('CREATE TABLE notes (x)');
  db.close();
  assert.throws(() => restoreLibrary(dir, other), /other\.sqlite is not a Lectern library/);
  const newer = path.join(tempDir(), 'newer.sqlite');
  fs.copyFileSync(path.join(dir, 'library.sqlite'), newer);
  const n = openDatabase(newer, { migrations: [] });
  n.pragma('user_version = 999');
  n.close();
  assert.throws(() => restoreLibrary(dir, newer), /comes from a newer Lectern \(schema 999/);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'library.sqlite')), before);
});

test('backups before migrations are kept, the newest few only', () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.sqlite');
  openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) }).close();
  let migrations = MIGRATIONS.slice(0, 1);
  for (let v = 100; v < 106; v++) {
    migrations = [...migrations, { version: v, name: `step ${v}`, sql: `CREATE TABLE t${v} (x)` }];
    openDatabase(file, { migrations }).close();
  }
  const kept = listBackups(dir);
  assert.equal(kept.length, KEPT_MIGRATION_BACKUPS);
  assert.match(path.basename(kept[0]!.file), /^library\.sqlite\.v104-/);
});

test('the full check finds damage; an unclean close triggers the start-up check', async () => {
  const dir = tempDir();
  const lib = await filled(dir);
  assert.deepEqual(checkLibrary(lib), { ok: true, problems: [] });
  // Simulate a crash: the library is never closed.
  lib.db.pragma('wal_checkpoint(TRUNCATE)');
  const session = new LibrarySession(dir);
  assert.deepEqual(session.health, { ok: true, problems: [] });
  session.close();
  const clean = new LibrarySession(dir);
  assert.equal(clean.health, null, 'after a clean close there is nothing to check');
  clean.close();

  // Damage a page of article bodies on disk: the library still opens, the full check says so.
  const db = Library.open(dir);
  const pages = db.db.prepare("SELECT pageno FROM dbstat WHERE name = 'article_bodies'").all() as { pageno: number }[];
  const pageSize = db.db.pragma('page_size', { simple: true }) as number;
  db.db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fd = fs.openSync(path.join(dir, 'library.sqlite'), 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0x33), 0, pageSize, (pages[0]!.pageno - 1) * pageSize);
  fs.closeSync(fd);
  const damaged = Library.open(dir);
  const report = checkLibrary(damaged);
  assert.equal(report.ok, false);
  assert.ok(report.problems[0]!.startsWith('integrity:'), report.problems.join('; '));
  damaged.close();

  // A file whose header is gone cannot be opened at all: the app then offers the latest
  // backup or a new library, and sets the damaged file aside rather than overwrite it.
  const fd2 = fs.openSync(path.join(dir, 'library.sqlite'), 'r+');
  fs.writeSync(fd2, Buffer.alloc(100, 0x41), 0, 100, 0);
  fs.closeSync(fd2);
  assert.throws(() => Library.open(dir), /file is not a database/);
  const aside = setAside(dir, 'damaged');
  assert.match(aside ?? '', /library\.sqlite\.damaged-.*\.bak$/);
  assert.equal(Library.open(dir).articles.counts().articles, 0);
});

test('Settings actions through the contract: back up, restore, move and open another folder', async () => {
  const dir = tempDir();
  (await filled(dir)).close();
  const answers: (string | null)[] = [];
  const remembered: string[] = [];
  const session = new LibrarySession(dir);
  const handlers = createHandlers(session, {
    openExternal: async () => undefined,
    emit: () => undefined,
    choosePath: async () => answers.shift() ?? null,
    rememberLibraryDir: (d) => void remembered.push(d),
  });
  const call = async (channel: string, arg?: unknown) => {
    const r = await dispatch(handlers, channel, arg, () => undefined);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };

  assert.deepEqual(await call('backupLibrary'), { file: null, bytes: 0 }, 'cancelled');
  const backup = path.join(tempDir(), 'b.sqlite');
  answers.push(backup);
  assert.equal((await call('backupLibrary')).file, backup);

  await session.library.importer.importItems([fixture('essay.txt')]);
  assert.equal((await call('libraryInfo')).articles, 5);
  await assert.rejects(call('restoreLibrary', { file: '/etc/passwd' }), /FORBIDDEN/);
  answers.push(backup);
  const restored = await call('restoreLibrary', {});
  assert.equal(restored.restored, true);
  assert.equal(restored.articles, 4);
  assert.equal(session.library.articles.counts().articles, 4);
  const info = await call('libraryInfo');
  assert.ok((info.backups as { file: string }[]).some((b) => b.file === restored.keptAs));
  // The file kept aside is listed and can itself be restored.
  assert.equal((await call('restoreLibrary', { file: restored.keptAs })).articles, 5);

  const elsewhere = tempDir();
  answers.push(elsewhere);
  assert.deepEqual(await call('moveLibrary'), { dir: elsewhere });
  assert.equal(session.library.dir, elsewhere);
  assert.equal(session.library.articles.counts().articles, 5);
  assert.ok(!fs.existsSync(path.join(dir, 'library.sqlite')), 'the old file is gone after the move');
  answers.push(dir);
  const emptyMove = tempDir();
  fs.copyFileSync(path.join(elsewhere, 'library.sqlite'), path.join(emptyMove, 'library.sqlite'));
  answers.length = 0;
  answers.push(emptyMove);
  await assert.rejects(call('moveLibrary'), /already holds a library/);

  const fresh = tempDir();
  answers.push(fresh);
  assert.deepEqual(await call('openLibraryFolder'), { dir: fresh });
  assert.equal(session.library.articles.counts().articles, 0);
  assert.deepEqual(remembered, [dir, dir, elsewhere, fresh]);
  assert.deepEqual(await call('checkLibrary'), { ok: true, problems: [] });
  session.close();
});

test('the CLI and the app can use the same library at once (WAL; writers wait their turn)', async () => {
  const { spawn } = await import('node:child_process');
  const { cliBundle } = await import('../helpers');
  const dir = tempDir();
  const folder = tempDir();
  for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(folder, `cli-${i}.txt`), `From the CLI ${i}\n\nText ${i} written by another process.\n`);
  const app = Library.open(dir);
  const cli = spawn(process.execPath, [cliBundle(), '--library', dir, 'import', folder, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  cli.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  // Meanwhile the app imports and reads.
  for (let i = 0; i < 30; i++) {
    await app.importer.importItems([{ name: `app-${i}.txt`, bytes: Buffer.from(`From the app ${i}\n\nWritten while the CLI imports.\n`) }]);
    app.articles.list('inbox', { limit: 20 });
    await new Promise((r) => setTimeout(r, 20));
  }
  const code = await new Promise((resolve) => cli.on('exit', resolve));
  assert.equal(code, 0);
  assert.equal(JSON.parse(out).imported.length, 300);
  assert.equal(app.articles.counts().articles, 330);
  assert.deepEqual(checkLibrary(app), { ok: true, problems: [] });
  app.close();
});

test('a full disk and a read-only library: a clear error, nothing lost, and work goes on once there is room', async () => {
  const dir = tempDir();
  (await filled(dir)).close();
  const session = new LibrarySession(dir);
  const handlers = createHandlers(session, { openExternal: async () => undefined, emit: () => undefined, choosePath: async () => null, rememberLibraryDir: () => undefined });
  const { library } = session;
  const before = snapshot(library);
  const ids = library.articles.list('all').map((a) => a.id);

  // The disk is full: SQLite may not grow the file by a single page.
  const pages = library.db.pragma('page_count', { simple: true }) as number;
  library.db.pragma(`max_page_count = ${pages}`);
  const big = { name: 'big.txt', dataBase64: Buffer.from(`A long one\n\n${'Words that need new pages in the file. '.repeat(4000)}`).toString('base64') };
  const imported = await dispatch(handlers, 'importFiles', { files: [big] }, () => undefined);
  assert.ok(imported.ok);
  const report = imported.value as { imported: unknown[]; failed: { item: string; reason: string }[] };
  assert.equal(report.imported.length, 0);
  assert.equal(report.failed[0]!.item, 'big.txt');
  assert.match(report.failed[0]!.reason, /disk holding your library is full, so nothing was saved\. Free some space/);
  const tagged = await dispatch(handlers, 'editArticles', { ids, action: { kind: 'tag', tag: 'a-new-tag-with-a-long-name-'.repeat(2) } }, () => undefined);
  if (!tagged.ok) assert.equal(tagged.error.code, 'STORAGE');
  assert.deepEqual(snapshot(library), before);

  // Room again: the same import goes through.
  library.db.pragma('max_page_count = 1073741823');
  const again = await dispatch(handlers, 'importFiles', { files: [big] }, () => undefined);
  assert.ok(again.ok && (again.value as { imported: unknown[] }).imported.length === 1);

  // Read-only: every write is refused with the reason, the library unchanged.
  const afterImport = snapshot(library);
  library.db.pragma('query_only = ON');
  const star = await dispatch(handlers, 'editArticles', { ids, action: { kind: 'star', starred: true } }, () => undefined);
  assert.deepEqual(star, { ok: false, error: { code: 'STORAGE', message: 'Your library cannot be written (its file or folder is read-only), so nothing was saved. Make the folder writable, or move the library in Settings.' } });
  const note = await dispatch(handlers, 'addAnnotation', { articleId: ids[0], color: 'yellow', exact: 'human rights', start: 0, end: 12 }, () => undefined);
  assert.ok(!note.ok && note.error.code === 'STORAGE');
  const readOnlyImport = await dispatch(handlers, 'importFiles', { files: [{ name: 'n.txt', dataBase64: Buffer.from('Note\n\nA short new note.').toString('base64') }] }, () => undefined);
  assert.match((readOnlyImport as { value: { failed: { reason: string }[] } }).value.failed[0]!.reason, /cannot be written/);
  assert.deepEqual(snapshot(library), afterImport);
  library.db.pragma('query_only = OFF');
  session.close();
});
