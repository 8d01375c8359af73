/**
 * Memory while reading the 1,000-page PDF in the real app, as Electron counts it, where Electron
 * runs (the release workflow, on its three systems; Electron's binary cannot be installed on the
 * development machines):
 *
 *   npm run build && npx tsx tests/bench/electron-reading.ts [--corpus DIR]
 *
 * The books bench (books.ts) reads the same book with the same jumps (`readPdf`) in Chromium over
 * the harness, after its timed opens, and counts Chromium's processes there; this counts the app's own, Electron's main process (Node
 * and the library in it) included: `app.getAppMetrics()`, each process's working set, and on
 * Linux also the proportional set size from /proc (what the books bench reports: a page shared
 * by several processes counted a share in each). The book's prose comes from the shared corpora
 * when `--corpus` names them, else from this README (the workflow has no corpora): the same page
 * layout, forty lines a page. A figure, not a test: it prints a table, to the job's summary too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron } from '@playwright/test';
import { Library } from '../../main/node/library/library';
import { electronBinary, ensureElectronSqlite, root } from '../../scripts/electron-native.mjs';
import { electronEnv } from '../e2e/electron-env';
import { benchPdf, browserMemory, PAGES_READ, readPdf, timeOpen } from './books';
import { proseSentences, sentences } from './corpus';

interface Reading {
  /** Electron's figures: the working set of every process, in MB, summed by type. */
  byType: Record<string, number>;
  totalMb: number;
  /** Linux: the proportional set size of the app's process tree (books.ts's measure). */
  pssMb: number | null;
}

async function main(): Promise<void> {
  const electron = electronBinary();
  if (!electron.binary) throw new Error(`${electron.reason}: this bench needs Electron itself`);
  const args = process.argv.slice(2);
  const corpus = args.includes('--corpus') ? path.resolve(args[args.indexOf('--corpus') + 1]!) : null;
  const pool = corpus ? sentences(corpus) : proseSentences(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-electron-reading-'));
  const libraryDir = path.join(work, 'library');
  const lib = Library.open(libraryDir);
  const report = await lib.importer.importItems([{ name: 'thousand.pdf', bytes: Buffer.from(benchPdf(pool, 1000, 3)) }]);
  lib.close();
  const [id] = report.imported.map((a) => a.id);
  if (id === undefined) throw new Error(`the 1,000-page PDF was not imported: ${JSON.stringify(report.failed[0])}`);

  process.env.LECTERN_SQLITE_BINDING = ensureElectronSqlite();
  // Finds the app's processes in /proc: its main process carries this switch, the others descend from it.
  const marker = `--lectern-bench=${process.pid}-${Date.now()}`;
  const app = await _electron.launch({ args: [root, '--library', libraryDir, marker], env: electronEnv(path.join(work, 'user-data')) });
  try {
    const reading = async (): Promise<Reading> => {
      const metrics = await app.evaluate(({ app }) => app.getAppMetrics().map((m) => ({ type: m.type, kb: m.memory.workingSetSize })));
      const byType: Record<string, number> = {};
      for (const m of metrics) byType[m.type] = (byType[m.type] ?? 0) + m.kb / 1024;
      const totalMb = Object.values(byType).reduce((a, b) => a + b, 0);
      return { byType, totalMb, pssMb: process.platform === 'linux' ? browserMemory(marker).totalMb : null };
    };
    const page = await app.firstWindow();
    await page.locator(`[data-article-id="${id}"]`).waitFor();
    await page.waitForTimeout(1000);
    const library = await reading();
    const open = await timeOpen(page, id, 'pdf', '1,000-page PDF, cold');
    let peak = await reading();
    const mostPageBoxes = await readPdf(page, async () => {
      const r = await reading();
      if (r.totalMb > peak.totalMb) peak = r;
    });
    const f = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(0));
    const types = [...new Set([...Object.keys(library.byType), ...Object.keys(peak.byType)])].sort();
    const table = [
      `Reading the 1,000-page PDF in Electron ${await app.evaluate(() => process.versions.electron)} on ${process.platform} (${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}): through ${PAGES_READ} pages, ten at a time; at most ${mostPageBoxes} page boxes in the DOM; opened cold in ${f(open.ms)} ms.`,
      '',
      '| processes (Electron, working set) | library shown (MB) | reading, peak (MB) |',
      '|---|---:|---:|',
      ...types.map((t) => `| ${t} | ${f(library.byType[t])} | ${f(peak.byType[t])} |`),
      `| **all** | **${f(library.totalMb)}** | **${f(peak.totalMb)}** |`,
      ...(peak.pssMb === null ? [] : [`| all, proportional set size (/proc) | ${f(library.pssMb)} | ${f(peak.pssMb)} |`]),
      '',
      `Issue #14's budget while reading: < 400 MB — ${peak.totalMb < 400 ? 'met' : 'not met'} by Electron's count.`,
    ].join('\n');
    console.log(table);
    if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${table}\n`);
  } finally {
    await app.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
