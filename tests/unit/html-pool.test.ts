import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ImportError } from '../../main/node/import/errors';
import { itemError, type ExtractJob } from '../../main/node/import/extract-pool';
import { extractHtmlPage, parseHtmlPage, readHtmlPage } from '../../main/node/import/html';
import { draftTitle } from '../../main/node/import/new-article';
import { sanitizeHere, sanitizeHtml } from '../../main/node/import/sanitize';
import { JobFailed, sourceWorker, WorkerPool } from '../../main/node/import/worker-pool';
import type { Draft, Extracted } from '../../main/node/import/draft';
import { FIXTURES, openTempLibrary, ROOT, unpackagedRequires } from '../helpers';

const page = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const options = { size: 1, timeoutMs: 20_000, idleMs: 60_000, maxHeapMb: 256 };
const testWorker = () => new WorkerPool<Record<string, string>, string>(sourceWorker(path.join(FIXTURES, 'pool-worker.ts')), options);

test('a page read and sanitized in the pool is exactly what this thread gives', async () => {
  for (const [name, url] of [['article.html', undefined], ['broken.html', undefined], ['article.html', 'https://example.org/a/page.html']] as const) {
    const here = readHtmlPage(page(name), name, url);
    assert.deepEqual(await extractHtmlPage(page(name), name, url), here);
    // The page job's draft is the page as read here, carrying its article sanitized for its title.
    const { sanitized, ...draft } = here.articles[0]!;
    assert.deepEqual({ articles: [draft], source: here.source }, parseHtmlPage(page(name), name, url));
    assert.deepEqual(sanitized, { title: draftTitle(here.articles[0]!), result: sanitizeHere(draft.html!, draftTitle(here.articles[0]!)) });
    assert.deepEqual(await sanitizeHtml(draft.html!, draft.title), sanitizeHere(draft.html!, draft.title));
  }
});

/** Imports drafts as a source would give them, and returns each article's stored HTML. */
async function importDrafts(drafts: Draft[]): Promise<string[]> {
  const lib = openTempLibrary();
  try {
    const outcomes = await lib.importer.ingest(drafts.map((d, i) => ({ name: `page ${i}`, extract: async () => ({ articles: [d] }) })));
    return outcomes.map((o) => (o.kind === 'imported' ? lib.articles.get(o.id)!.html : `${o.kind}: ${'message' in o ? o.message : ''}`));
  } finally {
    lib.close();
  }
}

test("the importer takes a page job's sanitized article from its draft, and sanitizes again a draft retitled since (a feed item under the feed's title)", async () => {
  const dirty = '<h1>Page title</h1><p>Text of the article, long enough to keep.</p>';
  const kept = { title: 'Page title', result: { html: '<p>kept, not sanitized again</p>', text: 'kept, not sanitized again' } };
  const [asGiven, retitled] = await importDrafts([
    { title: 'Page title', html: dirty, sanitized: kept },
    { title: 'Feed title', html: `${dirty}<p>Another.</p>`, sanitized: kept },
  ]);
  assert.equal(asGiven, kept.result.html);
  // The heading that repeats the page's title stays under the feed's title.
  assert.equal(retitled, sanitizeHere(`${dirty}<p>Another.</p>`, 'Feed title').html);
  assert.match(retitled!, /<h1>Page title<\/h1>/);
});

test("a page's own error comes back from the pool as the item's reason", async () => {
  await assert.rejects(extractHtmlPage('<html><body>  </body></html>', 'empty.html'), (err) => err instanceof ImportError && err.message === 'the page has no readable text');
});

