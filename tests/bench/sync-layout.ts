/**
 * `npx tsx tests/bench/sync-layout.ts [N]` (also `npm run bench -- --sync`): the
 * figures behind the sync document layout (main/node/sync/README.md). N articles of ~6 KB of
 * prose on computer A; the real sync server on 127.0.0.1 (in this process) and each computer in
 * a process of its own, syncing over a real WebSocket, so the heap and CPU time are one
 * computer's. Each computer runs the app's SyncService (its connection and documents stay open
 * between rounds): A starts, an empty B joins; a round as the CLI runs it (connect, open the
 * documents, step until quiet, disconnect) and a round on the open connection, each with nothing
 * to do; then 20 single changes, each from A's edit until B's library holds it (A's round sends
 * it, B's service brings it in as it arrives); then B quits, A makes one change, and B's app
 * opens again (its first round); finally B's library is opened to ready.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Library } from '../../main/node/library/library';
import { LibrarySession } from '../../main/node/library/session';
import { transaction } from '../../main/node/store/db';
import { PACK_SIZE } from '../../main/node/sync/library-sync';
import { syncLibrary } from '../../main/node/sync/round';
import { newToken, startSyncServer } from '../../main/node/sync/server';
import { SyncService } from '../../main/node/sync/sync-service';
import { tempDir } from '../helpers';

type Request =
  | { op: 'start' } | { op: 'join'; code: string } | { op: 'cli-round' } | { op: 'round' } | { op: 'edit'; tag: string } | { op: 'arrival'; tag: string }
  | { op: 'quit' } | { op: 'reopen'; tag: string } | { op: 'live-heap' } | { op: 'exit' };
interface Measured {
  wallMs: number;
  cpuMs: number;
  peakHeap: number;
  peakRss: number;
  value: unknown;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Rounds only when asked (or when another computer's change arrives), not on the app's timers. */
const TIMING = { quietMs: 3_600_000, intervalMs: 3_600_000, timeoutMs: 3_600_000 };

/** One computer: a library and the app's sync service, doing what the parent asks. */
async function computer(dir: string, server: string, token: string): Promise<void> {
  let changed = () => {};
  let session = new LibrarySession(dir);
  const serve = () => new SyncService(session, (event) => event === 'libraryChanged' && changed(), TIMING);
  let service = serve();
  const library = () => session.library;
  const hasTag = (tag: string) => library().articles.list('all', { tag }).length > 0;
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  setInterval(sample, 10).unref();
  process.on('message', async (req: Request) => {
    if (req.op === 'exit') {
      await session.close();
      process.exit(0);
    }
    sample();
    peakHeap = 0;
    peakRss = 0;
    const t = performance.now();
    const cpu = process.cpuUsage();
    let value: unknown;
    if (req.op === 'start') value = (await service.start(server, token)).code;
    else if (req.op === 'join') value = await service.join(req.code);
    else if (req.op === 'cli-round') value = (await syncLibrary(library(), 'resume', { timeoutMs: TIMING.timeoutMs })).received;
    else if (req.op === 'round') value = await service.now();
    else if (req.op === 'edit') {
      library().edits.apply([library().articles.list('all', { limit: 1 })[0]!.id], { kind: 'tag', tag: req.tag }, new Date().toISOString());
      value = await service.now();
    } else if (req.op === 'live-heap') {
      // The peak heap counts garbage V8 has not collected yet: what the process holds is measured after a full collection.
      v8.setFlagsFromString('--expose-gc');
      (runInNewContext('gc') as () => void)();
      value = process.memoryUsage().heapUsed;
    } else if (req.op === 'quit') {
      await session.close();
    } else if (req.op === 'reopen') {
      // The app opening: the service's first round starts at once (the library syncs); `now` waits for it.
      session = new LibrarySession(dir);
      service = serve();
      await service.now();
      if (!hasTag(req.tag)) throw new Error(`the change made while this computer was closed did not arrive (${req.tag})`);
    } else if (req.op === 'arrival') {
      // Answers once the tag is in the library (B's service projects it when it arrives).
      await new Promise<void>((resolve) => {
        changed = () => hasTag(req.tag) && resolve();
        changed();
      });
    }
    sample();
    const used = process.cpuUsage(cpu);
    process.send!({ wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000, peakHeap, peakRss, value } satisfies Measured);
  });
  process.send!('ready');
}

