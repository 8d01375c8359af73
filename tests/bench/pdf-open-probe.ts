/**
 * `npx tsx tests/bench/pdf-open-probe.ts [ROUNDS]`: cold and warm opens of the 300- and
 * 1,000-page PDFs, ROUNDS fresh pages each (5 by default), with the median of each step — the
 * books bench takes one cold open a book, too few to tell a change of ~30 ms on a shared machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startHarness } from '../../main/node/harness/server';
import { appLikeLaunch, benchPdf, timeOpen, type OpenFigures } from './books';
import { sentences } from './corpus';

const root = path.resolve(import.meta.dirname, '..', '..');
const rounds = Number(process.argv[2] ?? 5);
/** ROOTS=a,b: project roots whose dist/renderer is served, taken in turn each round (a before and an after, in the same conditions). */
const roots = (process.env.ROOTS ?? root).split(',');
const pool = sentences(path.join(root, '..', 'shared', 'corpora'));
const files = [
  { name: 'three-hundred.pdf', bytes: Buffer.from(benchPdf(pool, 300, 1)) },
  { name: 'thousand.pdf', bytes: Buffer.from(benchPdf(pool, 1000, 3)) },
  { name: 'small.pdf', bytes: Buffer.from(benchPdf(pool, 2, 4)) },
];
const harnesses = await Promise.all(
  roots.map(async (r) => {
    const harness = await startHarness({ libraryDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-probe-')), root: r });
    const ids = (await harness.session.library.importer.importItems(files)).imported.map((i) => i.id) as [number, number, number];
    return { harness, ids, name: roots.length > 1 ? `${path.basename(r)}: ` : '' };
  }),
);
const browser = await chromium.launch(appLikeLaunch(`--lectern-probe=${process.pid}`));
const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
await context.addInitScript('globalThis.__name = (f) => f');
const runs: Record<string, OpenFigures[]> = {};
const add = (o: OpenFigures) => (runs[o.label] ??= []).push(o);
try {
  for (let r = 0; r < rounds; r++) {
    for (const { harness, ids: [pdf300, pdf1000, small], name: variant } of harnesses) {
      for (const [id, name] of [[pdf300, `${variant}300-page`], [pdf1000, `${variant}1,000-page`]] as const) {
        const page = await context.newPage();
        await page.goto(harness.url);
        await page.locator(`[data-article-id="${small}"]`).waitFor();
        await page.waitForTimeout(1000);
        add(await profiled(page, `${name} cold`, () => timeOpen(page, id, 'pdf', `${name} cold`)));
        await timeOpen(page, small, 'pdf', 'small');
        add(await profiled(page, `${name} warm`, () => timeOpen(page, id, 'pdf', `${name} warm`)));
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  for (const { harness } of harnesses) await harness.close();
}
/** With PROFILE set: the main thread's CPU profile of the open, its self time summed by function and script. */
async function profiled(page: import('@playwright/test').Page, label: string, open: () => Promise<OpenFigures>): Promise<OpenFigures> {
  if (!process.env.PROFILE) return open();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const o = await open();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0) / 1000));
  const byFn = new Map<string, number>();
  const byScript = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    const script = f.url ? path.basename(new URL(f.url).pathname) : '(native)';
    byFn.set(`${f.functionName || '(anon)'} ${script}:${f.lineNumber}`, (byFn.get(`${f.functionName || '(anon)'} ${script}:${f.lineNumber}`) ?? 0) + ms);
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('; ');
  fs.appendFileSync(process.env.PROFILE, `${label} ${o.ms.toFixed(0)} ms\n  scripts: ${top(byScript, 10)}\n  functions: ${top(byFn, 25)}\n`);
  return o;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [label, list] of Object.entries(runs).sort(([a], [b]) => a.localeCompare(b))) {
  const keys = [...new Set(list.flatMap((o) => Object.keys(o.steps)))];
  const steps = keys.map((k) => [k, median(list.map((o) => o.steps[k] ?? NaN))] as const).sort((a, b) => a[1] - b[1]);
  console.log(`${label}: median ${median(list.map((o) => o.ms)).toFixed(0)} ms (${list.map((o) => o.ms.toFixed(0)).join(', ')}) — ${steps.map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ')}`);
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
