import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import type { Library } from '../../main/node/library/library';
import { FIXTURES, openTempLibrary, snapshot } from '../helpers';

const migrate = (name: string) => ({ name, bytes: fs.readFileSync(path.join(FIXTURES, 'migrate', name)) });

function byUrl(lib: Library) {
  const rows = lib.db.prepare('SELECT id, url, title, state, starred, saved_at AS savedAt, progress, link_only AS linkOnly FROM articles').all() as { id: number; url: string; title: string; state: string; starred: number; savedAt: string; progress: number; linkOnly: number }[];
  return new Map(rows.map((r) => [r.url, { ...r, tags: lib.articles.summary(r.id)!.tags, annotations: lib.annotations.list({ articleId: r.id }) }]));
}

test('Pocket ril_export.html: Unread and Read Archive, time_added, tags; a bad link is named', async () => {
  const lib = openTempLibrary();
  const report = await lib.importer.importItems([migrate('ril_export.html')]);
  assert.equal(report.imported.length, 3);
  assert.deepEqual(report.failed, [{ item: 'ril_export.html: A bad link', code: 'IMPORT_FAILED', reason: 'its link is not a web address' }]);
  const a = byUrl(lib);
  const slow = a.get('https://essays.example/slow-reading')!;
  assert.deepEqual([slow.title, slow.state, slow.savedAt, slow.tags, slow.linkOnly], ['On Slow Reading', 'unread', '2021-01-01T00:00:00.000Z', ['essays', 'reading'], 1]);
  assert.equal(a.get('https://news.example/2021/01/rivers')!.title, 'https://news.example/2021/01/rivers');
  assert.equal(a.get('https://blog.example/notes-in-margins')!.state, 'archived');
  lib.close();
});

test('Pocket CSV: tags split on |, status, quoted cells; a row without a URL fails alone', async () => {
  const lib = openTempLibrary();
  const report = await lib.importer.importItems([migrate('pocket.csv')]);
  assert.equal(report.imported.length, 2);
  assert.match(report.failed[0]!.item, /pocket\.csv: row 4 \(No link\)/);
  const a = byUrl(lib);
  assert.deepEqual(a.get('https://essays.example/slow-reading')!.tags, ['essays', 'reading']);
  assert.equal(a.get('https://blog.example/commas')!.title, 'Commas, quotes "and" more');
  assert.equal(a.get('https://blog.example/commas')!.state, 'archived');
  lib.close();
});

test('Instapaper CSV, new and old columns: Starred, Archive, a folder as a tag, JSON tags, the selection as a highlight', async () => {
  const lib = openTempLibrary();
  const report = await lib.importer.importItems([migrate('instapaper.csv'), migrate('instapaper-old.csv')]);
  assert.equal(report.imported.length, 4);
  const a = byUrl(lib);
  const slow = a.get('https://essays.example/slow-reading')!;
  assert.deepEqual([slow.starred, slow.state, slow.tags], [1, 'unread', ['desk', 'reading']]);
  assert.deepEqual(slow.annotations.map((x) => [x.exact, x.orphaned]), [['It is slow on purpose.', true]], 'kept, waiting for the text');
  assert.equal(a.get('https://blog.example/notes-in-margins')!.state, 'archived');
  assert.deepEqual(a.get('https://news.example/rivers')!.tags, ['Geography']);
  assert.equal(a.get('https://essays.example/old-format')!.state, 'unread');
  lib.close();
});

test('Readwise Reader CSV: location, seen, reading progress, document tags', async () => {
  const lib = openTempLibrary();
  await lib.importer.importItems([migrate('readwise.csv')]);
  const a = byUrl(lib);
  const slow = a.get('https://essays.example/slow-reading')!;
  assert.deepEqual([slow.state, slow.progress, slow.tags, slow.savedAt], ['read', 0.45, ['desk', 'reading'], '2021-01-01T00:00:00.000Z']);
  assert.equal(a.get('https://blog.example/notes-in-margins')!.state, 'archived');
  assert.equal(a.get('https://blog.example/shortlisted')!.starred, 1);
  lib.close();
});

