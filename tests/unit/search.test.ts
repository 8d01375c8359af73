import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import lunr from 'lunr';
import { Library } from '../../main/node/library/library';
import { toFtsExpression } from '../../main/node/search/fts-expression';
import { parseQuery } from '../../main/node/search/query';
import { checkSearchIndex, rebuildSearchIndex, verifySearchIndex } from '../../main/node/search/schema';
import { MIGRATIONS } from '../../main/node/store/migrations';
import { makeSnippet } from '../../main/node/search/snippet';
import { SearchService } from '../../main/node/search/search-service';
import type { SearchFilters } from '../../main/common/contract';
import { ROOT, fixture, tempDir } from '../helpers';

async function sampleLibrary(dir = tempDir()): Promise<Library> {
  const lib = Library.open(dir);
  await lib.importer.importItems([
    { name: 'sample.txt', bytes: fixture('../../assets/library/sample-news-digest.txt').bytes },
    fixture('article.html'),
    fixture('digest.txt'),
    fixture('essay.txt'),
  ]);
  return lib;
}

const titles = (lib: Library, q: string) => lib.search.search(q).results.map((r) => r.title);

test('the query language: fields, presence, wildcards, fuzzy, boosts and phrases', () => {
  const c = parseQuery('title:poverty +xinjiang -covid develop* povrty~1 webinar^5 "human rights" -"foreign ministry" title:"china key"');
  assert.deepEqual(
    c.map((x) => [x.words.join(' '), x.fields?.join(',') ?? '*', x.presence, x.boost, x.editDistance, x.wildcard, x.phrase]),
    [
      ['human rights', '*', 'optional', 1, 0, false, true],
      ['foreign ministry', '*', 'prohibited', 1, 0, false, true],
      ['china key', 'title', 'optional', 1, 0, false, true],
      ['poverty', 'title', 'optional', 1, 0, false, false],
      ['xinjiang', '*', 'required', 1, 0, false, false],
      ['covid', '*', 'prohibited', 1, 0, false, false],
      ['develop*', '*', 'optional', 1, 0, true, false],
      ['povrty', '*', 'optional', 1, 1, false, false],
      ['webinar', '*', 'optional', 5, 0, false, false],
    ],
  );
  assert.throws(() => parseQuery('title:'), /Could not read the query/);
  assert.throws(() => parseQuery('colour:red'), /Could not read the query|Unknown field/);
  assert.throws(() => parseQuery('"unclosed phrase'), /quote is not closed/);
});

test('clauses become one FTS5 expression with lunr semantics', () => {
  const t = (alternatives: string[], extra: object = {}) => ({ alternatives, prefix: false, phrase: false, fields: null, presence: 'optional' as const, boost: 1, ...extra });
  assert.equal(toFtsExpression([t(['a']), t(['b'])]), '"a" OR "b"');
  assert.equal(toFtsExpression([t(['a'], { presence: 'required' }), t(['b'])]), '"a" AND ("a" OR "b")');
  assert.equal(toFtsExpression([t(['a']), t(['b'], { presence: 'prohibited' })]), '("a") NOT ("b")');
  assert.equal(toFtsExpression([t(['dev'], { prefix: true, fields: ['title'] })]), 'title : "dev" *');
  assert.equal(toFtsExpression([t(['a', 'b'], { boost: 2, fields: ['title', 'body'] })]), '{title body} : ("a" OR "b" OR "a" OR "b")');
  assert.equal(toFtsExpression([t(['say "hi"'])]), '"say ""hi"""');
  assert.equal(toFtsExpression([t(['a'], { presence: 'prohibited' })]), null);
});

