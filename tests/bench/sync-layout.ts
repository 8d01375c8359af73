/**
 * `npx tsx tests/bench/sync-layout.ts [N] [PACK_SIZE]` (also `npm run bench -- --sync`): the
 * figures behind the sync document layout (main/node/sync/README.md). N articles of ~6 KB of
 * prose on computer A; the real sync server on 127.0.0.1 (in this process) and each computer in
 * a process of its own, syncing over a real WebSocket, so the heap and CPU time are one
 * computer's. Rounds are what the app runs (connect, start, join or open the documents, step
 * until the server acknowledged everything, disconnect): A starts, an empty B joins, then 20
 * single changes each go A's round then B's; finally the library is opened to ready.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Library } from '../../main/node/library/library';
import { transaction } from '../../main/node/store/db';
import { TokenWebSocketClientAdapter } from '../../main/node/sync/client';
import { LibrarySync, PACK_SIZE } from '../../main/node/sync/library-sync';
import { closeRepo, createRepo } from '../../main/node/sync/repo';
import { runRound } from '../../main/node/sync/round';
import { newToken, startSyncServer } from '../../main/node/sync/server';
import { tempDir } from '../helpers';

type Request = { op: 'start' | 'join' | 'resume'; root?: string } | { op: 'edit'; tag: string } | { op: 'has'; tag: string } | { op: 'exit' };
interface Measured {
  wallMs: number;
  cpuMs: number;
  peakHeap: number;
  peakRss: number;
  value: unknown;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One computer: a library, and a round over a real WebSocket for each request of the parent. */
async function computer(dir: string, server: string, token: string, packSize: number): Promise<void> {
  const library = Library.open(dir);
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  setInterval(sample, 10).unref();
  const round = async (begin: (sync: LibrarySync) => Promise<unknown>) => {
    const adapter = new TokenWebSocketClientAdapter(server, token);
    const repo = createRepo(library, [adapter]);
    const sync = new LibrarySync(library, repo, packSize);
    try {
      return { ...(await runRound(sync, repo, adapter, { timeoutMs: 3_600_000, begin: () => begin(sync) })), root: sync.rootUrl };
    } finally {
      await closeRepo(repo);
    }
  };
  process.on('message', async (req: Request) => {
    if (req.op === 'exit') {
      library.close();
      process.exit(0);
    }
    sample();
    peakHeap = 0;
    peakRss = 0;
    const t = performance.now();
    const cpu = process.cpuUsage();
    let value: unknown;
    if (req.op === 'start') value = (await round((sync) => sync.start())).root;
    else if (req.op === 'join') value = (await round((sync) => sync.join(req.root!))).received;
    else if (req.op === 'resume') value = (await round((sync) => sync.open())).received;
    else if (req.op === 'edit') value = library.edits.apply([library.articles.list('all', { limit: 1 })[0]!.id], { kind: 'tag', tag: req.tag }, new Date().toISOString());
    else if (req.op === 'has') value = library.articles.list('all', { tag: req.tag }).length > 0;
    sample();
    const used = process.cpuUsage(cpu);
    process.send!({ wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000, peakHeap, peakRss, value } satisfies Measured);
  });
  process.send!('ready');
}

function spawnComputer(dir: string, server: string, token: string, packSize: number): { ask: (req: Request) => Promise<Measured>; child: ChildProcess } {
  const child = fork(fileURLToPath(import.meta.url), ['computer', dir, server, token, String(packSize)], { execArgv: ['--import', 'tsx'] });
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

async function main(n: number, packSize: number): Promise<void> {
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
  const A = spawnComputer(aDir, server.url, token, packSize);
  const B = spawnComputer(bDir, server.url, token, packSize);
  const line = (what: string, m: Measured) => console.log(`| ${what} | ${s(m.wallMs)} | ${s(m.cpuMs)} | ${mb(m.peakHeap)} | ${mb(m.peakRss)} |`);
  console.log(`\n${n.toLocaleString('en')} articles (${mb(textBytes)} of text and HTML), ${packSize} texts a pack; one process per computer, the sync server on 127.0.0.1\n`);
  console.log('| one computer | wall | CPU | peak heap | peak RSS |\n|---|---:|---:|---:|---:|');
  const started = await A.ask({ op: 'start' });
  line('A starts: the library folded into new documents, sent to the server', started);
  const joined = await B.ask({ op: 'join', root: started.value as string });
  line('B (empty) joins and receives the whole library, texts included', joined);
  const counts = Library.open(bDir);
  const arrived = counts.articles.counts().articles;
  const wanted = counts.db.prepare('SELECT count(*) FROM sync_bodies_wanted').pluck().get() as number;
  const chunks = counts.db.prepare('SELECT count(*) AS n, sum(length(data)) AS bytes FROM sync_chunks').get() as { n: number; bytes: number };
  counts.close();
  if (arrived !== n || wanted !== 0) throw new Error(`B holds ${arrived} of ${n} articles, ${wanted} still without text`);
  line('A: a round with nothing to do (open the documents, exchange, close)', await A.ask({ op: 'resume' }));
  const changes: Measured[] = [];
  for (let i = 0; i < 20; i++) {
    await A.ask({ op: 'edit', tag: `t${i}` });
    const sent = await A.ask({ op: 'resume' });
    const got = await B.ask({ op: 'resume' });
    if (!(await B.ask({ op: 'has', tag: `t${i}` })).value) throw new Error('the change did not arrive');
    changes.push({ wallMs: sent.wallMs + got.wallMs, cpuMs: sent.cpuMs + got.cpuMs, peakHeap: Math.max(sent.peakHeap, got.peakHeap), peakRss: Math.max(sent.peakRss, got.peakRss), value: null });
  }
  const sorted = (pick: (m: Measured) => number) => changes.map(pick).sort((x, y) => x - y);
  const wall = sorted((m) => m.wallMs);
  const cpu = sorted((m) => m.cpuMs);
  console.log(`| one change: A's round, then B's (p50 of 20) | ${s(wall[9]!)} | ${s(cpu[9]!)} | ${mb(Math.max(...changes.map((m) => m.peakHeap)))} | ${mb(Math.max(...changes.map((m) => m.peakRss)))} |`);
  console.log(`| one change, p95 | ${s(wall[18]!)} | ${s(cpu[18]!)} | | |`);
  for (const c of [A, B]) c.child.send({ op: 'exit' } satisfies Request);
  await Promise.all([A, B].map((c) => new Promise((r) => c.child.once('exit', r))));
  await server.close();
  const t = performance.now();
  const again = Library.open(bDir);
  const openMs = performance.now() - t;
  again.close();
  console.log(`\nB's sync_chunks: ${mb(chunks.bytes)} in ${chunks.n} chunks. B's library open to ready after the sync: ${openMs.toFixed(0)} ms (documents load only when a round starts).`);
}

if (process.argv[2] === 'computer') {
  const [, , , dir, server, token, packSize] = process.argv;
  await computer(dir!, server!, token!, Number(packSize));
} else {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  process.chdir(path.resolve(dir, '../..'));
  await main(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? PACK_SIZE));
}