test('a job that throws, exits its worker, hangs or exhausts its heap fails alone; a fresh worker takes the next job', async () => {
  const pool = testWorker();
  try {
    assert.equal(await pool.run({ do: 'echo', value: 'first' }), 'first from thread');
    await assert.rejects(pool.run({ do: 'throw' }), (err) => err instanceof JobFailed && err.kind === 'thrown' && err.errorName === 'TypeError' && err.message === 'the job threw');
    assert.equal(await pool.run({ do: 'echo', value: 'after a throw' }), 'after a throw from thread');
    await assert.rejects(pool.run({ do: 'exit' }), (err) => err instanceof JobFailed && err.kind === 'crashed' && /exited \(code 3\)/.test(err.message));
    assert.equal(await pool.run({ do: 'echo', value: 'after an exit' }), 'after an exit from thread');
    await assert.rejects(pool.run({ do: 'grow' }), (err) => err instanceof JobFailed && err.kind === 'crashed' && /memory/i.test(err.message));
    assert.equal(await pool.run({ do: 'echo', value: 'after running out of memory' }), 'after running out of memory from thread');
  } finally {
    await pool.close();
  }
  // Long enough for a fresh worker to compile its TypeScript source on a loaded machine (3 s was not, in CI).
  const quick = new WorkerPool<Record<string, string>, string>(sourceWorker(path.join(FIXTURES, 'pool-worker.ts')), { ...options, timeoutMs: 10_000 });
  try {
    assert.equal(await quick.run({ do: 'echo', value: 'warm' }), 'warm from thread');
    // Queued behind the hung job: it waits for the fresh worker, and gets its answer.
    const [hung, next] = await Promise.allSettled([quick.run({ do: 'hang' }), quick.run({ do: 'echo', value: 'after a hang' })]);
    assert.ok(hung.status === 'rejected' && hung.reason instanceof JobFailed && hung.reason.kind === 'timeout', String(hung.status));
    assert.deepEqual(next, { status: 'fulfilled', value: 'after a hang from thread' });
  } finally {
    await quick.close();
  }
});

test('a lost worker becomes the failed item\'s reason; a thrown error keeps its words', async () => {
  const pool = testWorker();
  try {
    const crashed = await pool.run({ do: 'exit' }).catch(itemError);
    assert.ok(crashed instanceof ImportError);
    assert.equal(crashed.message, 'the page could not be read: the worker exited (code 3)');
    const thrown = await pool.run({ do: 'throw' }).catch(itemError);
    assert.ok(thrown instanceof Error && !(thrown instanceof ImportError));
    assert.equal(thrown.message, 'the job threw');
  } finally {
    await pool.close();
  }
});

test('the bundled worker (dist/main, as Electron loads it) reads and sanitizes, needing only production dependencies', async () => {
  const bundle = path.join(ROOT, 'dist/main/extract-worker.cjs');
  assert.ok(fs.existsSync(bundle), 'dist/main/extract-worker.cjs is built (npm run build runs before the unit tests)');
  assert.deepEqual(unpackagedRequires(bundle), [], 'the worker requires only Node\'s modules and production dependencies');
  const pool = new WorkerPool<ExtractJob, unknown>({ eval: false, code: bundle }, options);
  try {
    const read = (await pool.run({ kind: 'page', text: page('article.html'), fileName: 'article.html' })) as Extracted;
    assert.deepEqual(read, readHtmlPage(page('article.html'), 'article.html'));
    assert.ok(read.articles[0]!.sanitized?.result.text);
    const clean = await pool.run({ kind: 'sanitize', dirty: '<p>hi<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a></p>', title: 'T' });
    assert.deepEqual(clean, { html: '<p>hi<img src="x"><a rel="noopener noreferrer">x</a></p>', text: 'hix' });
  } finally {
    await pool.close();
  }
});

test('an idle pool does not keep the process alive (a CLI import ends when its work is done)', () => {
  const script = `import { extractHtmlPage } from ${JSON.stringify(path.join(ROOT, 'main/node/import/html.ts'))};
const e = await extractHtmlPage('<html><head><title>T</title></head><body><p>Some words to keep.</p></body></html>', 'a.html');
const done = performance.now();
process.on('exit', () => console.log(e.articles[0].title, Math.round(performance.now() - done)));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const [title, msToExit] = out.trim().split(' ');
  assert.equal(title, 'T');
  // Not held until the pool's idle timeout (30 s) stops the workers.
  assert.ok(Number(msToExit) < 5_000, `the process ended ${msToExit} ms after its work`);
});