function spawnComputer(dir: string, server: string, token: string): { ask: (req: Request) => Promise<Measured>; child: ChildProcess } {
  const child = fork(fileURLToPath(import.meta.url), ['computer', dir, server, token], { execArgv: ['--import', 'tsx'] });
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  const ask = async (req: Request) => {
    await ready;
    return new Promise<Measured>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the computer exited (${code})`));
      child.once('exit', exited);
      child.once('message', (m) => {
        child.off('exit', exited);
        resolve(m as Measured);
      });
      child.send(req);
    });
  };
  return { ask, child };
}

/** 4,000 made-up words, so the texts compress about as much as prose does (a repeated handful would compress to nothing). */
const WORDS = Array.from({ length: 4000 }, (_, i) => createHash('sha256').update(String(i)).digest('base64').replace(/[^a-z]/g, '').slice(0, 3 + (i % 7)));

async function main(n: number): Promise<void> {
  const aDir = tempDir();
  const bDir = tempDir();
  const a = Library.open(aDir);
  transaction(a.db, (tx) => {
    for (let i = 0; i < n; i++) {
      const text = Array.from({ length: 1000 }, (_, j) => WORDS[(i * 7919 + j * j * 31 + j * 104729) % WORDS.length]).join(' ') + ` article ${i}.`;
      a.articles.insert(tx, {
        url: `https://example.org/${i}`, canonicalUrl: `https://example.org/${i}`, contentHash: createHash('sha256').update(text).digest('hex'),
        title: `Article ${i}`, author: null, site: 'example.org', publishedAt: null, lang: 'en', excerpt: null, html: `<p>${text}</p>`, text, wordCount: 1000,
      }, null, '2026-11-26T12:00:00.000Z');
    }
  });
  const textBytes = a.db.prepare('SELECT sum(length(text)) + sum(length(html)) FROM article_bodies').pluck().get() as number;
  a.close();
  Library.open(bDir).close();
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const A = spawnComputer(aDir, server.url, token);
  const B = spawnComputer(bDir, server.url, token);
  const line = (what: string, m: Measured) => console.log(`| ${what} | ${s(m.wallMs)} | ${s(m.cpuMs)} | ${mb(m.peakHeap)} | ${mb(m.peakRss)} |`);
  console.log(`\n${n.toLocaleString('en')} articles (${mb(textBytes)} of text and HTML), ${PACK_SIZE} texts a pack; one process per computer, the sync server on 127.0.0.1\n`);
  // Wall times on a shared machine say little without the load beside them; CPU times are each computer's own.
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  console.log(`Load average (1 / 5 / 15 min) at the start: ${load()}.\n`);
  console.log('| one computer | wall | CPU | peak heap | peak RSS |\n|---|---:|---:|---:|---:|');
  const started = await A.ask({ op: 'start' });
  line('A starts: the library folded into new documents, sent to the server', started);
  const joined = await B.ask({ op: 'join', code: started.value as string });
  line('B (empty) joins and receives the whole library, texts included', joined);
  const counts = Library.open(bDir);
  const arrived = counts.articles.counts().articles;
  const wanted = counts.db.prepare('SELECT count(*) FROM sync_bodies_wanted').pluck().get() as number;
  const chunks = counts.db.prepare('SELECT count(*) AS n, sum(length(data)) AS bytes FROM sync_chunks').get() as { n: number; bytes: number };
  counts.close();
  if (arrived !== n || wanted !== 0) throw new Error(`B holds ${arrived} of ${n} articles, ${wanted} still without text`);
  line('A: a round as the CLI runs it, nothing to do (connect, open the documents, exchange, close)', await A.ask({ op: 'cli-round' }));
  line('A: a round on the open connection, nothing to do (the app)', await A.ask({ op: 'round' }));
  const changes: Measured[] = [];
  for (let i = 0; i < 20; i++) {
    const arrival = B.ask({ op: 'arrival', tag: `t${i}` });
    const sent = await A.ask({ op: 'edit', tag: `t${i}` });
    const got = await arrival;
    changes.push({ wallMs: got.wallMs, cpuMs: sent.cpuMs + got.cpuMs, peakHeap: Math.max(sent.peakHeap, got.peakHeap), peakRss: Math.max(sent.peakRss, got.peakRss), value: null });
  }
  const sorted = (pick: (m: Measured) => number) => changes.map(pick).sort((x, y) => x - y);
  const wall = sorted((m) => m.wallMs);
  const cpu = sorted((m) => m.cpuMs);
  console.log(`| one change: from A's edit until B's library holds it (p50 of 20) | ${s(wall[9]!)} | ${s(cpu[9]!)} | ${mb(Math.max(...changes.map((m) => m.peakHeap)))} | ${mb(Math.max(...changes.map((m) => m.peakRss)))} |`);
  console.log(`| one change, p95 | ${s(wall[18]!)} | ${s(cpu[18]!)} | | |`);
  const [liveA, liveB] = await Promise.all([A.ask({ op: 'live-heap' }), B.ask({ op: 'live-heap' })]);
  await B.ask({ op: 'quit' });
  await A.ask({ op: 'edit', tag: 'while-away' });
  line("B: the app opens, its first round (one change made on A meanwhile; B's round, then another with nothing to do)", await B.ask({ op: 'reopen', tag: 'while-away' }));
  for (const c of [A, B]) c.child.send({ op: 'exit' } satisfies Request);
  await Promise.all([A, B].map((c) => new Promise((r) => c.child.once('exit', r))));
  await server.close();
  const t = performance.now();
  const again = Library.open(bDir);
  const openMs = performance.now() - t;
  again.close();
  console.log(`\nLoad average at the end: ${load()}.`);
  console.log(`Heap held after the changes (after a full garbage collection): A ${mb(liveA.value as number)}, B ${mb(liveB.value as number)}.`);
  console.log(`B's sync_chunks: ${mb(chunks.bytes)} in ${chunks.n} chunks. B's library open to ready after the sync: ${openMs.toFixed(0)} ms (documents load only when a round starts).`);
}

if (process.argv[2] === 'computer') {
  const [, , , dir, server, token] = process.argv;
  await computer(dir!, server!, token!);
} else {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  process.chdir(path.resolve(dir, '../..'));
  await main(Number(process.argv[2] ?? 1000));
}
