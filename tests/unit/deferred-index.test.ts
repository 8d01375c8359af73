/**
 * Indexing held back to a group's commit (search/schema.ts, DEFERRED_INDEXING): what each article
 * write promised still holds — all or nothing, index and articles agreeing at every commit.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Library } from '../../main/node/library/library';
import { checkSearchIndex, DEFERRED_INDEXING, verifySearchIndex } from '../../main/node/search/schema';
import type { NewArticle } from '../../main/node/store/articles';
import { BatchWriter } from '../../main/node/store/batch-writer';
import { openTempLibrary, tempDir } from '../helpers';

const NOW = '2026-11-30T07:00:00.000Z';

function article(title: string, text: string): NewArticle {
  return {
    url: null, canonicalUrl: null, contentHash: createHash('sha256').update(`${title}\n${text}`).digest('hex'), title, author: null, site: null,
    publishedAt: null, lang: null, excerpt: null, html: `<p>${text}</p>`, text, wordCount: text.split(' ').length,
  };
}

const found = (lib: Library, q: string) => lib.search.search(q, { limit: 20 }).results.map((r) => r.title).sort();
const count = (lib: Library, sql: string) => (lib.db.prepare(sql).get() as { n: number }).n;

test('a group indexes its articles at its commit: once each, as they are then, and none that failed', () => {
  const lib = openTempLibrary();
  const writer = new BatchWriter<string>(lib.db, { articles: 100, ms: 60_000 }, DEFERRED_INDEXING);
  const mill = writer.write('mill', (tx) => lib.articles.insert(tx, article('The old mill', 'Grain was ground at the mill by the weir.'), null, NOW));
  const ferry = writer.write('ferry', (tx) => lib.articles.insert(tx, article('The night ferry', 'A ferry crossing in fog.'), null, NOW));
  assert.throws(
    () =>
      writer.write('broken', (tx) => {
        lib.articles.insert(tx, article('Half an article', 'A lighthouse keeper wrote this.'), null, NOW);
        throw new Error('the write failed half-way');
      }),
    /half-way/,
  );
  // Changed before the commit: tagged (which indexes it at once), given a newer text.
  writer.write('tag', (tx) => lib.tags.add(tx, [mill], 'rivers'));
  writer.write('newer', (tx) => lib.articles.replaceContent(tx, ferry, article('The night ferry', 'A ferry crossing under stars.'), NOW));

  assert.equal(lib.db.inTransaction, true);
  assert.deepEqual(lib.db.prepare('SELECT article_id FROM search_pending ORDER BY 1').all(), [0, mill, ferry].map((article_id) => ({ article_id })));
  assert.equal(writer.flush(), null);

  assert.equal(count(lib, 'SELECT count(*) AS n FROM search_pending'), 0);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  assert.equal(count(lib, 'SELECT count(*) AS n FROM search_index_docsize'), 2);
  assert.equal(count(lib, 'SELECT count(*) AS n FROM search_words_docsize'), 2);
  assert.equal(count(lib, 'SELECT count(*) AS n FROM search_fields_docsize'), 2);
  // The index of titles and tags has the tag added and the title as it was when the group committed.
  assert.deepEqual(lib.db.prepare("SELECT rowid AS id FROM search_fields WHERE search_fields MATCH 'tags : rivers OR title : night'").all(), [mill, ferry].sort((a, b) => a - b).map((id) => ({ id })));
  assert.deepEqual(found(lib, 'weir'), ['The old mill']);
  assert.deepEqual(found(lib, 'rivers'), ['The old mill']);
  assert.deepEqual(found(lib, 'stars'), ['The night ferry']);
  assert.deepEqual(found(lib, 'fog'), []);
  assert.deepEqual(found(lib, 'lighthouse'), []);
  assert.deepEqual(found(lib, 'the'), ['The night ferry', 'The old mill']);
  // Deleted, nothing of them is left in either index.
  lib.db.prepare('DELETE FROM articles WHERE id IN (?, ?)').run(mill, ferry);
  for (const [table, word] of [['search_index', 'weir'], ['search_index', 'rivers'], ['search_index', 'stars'], ['search_fields', 'rivers'], ['search_fields', 'ferry'], ['search_words', 'weir'], ['search_words', 'stars']]) {
    assert.deepEqual(lib.db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`).all(word), [], `${word} in ${table}`);
  }
  // Outside a group, a body is indexed as it is written.
  lib.db.transaction(() => lib.articles.insert(lib.db as never, article('A quarry', 'Granite from the quarry.'), null, NOW))();
  assert.deepEqual(found(lib, 'granite'), ['A quarry']);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  lib.close();
});

test('a group whose commit fails takes its queue back with its articles', () => {
  const lib = openTempLibrary();
  const writer = new BatchWriter<string>(lib.db, { articles: 100, ms: 60_000 }, DEFERRED_INDEXING);
  writer.write('kept', (tx) => lib.articles.insert(tx, article('Kept', 'An orchard of pears.'), null, NOW));
  assert.equal(writer.flush(), null);
  writer.write('lost', (tx) => lib.articles.insert(tx, article('Lost', 'A meadow of clover.'), null, NOW));
  // A deferred constraint fails only at COMMIT, after the queue was indexed.
  lib.db.exec('CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY); CREATE TEMP TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
  writer.write('bad', () => lib.db.prepare('INSERT INTO child (p) VALUES (1)').run());
  assert.deepEqual(writer.flush()?.keys, ['lost', 'bad']);
  assert.equal(count(lib, 'SELECT count(*) AS n FROM search_pending'), 0);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  assert.deepEqual(found(lib, 'clover'), []);
  assert.deepEqual(found(lib, 'pears'), ['Kept']);
  lib.close();
});

test('a queue left committed is found at open and the index rebuilt', () => {
  const dir = tempDir();
  let lib = Library.open(dir);
  lib.db.prepare('INSERT INTO search_pending(article_id) VALUES (0)').run();
  lib.db.transaction(() => lib.articles.insert(lib.db as never, article('Held back', 'A lantern in the window.'), null, NOW))();
  assert.deepEqual(found(lib, 'lantern'), []);
  assert.equal(checkSearchIndex(lib.db).ok, false);
  lib.close();
  lib = Library.open(dir);
  assert.match(lib.repairedIndex!, /waiting to be indexed/);
  assert.deepEqual(found(lib, 'lantern'), ['Held back']);
  assert.equal(count(lib, 'SELECT count(*) AS n FROM search_pending'), 0);
  lib.close();
});

const mergeOptions = (lib: Library, table: string) =>
  Object.fromEntries((lib.db.prepare(`SELECT k, v FROM ${table}_config WHERE k IN ('automerge', 'crisismerge')`).all() as { k: string; v: number }[]).map((r) => [r.k, r.v]));
const segments = (lib: Library, table: string) => count(lib, `SELECT count(DISTINCT segid) AS n FROM ${table}_idx`);
const INDEXES = ['search_index', 'search_fields', 'search_words'];

/** A run of `groups` groups of one article each, its last committed; `finish` not called. */
function runOfGroups(lib: Library, writer: BatchWriter<string>, groups: number, seen: (group: number) => void = () => {}) {
  for (let i = 0; i < groups; i++) {
    writer.write(`a${i}`, (tx) => lib.articles.insert(tx, article(`Article ${i}`, `Harbour ${i} notes: word${i} and the tide.`), null, NOW));
    seen(i + 1);
    assert.equal(writer.flush(), null);
  }
}

