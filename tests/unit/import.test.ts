import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { canonicalText } from '../../main/common/canonical-text';
import { parseDigest } from '../../main/node/import/digest';
import { sanitizeHtml } from '../../main/node/import/sanitize';
import { skipReason } from '../../main/common/import-words';
import { seedOnFirstRun } from '../../main/node/library/first-run';
import { JSDOM } from 'jsdom';
import type { IngestItem, Loaded, TextFile } from '../../main/node/import/items';
import { paragraphsArticle } from '../../main/node/import/new-article';
import { ReadAhead } from '../../main/node/import/read-ahead';
import { fileItems } from '../../main/node/import/sources';
import { readTextFile, readTextFiles, type TextResult } from '../../main/node/import/text-files';
import { WorkerPool } from '../../main/node/import/worker-pool';
import { ROOT, SAMPLE_DIGEST_TITLES, fixture, openTempLibrary, snapshot, tempDir, unpackagedRequires } from '../helpers';


test('a digest gives one article per entry, [more..] stripped, its lead paragraph kept as the introduction', async () => {
  const lib = openTempLibrary();
  const report = await lib.importer.importItems([fixture('digest.txt')]);
  assert.deepEqual(report.failed, []);
  assert.deepEqual(
    report.imported.map((a) => a.title),
    ['Harbour reopens after storm repairs', 'Library extends its opening hours', 'Orchard harvest is the largest in a decade'],
  );
  const first = lib.articles.get(report.imported[0]!.id)!;
  assert.equal(first.source, 'digest.txt');
  assert.equal(first.sourceIntro, "This week's letter opens with an untitled note: the harbour reopened, and the ferries run again.");
  const text = lib.articles.text(first.id)!;
  assert.ok(text.startsWith('The harbour authority said on Monday'));
  assert.ok(text.endsWith('Fishing boats return to their berths on Wednesday.'), text);
  assert.ok(!text.includes('[more'));
  lib.close();
});

test('the shipped sample digest gives its eight titled articles and keeps its untitled lead', () => {
  const text = fs.readFileSync(path.join(ROOT, 'assets', 'library', 'sample-news-digest.txt'), 'utf8');
  const digest = parseDigest(text, 'sample.txt')!;
  assert.deepEqual(digest.articles.map((a) => a.title), SAMPLE_DIGEST_TITLES);
  assert.match(digest.source!.intro!, /^On September 14th, the 45th session/);
});

