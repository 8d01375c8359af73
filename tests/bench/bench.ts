/**
 * `npm run bench -- [--corpus DIR] [--sizes 1000,10000] [--systems lectern,lunr,fts5] [--out FILE] [--plot FILE]`, or `npm run bench -- --sync [--sizes …]`
 * Lectern beside lunr used the way its users do (whole-index build, JSON save and load) and a
 * raw single-table FTS5 (the floor), on the same articles and the same query mix, each system
 * in a fresh process. Also: click to text in the renderer and the `lectern` command's cold
 * start at each size, and HTML import with extraction and sanitizing over Readability's test
 * pages. Prints Markdown tables; --out writes the same figures as JSON; the plot of time per
 * operation against library size goes to assets/bench-curve.svg (or --plot FILE).
 * `--books` measures books alone instead (tests/bench/books.ts), search at the last of --sizes;
 * `--html` the HTML pages alone (tests/bench/html-pages.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { curveSvg } from './curve-svg';
import { benchHtmlPages, htmlLine } from './html-pages';
import { libraryOf, openInUi, type UiFigures } from './open-in-ui';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const corpora = path.resolve(opt('--corpus', path.join(root, '..', 'shared', 'corpora')));
const sizes = opt('--sizes', '1000,10000').split(',').map(Number);
/** `--systems lectern` measures Lectern alone (the comparison table then lacks its baselines). */
const systems = opt('--systems', 'lectern,lunr,fts5').split(',');
const out = args.includes('--out') ? opt('--out', '') : null;
/** `--sync`: the sync figures at each size instead (tests/bench/sync-layout.ts: one process per computer, the real server on 127.0.0.1). */
if (args.includes('--sync')) {
  for (const n of sizes) execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'tests/bench/sync-layout.ts'), String(n)], { cwd: root, stdio: 'inherit' });
  process.exit(0);
}
const plot = path.resolve(opt('--plot', path.join(root, 'assets', 'bench-curve.svg')));
/**
 * lunr holds its whole index in memory and loads it from one JSON file: past this size the
 * build takes minutes and the heap gigabytes, so larger sizes skip it (and the table says so).
 */
const LUNR_MAX = 10_000;
if (!fs.existsSync(corpora)) {
  console.error(`No corpora at ${corpora}: pass --corpus DIR (the shared/corpora folder).`);
  process.exit(2);
}
if (args.includes('--books')) {
  const { benchBooks } = await import('./books');
  console.log(await benchBooks(root, corpora, sizes.at(-1)!));
  process.exit(0);
}
if (args.includes('--html')) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-'));
  const html = await benchHtmlPages(corpora, work);
  fs.rmSync(work, { recursive: true, force: true });
  console.log(htmlLine(html));
  if (out) fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), html }, null, 2));
  process.exit(0);
}

