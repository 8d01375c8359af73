import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Library } from '../../main/node/library/library';
import { rebuildSearchIndex } from '../../main/node/search/schema';
import { openDatabase } from '../../main/node/store/database';
import type { Db } from '../../main/node/store/db';
import { MIGRATIONS } from '../../main/node/store/migrations';
import { ROOT, tempDir } from '../helpers';

const NOW = '2026-11-26T12:00:00.000Z';
const MIGRATIONS_DIR = path.join(ROOT, 'main/node/store/migrations');

/**
 * The SHA-256 of each shipped migration's SQL. A migration is never edited once shipped, since
 * libraries already upgraded by it would differ from new ones: if this test fails because a
 * migration changed, undo the change and add the next migration instead. A new migration adds
 * its line here when it ships.
 */
const SHIPPED: Record<number, string> = {
  1: 'cbe6842047c0005a138dccbafcaf4171ce617f5be8cab2bc5b6764c7c6ea85fc',
  2: 'c8b482ad1e8f3b065a2be09f5d527067134794e0e7f05394180d42aa79a79b7f',
  3: '49be015043ce20b7e3b2466499b8c5a9b809f14900c8a5ec7ec5f523f063b075',
  4: '770d04fbae8a38f9f0a22b4f4c360180e81603b5c329250134bce4eb5fdfdb27',
  5: 'abfd6f8bc0269cafe6292a7d0c848c8a6fc3eab2858533cbe500b035c818a93f',
  6: '74b39638669cc6f5e2305c8d3d80ee861e19d97e650c97ba87e5e0ec4d89836a',
  7: '5ae3422d32aa338451fb1fd49638b817ebb547363715f84689bcd89ca9409140',
  8: '5ceb8e339c2bac1932566bd60fecabcbc16e4213a75a1add87333f58062d648e',
  9: 'fc348efdca07c4d80402bd005752bafd19eb35bec0189ac127ae0dee1cd30480',
  10: 'f772a16e1638739cd86d1785d1ff30217c8a380a823ebd2bf1a1a5880ae9ca67',
  11: '89d40e6e48c9fbd60e13e1a14442787fa284f69c9bc20a533b12e39b5589e12f',
  12: 'e9e5150214cb1372266dcc14ba46210080499c6e53aa38e900d3c09f3f8e550e',
  13: 'ee5d8ec4e4a8e74e9805dd125b7ccbaadc32dba29d45fe56e366c13896fba1b2',
  14: '8380c06d436a8b9c58af540ebc599008c1333102882547e1a190ed766f08b23c',
  15: 'b3e89e5a097ee870848259700c4dfeaaed6cf594f947b98187949aaa44c14e84',
  16: 'd4e8f5b6f9737a1351f6ab9c327aa21fa207482d4d5014b67867660d54fba43d',
  17: '02034f29a2a6e87db25e03d980611e2fe09b1374d6f582cee9b805f8dae687c1',
  18: 'ae9f269fbb2bebf429666f493e3a75df5261c00be7e622e2771e742afd2ebd6b',
  19: 'b2ef57e5ff6132222bce4e14f3b77c0855c60b65ac58708941cb316486a8d278',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The schema as SQLite keeps it; where a table's pages happen to lie is no part of it. */
function schema(db: Db): unknown[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
}

/** Articles as version 1 stored them: the same rows go into a version 1 file and a new one. */
function addVersion1Articles(db: Db): void {
  db.prepare(`INSERT INTO sources (id, kind, name, intro, imported_at) VALUES (1, 'digest', 'Weekly digest', 'Seven days of news.', ?)`).run(NOW);
  const article = db.prepare(
    `INSERT INTO articles (id, url, canonical_url, content_hash, title, author, site, source_id, saved_at, word_count, state, starred, progress, updated_at)
     VALUES (@id, @url, @url, @hash, @title, @author, 'example.org', @source, @saved, @words, @state, @starred, 0.5, @saved)`,
  );
  const body = db.prepare('INSERT INTO article_bodies (article_id, html, text) VALUES (?, ?, ?)');
  const articles = [
    { id: 1, title: 'The old mill by the river', author: 'Ann Lee', state: 'unread', starred: 0, text: 'The old mill turned grain into flour until the river changed its course.' },
    { id: 2, title: 'Night buses of the north', author: null, state: 'read', starred: 1, text: 'The late bus changing gear on the hill woke the whole street every night.' },
    { id: 3, title: 'Archived: a winter harvest', author: 'Bo Chen', state: 'archived', starred: 0, text: 'Winter wheat is sown in autumn and harvested when the days grow long.' },
  ];
  for (const [i, a] of articles.entries()) {
    article.run({ ...a, url: `https://example.org/${a.id}`, hash: sha256(a.text), source: a.id === 3 ? null : 1, saved: `2026-11-0${i + 1}T08:00:00.000Z`, words: a.text.split(' ').length });
    body.run(a.id, `<p>${a.text}</p>`, a.text);
  }
  db.prepare(`INSERT INTO settings (key, value) VALUES ('theme', 'dark')`).run();
}

/** What a user does after the upgrade, done the same way to both libraries. */
function useLibrary(lib: Library): void {
  lib.edits.apply([1, 2], { kind: 'tag', tag: 'history' }, NOW);
  lib.edits.apply([3], { kind: 'tag', tag: 'farming' }, NOW);
  lib.edits.apply([1], { kind: 'star', starred: true }, NOW);
  const text = lib.articles.text(1)!;
  const start = text.indexOf('old mill');
  lib.annotations.add({ articleId: 1, color: 'green', exact: 'old mill', start, end: start + 8, note: 'grain and flour', tags: ['places'] }, NOW);
  lib.bookmarks.add(2, 0, 'the bus', NOW);
  lib.tags.rename(lib.tags.list().find((t) => t.name === 'farming')!.id, 'agriculture');
}

/** Everything the user sees of a library: lists, articles, search, annotations, tags. */
function answers(lib: Library): unknown {
  const search = (q: string) => lib.search.search(q, { limit: 50 });
  return {
    list: (['inbox', 'all', 'starred', 'archive'] as const).map((view) => lib.articles.list(view)),
    articles: [1, 2, 3].map((id) => lib.articles.get(id)),
    counts: lib.articles.counts(),
    sources: lib.articles.sources(),
    search: ['mill', 'river grain', 'histry', 'agriculture', 'title:bus', 'harvest*', 'Ann'].map(search),
    // The uuid is made at random when an annotation is added.
    annotations: lib.annotations.list().map(({ uuid: _uuid, ...a }) => a),
    notebook: lib.annotations.list({ query: 'flour' }).map((a) => a.id),
    tags: lib.tags.list(),
    bookmarks: lib.bookmarks.list(),
    settings: lib.settings.get('theme'),
  };
}

test('a library upgraded from version 1 has the same schema and gives the same answers as a new one', () => {
  const old = tempDir();
  const v1 = openDatabase(path.join(old, 'library.sqlite'), { migrations: MIGRATIONS.slice(0, 1) });
  addVersion1Articles(v1);
  v1.close();
  const upgraded = Library.open(old);
  const fresh = Library.open(tempDir());
  addVersion1Articles(fresh.db);

  assert.deepEqual(schema(upgraded.db), schema(fresh.db));
  useLibrary(upgraded);
  useLibrary(fresh);
  const seen = answers(upgraded);
  assert.deepEqual(seen, answers(fresh));
  // Not two empty answers agreeing: the data and what was done with it are there.
  assert.equal((seen as { articles: unknown[] }).articles.filter(Boolean).length, 3);
  assert.deepEqual(upgraded.search.search('agriculture').results.map((r) => r.id), [3]);
  assert.deepEqual(upgraded.annotations.list({ query: 'flour' }).length, 1);
  upgraded.close();
  fresh.close();
});

/**
 * BM25 scores depend on the index's history as well as its rows: once a row has been deleted
 * and written again (as a tag change does), FTS5 scores it otherwise than a fresh build would.
 * A rebuilt index finds the same articles, in the same order, with other scores.
 */
const withoutScores = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v) => (key === 'score' ? undefined : v)));

