import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Library } from '../../main/node/library/library';
import { checkLibrary } from '../../main/node/library/safety';
import { addArticle, syncPair } from '../sync-helpers';
import { openTempLibrary } from '../helpers';

const NOW = '2026-11-26T12:00:00.000Z';

/** What a user sees of a library, by article URL (ids differ between computers). */
function view(lib: Library): unknown {
  return lib.articles.list('all', { sort: 'title' }).map((a) => {
    const full = lib.articles.get(a.id)!;
    return {
      title: a.title, url: full.url, state: a.state, starred: a.starred, tags: a.tags, progress: full.progress, position: full.position,
      text: lib.articles.text(a.id),
      annotations: lib.annotations.list({ articleId: a.id }).map((n) => ({ uuid: n.uuid, color: n.color, note: n.note, exact: n.exact, start: n.start, end: n.end, tags: n.tags })),
      bookmarks: lib.bookmarks.list(a.id).map((b) => ({ block: b.block, label: b.label })),
    };
  });
}

function highlight(lib: Library, id: number, words: string, note = '') {
  const text = lib.articles.text(id)!;
  const start = text.indexOf(words);
  assert.ok(start >= 0, `"${words}" is in article ${id}`);
  return lib.annotations.add({ articleId: id, color: 'yellow', exact: words, start, end: start + words.length, note }, NOW)!;
}

const idOf = (lib: Library, url: string) => lib.articles.findByUrl(url)!;

test('a library joined by an empty one arrives whole, and later edits travel both ways', async () => {
  const a = openTempLibrary();
  const b = openTempLibrary();
  const one = addArticle(a, 'The old mill', 'The old mill turned grain into flour until the river changed its course.', 'https://example.org/mill');
  addArticle(a, 'Night buses', 'The late bus changing gear on the hill woke the whole street every night.', 'https://example.org/bus');
  a.edits.apply([one], { kind: 'tag', tag: 'history' }, NOW);
  highlight(a, one, 'grain into flour', 'bread');
  await syncPair(a, b);
  assert.deepEqual(view(b), view(a));
  assert.equal(b.articles.counts().articles, 2);

  b.edits.apply([idOf(b, 'https://example.org/bus')], { kind: 'star', starred: true }, NOW);
  a.edits.apply([one], { kind: 'state', state: 'archived' }, NOW);
  await syncPair(a, b);
  assert.deepEqual(view(b), view(a));
  assert.equal(a.articles.summary(idOf(a, 'https://example.org/bus'))!.starred, true);
  assert.equal(b.articles.summary(idOf(b, 'https://example.org/mill'))!.state, 'archived');
  assert.equal(a.db.prepare('SELECT count(*) FROM sync_pending').pluck().get(), 0);
  assert.deepEqual(checkLibrary(a), { ok: true, problems: [] });
  assert.deepEqual(checkLibrary(b), { ok: true, problems: [] });
  a.close();
  b.close();
});
