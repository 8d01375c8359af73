import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeEpub, makePdf } from '../books-fixtures';
import { ROOT, cliBundle, tempDir } from '../helpers';

const SAMPLE = path.join(ROOT, 'assets/library/sample-news-digest.txt');
const LECTERN = cliBundle();

/** The CLI as users run it: a real process on a real library folder. */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [LECTERN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LECTERN_LIBRARY: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('import --json reports the digest articles, and a second import skips them all', () => {
  const lib = tempDir();
  const first = cli('--library', lib, 'import', SAMPLE, '--json');
  assert.equal(first.code, 0, first.err);
  const report = JSON.parse(first.out);
  assert.deepEqual(Object.keys(report), ['imported', 'skipped', 'failed']);
  assert.equal(report.imported.length, 8);
  assert.deepEqual(Object.keys(report.imported[0]), ['id', 'title']);
  assert.equal(report.imported[0].title, 'China key contributor to global human rights cause');

  const again = JSON.parse(cli('--library', lib, 'import', SAMPLE, '--json').out);
  assert.equal(again.imported.length, 0);
  assert.equal(again.skipped.length, 8);
  assert.deepEqual(Object.keys(again.skipped[0]), ['item', 'reason']);
});

test('a binary file exits 1 with a one-line reason and leaves the library as it was', () => {
  const lib = tempDir();
  cli('--library', lib, 'import', SAMPLE);
  const before = cli('--library', lib, 'list', '--json').out;
  const bin = path.join(tempDir(), 'photo.txt');
  fs.writeFileSync(bin, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x80, 0x90]));
  const r = cli('--library', lib, 'import', bin, '--json');
  assert.equal(r.code, 1);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.match(r.err, /photo\.txt: this is a binary file, not HTML, Markdown or text/);
  assert.deepEqual(JSON.parse(r.out).failed, [{ item: bin, reason: 'this is a binary file, not HTML, Markdown or text' }]);
  assert.equal(cli('--library', lib, 'list', '--json').out, before);
});

test('list, show and stats print the documented shapes', () => {
  const lib = tempDir();
  cli('--library', lib, 'import', SAMPLE, path.join(ROOT, 'tests/fixtures/article.html'));
  const list = JSON.parse(cli('--library', lib, 'list', '--json').out);
  assert.equal(list.length, 9);
  assert.deepEqual(Object.keys(list[0]), ['id', 'title', 'site', 'source', 'savedAt', 'state', 'starred', 'wordCount', 'kind']);
  assert.deepEqual([...new Set(list.map((a: { kind: string }) => a.kind))], ['article']);
  const page = list.find((a: { title: string }) => a.title === 'The Quiet Art of Reading Slowly');
  assert.equal(page.site, 'Field Notes');

  const text = cli('--library', lib, 'show', String(page.id), '--text');
  assert.equal(text.code, 0);
  assert.match(text.out, /\n\nThere is a kind of reading/);
  assert.match(cli("--library", lib, "show", String(page.id), "--html").out, /<p>There is a kind/);
  const json = JSON.parse(cli('--library', lib, 'show', String(page.id), '--json').out);
  assert.equal(json.author, 'Ada Marsh');
  assert.match(json.text, /reading slowly|slow reading/i);

  const stats = JSON.parse(cli('--library', lib, 'stats', '--json').out);
  assert.equal(stats.articles, 9);
});