test('searching the library: each operator finds what it should', async () => {
  const lib = await sampleLibrary();
  assert.equal(titles(lib, 'cameroon')[0], 'Experts warn of anti-terrorism challenges amid COVID-19, calling for cooperation');
  // Field scoping: "orchard" is in one title; "harbour" appears in the body of another entry too.
  assert.deepEqual(titles(lib, 'title:orchard'), ['Orchard harvest is the largest in a decade']);
  assert.deepEqual(titles(lib, 'title:harbour'), ['Harbour reopens after storm repairs']);
  // Required and prohibited.
  const xinjiang = titles(lib, '+xinjiang');
  assert.ok(xinjiang.length >= 3);
  const notWebinar = titles(lib, '+xinjiang -webinar');
  assert.ok(notWebinar.length > 0 && notWebinar.length < xinjiang.length);
  assert.ok(notWebinar.every((t) => !/webinar/i.test(t)));
  // Stemming: "reading" finds "read"/"reader"; prefix: "marg*" finds margin and marginalia.
  assert.ok(titles(lib, 'readers').includes('The Quiet Art of Reading Slowly'));
  assert.ok(titles(lib, 'marg*').includes('The Quiet Art of Reading Slowly'));
  // Inner wildcard via the vocabulary.
  assert.ok(titles(lib, '*terrorism').includes('Experts warn of anti-terrorism challenges amid COVID-19, calling for cooperation'));
  // Phrases must be adjacent.
  assert.deepEqual(titles(lib, '"apples this autumn"'), ['Orchard harvest is the largest in a decade']);
  assert.deepEqual(titles(lib, '"autumn apples this"'), []);
  // A boost reorders.
  const plain = titles(lib, 'webinar poverty');
  const boosted = titles(lib, 'webinar poverty^10');
  assert.notDeepEqual(plain, boosted);
  assert.match(boosted[0]!, /poverty/i);
  lib.close();
});

test('typos: a word with no hits is also searched as the nearest library words, and says so', async () => {
  const lib = await sampleLibrary();
  const r = lib.search.search('povrty');
  assert.deepEqual(r.corrections, [{ from: 'povrty', to: ['poverty'] }]);
  assert.ok(r.results.length >= 5);
  // Matched against unstemmed words: "developmnt" → "development", not the stem "develop".
  assert.deepEqual(lib.search.search('developmnt').corrections, [{ from: 'developmnt', to: ['development'] }]);
  assert.ok(titles(lib, 'title:orchrd').includes('Orchard harvest is the largest in a decade'));
  // Explicit fuzzy, and no correction for a word that has hits.
  assert.ok(titles(lib, 'cameron~1').length >= 1);
  assert.deepEqual(lib.search.search('poverty').corrections, []);
  lib.close();
});

test('ranking: a title match outranks a body match; snippets mark the matched words', async () => {
  const lib = await sampleLibrary();
  const r = lib.search.search('harbour');
  assert.equal(r.results[0]!.title, 'Harbour reopens after storm repairs');
  const webinar = lib.search.search('webinar').results[0]!;
  assert.match(webinar.title, /webinar/i);
  for (const hit of lib.search.search('poverty reduction').results) {
    for (const [s, e] of hit.highlights) assert.match(hit.snippet.slice(s, e), /^(poverty|reduction)$/i);
  }
  const harbour = { candidates: /harb\w*/giu, keyOf: (w: string) => (w === 'harbour' ? w : null), words: [['harbour']] };
  const snip = makeSnippet('One two three. The Harbour is open. Four five.', harbour);
  assert.equal(snip.text, 'One two three. The Harbour is open. Four five.');
  assert.deepEqual(snip.highlights, [[19, 26]]);
  assert.deepEqual(snip.matched, ['Harbour']);
  // A long text is cut around the best cluster, with word boundaries and ellipses.
  const long = `${'filler words here '.repeat(40)}the harbour and the harbour wall ${'more filler text '.repeat(40)}`;
  const cut = makeSnippet(long, harbour);
  assert.match(cut.text, /^… .*the harbour and the harbour wall .* …$/);
  assert.deepEqual(cut.highlights.map(([s, e]) => cut.text.slice(s, e)), ['harbour', 'harbour']);
  lib.close();
});

