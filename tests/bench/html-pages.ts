/**
 * HTML import over Readability's test pages (`npm run bench -- --html` runs only this; the full
 * bench runs it last): extraction (Readability on linkedom) + sanitizing (DOMPurify's rules on
 * parse5), first in this thread one page at a time, then over the worker pool with pages in
 * flight as an import keeps them (each page one job, its article sanitized in it, as the importer
 * asks for); then a whole import, storing included. Each row gives its
 * pages per second of wall time and per CPU-second (every thread of the process, so the figure
 * holds on a machine others are using), and the import its main thread's share of the CPU.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeText } from '../../main/node/import/decode';
import { EXTRACT_POOL_OPTIONS } from '../../main/node/import/extract-pool';
import { extractHtmlPage, readHtmlPage } from '../../main/node/import/html';
import { draftTitle } from '../../main/node/import/new-article';
import { sanitizeHtml } from '../../main/node/import/sanitize';
import { Library } from '../../main/node/library/library';

export interface HtmlRow {
  pagesPerSecond: number;
  pagesPerCpuSecond: number;
}

export interface HtmlFigures {
  pages: number;
  workers: number;
  oneThread: HtmlRow;
  pool: HtmlRow;
  import: HtmlRow & { imported: number; failed: number; cpuSeconds: number; wallSeconds: number; mainThreadCpuSeconds: number | null };
}

/** CPU-seconds of every thread of this process. */
const processCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** CPU-seconds of the main thread alone, from Linux's per-thread counters (null elsewhere). */
function mainThreadCpu(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function measure<T>(pages: number, run: () => Promise<T>): Promise<HtmlRow & { value: T; cpuSeconds: number; wallSeconds: number }> {
  const t = performance.now();
  const cpu = processCpu();
  const value = await run();
  const wallSeconds = (performance.now() - t) / 1000;
  const cpuSeconds = processCpu() - cpu;
  return { value, cpuSeconds, wallSeconds, pagesPerSecond: pages / wallSeconds, pagesPerCpuSecond: pages / cpuSeconds };
}

export async function benchHtmlPages(corpora: string, work: string): Promise<HtmlFigures> {
  const pagesDir = path.join(corpora, 'readability-test-pages', 'pages');
  const pages = fs.readdirSync(pagesDir).filter((d) => fs.existsSync(path.join(pagesDir, d, 'source.html')));
  const pageTexts = pages.map((d) => ({ name: `${d}.html`, text: decodeText(fs.readFileSync(path.join(pagesDir, d, 'source.html')), { html: true }) }));
  process.stderr.write('HTML pages: extraction and sanitizing… ');
  const oneThread = await measure(pages.length, async () => {
    for (const p of pageTexts) readHtmlPage(p.text, p.name);
  });
  const extractPage = async (p: { name: string; text: string }) => {
    const [draft] = (await extractHtmlPage(p.text, p.name)).articles;
    // The page job sanitized it too, unless that failed there (then the importer asks again).
    if (!draft!.sanitized) await sanitizeHtml(draft!.html!, draftTitle(draft!));
  };
  const inFlight = 2 * EXTRACT_POOL_OPTIONS.size;
  await Promise.all(pageTexts.slice(0, inFlight).map(extractPage)); // starts the workers
  const pool = await measure(pages.length, async () => {
    const queue = [...pageTexts];
    await Promise.all(Array.from({ length: inFlight }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) await extractPage(p);
    }));
  });
  process.stderr.write('done\nHTML import… ');
  const library = Library.open(path.join(work, 'html'));
  await library.importer.importItems([{ name: 'warm.html', bytes: Buffer.from('<p>warm up the sanitizer</p>') }]);
  const items = pages.map((d) => ({ name: `${d}.html`, bytes: fs.readFileSync(path.join(pagesDir, d, 'source.html')) }));
  const mainBefore = mainThreadCpu();
  const imported = await measure(pages.length, () => library.importer.importItems(items));
  const mainAfter = mainThreadCpu();
  library.close();
  process.stderr.write('done\n');
  const row = ({ pagesPerSecond, pagesPerCpuSecond }: HtmlRow): HtmlRow => ({ pagesPerSecond, pagesPerCpuSecond });
  return {
    pages: pages.length,
    workers: EXTRACT_POOL_OPTIONS.size,
    oneThread: row(oneThread),
    pool: row(pool),
    import: {
      ...row(imported),
      imported: imported.value.imported.length,
      failed: imported.value.failed.length,
      cpuSeconds: imported.cpuSeconds,
      wallSeconds: imported.wallSeconds,
      mainThreadCpuSeconds: mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore,
    },
  };
}

/** The figures as the README's paragraph gives them. */
export function htmlLine(h: HtmlFigures): string {
  const f = (x: number) => x.toFixed(1);
  const main = h.import.mainThreadCpuSeconds === null ? '' : `, of which the main thread ${f(h.import.mainThreadCpuSeconds)}`;
  return (
    `HTML pages, extraction and sanitizing over ${h.pages} Readability test pages: ${f(h.oneThread.pagesPerSecond)} pages/s in one thread ` +
    `(${f(h.oneThread.pagesPerCpuSecond)} per CPU-s), ${f(h.pool.pagesPerSecond)} pages/s over ${h.workers} worker threads (${f(h.pool.pagesPerCpuSecond)} per CPU-s). ` +
    `HTML import, storing included: ${f(h.import.pagesPerSecond)} pages/s (${f(h.import.pagesPerCpuSecond)} per CPU-s; ${f(h.import.cpuSeconds)} CPU-s in ${f(h.import.wallSeconds)} s${main}; ` +
    `${h.import.imported} imported, ${h.import.failed} failed).`
  );
}