test('books from the command line: import (--password for a locked PDF), kind in list --json, show --text by page', () => {
  const lib = tempDir();
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'two.pdf'), makePdf({ pages: [['Hello from page one,', 'a second line.'], ['Page two has the word albatross.']], title: 'Two Pages' }));
  fs.writeFileSync(path.join(dir, 'moby.epub'), makeEpub());
  const locked = path.join(dir, 'locked.pdf');
  fs.writeFileSync(locked, makePdf({ pages: [['The secret.']], title: 'Locked', password: 'pw' }));
  const first = cli('--library', lib, 'import', dir, '--json');
  assert.equal(first.code, 1);
  assert.deepEqual(JSON.parse(first.out).failed, [{ item: locked, reason: 'locked.pdf: needs a password' }]);
  assert.equal(cli('--library', lib, 'import', locked, '--password', 'pw').code, 0);
  const list = JSON.parse(cli('--library', lib, 'list', '--json').out) as { id: number; title: string; kind: string }[];
  assert.deepEqual(list.map((a) => [a.title, a.kind]).sort(), [['Locked', 'pdf'], ['Moby-Dick', 'epub'], ['Two Pages', 'pdf']]);
  const pdf = list.find((a) => a.title === 'Two Pages')!;
  assert.equal(cli('--library', lib, 'show', String(pdf.id), '--text').out, 'Hello from page one,\na second line.\n\nPage two has the word albatross.\n');
});

test('usage errors exit 2 and name the problem; unknown ids exit 1', () => {
  const lib = tempDir();
  for (const args of [[], ['frobnicate'], ['import'], ['show'], ['show', 'abc'], ['list', '--yaml']]) {
    const r = cli('--library', lib, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
  }
  assert.match(cli('--library', lib, 'frobnicate').err, /^lectern: unknown command "frobnicate"; try --help\n$/);
  assert.match(cli('--library').err, /^lectern: --library needs a folder\n$/);
  const missing = cli('--library', lib, 'show', '42');
  assert.equal(missing.code, 1);
  assert.equal(missing.err.trim(), 'lectern: article 42 is not in the library');
});

test('LECTERN_LIBRARY picks the library when --library is absent', () => {
  const lib = tempDir();
  const r = spawnSync(process.execPath, [LECTERN, 'stats', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LECTERN_LIBRARY: lib },
  });
  assert.equal(JSON.parse(r.stdout).library, path.join(lib, 'library.sqlite'));
});

test('search --json and --queries print the documented shapes, one array a line', () => {
  const lib = tempDir();
  cli('--library', lib, 'import', SAMPLE);
  const one = cli('--library', lib, 'search', 'cameroon', '--json', '--limit', '3');
  assert.equal(one.code, 0, one.err);
  const hits = JSON.parse(one.out);
  assert.equal(hits.length, 1);
  assert.deepEqual(Object.keys(hits[0]), ['id', 'title', 'score', 'snippet']);
  assert.match(hits[0].snippet, /Cameroon/);
  assert.ok(hits[0].score > 0);

  const file = path.join(tempDir(), 'queries.txt');
  fs.writeFileSync(file, 'poverty\n"human rights"\nzzzznothing\ntitle:xinjiang\n');
  const batch = cli('--library', lib, 'search', '--queries', file, '--json', '--limit', '2');
  assert.equal(batch.code, 0, batch.err);
  const lines = batch.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.equal(lines[0].length, 2);
  assert.deepEqual(lines[2], []);
  assert.match(lines[3][0].title, /Xinjiang/);

  assert.equal(cli('--library', lib, 'search', 'x', '--limit', '0').code, 2);
  const bad = cli('--library', lib, 'search', 'title:');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^lectern: Could not read the query/);
  assert.match(cli('--library', lib, 'reindex').out, /^reindexed 8 articles in \d+ ms/);
});

test('backup, check and restore from the command line; --version', () => {
  const lib = tempDir();
  cli('--library', lib, 'import', SAMPLE);
  const file = path.join(tempDir(), 'backup.sqlite');
  const b = cli('--library', lib, 'backup', file);
  assert.equal(b.code, 0, b.err);
  assert.match(b.out, /^backed up to .*backup\.sqlite \(\d+\.\d MB\)/);
  assert.deepEqual(JSON.parse(cli('--library', lib, 'check', '--json').out), { ok: true, problems: [] });
  cli('--library', lib, 'import', path.join(ROOT, 'tests/fixtures/essay.txt'));
  const r = cli('--library', lib, 'restore', file);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^restored 8 articles from .*; the previous library is kept as .*before-restore.*\.bak/);
  assert.equal(JSON.parse(cli('--library', lib, 'stats', '--json').out).articles, 8);
  const bad = cli('--library', lib, 'restore', path.join(ROOT, 'tests/fixtures/essay.txt'));
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^lectern: essay\.txt (is not a Lectern library|cannot be opened)/);
  assert.match(cli('--version').out, /^Lectern \d+\.\d+\.\d+\n$/);
});