test("a long text's snippet is its first stretch holding every query word: the rest of its lead is not read", () => {
  const words = { candidates: /\b(?:harb|wal)\w*/giu, keyOf: (w: string) => (['harbour', 'wall', 'walls'].includes(w) ? w.replace(/s$/, '') : null), words: [['harbour'], ['wall']] };
  const text = `${'filler words here '.repeat(40)}the harbour wall ${'more filler text '.repeat(40)}harbour walls, the harbour wall ${'filler '.repeat(40)}`;
  // Read whole, the later window (three distinct words) is the best; a long text's lead stops at the first that has both.
  assert.match(makeSnippet(text, words).text, /harbour walls, the harbour wall/);
  const first = makeSnippet(text, words, true);
  assert.match(first.text, /the harbour wall more filler/);
  assert.doesNotMatch(first.text, /walls/);
  assert.deepEqual(first.matched, ['harbour', 'wall']);
  assert.deepEqual(first.highlights.map(([s, e]) => first.text.slice(s, e)), ['harbour', 'wall']);
  // A word missing from the lead: it is read to its end, as before.
  assert.match(makeSnippet(text, { ...words, words: [['harbour'], ['wall'], ['quay']] }, true).text, /harbour walls, the harbour wall/);
});

test('filters: state, starred, source and saved date', async () => {
  const lib = await sampleLibrary();
  const all = lib.search.search('poverty').results;
  lib.edits.apply([all[0]!.id], { kind: 'state', state: 'archived' }, new Date().toISOString());
  lib.edits.apply([all[0]!.id], { kind: 'star', starred: true }, new Date().toISOString());
  assert.deepEqual(lib.search.search('poverty', { filters: { state: 'archived' } }).results.map((r) => r.id), [all[0]!.id]);
  assert.deepEqual(lib.search.search('poverty', { filters: { starred: true } }).results.map((r) => r.id), [all[0]!.id]);
  assert.equal(lib.search.search('harbour', { filters: { source: 'digest.txt' } }).results.length, 1);
  assert.equal(lib.search.search('harbour', { filters: { source: 'sample.txt' } }).results.length, 0);
  assert.equal(lib.search.search('poverty', { filters: { savedTo: '2000-01-01T00:00:00Z' } }).results.length, 0);
  assert.equal(lib.search.search('poverty', { filters: { savedFrom: '2000-01-01T00:00:00Z' } }).results.length, all.length);
  lib.close();
});

test('article and index agree after an update and a delete', async () => {
  const lib = await sampleLibrary();
  const id = lib.search.search('orchard').results[0]!.id;
  lib.db.prepare("UPDATE articles SET title = 'Pear harvest' WHERE id = ?").run(id);
  assert.deepEqual(titles(lib, 'title:orchard'), []);
  assert.deepEqual(titles(lib, 'title:pear'), ['Pear harvest']);
  lib.db.prepare("UPDATE article_bodies SET text = 'Pears, not apples, this year.' WHERE article_id = ?").run(id);
  assert.deepEqual(titles(lib, 'orchard'), []);
  assert.deepEqual(titles(lib, 'pears'), ['Pear harvest']);
  lib.db.prepare('DELETE FROM articles WHERE id = ?').run(id);
  assert.deepEqual(titles(lib, 'pears'), []);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  lib.close();
});