test('importing the same articles again skips every one as a duplicate', async () => {
  const lib = openTempLibrary();
  await lib.importer.importItems([fixture('digest.txt'), fixture('article.html')]);
  const before = snapshot(lib);
  const again = await lib.importer.importItems([fixture('digest.txt'), fixture('article.html')]);
  assert.equal(again.imported.length, 0);
  assert.equal(again.skipped.length, 4);
  assert.deepEqual(again.skipped.map((s) => s.code), ['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  assert.match(skipReason(again.skipped[0]!), /^already in the library as article \d+$/);
  assert.deepEqual(snapshot(lib), before);
  lib.close();
});

test('the same page under another file name is recognised by its canonical URL', async () => {
  const lib = openTempLibrary();
  await lib.importer.importItems([fixture('article.html')]);
  const html = fs.readFileSync(path.join(ROOT, 'tests/fixtures/article.html'), 'utf8').replace('tea going cold', 'coffee going cold');
  const r = await lib.importer.importItems([{ name: 'copy.html', bytes: Buffer.from(html) }]);
  assert.equal(r.skipped.length, 1);
  lib.close();
});

test('an HTML page keeps its metadata and loses every script, handler and unsafe URL', async () => {
  const lib = openTempLibrary();
  const r = await lib.importer.importItems([fixture('article.html')]);
  assert.deepEqual(r.failed, []);
  const a = lib.articles.get(r.imported[0]!.id)!;
  assert.equal(a.title, 'The Quiet Art of Reading Slowly');
  assert.equal(a.author, 'Ada Marsh');
  assert.equal(a.site, 'Field Notes');
  assert.equal(a.url, 'https://fieldnotes.example/essays/reading-slowly');
  assert.equal(a.publishedAt, '2024-03-05T09:30:00.000Z');
  assert.equal(a.lang, 'en-GB');
  assert.equal(a.excerpt, 'Why a page read slowly stays with us longer.');
  for (const bad of ['<script', 'onerror', 'onclick', 'javascript:', '<iframe', '<style', 'stolen']) {
    assert.ok(!a.html.toLowerCase().includes(bad), `${bad} survived: ${a.html}`);
  }
  assert.match(a.html, /<a href="https:\/\/example.org\/marginalia" rel="noopener noreferrer">/);
  assert.ok(!a.html.includes('Home</a>'), 'navigation is not part of the article');
  assert.ok(a.wordCount > 200 && a.wordCount < 320, String(a.wordCount));
  lib.close();
});

test('the sanitizer is really active on its DOM', async () => {
  const { html } = await sanitizeHtml('<p>hi<img src=x onerror=alert(1)><svg onload=alert(2)></svg><a href="javascript:alert(3)">x</a></p>', 'T');
  assert.equal(html, '<p>hi<img src="x"><a rel="noopener noreferrer">x</a></p>');
});

test('Markdown and plain text become articles with titles and paragraphs', async () => {
  const lib = openTempLibrary();
  const r = await lib.importer.importItems([fixture('note.md'), fixture('essay.txt')]);
  assert.deepEqual(r.failed, []);
  const md = lib.articles.get(r.imported[0]!.id)!;
  assert.equal(md.title, 'Notes on Margins');
  assert.match(md.html, /<strong>wide<\/strong>/);
  assert.match(md.html, /<blockquote>/);
  assert.ok(!md.html.includes('<script') && !md.html.includes('<h1'), md.html);
  const txt = lib.articles.get(r.imported[1]!.id)!;
  assert.equal(txt.title, 'On Walking Home');
  assert.equal(
    lib.articles.text(txt.id),
    'The road home from the station runs past the old mill and the school, and in winter it is dark by five.\n\n' +
      'Walking it every evening, one learns its sounds: the weir, the rooks, the late bus changing gear on the hill.',
  );
  lib.close();
});

test('canonical text puts blank lines between blocks and collapses whitespace', () => {
  const { document } = new JSDOM('<div><h2>Head</h2><p>one  <b>two</b>\n three <br> four</p><ul><li>a</li><li>b</li></ul><pre>x\n  y</pre></div>').window;
  assert.equal(canonicalText(document.body), 'Head\n\none two three\nfour\n\na\n\nb\n\nx\n  y');
});

test('a declared legacy charset is decoded; broken HTML still reads', async () => {
  const lib = openTempLibrary();
  const r = await lib.importer.importItems([fixture('latin1.html'), fixture('broken.html')]);
  assert.deepEqual(r.failed, []);
  assert.match(lib.articles.text(r.imported[0]!.id)!, /café on the corner serves crème brûlée/);
  const broken = lib.articles.get(r.imported[1]!.id)!;
  assert.equal(broken.title, 'Broken but readable');
  const text = lib.articles.text(broken.id)!;
  assert.match(text, /never closes its tags and nests them badly/);
  assert.match(text, /but a reader should still get its words/);
  assert.match(text, /And a third that trails off into nothing$/);
  lib.close();
});

test('bad files fail with a clear reason, the batch goes on, and the library is left as it was', async () => {
  const lib = openTempLibrary();
  await lib.importer.importItems([fixture('digest.txt')]);
  const before = snapshot(lib);
  const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
  const huge = Buffer.alloc(50 * 1024 * 1024, 'a');
  const r = await lib.importer.importItems([
    { name: 'empty.txt', bytes: new Uint8Array() },
    { name: 'blob.txt', bytes: binary },
    { name: 'scan.html', bytes: Buffer.from('%PDF-1.7\n...') },
    { name: 'huge.txt', bytes: huge },
    fixture('unknown-encoding.html'),
    { name: 'blank.md', bytes: Buffer.from('   \n\n  ') },
    { name: 'only-script.html', bytes: Buffer.from('<html><body><script>alert(1)</script></body></html>') },
    { name: 'photo.jpg', bytes: Buffer.from('not really') },
  ]);
  assert.deepEqual(r.imported, []);
  const reasons = Object.fromEntries(r.failed.map((f) => [f.item, f.reason]));
  assert.equal(reasons['empty.txt'], 'the file is empty');
  assert.equal(reasons['blob.txt'], 'this is a binary file, not HTML, Markdown or text');
  assert.match(reasons['scan.html']!, /^scan\.html is not a readable PDF \(/, 'a PDF by its bytes is read as a book, whatever its name');
  assert.equal(reasons['huge.txt'], 'the file is 50.0 MB; Lectern imports files up to 25.0 MB');
  assert.equal(reasons['unknown-encoding.html'], 'the page declares the unknown character encoding "x-klingon"');
  assert.equal(reasons['blank.md'], 'the file holds only whitespace');
  assert.equal(reasons['only-script.html'], 'no readable text is left after removing scripts and unsafe content');
  assert.match(reasons['photo.jpg']!, /^unsupported file type "\.jpg"; Lectern imports \.html/);
  assert.deepEqual(snapshot(lib), before);

  const mixed = await lib.importer.importItems([{ name: 'empty.txt', bytes: new Uint8Array() }, fixture('essay.txt')]);
  assert.equal(mixed.failed.length, 1);
  assert.equal(mixed.imported.length, 1, 'the good file after a bad one is still imported');
  lib.close();
});

test('folders are walked for supported files; missing paths are named', async () => {
  const dir = tempDir();
  fs.copyFileSync(path.join(ROOT, 'tests/fixtures/essay.txt'), path.join(dir, 'a.txt'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.copyFileSync(path.join(ROOT, 'tests/fixtures/note.md'), path.join(dir, 'sub', 'b.md'));
  fs.writeFileSync(path.join(dir, 'ignored.jpg'), 'x');
  fs.writeFileSync(path.join(dir, '.hidden.txt'), 'x');
  const lib = openTempLibrary();
  const report = await lib.importer.importPaths([dir, path.join(dir, 'nope.txt')]);
  assert.deepEqual(report.imported.map((a) => a.title), ['On Walking Home', 'Notes on Margins'], 'a.txt, then sub/b.md; neither the picture nor the hidden file');
  assert.deepEqual(report.failed, [{ item: path.join(dir, 'nope.txt'), code: 'IMPORT_FAILED', reason: 'no such file or folder' }]);
  lib.close();
});

test('first run seeds the welcome article and the sample digest, once', async () => {
  const lib = openTempLibrary();
  const report = await seedOnFirstRun(lib, path.join(ROOT, 'assets'));
  assert.deepEqual(report!.failed, []);
  const list = lib.articles.list('all');
  assert.equal(list.length, 9);
  assert.equal(list[0]!.title, 'Welcome to Lectern');
  assert.deepEqual(list.slice(1).map((a) => a.title), SAMPLE_DIGEST_TITLES);
  assert.equal(await seedOnFirstRun(lib, path.join(ROOT, 'assets')), null);
  assert.equal(lib.articles.list('all').length, 9);
  lib.close();
});

test('text-built articles skip the sanitizer yet give exactly what it would', async () => {
  const { paragraphsToArticle } = await import('../../main/node/import/draft');
  const samples = [
    ['Plain words.', 'Two\nlines  joined', '   ', 'Markup <b>stays</b> text & "quotes" \'too\''],
    ['Tabs\there and\u00a0no-break spaces', 'Unicode: café, 東京, emoji 🙂', '<script>alert(1)</script>'],
    // Single spaces only (nothing to collapse or escape), and each kind of space alone.
    ['One space between each word.', ' Ends  trimmed ', 'a\u2003b', 'x\ny', 'c\rd', '&amp; stays escaped', 'ok>'],
    [fs.readFileSync(path.join(ROOT, 'assets/library/sample-news-digest.txt'), 'utf8')],
  ];
  for (const paragraphs of samples) {
    const fast = paragraphsToArticle(paragraphs);
    const slow = await sanitizeHtml(fast.html, 'no title');
    assert.equal(fast.html, slow.html);
    assert.equal(fast.text, slow.text);
  }
});

test('an import cancelled midway keeps what it imported and names what it did not', async () => {
  const lib = (await import('../helpers')).openTempLibrary();
  const items = Array.from({ length: 30 }, (_, i) => ({ name: `note-${i}.txt`, bytes: Buffer.from(`Note ${i}\n\nThe body of note number ${i}.`) }));
  const stop = new AbortController();
  const report = await lib.importer.importItems(items, { signal: stop.signal, onProgress: (p) => p.done === 10 && stop.abort() });
  assert.equal(report.imported.length, 10);
  assert.deepEqual(report.skipped, items.slice(10).map((i) => ({ item: i.name, code: 'cancelled' })));
  assert.equal(skipReason(report.skipped[0]!), 'not imported: the import was cancelled');
  assert.equal(lib.articles.counts().articles, 10);
  const again = await lib.importer.importItems(items);
  assert.deepEqual([again.imported.length, again.skipped.length], [20, 10], 'a new import runs in full and brings the rest');
  lib.close();
});

test('an article larger than 5 MB once cleaned is refused with its size, the batch goes on', async () => {
  const lib = (await import('../helpers')).openTempLibrary();
  const huge = `A very long text\n\n${Array.from({ length: 90_000 }, (_, i) => `Paragraph ${i} of a text far too long to be an article, repeated.`).join('\n\n')}`;
  const report = await lib.importer.importItems([{ name: 'huge.txt', bytes: Buffer.from(huge) }, { name: 'small.txt', bytes: Buffer.from('Small\n\nA small note.') }]);
  assert.equal(report.imported.length, 1);
  assert.equal(report.failed[0]!.item, 'huge.txt');
  assert.match(report.failed[0]!.reason, /^the article is \d+\.\d MB once cleaned; Lectern keeps articles up to 5\.0 MB/);
  lib.close();
});

test('an imported article is written once: its sync id comes with the row, and sync still queues it', async () => {
  const lib = openTempLibrary();
  // Counts every later write to an article row; the sync trigger that filled a missing id was one an article.
  lib.db.exec(`CREATE TEMP TABLE rewrites (id INTEGER);
    CREATE TEMP TRIGGER count_rewrites AFTER UPDATE ON main.articles BEGIN INSERT INTO rewrites VALUES (new.id); END;`);
  const report = await lib.importer.importItems([fixture('digest.txt')]);
  assert.equal(report.imported.length, 3);
  assert.equal((lib.db.prepare('SELECT count(*) AS n FROM rewrites').get() as { n: number }).n, 0);
  const ids = lib.db.prepare('SELECT sync_id FROM articles WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(report.imported.map((a) => a.id))) as string[];
  assert.equal(ids.length, 3);
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
  const queued = lib.db.prepare('SELECT sync_id FROM sync_pending').pluck().all() as string[];
  assert.deepEqual(new Set(queued), new Set(ids));
  lib.close();
});

test('text files read in batches in the worker give what this thread gives, each bad one failing alone with its reason', async () => {
  const digest = fixture('digest.txt');
  const files = [
    ...Array.from({ length: 30 }, (_, i) => ({ name: `note-${i}.txt`, bytes: Buffer.from(`Note ${i}\n\nThe body of note ${i},\nhard-wrapped   with  runs of spaces & <marks>.\n\nCafé ${i} 🙂`) })),
    digest,
    { name: 'empty.txt', bytes: new Uint8Array() },
    { name: 'blank.txt', bytes: Buffer.from(' \n\n \t') },
    { name: 'blob.txt', bytes: new Uint8Array(4096).map((_, i) => (i * 7919) % 256) },
    { name: 'scan.txt', bytes: Buffer.from('%PDF-1.7\n...') },
    { name: 'latin1.text', bytes: Buffer.from('Caf\xe9 cr\xe8me\n\nA legacy file, not UTF-8.', 'latin1') },
  ];
  const rowsOf = (lib: ReturnType<typeof openTempLibrary>) =>
    lib.db.prepare(`SELECT a.title, a.content_hash, a.word_count, a.excerpt, b.html, b.text, s.name AS source, s.kind, s.intro
      FROM articles a JOIN article_bodies b ON b.article_id = a.id JOIN sources s ON s.id = a.source_id ORDER BY a.id`).all();
  // All at once: batches for the worker. One at a time: too few to be worth a worker, read here.
  const batched = openTempLibrary();
  const together = await batched.importer.importItems(files);
  const single = openTempLibrary();
  const apart = { imported: [] as unknown[], failed: [] as unknown[] };
  for (const file of files) {
    const r = await single.importer.importItems([file]);
    apart.imported.push(...r.imported.map((a) => a.title));
    apart.failed.push(...r.failed);
  }
  assert.equal(together.imported.length, 34);
  assert.deepEqual(together.imported.map((a) => a.title), apart.imported);
  assert.deepEqual(together.failed, apart.failed);
  assert.deepEqual(together.failed.map((f) => f.item), ['empty.txt', 'blank.txt', 'blob.txt', 'scan.txt']);
  assert.match(together.failed[3]!.reason, /^scan\.txt is not a readable PDF \(/, 'a book by its bytes is still read as one');
  assert.deepEqual(rowsOf(batched), rowsOf(single));
  batched.close();
  single.close();
});

test('the text worker gives each file the articles and the reasons this thread gives it', async () => {
  const items = fileItems([
    ...Array.from({ length: 10 }, (_, i) => ({ name: `note-${i}.txt`, bytes: Buffer.from(`Note ${i}\n\nThe body of note ${i},\nhard-wrapped   with  runs of spaces & <marks>.\n\nCafé ${i} 🙂`) })),
    fixture('digest.txt'),
    { name: 'empty.txt', bytes: new Uint8Array() },
    { name: 'blob.txt', bytes: new Uint8Array(4096).map((_, i) => (i * 7919) % 256) },
    { name: 'scan.txt', bytes: Buffer.from('%PDF-1.7\n...') },
    { name: 'latin1.text', bytes: Buffer.from('Caf\xe9 cr\xe8me\n\nA legacy file, not UTF-8.', 'latin1') },
  ]);
  const fromWorker = await readTextFiles(items.map((i) => i.text!));
  assert.equal(fromWorker.length, items.length);
  for (const [i, item] of items.entries()) {
    const got = fromWorker[i];
    if (item.name === 'scan.txt') {
      assert.equal(got, null, 'a book by its bytes is left to this thread');
      continue;
    }
    const here = await item.extract().then((e) => e.articles.map((d) => paragraphsArticle(d, d.paragraphs ?? [])), (err: Error) => err.message);
    if (typeof here === 'string') assert.equal((got!.error as Error).message, here, item.name);
    else assert.deepEqual(got!.articles.map((a) => a.article), here, item.name);
  }
});

/** Text items with their names as their text, read "here" as a draft of that title. */
function textItems(n: number): IngestItem[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `n${i}.txt`;
    return { name, text: { name, size: 10, bytes: Buffer.from(name) }, extract: async () => ({ articles: [{ title: `here ${name}`, paragraphs: [] }] }) };
  });
}
const readHere = async (item: IngestItem): Promise<Loaded> => ({ extracted: await item.extract(), articles: [], error: null });

test('a text worker that does not answer holds no file back: the writer reads each itself, in order, with few batches sent', async () => {
  const items = textItems(700);
  let batches = 0;
  const ahead = new ReadAhead(items[Symbol.iterator](), readHere, undefined, () => {
    batches++;
    return new Promise(() => undefined);
  });
  const titles: string[] = [];
  for (let e = await ahead.next(); e; e = await ahead.next()) titles.push((await e.loaded).extracted!.articles[0]!.title);
  assert.deepEqual(titles, items.map((i) => `here ${i.name}`));
  assert.ok(batches >= 1 && batches <= 4, `${batches} batches sent to a worker that never answered`);
});

test('the text worker\'s results are taken when they are back before the writer reaches them', async () => {
  const items = textItems(300);
  const ahead = new ReadAhead(items[Symbol.iterator](), readHere, undefined, async (files) =>
    files.map((f) => ({ extracted: { articles: [{ title: `worker ${f.name}`, paragraphs: [] }] }, articles: [], error: null })),
  );
  const titles: string[] = [];
  for (let e = await ahead.next(); e; e = await ahead.next()) titles.push((await e.loaded).extracted!.articles[0]!.title);
  assert.deepEqual(titles, items.map((i) => `worker ${i.name}`));
});

test('the bundled text worker (dist/main, as Electron loads it) reads files by bytes and by path, needing only production dependencies', async () => {
  const bundle = path.join(ROOT, 'dist/main/text-worker.cjs');
  assert.ok(fs.existsSync(bundle), 'dist/main/text-worker.cjs is built (npm run build runs before the unit tests)');
  assert.deepEqual(unpackagedRequires(bundle), [], 'the worker requires only Node\'s modules and production dependencies');
  const essay = path.join(ROOT, 'tests/fixtures/essay.txt');
  const files: TextFile[] = [
    { name: 'digest.txt', size: fixture('digest.txt').bytes.length, bytes: fixture('digest.txt').bytes },
    { name: essay, size: fs.statSync(essay).size, path: essay },
    { name: 'gone.txt', size: 10, path: path.join(tempDir(), 'gone.txt') },
  ];
  const pool = new WorkerPool<TextFile[], TextResult[]>({ eval: false, code: bundle }, { size: 1, timeoutMs: 20_000, idleMs: 60_000, maxHeapMb: 256 });
  try {
    const results = await pool.run(files);
    assert.deepEqual(results, files.map(readTextFile));
    assert.deepEqual(results.map((r) => r.kind), ['read', 'read', 'failed']);
    assert.match((results[2] as { error: { message: string } }).error.message, /^could not be read: ENOENT/);
  } finally {
    await pool.close();
  }
});
