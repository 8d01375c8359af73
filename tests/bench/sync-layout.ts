/**
 * `npx tsx tests/bench/sync-layout.ts [N]`: the figures behind the sync document layout
 * (main/node/sync/README.md). N articles of ~6 KB of prose: start (fold everything in),
 * storage bytes, a new empty computer joining over an in-process pipe, one change from one
 * computer to the other (p50/p95 of 20), opening the documents again, peak heap and RSS.
 */
import { createHash } from 'node:crypto';
import { Library } from '../../main/node/library/library';
import { transaction } from '../../main/node/store/db';
import { createRepo } from '../../main/node/sync/repo';
import { LibrarySync } from '../../main/node/sync/library-sync';
import { tempDir } from '../helpers';
import { connect, quiet, round } from '../sync-helpers';

const N = Number(process.argv[2] ?? 1000);
/** 4,000 made-up words, so the texts compress about as much as prose does (a repeated handful would compress to nothing). */
const WORDS = Array.from({ length: 4000 }, (_, i) => createHash('sha256').update(String(i)).digest('base64').replace(/[^a-z]/g, '').slice(0, 3 + (i % 7)));

let peakHeap = 0;
let peakRss = 0;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}, 20);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

/** Wall time, and this process's CPU time (the fairer figure on a shared, loaded machine). */
async function timed<T>(what: string, fn: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const out = await fn();
  const used = process.cpuUsage(cpu);
  console.log(`${what}: ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU`);
  return out;
}

const a = Library.open(tempDir());
const b = Library.open(tempDir());
await timed(`import ${N} articles`, () =>
  transaction(a.db, (tx) => {
    for (let i = 0; i < N; i++) {
      const text = Array.from({ length: 1000 }, (_, j) => WORDS[(i * 7919 + j * j * 31 + j * 104729) % WORDS.length]).join(' ') + ` article ${i}.`;
      a.articles.insert(tx, {
        url: `https://example.org/${i}`, canonicalUrl: `https://example.org/${i}`, contentHash: createHash('sha256').update(text).digest('hex'),
        title: `Article ${i}`, author: null, site: 'example.org', publishedAt: null, lang: 'en', excerpt: null, html: `<p>${text}</p>`, text, wordCount: 1000,
      }, null, '2026-11-26T12:00:00.000Z');
    }
  }),
);

const starter = createRepo(a, []);
await timed('start (the library folded into new documents, flushed)', () => new LibrarySync(a, starter).start());
await starter.shutdown();
const bytes = a.db.prepare('SELECT sum(length(data)) FROM sync_chunks').pluck().get() as number;
console.log(`storage: ${mb(bytes)} in sync_chunks (${a.db.prepare('SELECT count(*) FROM sync_chunks').pluck().get()} chunks)`);

const c = connect(a, b);
await timed('open the documents again (17 documents from sync_chunks)', () => c.a.sync.open());
const text = a.db.prepare('SELECT sum(length(text)) + sum(length(html)) FROM article_bodies').pluck().get() as number;
console.log(`(the articles' text and HTML: ${mb(text)})`);
await timed('an empty computer joins and receives the whole library (texts included)', async () => {
  await c.b.sync.join(c.a.sync.rootUrl!);
  await round(c.a, c.b);
});
console.log(`joined: ${b.articles.counts().articles} articles on the new computer`);

const times: number[] = [];
const changeCpu = process.cpuUsage();
const ids = a.articles.list('all', { limit: 20 }).map((x) => x.id);
for (const [i, id] of ids.entries()) {
  const t = performance.now();
  a.edits.apply([id], { kind: 'tag', tag: `t${i}` }, '2026-11-26T12:00:00.000Z');
  await c.a.sync.step();
  await quiet(c.a, c.b);
  await c.b.sync.step();
  times.push(performance.now() - t);
  if (!b.articles.list('all', { tag: `t${i}` }).length) throw new Error('the change did not arrive');
}
times.sort((x, y) => x - y);
const cpuPerChange = (process.cpuUsage(changeCpu).user + process.cpuUsage(changeCpu).system) / 1000 / times.length;
console.log(`one change to the other computer: p50 ${times[9]!.toFixed(0)} ms, p95 ${times[18]!.toFixed(0)} ms wall; ${cpuPerChange.toFixed(0)} ms CPU each (both sides)`);
await c.close();
const reopen = performance.now();
const again = Library.open(b.dir);
console.log(`library open to ready after sync: ${(performance.now() - reopen).toFixed(0)} ms (documents load only when a sync starts)`);
again.close();
clearInterval(sample);
console.log(`peak heap ${mb(peakHeap)}, peak RSS ${mb(peakRss)} (Automerge's WASM memory counts in RSS, not heap)`);
a.close();
b.close();