test('a missing or damaged index is found at open and rebuilt without losing anything', async () => {
  const dir = tempDir();
  let lib = await sampleLibrary(dir);
  const count = lib.articles.counts().articles;
  const expected = titles(lib, 'poverty');

  lib.db.prepare('DELETE FROM search_index WHERE rowid = (SELECT min(id) FROM articles)').run();
  assert.equal(checkSearchIndex(lib.db).ok, false);
  lib.close();
  lib = Library.open(dir);
  assert.match(lib.repairedIndex!, /indexed .* for \d+ articles/);
  assert.deepEqual(titles(lib, 'poverty'), expected);

  lib.db.exec('DROP TABLE search_index');
  lib.close();
  lib = Library.open(dir);
  assert.match(lib.repairedIndex!, /missing search_index/);
  assert.deepEqual(titles(lib, 'poverty'), expected);

  // Damage the index's pages on disk, as a bad sector or a crashed editor would.
  const pages = lib.db.prepare("SELECT pageno FROM dbstat WHERE name = 'search_index_data' ORDER BY pageno").all() as { pageno: number }[];
  const pageSize = lib.db.pragma('page_size', { simple: true }) as number;
  lib.db.pragma('wal_checkpoint(TRUNCATE)');
  lib.close();
  const fd = fs.openSync(path.join(dir, 'library.sqlite'), 'r+');
  for (const { pageno } of pages.slice(1)) fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (pageno - 1) * pageSize);
  fs.closeSync(fd);
  lib = Library.open(dir);
  assert.equal(verifySearchIndex(lib.db).ok, false);
  // The first search meets the damage, rebuilds the index and answers.
  assert.deepEqual(titles(lib, 'poverty'), expected);
  assert.match(lib.repairedIndex!, /malformed/);
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  assert.equal(lib.db.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(lib.articles.counts().articles, count);
  assert.equal(rebuildSearchIndex(lib.db), count);
  lib.close();
});

test('the index is counted at open only when the last close did not vouch for it', async () => {
  const dir = tempDir();
  let lib = await sampleLibrary(dir);
  lib.close();
  // Changed behind the library's back while it was closed cleanly: the open trusts the close
  // (the counts are what grows with the library), and `lectern check` is what finds this.
  const other = new Database(path.join(dir, 'library.sqlite'));
  other.prepare('DELETE FROM search_words WHERE rowid = (SELECT min(id) FROM articles)').run();
  other.close();
  lib = Library.open(dir);
  assert.equal(lib.repairedIndex, null, 'a clean close vouched for the counts');
  assert.equal(checkSearchIndex(lib.db).ok, false);
  // Not closed: the next open counts, and repairs.
  lib.db.close();
  lib = Library.open(dir);
  assert.match(lib.repairedIndex!, /in the vocabulary for \d+ articles/);
  lib.close();
  // A session that wrote is counted again at its close.
  lib = Library.open(dir);
  lib.db.prepare('DELETE FROM search_index WHERE rowid = (SELECT min(id) FROM articles)').run();
  lib.close();
  lib = Library.open(dir);
  assert.match(lib.repairedIndex!, /indexed .* for \d+ articles/);
  lib.close();
});

