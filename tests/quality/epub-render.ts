/**
 * `npx tsx tests/quality/epub-render.ts [CORPORA]` — every EPUB 3 sample (../shared/corpora/
 * epub3-samples) opens in the EPUB reader over the harness in Chromium and shows its first page
 * with no page error (in the app, book.html or a chapter) and no request off 127.0.0.1.
 * A few are kept as screenshots in test-results/epub-render/. Needs `npm run build`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startHarness } from '../../main/node/harness/server';
import { chromiumLaunch } from '../e2e/chromium';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpora = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'corpora'));
const dir = path.join(corpora, 'epub3-samples');
const shots = path.join(root, 'test-results', 'epub-render');
const SHOWN = new Set(['childrens-literature.epub', 'haruko-html-jpeg.epub', 'moby-dick.epub', 'wasteland.epub', 'regime-anticancer-arabic.epub']);

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.epub')).sort();
fs.mkdirSync(shots, { recursive: true });
const browser = await chromium.launch(chromiumLaunch(process.platform, process.env));
const results: { file: string; ok: boolean; problems: string[] }[] = [];
/** Books the import refuses (with its reason) are not the reader's to show. */
const refused: string[] = [];
try {
  // A library each: the book is the newest article, first in the inbox.
  for (const file of files) {
    const harness = await startHarness({ libraryDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-render-')), root });
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const problems: string[] = [];
    try {
      const report = await harness.session.library.importer.importItems([{ name: file, bytes: fs.readFileSync(path.join(dir, file)) }]);
      const id = report.imported[0]?.id;
      if (id === undefined) {
        refused.push(`${file}: ${report.failed[0]?.reason ?? JSON.stringify(report.skipped[0])}`);
        continue;
      }
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.protocol.startsWith('http') && u.hostname !== '127.0.0.1') problems.push(`request off the app: ${u.href}`);
      });
      await page.goto(harness.url);
      await page.locator(`[data-article-id="${id}"]`).click();
      // The first page is shown once book.html reports a place in the book.
      const shown = await page
        .waitForFunction(() => {
          const frame = [...document.querySelectorAll('iframe')].find((f) => f.src.endsWith('/book.html'));
          return (frame?.contentWindow as unknown as { lecternBook?: { current(): unknown } } | null)?.lecternBook?.current() ?? null;
        }, undefined, { timeout: 20_000 })
        .then(() => true, () => false);
      if (!shown) problems.push('the first page was not shown within 20 s');
      if (SHOWN.has(file)) await page.screenshot({ path: path.join(shots, `${file.replace(/\.epub$/, '')}.png`) });
      results.push({ file, ok: problems.length === 0, problems });
    } finally {
      await page.close();
      await harness.close();
    }
  }
} finally {
  await browser.close();
}
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.file}${r.problems.length ? `: ${r.problems.join('; ')}` : ''}`);
for (const r of refused) console.log(`refused at import: ${r}`);
const passed = results.filter((r) => r.ok).length;
console.log(`epub3-samples: ${passed}/${results.length} imported show their first page with no page error and no request off the app (${refused.length} refused at import)`);
process.exitCode = passed === results.length ? 0 : 1;
