import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase, schemaVersion } from '../../main/node/store/database';
import { MIGRATIONS } from '../../main/node/store/migrations';
import { Library } from '../../main/node/library/library';
import { defaultUserDataDir, resolveLibraryDir, takeLibraryFlag } from '../../main/node/library/paths';
import { tempDir } from '../helpers';

test('a new library file gets WAL, foreign keys and the latest schema version', () => {
  const dir = tempDir();
  const lib = Library.open(dir);
  assert.equal(lib.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(lib.db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(schemaVersion(lib.db), MIGRATIONS.at(-1)!.version);
  assert.ok(fs.existsSync(path.join(dir, 'library.sqlite')));
  // No backup for a brand-new file: there was nothing to lose.
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.bak')), []);
  lib.close();
});

test('a consistent copy is taken before migrating a file that holds data', () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.sqlite');
  const v1 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
  v1.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
  v1.close();

  const next = { version: 1000, name: 'test column', sql: 'ALTER TABLE settings ADD COLUMN extra TEXT' };
  const v2 = openDatabase(file, { migrations: [...MIGRATIONS.slice(0, 1), next] });
  assert.equal(schemaVersion(v2), 1000);
  v2.close();

  const backups = fs.readdirSync(dir).filter((f) => f.endsWith('.bak'));
  assert.equal(backups.length, 1);
  assert.match(backups[0]!, /^library\.sqlite\.v1-.*\.bak$/);
  const copy = openDatabase(path.join(dir, backups[0]!), { migrations: [] });
  assert.equal(schemaVersion(copy), 1);
  assert.deepEqual(copy.prepare('SELECT value FROM settings WHERE key = ?').get('kept'), { value: 'yes' });
  copy.close();
});

test('a failing migration changes nothing: version and data stay as they were', () => {
  const dir = tempDir();
  const file = path.join(dir, 'library.sqlite');
  const v1 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
  v1.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
  v1.close();
  const broken = { version: 2000, name: 'broken', sql: 'CREATE TABLE half (x); THIS IS NOT SQL' };
  assert.throws(() => openDatabase(file, { migrations: [...MIGRATIONS.slice(0, 1), broken] }), /syntax error/);
  const again = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
  assert.equal(schemaVersion(again), 1);
  assert.equal(again.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get(), undefined);
  assert.deepEqual(again.prepare('SELECT value FROM settings').all(), [{ value: 'yes' }]);
  again.close();
});

test('the library folder comes from --library, then LECTERN_LIBRARY, then the app folder', () => {
  assert.deepEqual(takeLibraryFlag(['--library', '/a', 'list']), { dir: '/a', rest: ['list'] });
  assert.deepEqual(takeLibraryFlag(['list', '--library=/b']), { dir: '/b', rest: ['list'] });
  assert.throws(() => takeLibraryFlag(['--library']), /needs a folder/);
  assert.equal(resolveLibraryDir('/flag', { LECTERN_LIBRARY: '/env' }, '/default'), '/flag');
  assert.equal(resolveLibraryDir(null, { LECTERN_LIBRARY: '/env' }, '/default'), '/env');
  assert.equal(resolveLibraryDir(null, {}, '/default'), '/default');
  assert.equal(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/u'), path.join('/cfg', 'Lectern'));
  assert.equal(defaultUserDataDir('linux', {}, '/home/u'), path.join('/home/u', '.config', 'Lectern'));
  assert.equal(defaultUserDataDir('darwin', {}, '/Users/u'), path.join('/Users/u', 'Library', 'Application Support', 'Lectern'));
});

test('place bookmarks: add, list in document order, rename, delete, and go with their article', async () => {
  const { fixture } = await import('../helpers');
  const lib = Library.open(tempDir());
  const r = await lib.importer.importItems([fixture('essay.txt'), fixture('digest.txt')]);
  const [a, b] = r.imported.map((x) => x.id) as [number, number];
  const now = new Date().toISOString();
  const second = lib.bookmarks.add(a, 1, '  the rooks  ', now)!;
  lib.bookmarks.add(a, 0, '', now);
  lib.bookmarks.add(b, 0, 'harbour', now);
  assert.equal(lib.bookmarks.add(9999, 0, 'nowhere', now), null);
  assert.deepEqual(lib.bookmarks.list(a).map((x) => [x.block, x.label, x.articleTitle]), [[0, '', 'On Walking Home'], [1, 'the rooks', 'On Walking Home']]);
  assert.equal(lib.bookmarks.list().length, 3);
  assert.equal(lib.bookmarks.rename(second.id, 'rooks and weir')!.label, 'rooks and weir');
  assert.equal(lib.bookmarks.delete(second.id), true);
  assert.equal(lib.bookmarks.delete(second.id), false);
  lib.db.prepare('DELETE FROM articles WHERE id = ?').run(a);
  assert.deepEqual(lib.bookmarks.list().map((x) => x.label), ['harbour']);
  lib.close();
});

test("the sidebar's counts read an index of state and star, not every article row", () => {
  const lib = Library.open(tempDir());
  const asked: string[] = [];
  const prepare = lib.db.prepare.bind(lib.db);
  lib.db.prepare = ((sql: string) => (asked.push(sql), prepare(sql))) as typeof lib.db.prepare;
  assert.equal(lib.articles.counts().articles, 0);
  lib.db.prepare = prepare;
  assert.equal(asked.length, 1);
  const plan = (lib.db.prepare(`EXPLAIN QUERY PLAN ${asked[0]}`).all() as { detail: string }[]).map((r) => r.detail);
  assert.ok(plan.includes('SCAN articles USING COVERING INDEX articles_state_starred'), plan.join('\n'));
  lib.close();
});
