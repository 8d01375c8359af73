import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ImportError } from '../../main/node/import/errors';
import { itemError, type ExtractJob } from '../../main/node/import/extract-pool';
import type { ReadPage } from '../../main/node/import/extract-pool';
import { extractHtmlPage, parseHtmlPage, readHtmlPage } from '../../main/node/import/html';
import { draftTitle } from '../../main/node/import/new-article';
import { keepSanitized, sanitizeHere, sanitizeHtml } from '../../main/node/import/sanitize';
import { JobFailed, sourceWorker, WorkerPool } from '../../main/node/import/worker-pool';
import { FIXTURES, ROOT, unpackagedRequires } from '../helpers';

const page = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const options = { size: 1, timeoutMs: 20_000, idleMs: 60_000, maxHeapMb: 256 };
const testWorker = () => new WorkerPool<Record<string, string>, string>(sourceWorker(path.join(FIXTURES, 'pool-worker.ts')), options);

test('a page read and sanitized in the pool is exactly what this thread gives', async () => {
  for (const [name, url] of [['article.html', undefined], ['broken.html', undefined], ['article.html', 'https://example.org/a/page.html']] as const) {
    const here = parseHtmlPage(page(name), name, url);
    const pooled = await extractHtmlPage(page(name), name, url);
    assert.deepEqual(pooled, here);
    const draft = here.articles[0]!;
    assert.deepEqual(await sanitizeHtml(draft.html!, draft.title), sanitizeHere(draft.html!, draft.title));
  }
});

/** Whether `promise` settles before this turn of the event loop ends: no worker can answer that soon. */
const settlesAtOnce = (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((resolve) => setImmediate(() => resolve(false)))]);

test("a page job sanitizes its article too: the importer's sanitizeHtml for that HTML and title takes it, without a second job", async () => {
  const here = readHtmlPage(page('article.html'), 'article.html');
  const draft = here.extracted.articles[0]!;
  assert.deepEqual(here.sanitized, sanitizeHere(draft.html!, draftTitle(draft)));

  const pooled = (await extractHtmlPage(page('article.html'), 'article.html')).articles[0]!;
  const taken = sanitizeHtml(pooled.html!, draftTitle(pooled));
  assert.equal(await settlesAtOnce(taken), true);
  assert.deepEqual(await taken, here.sanitized);
  // Taken once: asked again, it is sanitized again, in the pool — the same result, not the object kept
  // (whether a warm worker answers before the next turn of the event loop is a race, so not asked).
  const again = await sanitizeHtml(pooled.html!, draftTitle(pooled));
  assert.deepEqual(again, here.sanitized);
  assert.notEqual(again, await taken);
});

test('what a page job sanitized is used only for the same HTML and title: a retitled draft (a feed item) is sanitized for its own title', async () => {
  const dirty = '<h1>Page title</h1><p>Text of the article, long enough.</p>';
  keepSanitized(dirty, 'Page title', { html: 'kept', text: 'kept' });
  // The heading that repeats the page's title stays under the feed's title.
  assert.deepEqual(await sanitizeHtml(dirty, 'Feed title'), sanitizeHere(dirty, 'Feed title'));
  assert.match(sanitizeHere(dirty, 'Feed title').html, /<h1>Page title<\/h1>/);
  // The one kept for the page's title was dropped with that miss.
  assert.deepEqual(await sanitizeHtml(dirty, 'Page title'), sanitizeHere(dirty, 'Page title'));
  keepSanitized(dirty, 'Page title', { html: 'kept', text: 'kept' });
  assert.deepEqual(await sanitizeHtml(dirty, 'Page title'), { html: 'kept', text: 'kept' });
});

test('at most a few sanitized articles wait to be taken: pages never asked for do not pile up', async () => {
  for (let i = 0; i < 100; i++) keepSanitized(`<p>page ${i}</p>`, 'T', { html: `kept ${i}`, text: `kept ${i}` });
  assert.deepEqual(await sanitizeHtml('<p>page 99</p>', 'T'), { html: 'kept 99', text: 'kept 99' });
  assert.deepEqual(await sanitizeHtml('<p>page 0</p>', 'T'), sanitizeHere('<p>page 0</p>', 'T'));
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
    const read = (await pool.run({ kind: 'page', text: page('article.html'), fileName: 'article.html' })) as ReadPage;
    assert.deepEqual(read, readHtmlPage(page('article.html'), 'article.html'));
    assert.ok(read.sanitized?.text);
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