test('annotations import, list (offsets into show --text) and export from the command line', () => {
  const lib = tempDir();
  cli('--library', lib, 'import', SAMPLE);
  const text = cli('--library', lib, 'show', '1', '--text').out.replace(/\n$/, '');
  const quote = 'poverty reduction miracle';
  const doc = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    first: {
      type: 'AnnotationPage',
      items: [
        { id: 'urn:uuid:0b7c3f52-5d0e-4a53-9d8e-1f2a3b4c5d6e', type: 'Annotation', body: { type: 'TextualBody', value: 'who spoke', purpose: 'commenting' }, target: { source: 'lectern://article/1', styleClass: 'lectern-blue', selector: [{ type: 'TextQuoteSelector', exact: quote }] } },
        { id: 'http://example.org/gone', type: 'Annotation', target: { source: 'lectern://article/1', selector: { type: 'TextQuoteSelector', exact: 'words that are not in this article at all' } } },
        { id: 'not an iri', type: 'Annotation', target: 'lectern://article/1' },
      ],
    },
  };
  const file = path.join(tempDir(), 'notes.jsonld');
  fs.writeFileSync(file, JSON.stringify(doc));
  const imported = cli('--library', lib, 'annotations', 'import', file, '--json');
  assert.equal(imported.code, 1, 'one item failed');
  assert.deepEqual(JSON.parse(imported.out), { imported: 2, updated: 0, orphaned: 1, failed: [{ item: 'items[2] not an iri', reason: 'not a valid Web Annotation: it its id must be one IRI' }] });
  assert.match(imported.err, /1 annotation\(s\) failed/);

  const listed = cli('--library', lib, 'annotations', 'list', '1', '--json');
  assert.equal(listed.code, 0, listed.err);
  const list = JSON.parse(listed.out) as { id: number; color: string; note: string; exact: string; start: number; end: number; orphaned: boolean }[];
  assert.deepEqual(Object.keys(list[0]!), ['id', 'color', 'note', 'exact', 'start', 'end', 'orphaned']);
  assert.deepEqual({ ...list[0], id: 0 }, { id: 0, color: 'blue', note: 'who spoke', exact: quote, start: text.indexOf(quote), end: text.indexOf(quote) + quote.length, orphaned: false });
  assert.equal(text.slice(list[0]!.start, list[0]!.end), quote);
  assert.equal(list[1]!.orphaned, true);

  const jsonld = cli('--library', lib, 'annotations', 'export', '--format', 'jsonld', '--article', '1');
  assert.equal(jsonld.code, 0, jsonld.err);
  assert.equal(JSON.parse(jsonld.out).first.items[0].id, 'urn:uuid:0b7c3f52-5d0e-4a53-9d8e-1f2a3b4c5d6e');
  assert.match(cli('--library', lib, 'annotations', 'export', '--format', 'md').out, /> poverty reduction miracle\n\nwho spoke\n\n\*blue\*/);
  assert.equal(cli('--library', lib, 'annotations', 'export', '--format', 'csv').out.split('\r\n').length, 3);
  const bad = cli('--library', lib, 'annotations', 'export', '--format', 'pdf');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--format takes md, jsonld, csv/);
});