type Figures = Record<string, unknown> & {
  system: string;
  articles: number;
  importRate: number;
  importCpuRate: number;
  readyMs: number;
  search: { p50: number; p95: number; hits: number };
  heapMb: number;
  sizeMb: number;
  queries: number;
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-'));
const results: Figures[] = [];
const skipped: { system: string; articles: number }[] = [];
for (const n of sizes) {
  for (const system of systems) {
    if (system === 'lunr' && n > LUNR_MAX) {
      skipped.push({ system, articles: n });
      continue;
    }
    process.stderr.write(`${system} × ${n} articles… `);
    const started = Date.now();
    const line = execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=12000', '--import', 'tsx', path.join(root, 'tests/bench/run-system.ts'), system, String(n), corpora, path.join(work, `${system}-${n}`)],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    results.push(JSON.parse(line.trim().split('\n').at(-1)!));
    process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

// Click to text in the renderer, over the libraries Lectern just built.
const ui: UiFigures[] = [];
for (const n of systems.includes('lectern') ? sizes : []) {
  process.stderr.write(`click to text in Chromium × ${n} articles… `);
  const figures = await openInUi(root, libraryOf(work, 'lectern', n));
  process.stderr.write(figures ? 'done\n' : 'skipped: no Chromium\n');
  if (figures) ui.push(figures);
}

// The command as users start it, on each library: the bundle, built fresh, timed from outside.
execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts'), 'cli'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const bundle = path.join(root, 'dist/cli/lectern.cjs');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const coldStartMs = (...cliArgs: string[]) =>
  median(
    Array.from({ length: 10 }, () => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [bundle, ...cliArgs], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`lectern ${cliArgs.join(' ')}: ${r.stderr}`);
      return performance.now() - t;
    }),
  );
const cli: { articles: number; versionMs: number; statsMs: number }[] = [];
if (systems.includes('lectern')) {
  process.stderr.write('lectern command cold start… ');
  coldStartMs('--version'); // the first start reads the files from disk
  for (const n of sizes) cli.push({ articles: n, versionMs: coldStartMs('--version'), statsMs: coldStartMs('--library', libraryOf(work, 'lectern', n), 'stats', '--json') });
  process.stderr.write('done\n');
}

const html = await benchHtmlPages(corpora, work);
fs.rmSync(work, { recursive: true, force: true });

const f = (x: number, d = 1) => x.toFixed(d);
const lines = [
  `| articles | system | import (articles/s) | import (articles per CPU-s) | open → ready (ms) | search p50 (ms) | search p95 (ms) | queries with hits | heap (MB) | on disk (MB) |`,
  `|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...results.map((r) =>
    `| ${r.articles.toLocaleString('en')} | ${r.system === 'fts5' ? 'raw FTS5 (floor)' : r.system === 'lunr' ? 'lunr 2.3.9' : 'Lectern'} | ${f(r.importRate, 0)} | ${f(r.importCpuRate, 0)} | ${f(r.readyMs)} | ${f(r.search.p50, 2)} | ${f(r.search.p95, 2)} | ${r.search.hits}/${r.queries} | ${f(r.heapMb, 0)} | ${f(r.sizeMb)} |`,
  ),
  ...skipped.map((s) => `| ${s.articles.toLocaleString('en')} | lunr 2.3.9 | not run: above ${LUNR_MAX.toLocaleString('en')} articles its in-memory build and JSON load take minutes and gigabytes | | | | | | | |`),
];
for (const r of results) {
  // The writer's thread sets the import's pace; the text worker uses another core.
  const writer = r.importWriterCpuRate as number | undefined;
  if (writer) lines.push(`\nText import at ${r.articles.toLocaleString('en')} articles: ${f(writer, 0)} articles per CPU-s of the writer's thread, ${f((100 * r.importCpuRate) / writer, 0)} % of the import's CPU.`);
}
for (const n of sizes) {
  const lectern = results.find((r) => r.system === 'lectern' && r.articles === n)!;
  const floor = results.find((r) => r.system === 'fts5' && r.articles === n);
  if (!lectern || !floor) continue;
  lines.push(`\nAt ${n.toLocaleString('en')} articles Lectern's search p95 is ${f(lectern.search.p95 / floor.search.p95)}× raw FTS5; opening an article takes ${f((lectern.openP95 as number) ?? 0, 2)} ms (p95).`);
}
if (ui.length) {
  lines.push('', '| articles | click → text shown, p50 (ms) | p95 (ms) | rows in the DOM | rows in view |', '|---:|---:|---:|---:|---:|');
  for (const u of ui) lines.push(`| ${u.articles.toLocaleString('en')} | ${f(u.clickToTextP50)} | ${f(u.clickToTextP95)} | ${u.rowsInDom} | ${u.rowsInView} |`);
} else {
  lines.push('', 'Click to text: not measured, Chromium was not found (set LECTERN_CHROMIUM).');
}
if (cli.length) {
  lines.push('', '| articles | `lectern --version`, cold, median of 10 (ms) | `lectern stats --json`, cold, median of 10 (ms) |', '|---:|---:|---:|');
  for (const c of cli) lines.push(`| ${c.articles.toLocaleString('en')} | ${f(c.versionMs, 0)} | ${f(c.statsMs, 0)} |`);
}

const of = (system: string, pick: (r: Figures) => number): [number, number][] => results.filter((r) => r.system === system).map((r) => [r.articles, pick(r)]);
const series = [
  { label: 'Lectern search p95', points: of('lectern', (r) => r.search.p95) },
  { label: 'raw FTS5 search p95', points: of('fts5', (r) => r.search.p95) },
  { label: 'lunr search p95', points: of('lunr', (r) => r.search.p95) },
  { label: 'Lectern open → ready', points: of('lectern', (r) => r.readyMs) },
  { label: 'click → text p95', points: ui.map((u): [number, number] => [u.articles, u.clickToTextP95]) },
  { label: 'lectern stats, cold', points: cli.map((c): [number, number] => [c.articles, c.statsMs]) },
  { label: 'import, per article', points: of('lectern', (r) => 1000 / r.importRate) },
].filter((s) => s.points.length);
if (series.length) {
  fs.mkdirSync(path.dirname(plot), { recursive: true });
  fs.writeFileSync(plot, curveSvg(`Time per operation against library size (${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'})`, series));
  lines.push(`\nPlot: ${path.relative(root, plot)}`);
}
lines.push(`\n${htmlLine(html)}`);
lines.push(`\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; query mix: ${results[0]?.queries} queries (one term, two terms, phrase, prefix, fuzzy, field-scoped), each run 3 times, the first as warm-up.`);
console.log(lines.join('\n'));
if (out) fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), results, skipped, ui, cli, html }, null, 2));
