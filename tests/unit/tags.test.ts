import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../main/node/store/database';
import { MIGRATIONS } from '../../main/node/store/migrations';
import { Library } from '../../main/node/library/library';
import { checkSearchIndex, verifySearchIndex } from '../../main/node/search/schema';
import { fixture, openTempLibrary, snapshot, tempDir } from '../helpers';

const NOW = '2026-11-26T12:00:00.000Z';

async function library(): Promise<{ lib: Library; ids: number[] }> {
  const lib = openTempLibrary();
  const report = await lib.importer.importItems([fixture('digest.txt'), fixture('essay.txt'), fixture('note.md')]);
  return { lib, ids: report.imported.map((a) => a.id) };
}

const hits = (lib: Library, query: string) => lib.search.search(query, { limit: 50 }).results.map((r) => r.id).sort((a, b) => a - b);

test('tags: added to many, listed, filtered, searched, and gone from the index when removed', async () => {
  const { lib, ids } = await library();
  const [a, b, c] = ids as [number, number, number];
  lib.edits.apply([a, b], { kind: 'tag', tag: 'Zeitgeist' }, NOW);
  lib.edits.apply([b, c], { kind: 'tag', tag: 'later' }, NOW);
  assert.deepEqual(lib.tags.list().map((t) => [t.name, t.articles]), [['later', 2], ['Zeitgeist', 2]]);
  assert.deepEqual(lib.articles.summary(b)!.tags, ['later', 'Zeitgeist']);
  assert.deepEqual(lib.articles.list('all', { tag: 'zeitgeist' }).map((x) => x.id).sort(), [a, b].sort());
  // Tags are searched as words, by field, and as a filter.
  assert.deepEqual(hits(lib, 'zeitgeist'), [a, b]);
  assert.deepEqual(hits(lib, 'tags:zeitgeist'), [a, b]);
  assert.deepEqual(lib.search.search('the', { limit: 50, filters: { tag: 'later' } }).results.map((r) => r.id).sort(), [b, c].sort());
  lib.edits.apply([a], { kind: 'untag', tag: 'zeitgeist' }, NOW);
  assert.deepEqual(hits(lib, 'zeitgeist'), [b]);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  lib.close();
});

test('renaming a tag to another tag’s name merges them; deleting a tag leaves its articles', async () => {
  const { lib, ids } = await library();
  const [a, b, c] = ids as [number, number, number];
  lib.edits.apply([a, b], { kind: 'tag', tag: 'Essays' }, NOW);
  lib.edits.apply([b, c], { kind: 'tag', tag: 'long reads' }, NOW);
  const essays = lib.tags.list().find((t) => t.name === 'Essays')!;
  const long = lib.tags.list().find((t) => t.name === 'long reads')!;

  const renamed = lib.tags.rename(essays.id, 'Prose');
  assert.deepEqual(renamed, { tag: { id: essays.id, name: 'Prose', articles: 2, annotations: 0 }, merged: false });
  assert.deepEqual(hits(lib, 'prose'), [a, b]);
  assert.deepEqual(hits(lib, 'tags:essays'), []);

  const merged = lib.tags.rename(long.id, 'PROSE');
  assert.equal(merged.merged, true);
  assert.deepEqual(lib.tags.list().map((t) => [t.name, t.articles]), [['Prose', 3]]);
  assert.deepEqual(hits(lib, 'prose'), [a, b, c]);
  assert.deepEqual(hits(lib, 'tags:reads'), []);

  assert.equal(lib.tags.delete(essays.id), true);
  assert.deepEqual(lib.tags.list(), []);
  assert.deepEqual(hits(lib, 'prose'), []);
  assert.equal(lib.articles.counts().articles, ids.length);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  lib.close();
});

test('bulk archive, star and tag are undone to exactly what was there', async () => {
  const { lib, ids } = await library();
  lib.edits.apply([ids[0]!], { kind: 'state', state: 'read' }, NOW);
  lib.edits.apply([ids[1]!], { kind: 'tag', tag: 'keep' }, NOW);
  const before = snapshot(lib);
  const tagsBefore = lib.db.prepare('SELECT * FROM article_tags ORDER BY article_id').all();
  const undos = [
    lib.edits.apply(ids, { kind: 'state', state: 'archived' }, NOW),
    lib.edits.apply(ids, { kind: 'star', starred: true }, NOW),
    lib.edits.apply(ids, { kind: 'tag', tag: 'bulk' }, NOW),
    lib.edits.apply(ids, { kind: 'untag', tag: 'keep' }, NOW),
  ];
  assert.equal(lib.articles.counts().archive, ids.length);
  assert.deepEqual(undos.map((u) => u.changed), [ids.length, ids.length, ids.length, 1]);
  for (const u of undos.reverse()) assert.equal(lib.edits.undo(u.undoId), ids.length);
  assert.deepEqual(snapshot(lib), before);
  assert.deepEqual(lib.db.prepare('SELECT * FROM article_tags ORDER BY article_id').all(), tagsBefore);
  assert.equal(lib.edits.undo(undos[0]!.undoId), null, 'an undo is used once');
  lib.close();
});

test('a bulk delete takes articles, bodies, tags, places and index entries; undo brings all back', async () => {
  const { lib, ids } = await library();
  lib.edits.apply(ids, { kind: 'tag', tag: 'gone' }, NOW);
  lib.bookmarks.add(ids[0]!, 2, 'here', NOW);
  const before = snapshot(lib);
  const searched = hits(lib, 'gone');
  const { changed, undoId } = lib.edits.apply(ids.slice(0, 2), { kind: 'delete' }, NOW);
  assert.equal(changed, 2);
  assert.equal(lib.articles.counts().articles, ids.length - 2);
  assert.deepEqual(lib.bookmarks.list(), []);
  assert.deepEqual(hits(lib, 'gone'), ids.slice(2).sort((a, b) => a - b));
  assert.deepEqual(checkSearchIndex(lib.db), { ok: true });

  assert.equal(lib.edits.undo(undoId), 2);
  assert.deepEqual(snapshot(lib), before);
  assert.equal(lib.bookmarks.list()[0]!.label, 'here');
  assert.deepEqual(hits(lib, 'gone'), searched);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  lib.close();
});

test('a library from before tags migrates: its articles keep their index and can be tagged', () => {
  const v4 = tempDir();
  const db = openDatabase(`${v4}/library.sqlite`, { migrations: MIGRATIONS.filter((m) => m.version <= 4) });
  db.prepare(`INSERT INTO articles (id, content_hash, title, saved_at, word_count, updated_at) VALUES (1, 'h', 'Old article', ?, 3, ?)`).run(NOW, NOW);
  db.prepare(`INSERT INTO article_bodies (article_id, html, text) VALUES (1, '<p>kept old words</p>', 'kept old words')`).run();
  db.close();
  const migrated = Library.open(v4);
  assert.deepEqual(checkSearchIndex(migrated.db), { ok: true });
  assert.deepEqual(hits(migrated, 'kept'), [1]);
  migrated.edits.apply([1], { kind: 'tag', tag: 'vintage' }, NOW);
  assert.deepEqual(hits(migrated, 'vintage'), [1]);
  assert.deepEqual(verifySearchIndex(migrated.db), { ok: true });
  migrated.close();
});