test('Wallabag JSON: content sanitized and kept, archived and starred, tags, annotations anchored (or kept as orphans)', async () => {
  const lib = openTempLibrary();
  const report = await lib.importer.importItems([migrate('wallabag.json')]);
  assert.equal(report.imported.length, 2);
  assert.deepEqual(report.failed, [{ item: 'wallabag.json: Neither url nor content', code: 'IMPORT_FAILED', reason: 'it has neither a web address nor content' }]);
  const a = byUrl(lib);
  const quiet = a.get('https://fieldnotes.example/essays/reading-slowly')!;
  assert.deepEqual([quiet.state, quiet.starred, quiet.linkOnly, quiet.tags], ['archived', 1, 0, ['desk', 'reading']]);
  assert.doesNotMatch(lib.articles.get(quiet.id)!.html, /onerror/);
  const [found, orphan] = quiet.annotations;
  assert.equal(lib.articles.text(quiet.id)!.slice(found!.start, found!.end), 'It is slow on purpose.');
  assert.deepEqual([found!.note, orphan!.orphaned, orphan!.note], ['The whole point', true, 'kept anyway']);
  assert.equal(a.get('https://news.example/rivers')!.linkOnly, 1);
  lib.close();
});

test('Omnivore ZIP: metadata, content, highlights with notes, labels, state and progress; a zip bomb is refused whole', async () => {
  const lib = openTempLibrary();
  const zip = zipSync({
    'metadata_0_to_2.json': strToU8(JSON.stringify([
      { id: '1', slug: 'reading-slowly', title: 'Reading Slowly', author: 'Ada Marsh', url: 'https://fieldnotes.example/essays/reading-slowly', state: 'Archived', labels: ['essays', { name: 'desk' }], savedAt: '2023-05-01T10:00:00.000Z', readingProgress: 60 },
      { id: '2', slug: 'link-only', title: 'Just a link', url: 'https://news.example/rivers', state: 'Succeeded', labels: [], savedAt: '2023-05-02T10:00:00.000Z', readingProgress: 0 },
      { id: '3', slug: 'broken', title: 'Broken', url: 'ftp://nowhere', state: 'Succeeded' },
    ])),
    'content/reading-slowly.html': strToU8('<div><p>There is a kind of reading that happens only at a desk. It is slow on purpose.</p><p>Slow reading is not a technique so much as a permission.</p></div>'),
    'highlights/reading-slowly.md': strToU8('> It is slow on purpose.\n\nWhy it works\n\n> Slow reading is not a technique\n'),
  });
  const report = await lib.importer.importItems([{ name: 'omnivore-export.zip', bytes: zip }]);
  assert.equal(report.imported.length, 2);
  assert.deepEqual(report.failed, [{ item: 'omnivore-export.zip: Broken', code: 'IMPORT_FAILED', reason: 'it has neither a web address nor content' }]);
  const a = byUrl(lib);
  const r = a.get('https://fieldnotes.example/essays/reading-slowly')!;
  assert.deepEqual([r.state, r.progress, r.tags, r.savedAt, r.linkOnly], ['archived', 0.6, ['desk', 'essays'], '2023-05-01T10:00:00.000Z', 0]);
  assert.deepEqual(r.annotations.map((x) => [x.exact, x.note, x.orphaned]), [['It is slow on purpose.', 'Why it works', false], ['Slow reading is not a technique', '', false]]);
  assert.equal(a.get('https://news.example/rivers')!.linkOnly, 1);

  // 40 MB of zeros in a few KB: refused before inflating, the library untouched.
  const before = snapshot(lib);
  const bomb = zipSync({ 'metadata_0.json': new Uint8Array(40 * 1024 * 1024) }, { level: 9 });
  const refused = await lib.importer.importItems([{ name: 'bomb.zip', bytes: bomb }]);
  assert.match(refused.failed[0]!.reason, /would expand to more than .* \(a ZIP bomb\?\); nothing was read/);
  assert.deepEqual(snapshot(lib), before);
  lib.close();
});

test('a CSV that is no known export, and JSON that is not Wallabag, are refused with what was expected', async () => {
  const lib = openTempLibrary();
  const report = await lib.importer.importItems([
    { name: 'people.csv', bytes: Buffer.from('name,email\nAda,ada@example.org\n') },
    { name: 'data.json', bytes: Buffer.from('{"hello": "world"}') },
    { name: 'broken.json', bytes: Buffer.from('[{"is_archived": 1,') },
  ]);
  assert.deepEqual(report.failed.map((f) => f.item), ['people.csv', 'data.json', 'broken.json']);
  assert.match(report.failed[0]!.reason, /columns \(name, email\) are not those of a Pocket, Instapaper or Readwise Reader export/);
  assert.match(report.failed[1]!.reason, /not a Wallabag export/);
  assert.match(report.failed[2]!.reason, /JSON could not be read/);
  lib.close();
});
