/**
 * One system of the benchmark, in a process of its own so that its heap is its own:
 *   node --expose-gc --import tsx tests/bench/run-system.ts <lectern|lunr|fts5> <articles> <corpora> <workdir>
 * Prints one JSON line of figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import lunr from 'lunr';
import { Library } from '../../main/node/library/library';
import { asTextFile, makeArticles, makeQueries, sentences, type BenchQuery } from './corpus';

const [system, nArg, corpora, work] = process.argv.slice(2) as [string, string, string, string];
const n = Number(nArg);
let articles = makeArticles(sentences(corpora), n);
const queries = makeQueries(articles);
/** The corpus is not the system's: dropped before the heap is measured. */
const forgetCorpus = () => void (articles = []);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const ms = (from: number) => performance.now() - from;
/** Articles per second of this process's CPU time: on a shared machine, steadier than the clock. */
const cpuRate = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return n / ((used.user + used.system) / 1e6);
};
/** This thread's CPU seconds (Linux only, else NaN): the writer's, apart from the text worker's. */
const threadCpuS = () => {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
};
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** Runs the mix three times (the first warms caches) and keeps the last two. */
function timeQueries(run: (q: BenchQuery) => number): { p50: number; p95: number; hits: number } {
  const times: number[] = [];
  let hits = 0;
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const t = performance.now();
      const found = run(q);
      if (round > 0) times.push(ms(t));
      if (round === 2) hits += found > 0 ? 1 : 0;
    }
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), hits };
}

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function lectern() {
  const dir = path.join(work, 'library');
  let lib = Library.open(dir);
  const items = articles.map(asTextFile);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const writer0 = threadCpuS();
  const report = await lib.importer.importItems(items);
  const importMs = ms(t0);
  const importCpuRate = cpuRate(cpu0);
  const importWriterCpuRate = n / (threadCpuS() - writer0);
  items.length = 0;
  forgetCorpus();
  if (report.imported.length !== n) throw new Error(`imported ${report.imported.length} of ${n}: ${JSON.stringify(report.failed[0] ?? report.skipped[0])}`);
  lib.db.pragma('wal_checkpoint(TRUNCATE)');
  lib.close();

  const t1 = performance.now();
  lib = Library.open(dir);
  lib.articles.counts();
  lib.articles.list('inbox', { limit: 50 });
  const readyMs = ms(t1);

  const search = timeQueries((q) => lib.search.search(q.lectern, { limit: 20 }).results.length);
  const ids = (lib.db.prepare('SELECT id FROM articles ORDER BY random() LIMIT 200').all() as { id: number }[]).map((r) => r.id);
  const openTimes = ids.map((id) => {
    const t = performance.now();
    lib.articles.get(id);
    return ms(t);
  });
  const heap = heapMb();
  const dbMb = fs.statSync(lib.file).size / 1024 / 1024;
  lib.close();
  return { importRate: n / (importMs / 1000), importCpuRate, importWriterCpuRate, readyMs, search, openP95: percentile(openTimes, 95), heapMb: heap, sizeMb: dbMb };
}

function lunrSystem() {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let idx: lunr.Index | null = lunr(function () {
    this.ref('id');
    this.field('title', { boost: 10 });
    this.field('body');
    articles.forEach((a, i) => this.add({ id: String(i), title: a.title, body: a.paragraphs.join('\n\n') }));
  });
  const buildMs = ms(t0);
  const importCpuRate = cpuRate(cpu0);
  forgetCorpus();
  const file = path.join(work, 'lunr-index.json');
  fs.writeFileSync(file, JSON.stringify(idx));
  idx = null; // users load the saved index; the built one is gone
  const saveMs = ms(t0) - buildMs;
  const t1 = performance.now();
  const loaded = lunr.Index.load(JSON.parse(fs.readFileSync(file, 'utf8')));
  const readyMs = ms(t1);
  const search = timeQueries((q) => {
    try {
      return loaded.search(q.lunr).slice(0, 20).length;
    } catch {
      return 0;
    }
  });
  return { importRate: n / (buildMs / 1000), importCpuRate, saveMs, readyMs, search, heapMb: heapMb(), sizeMb: fs.statSync(file).size / 1024 / 1024 };
}

function fts5System() {
  const file = path.join(work, 'fts5.sqlite');
  let db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61')");
  const insert = db.prepare('INSERT INTO docs(title, body) VALUES (?, ?)');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i += 500) {
    db.transaction(() => {
      for (const a of articles.slice(i, i + 500)) insert.run(a.title, a.paragraphs.join('\n\n'));
    })();
  }
  const importMs = ms(t0);
  const importCpuRate = cpuRate(cpu0);
  forgetCorpus();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const t1 = performance.now();
  db = new Database(file);
  db.prepare('SELECT count(*) FROM docs').get();
  const readyMs = ms(t1);
  const query = db.prepare('SELECT rowid, title FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20');
  const search = timeQueries((q) => query.all(q.fts5).length);
  const heap = heapMb();
  db.close();
  return { importRate: n / (importMs / 1000), importCpuRate, readyMs, search, heapMb: heap, sizeMb: fs.statSync(file).size / 1024 / 1024 };
}

const run = { lectern, lunr: lunrSystem, fts5: fts5System }[system];
if (!run) throw new Error(`unknown system ${system}`);
console.log(JSON.stringify({ system, articles: n, queries: queries.length, ...(await run()) }));