test('repairing the search index builds exactly what the migrations built', () => {
  const lib = Library.open(tempDir());
  addVersion1Articles(lib.db);
  useLibrary(lib);
  const migrated = schema(lib.db);
  const before = withoutScores(answers(lib));
  rebuildSearchIndex(lib.db);
  assert.deepEqual(schema(lib.db), migrated);
  assert.deepEqual(withoutScores(answers(lib)), before);
  lib.close();
});

test('shipped migrations are numbered in order, written out, and never edited', () => {
  // No gaps: a library upgraded past a missing number would never run the migration added there later.
  assert.deepEqual(MIGRATIONS.map((m) => m.version), MIGRATIONS.map((_, i) => i + 1));
  assert.deepEqual(Object.keys(SHIPPED).map(Number), MIGRATIONS.map((m) => m.version), 'each shipped migration has its hash recorded');
  for (const m of MIGRATIONS) assert.equal(sha256(m.sql), SHIPPED[m.version], `migration ${m.version} (${m.name}) was edited`);

  // One file a migration, named for its number, that imports nothing: no live constant can change it.
  const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f !== 'index.ts').sort();
  assert.deepEqual(files.map((f) => Number(f.slice(0, 3))), MIGRATIONS.map((m) => m.version));
  for (const f of files) assert.doesNotMatch(fs.readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8'), /^\s*import\b|\$\{/m, f);
});
