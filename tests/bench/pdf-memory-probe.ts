/**
 * `npx tsx tests/bench/pdf-memory-probe.ts`: where the page's renderer grows while the 1,000-page
 * PDF is read as the books bench reads it (to page 200, ten pages at a time): the renderer's
 * proportional set size, the page's JS heap (used and allocated), the
 * DOM's canvases, then the same after the main thread's garbage is collected; how long each jump
 * takes to draw its page, and the opens. ROOTS=a,b as the open probe: each root's renderer in
 * turn, in a browser of its own. SWITCHES='--a;--b=c' starts Chromium with switches the app does not set, to try them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type CDPSession } from '@playwright/test';
import { startHarness } from '../../main/node/harness/server';
import { appLikeLaunch, benchPdf, browserMemory, timeOpen } from './books';
import { sentences } from './corpus';

const root = path.resolve(import.meta.dirname, '..', '..');
const roots = (process.env.ROOTS ?? root).split(',');
const pool = sentences(path.join(root, '..', 'shared', 'corpora'));
const files = [
  { name: 'thousand.pdf', bytes: Buffer.from(benchPdf(pool, 1000, 3)) },
  { name: 'small.pdf', bytes: Buffer.from(benchPdf(pool, 2, 4)) },
];
const f = (x: number) => x.toFixed(0);
for (const r of roots) {
  const harness = await startHarness({ libraryDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-probe-')), root: r });
  const [pdf1000, small] = (await harness.session.library.importer.importItems(files)).imported.map((i) => i.id) as [number, number];
  const marker = `--lectern-probe=${process.pid}-${Date.now()}`;
  const browser = await chromium.launch(appLikeLaunch(marker));
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  await context.addInitScript('globalThis.__name = (f) => f');
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const heapOf = async (session: CDPSession) => await session.send('Runtime.getHeapUsage');
  // pdf.js's worker, a dedicated Worker in the same renderer: reached through the page's session (Playwright gives no session of a worker's own).
  const workers: string[] = [];
  let asked = 0;
  const answers = new Map<number, (result: unknown) => void>();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workers.push(e.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (reply.id !== undefined) answers.get(reply.id)?.(reply.result);
  });
  const inWorker = (sessionId: string, method: string) =>
    new Promise<unknown>((resolve) => {
      const id = ++asked;
      answers.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  const workerHeap = async () => {
    let used = 0;
    let total = 0;
    for (const w of workers) {
      const h = (await inWorker(w, 'Runtime.getHeapUsage')) as Awaited<ReturnType<typeof heapOf>>;
      used += h.usedSize;
      total += h.totalSize;
    }
    return { usedSize: used, totalSize: total };
  };
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await page.goto(harness.url);
  await page.locator(`[data-article-id="${small}"]`).waitFor();
  await page.waitForTimeout(2000);
  const line = async (label: string) => {
    const m = browserMemory(marker);
    const main = await heapOf(cdp);
    const worker = await workerHeap();
    const canvases = await page.evaluate(() => [...document.querySelectorAll('canvas')].reduce((n, c) => n + c.width * c.height * 4, 0) / 1e6);
    const kinds = Object.entries(m.byKind).map(([k, v]) => `${k} ${f(v.mb)}`).join(', ');
    console.log(`${path.basename(r)} ${label}: all ${f(m.totalMb)} MB, renderer ${f(m.rendererMb)}; main JS heap ${f(main.usedSize / 1e6)}/${f(main.totalSize / 1e6)}, its DOM ${f(main.embedderHeapUsedSize / 1e6)}, its array buffers ${f(main.backingStorageSize / 1e6)}; worker JS heap${workers.length === 1 ? '' : `s (${workers.length})`} ${f(worker.usedSize / 1e6)}/${f(worker.totalSize / 1e6)}; canvases in the DOM ${f(canvases)} MB (${kinds})`);
  };
  await line('library shown');
  const opens = [(await timeOpen(page, small, 'pdf', '')).ms];
  await page.waitForTimeout(1000);
  await line('a two-page PDF open');
  opens.push((await timeOpen(page, pdf1000, 'pdf', '')).ms);
  await page.waitForTimeout(1000);
  await line('1,000-page PDF open');
  let peak = 0;
  let peakAll = 0;
  const jumps: number[] = [];
  for (let i = 0; i < 20; i++) {
    const target = (i + 1) * 10;
    const box = page.getByRole('textbox', { name: 'Page number' });
    await box.fill(String(target));
    // A jump's cost: from the Enter to the page's canvas drawn and its text laid over it (the reader's pause unchanged).
    const start = Date.now();
    const drawn = page.locator(`.pdfViewer .page[data-page-number="${target}"][data-loaded="true"] .textLayer span`).first().waitFor().then(() => jumps.push(Date.now() - start));
    await box.press('Enter');
    await Promise.all([drawn, page.waitForTimeout(300)]);
    const m = browserMemory(marker);
    peak = Math.max(peak, m.rendererMb);
    peakAll = Math.max(peakAll, m.totalMb);
    if (i % 5 === 4) await line(`at page ${target}`);
  }
  const sorted = [...jumps].sort((a, b) => a - b);
  console.log(`${path.basename(r)} renderer peak ${f(peak)} MB, all processes' peak ${f(peakAll)} MB; opens (two-page, 1,000-page) ${opens.map(f).join(', ')} ms; a jump drawn in ${f(sorted[Math.floor(sorted.length / 2)]!)} ms median, ${f(sorted.at(-1)!)} at most; switches: ${process.env.SWITCHES || 'none'}`);
  await cdp.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(1000);
  await line('after the main thread\'s garbage collected');
  for (const w of workers) await inWorker(w, 'HeapProfiler.collectGarbage');
  await page.waitForTimeout(1000);
  await line('after the worker\'s too');
  await browser.close();
  await harness.close();
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