test('web pages, feeds, OPML and the link queue from the command line', async () => {
  const { startWeb, send } = await import('../web-server');
  const { spawn } = await import('node:child_process');
  // The web runs in this process, so the CLI runs beside it, not blocking it.
  const run = (...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [LECTERN, ...args], { cwd: ROOT, env: { ...process.env, LECTERN_LIBRARY: '' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => resolve({ code, out, err }));
    });
  const article = (t: string) => `<!doctype html><html><head><title>${t}</title></head><body><article><h1>${t}</h1><p>${'A paragraph of the page, long enough to be an article. '.repeat(10)}</p></article></body></html>`;
  const web = await startWeb({
    '/page': send('text/html', article('A saved page')),
    '/later': send('text/html', article('Read later')),
    '/feed.xml': send('application/rss+xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>CLI Feed</title><link>/</link><item><title>Item one</title><guid>i1</guid><description>&lt;p&gt;Short.&lt;/p&gt;</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;The whole item, from the feed.&lt;/p&gt;</content:encoded></item></channel></rss>'),
  });
  const lib = tempDir();
  const saved = await run('--library', lib, 'import', `${web.url}/page`, '--json');
  assert.equal(saved.code, 0, saved.err);
  assert.deepEqual(JSON.parse(saved.out).imported.map((a: { title: string }) => a.title), ['A saved page']);

  const csv = path.join(tempDir(), 'pocket.csv');
  fs.writeFileSync(csv, `title,url,time_added,tags,status\nRead later,${web.url}/later,1609459200,queue,unread\n`);
  assert.equal((await run('--library', lib, 'import', csv)).code, 0);
  const fetched = await run('--library', lib, 'fetch', '--json');
  assert.equal(fetched.code, 0, fetched.err);
  assert.deepEqual(JSON.parse(fetched.out).imported.map((a: { title: string }) => a.title), ['Read later']);

  const added = await run('--library', lib, 'feeds', 'add', `${web.url}/feed.xml`);
  assert.equal(added.code, 0, added.err);
  assert.match(added.out, /following CLI Feed .*: 1 articles added/);
  const feeds = JSON.parse((await run('--library', lib, 'feeds', 'list', '--json')).out) as { title: string; unread: number; error: string | null }[];
  assert.deepEqual(feeds.map((f) => [f.title, f.unread, f.error]), [['CLI Feed', 1, null]]);
  assert.deepEqual(JSON.parse((await run('--library', lib, 'feeds', 'refresh', '--json')).out), { feeds: 1, added: 0, failed: [] });
  const opml = path.join(tempDir(), 'subs.opml');
  assert.equal((await run('--library', lib, 'opml', 'export', '--out', opml)).code, 0);
  const other = tempDir();
  const imported = await run('--library', other, 'opml', 'import', opml);
  assert.match(imported.out, /1 feeds followed, 0 already followed, 0 failed/);
  await web.close();
});

test('the built command runs by itself (bin, shebang, executable) and loads parsers only when a command needs them', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(path.join(ROOT, pkg.bin.lectern), LECTERN);
  const direct = spawnSync(LECTERN, ['--version'], { encoding: 'utf8' });
  assert.equal(direct.stdout, `Lectern ${pkg.version}\n`, direct.stderr);

  // Which packages each command loaded, from Node's module cache at exit.
  const loaded = (...args: string[]) => {
    const probe = `process.argv = [process.argv[0], ${JSON.stringify(LECTERN)}, ...${JSON.stringify(args)}];
      process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));
      require(${JSON.stringify(LECTERN)});`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, LECTERN_LIBRARY: '' } });
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stderr) as string[]).filter((f) => f.includes('node_modules')).map((f) => f.split('node_modules/')[1]!.split('/')[0]);
  };
  const lib = tempDir();
  const stats = new Set(loaded('--library', lib, 'stats', '--json'));
  for (const heavy of ['linkedom', 'feedsmith', 'marked', 'jsdom', 'lunr']) assert.ok(!stats.has(heavy), `stats loads ${heavy}`);
  // Markdown is read on the main thread (web pages in the extraction workers, out of sight here).
  const note = path.join(ROOT, 'tests/fixtures/note.md');
  assert.ok(new Set(loaded('--library', lib, 'import', note)).has('marked'), 'a Markdown import loads marked');
});