test('a crash in the middle of imports leaves article and index agreeing', async () => {
  const dir = tempDir();
  Library.open(dir).close();
  // A child imports one article per transaction until it is killed with SIGKILL.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/processes/import-forever.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => {
    let seen = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').filter(Boolean).length;
      if (seen >= 40 && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await new Promise((resolve) => child.on('exit', resolve));
  const lib = Library.open(dir);
  assert.equal(lib.repairedIndex, null, 'the index needed no repair');
  const n = lib.articles.counts().articles;
  assert.ok(n >= 40, String(n));
  assert.deepEqual(verifySearchIndex(lib.db), { ok: true });
  assert.equal(lib.db.pragma('integrity_check', { simple: true }), 'ok');
  // Every article is findable by the word only it contains.
  for (const row of lib.db.prepare('SELECT id, title FROM articles').all() as { id: number; title: string }[]) {
    const word = row.title.split(' ').at(-1)!;
    assert.deepEqual(lib.search.search(word).results.map((r) => r.id), [row.id]);
  }
  lib.close();
});

test('exact words first: an article with the word typed (or corrected to) outranks one that only shares its stem', async () => {
  const lib = Library.open(tempDir());
  const article = (name: string, text: string) => ({ name, bytes: Buffer.from(text) });
  await lib.importer.importItems([
    // The stem-only article has every advantage BM25 knows: the word in its title, and often.
    article('a.txt', `Unchanging tides\n\n${'The unchanging tide comes in. '.repeat(8)}`),
    article('b.txt', 'Harbour notes\n\nThe harbour master said the timetable stays unchanged this winter, as the ferries keep running.'),
    article('c.txt', 'Ferry news\n\nNothing about tides here; ferries and timetables only.'),
  ]);
  const titles = (q: string) => lib.search.search(q).results.map((r) => r.title);
  assert.deepEqual(titles('unchanged'), ['Harbour notes', 'Unchanging tides']);
  assert.deepEqual(titles('unchanging'), ['Unchanging tides', 'Harbour notes']);
  // A typo corrected to "unchanged" means that word, not its family.
  const typo = lib.search.search('unchnged');
  assert.deepEqual(typo.corrections, [{ from: 'unchnged', to: ['unchanged'] }]);
  assert.deepEqual(typo.results.map((r) => r.title), ['Harbour notes', 'Unchanging tides']);
  lib.close();
});

test('a typo that makes another real word: a short query also searches a much likelier neighbour, a long one does not', async () => {
  const lib = Library.open(tempDir());
  const items = [
    ...Array.from({ length: 12 }, (_, i) => `Coast walk ${i}\n\nWe make our way along the shore until the tide turns.`),
    // Three articles hold "shoe": too many hits for it to be taken as a typo on that ground.
    ...Array.from({ length: 3 }, (_, i) => `The cobbler ${i}\n\nHe makes and mends a shoe by the window.`),
    'The lee shore\n\nA ship in a gale fears the land downwind.',
  ].map((text, i) => ({ name: `r${i}.txt`, bytes: Buffer.from(text) }));
  await lib.importer.importItems(items);
  const shoe = lib.search.search('shoe', { limit: 5 });
  assert.deepEqual(shoe.corrections, [{ from: 'shoe', to: ['shore'] }]);
  const found = shoe.results.map((r) => r.title);
  // The word as typed is still searched; the title holding the neighbour comes first.
  assert.equal(found[0], 'The lee shore');
  assert.ok(found.includes('The cobbler 0'));
  // The common word is not "corrected" to the rare one, and a passage keeps its words as they are.
  assert.deepEqual(lib.search.search('shore').corrections, []);
  // A much commoner word of the same stem is found by the stemmed index already: makes is not corrected to make.
  assert.deepEqual(lib.search.search('makes').corrections, []);
  assert.deepEqual(lib.search.search('mends shoe window cobbler').corrections, []);
  lib.close();
});

test('a corrected word whose family is in most articles still finds the article with the exact word in its title', async () => {
  const lib = Library.open(tempDir());
  const items = [
    // "enter" is in nearly every article, so BM25 gives its family no weight; "entry" is rarer.
    ...Array.from({ length: 14 }, (_, i) => `Log ${i}\n\nThey enter the port; the entry is made in the book.`),
    ...Array.from({ length: 16 }, (_, i) => `Diary ${i}\n\nNobody will enter today.`),
    'Enter the captain\n\nHe came on deck at dawn.',
    // The stem in a title is not the word: whales for whaling.
    `Whales at sea\n\n${'Whaling is hard work. '.repeat(8)}`,
    'The glory of whaling\n\nAn old trade.',
  ].map((text, i) => ({ name: `e${i}.txt`, bytes: Buffer.from(text) }));
  await lib.importer.importItems(items);
  const entr = lib.search.search('entr', { limit: 1 });
  assert.deepEqual(entr.corrections, [{ from: 'entr', to: ['enter', 'entry'] }]);
  assert.equal(entr.results[0]?.title, 'Enter the captain');
  assert.deepEqual(titles(lib, 'whaling').slice(0, 2), ['The glory of whaling', 'Whales at sea']);
  assert.equal(lib.search.search('whalnig', { limit: 1 }).results[0]?.title, 'The glory of whaling');
  lib.close();
});

test('plain words typed together: the article holding them word for word stays first, before titles that hold them apart', async () => {
  const lib = Library.open(tempDir());
  await lib.importer.importItems([
    { name: 'p.txt', bytes: Buffer.from('Notes\n\nShe stood in the cold harbour wind for an hour.') },
    { name: 'q.txt', bytes: Buffer.from('Harbour wind\n\nThe wind was cold; the harbour was empty.') },
  ]);
  assert.equal(titles(lib, 'cold harbour wind')[0], 'Notes');
  lib.close();
});

test('typos are corrected to the likeliest word: slips of a key, not far keys; the first letter seldom', async () => {
  const lib = Library.open(tempDir());
  const items = [
    ...Array.from({ length: 6 }, (_, i) => `Money ${i}\n\nThe money was counted again at sunset by the clerk.`),
    ...Array.from({ length: 4 }, (_, i) => `Travel ${i}\n\nThey went abroad for the summer.`),
    'The monkey\n\nA monkey climbed aboard the ship; nothing was unset.',
  ].map((text, i) => ({ name: `t${i}.txt`, bytes: Buffer.from(text) }));
  await lib.importer.importItems(items);
  const corrected = (q: string) => lib.search.search(q).corrections[0]?.to;
  // monky → money is a far key (k for e); monkey is one dropped letter.
  assert.deepEqual(corrected('monky'), ['monkey']);
  assert.equal(lib.search.search('monky').results[0]!.title, 'The monkey');
  // A swap of the first two letters (usnset) is still sunset, before unset which keeps the first letter.
  assert.equal(corrected('usnset')?.[0], 'sunset');
  // Two swaps as likely as each other: both are searched.
  assert.deepEqual(corrected('aborad'), ['abroad', 'aboard']);
  lib.close();
});

test("typo corrections learn a new article's words, from this process or another, and a star, state or tag does not make them read the whole index again", async () => {
  const dir = tempDir();
  const lib = await sampleLibrary(dir);
  // The vocabulary is read whole to build its TokenSet, and only then.
  const builds: string[][] = [];
  const fromArray = lunr.TokenSet.fromArray.bind(lunr.TokenSet);
  lunr.TokenSet.fromArray = (words: string[]) => (builds.push(words), fromArray(words));
  const text = (word: string) => Buffer.from(`A note on the ${word}\n\nThe ${word} was seen twice in the bay this week.\n`);
  const correctedTo = (typo: string) => lib.search.search(typo).corrections.flatMap((c) => c.to);

  assert.deepEqual(correctedTo('povrty'), ['poverty']);
  assert.equal(builds.length, 1);
  const ids = lib.articles.list('all').map((a) => a.id);
  lib.edits.apply(ids, { kind: 'star', starred: true }, '2026-11-30T10:00:00.000Z');
  lib.edits.apply(ids, { kind: 'state', state: 'archived' }, '2026-11-30T10:00:00.000Z');
  lib.edits.apply(ids, { kind: 'tag', tag: 'bay' }, '2026-11-30T10:00:00.000Z');
  assert.deepEqual(correctedTo('povrty'), ['poverty']);
  assert.equal(builds.length, 1, 'nothing changed the words');

  await lib.importer.importItems([{ name: 'narwhal.txt', bytes: text('narwhal') }]);
  assert.deepEqual(correctedTo('narwhl'), ['narwhal']);
  assert.equal(builds.length, 2);
  // Another process (the CLI) writes to the same file.
  const other = Library.open(dir);
  await other.importer.importItems([{ name: 'kraken.txt', bytes: text('kraken') }]);
  other.close();
  assert.deepEqual(correctedTo('krakn'), ['kraken']);
  assert.equal(builds.length, 3);
  lunr.TokenSet.fromArray = fromArray;
  lib.close();
});

test('a query matching too many articles to rank them all: title matches and rare terms first, then the newest; presence and filters still hold', async () => {
  const lib = Library.open(tempDir());
  const note = (title: string, body: string) => ({ name: `${title}.txt`, bytes: Buffer.from(`${title}\n\n${body}\n`) });
  // Oldest first: the articles a bounded ranking must still find are the oldest ones.
  await lib.importer.importItems([note('The harbour at dawn', 'Gulls over the water, and boats going out.')]);
  await lib.importer.importItems([note('A walk on the cliffs', 'From the harbour wall a lighthouse shows the way home.')]);
  for (let i = 0; i < 30; i++) await lib.importer.importItems([note(`Market day ${i}`, `Fish from the harbour sold in the square, stall ${i}.`)]);
  const ids = new Map(lib.articles.list('all').map((a) => [a.title, a.id]));
  // Ranking at most 3 articles whole: every query below is too common for that.
  const bounded = new SearchService(lib.db, lib.articles, () => assert.fail('no repair'), 3);
  const first = (service: SearchService, q: string, filters?: SearchFilters) => service.search(q, { limit: 2, filters }).results.map((r) => r.title);

  for (const service of [lib.search, bounded]) {
    assert.equal(first(service, 'harbour')[0], 'The harbour at dawn', 'the title match first');
    assert.equal(first(service, 'harbour lighthouse')[0], 'A walk on the cliffs', 'the rare word found among 32');
    assert.deepEqual(first(service, '+harbour +lighthouse'), ['A walk on the cliffs']);
    assert.ok(!first(service, 'harbour -gulls').includes('The harbour at dawn'));
    assert.ok(!first(service, 'harbour lighthouse -home').includes('A walk on the cliffs'), 'a rare term found, and a prohibited one');
  }
  lib.edits.apply([ids.get('The harbour at dawn')!], { kind: 'state', state: 'archived' }, '2026-11-30T10:00:00.000Z');
  assert.ok(!first(bounded, 'harbour', { state: 'unread' }).includes('The harbour at dawn'));
  assert.deepEqual(first(bounded, 'harbour', { state: 'archived' }), ['The harbour at dawn']);
  // The index of titles follows a new title.
  lib.db.prepare('UPDATE articles SET title = ? WHERE id = ?').run('Boats at first light', ids.get('The harbour at dawn'));
  assert.equal(first(bounded, 'harbour boats')[0], 'Boats at first light');
  assert.notEqual(first(bounded, 'harbour dawn')[0], 'Boats at first light');
  assert.deepEqual(checkSearchIndex(lib.db), { ok: true });
  lib.close();
});

test('a long text whose only match lies past the part read for exact words still gets its snippet and matched words', async () => {
  const lib = Library.open(tempDir());
  const filler = Array.from({ length: 9000 }, (_, i) => `tide${i % 97} water`).join(' ');
  await lib.importer.importItems([{ name: 'long.txt', bytes: Buffer.from(`A long voyage\n\n${filler} and at last a narwhal surfaced.\n`) }]);
  const [hit] = lib.search.search('narwhal').results;
  assert.ok(lib.articles.text(hit!.id)!.length > 60_000);
  assert.deepEqual(hit!.matched, ['narwhal']);
  assert.match(hit!.snippet, /narwhal surfaced/);
  lib.close();
});

/** A text of about 150,000 characters, longer than a lead (50,000), with `start` at its beginning and `end` at its end. */
const longText = (title: string, start: string, end: string) =>
  `${title}\n\n${start} ${Array.from({ length: 9000 }, (_, i) => `tide${i % 97} water`).join(' ')} ${end}\n`;
const leadOf = (lib: Library, id: number) => (lib.db.prepare('SELECT lead FROM article_leads WHERE article_id = ?').get(id) as { lead: string } | undefined)?.lead;

test("a long text's lead is kept beside its body: written, replaced and deleted with it, back with an undo, filled in for a library made before", async () => {
  const dir = tempDir();
  // A library made before leads were kept (schema 16): opening it migrates and fills them in.
  let lib = Library.open(dir, { migrations: MIGRATIONS.filter((m) => m.version < 17) });
  const [old, short] = (await lib.importer.importItems([
    { name: 'old.txt', bytes: Buffer.from(longText('An old voyage', 'Gulls at dawn.', 'The end.')) },
    { name: 'short.txt', bytes: Buffer.from('A short note\n\nGulls at noon.\n') },
  ])).imported.map((a) => a.id) as [number, number];
  lib.close();
  lib = Library.open(dir);
  const startOf = (id: number) => lib.articles.text(id)!.slice(0, 50_000);
  assert.equal(leadOf(lib, old), startOf(old));
  assert.equal(leadOf(lib, short), undefined, 'a text no longer than a lead has none');

  const [fresh] = (await lib.importer.importItems([{ name: 'new.txt', bytes: Buffer.from(longText('A new voyage', 'Terns at dawn.', 'The end.')) }])).imported.map((a) => a.id) as [number];
  assert.equal(leadOf(lib, fresh), startOf(fresh));
  const setText = (id: number, text: string) => lib.db.prepare('UPDATE article_bodies SET text = ? WHERE article_id = ?').run(text, id);
  setText(short, longText('', 'Now long.', 'The end.'));
  assert.equal(leadOf(lib, short), startOf(short));
  setText(short, 'Short again.');
  assert.equal(leadOf(lib, short), undefined);

  const { undoId } = lib.edits.apply([fresh], { kind: 'delete' }, '2026-11-30T10:00:00.000Z');
  assert.equal(leadOf(lib, fresh), undefined);
  lib.edits.undo(undoId);
  assert.equal(leadOf(lib, fresh), startOf(fresh));
  lib.close();
});

test("exact words and snippets are read from a long text's lead, not its whole text", async () => {
  const lib = Library.open(tempDir());
  const [once] = (await lib.importer.importItems([{ name: 'once.txt', bytes: Buffer.from(longText('A long voyage', 'The narwhals pod surfaced.', 'The end.')) }])).imported.map((a) => a.id) as [number];
  const [twice] = (await lib.importer.importItems([{ name: 'twice.txt', bytes: Buffer.from(longText('A long voyage', 'Narwhals, narwhals surfaced.', 'The end.')) }])).imported.map((a) => a.id) as [number];
  assert.equal(lib.search.search('narwhal').results[0]!.id, twice, 'more of the word ranks first');
  // The lead is what search reads: changed there alone, the exact word now ranks first and the snippet shows it.
  lib.db.prepare(`UPDATE article_leads SET lead = replace(lead, 'narwhals pod', 'narwhal pod') WHERE article_id = ?`).run(once);
  const [first] = lib.search.search('narwhal').results;
  assert.equal(first!.id, once);
  assert.match(first!.snippet, /narwhal pod/);
  lib.close();
});

test('a query too common to rank whole takes at most 5 long texts among its newest matches, and every newest article still', async () => {
  const lib = Library.open(tempDir());
  const note = (title: string, body: string) => ({ name: `${title}.txt`, bytes: Buffer.from(`${title}\n\n${body}\n`) });
  for (let i = 0; i < 6; i++) await lib.importer.importItems([note(`Market day ${i}`, `Fish from the harbour sold in the square, stall ${i}.`)]);
  const books: number[] = [];
  for (let i = 0; i < 8; i++) books.push(...(await lib.importer.importItems([{ name: `log-${i}.txt`, bytes: Buffer.from(longText(`A long log ${i}`, 'The harbour at dawn.', 'The end.')) }])).imported.map((a) => a.id));
  // The newest matches are the eight long texts, then the articles.
  const bounded = new SearchService(lib.db, lib.articles, () => assert.fail('no repair'), 3);
  const ids = bounded.search('harbour', { limit: 20 }).results.map((r) => r.id);
  assert.equal(ids.filter((id) => books.includes(id)).length, 5);
  assert.equal(ids.filter((id) => !books.includes(id)).length, 6);
  // Ranked whole, every match is a candidate.
  assert.equal(lib.search.search('harbour', { limit: 20 }).results.length, 14);
  lib.close();
});

test('plain words typed together: a long text holding them word for word past its lead still ranks first', async () => {
  const lib = Library.open(tempDir());
  await lib.importer.importItems([{ name: 'notes.txt', bytes: Buffer.from('Narwhal notes\n\nA narwhal was seen. Later it surfaced, and we sailed beside it.\n') }]);
  const [log] = (await lib.importer.importItems([{ name: 'log.txt', bytes: Buffer.from(longText('A long log', 'Nothing yet.', 'At last the narwhal surfaced beside the ship.')) }])).imported.map((a) => a.id) as [number];
  assert.equal(lib.search.search('narwhal surfaced beside').results[0]!.id, log);
  lib.close();
});