test('a bulk run leaves its segments unmerged, then merges them once and sets the merge options back', async () => {
  const lib = openTempLibrary();
  const writer = new BatchWriter<string>(lib.db, { articles: 1, ms: 60_000 }, DEFERRED_INDEXING);
  runOfGroups(lib, writer, 24, (group) => {
    // Set with the second group, in its transaction: a group rolled back would take them back.
    for (const t of INDEXES) assert.deepEqual(mergeOptions(lib, t), group < 2 ? {} : { automerge: 64, crisismerge: 128 }, `${t} in group ${group}`);
  });
  for (const t of INDEXES) assert.ok(segments(lib, t) >= 20, `${t}: ${segments(lib, t)} segments, none merged`);
  let commits = 0;
  // Other work has its turns while the run's segments are merged.
  let turns = 0;
  let merging = true;
  const turn = () => {
    turns++;
    if (merging) setImmediate(turn);
  };
  setImmediate(turn);
  assert.equal(await writer.finish(() => commits++), null);
  merging = false;
  assert.ok(turns >= INDEXES.length, `${turns} turns of the event loop during the merge`);
  for (const t of INDEXES) {
    assert.deepEqual(mergeOptions(lib, t), { automerge: 4, crisismerge: 16 });
    assert.ok(segments(lib, t) <= 3, `${t}: ${segments(lib, t)} segments after the run`);
  }
  assert.ok(commits >= 1 + INDEXES.length, `the checkpoints were told of ${commits} commits`);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  assert.deepEqual(found(lib, 'word17'), ['Article 17']);
  assert.equal(lib.search.search('tide', { limit: 50 }).results.length, 24);
  lib.close();
});

test('a run of one group sets no option; a bulk run cut short has its options set back at the next open', async () => {
  const dir = tempDir();
  let lib = Library.open(dir);
  const single = new BatchWriter<string>(lib.db, { articles: 10, ms: 60_000 }, DEFERRED_INDEXING);
  single.write('one', (tx) => lib.articles.insert(tx, article('One', 'A single group.'), null, NOW));
  assert.equal(await single.finish(() => {}), null);
  for (const t of INDEXES) assert.deepEqual(mergeOptions(lib, t), {});
  // Cut short: the process dies before the run's end (no finish).
  runOfGroups(lib, new BatchWriter<string>(lib.db, { articles: 1, ms: 60_000 }, DEFERRED_INDEXING), 3);
  lib.db.close();
  lib = Library.open(dir);
  assert.equal(lib.repairedIndex, null);
  for (const t of INDEXES) assert.deepEqual(mergeOptions(lib, t), { automerge: 4, crisismerge: 16 });
  assert.deepEqual(found(lib, 'word2'), ['Article 2']);
  lib.close();
});
