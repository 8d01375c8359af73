/**
 * `npx tsx tests/quality/xss-corpus.ts [CORPORA]` (after `npm run build`): DOMPurify's 223 test
 * payloads (../shared/corpora/dompurify-xss-fixtures), each imported as a web page through the
 * real importer and opened in the reader in Chromium over the harness. Counts alerts, event
 * handlers, script URLs and network requests — all must be zero. Then the import sanitizer on its
 * own: each payload and each of Readability's test pages must come out byte for byte as DOMPurify
 * on jsdom gives them (tests/purify-oracle.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { decodeText } from '../../main/node/import/decode';
import { parseHtmlPage } from '../../main/node/import/html';
import { sanitizeHere } from '../../main/node/import/sanitize';
import { startHarness } from '../../main/node/harness/server';
import { purifyOnJsdom } from '../purify-oracle';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpora = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'corpora'));
const fixtures = JSON.parse(fs.readFileSync(path.join(corpora, 'dompurify-xss-fixtures', 'expect.json'), 'utf8')) as { payload: string }[];
const prose = 'An ordinary paragraph of prose, long enough for the page to read as an article. ';

const harness = await startHarness({ libraryDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-xss-')), root });
const report = await harness.session.library.importer.importItems(
  fixtures.map((f, i) => ({
    name: `vector-${i}.html`,
    bytes: Buffer.from(`<html><head><title>Vector ${i}</title></head><body><article><p>${prose.repeat(3)}</p>${f.payload}<p>${prose}</p></article></body></html>`),
  })),
);
const browser = await chromium.launch({
  executablePath: process.env.LECTERN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage();
const alerts: string[] = [];
const requests: string[] = [];
page.on('dialog', (d) => {
  alerts.push(d.message());
  void d.dismiss();
});
page.on('request', (r) => {
  if (!r.url().startsWith(harness.url) && !r.url().startsWith('data:')) requests.push(r.url());
});
await page.goto(harness.url);
let opened = 0;
const findings: string[] = [];
for (const { id, title } of report.imported) {
  await page.evaluate((articleId) => document.querySelector<HTMLElement>(`[data-article-id="${articleId}"]`)?.scrollIntoView(), id);
  await page.click(`[data-article-id="${id}"]`);
  await page.waitForFunction((t) => document.querySelector('.article h1')?.textContent === t, title);
  await page.waitForTimeout(30);
  opened++;
  const bad = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('.article-body *')) {
      for (const a of el.attributes) {
        const url = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite'].includes(a.name);
        if (/^on/i.test(a.name) || (url && /^\s*(javascript|vbscript|data:text)/i.test(a.value))) out.push(`${el.tagName} ${a.name}=${a.value.slice(0, 40)}`);
      }
      if (/^(SCRIPT|IFRAME|OBJECT|EMBED|FORM|STYLE|LINK|META|BASE)$/.test(el.tagName)) out.push(el.tagName);
    }
    return out;
  });
  findings.push(...bad.map((b) => `${title}: ${b}`));
}
await page.waitForTimeout(500);
await browser.close();
await harness.close();
const live = fixtures.filter((f) => f.payload.includes('alert')).length;
console.log(`XSS corpus: ${fixtures.length} payloads (${live} live vectors): ${report.imported.length} imported, ${report.skipped.length} skipped as duplicates, ${report.failed.length} refused (${report.failed.slice(0, 3).map((f) => f.reason).join('; ')}); ${opened} opened in Chromium`);
console.log(`- alerts fired: ${alerts.length}; event handlers or script URLs in the reader: ${findings.length}; network requests: ${requests.length}`);
for (const f of [...alerts, ...findings, ...requests].slice(0, 10)) console.log(`  ${f}`);

const purify = purifyOnJsdom();
const pagesDir = path.join(corpora, 'readability-test-pages', 'pages');
const pages = fs.readdirSync(pagesDir).filter((d) => fs.existsSync(path.join(pagesDir, d, 'source.html')));
const inputs = [
  ...fixtures.map((f) => ({ name: f.payload.slice(0, 40), dirty: f.payload, title: 'T' })),
  ...pages.map((d) => {
    const [draft] = parseHtmlPage(decodeText(fs.readFileSync(path.join(pagesDir, d, 'source.html')), { html: true }), `${d}.html`).articles;
    return { name: d, dirty: draft!.html!, title: draft!.title };
  }),
];
const differ = inputs.filter(({ dirty, title }) => {
  const want = purify(dirty, title);
  const got = sanitizeHere(dirty, title);
  return got.html !== want.html || got.text !== want.text;
});
console.log(`- import sanitizer against DOMPurify on jsdom: ${inputs.length - differ.length} of ${inputs.length} (${fixtures.length} payloads, ${pages.length} pages) byte for byte the same`);
for (const d of differ.slice(0, 10)) console.log(`  differs: ${d.name}`);
process.exitCode = alerts.length + findings.length + requests.length + differ.length === 0 ? 0 : 1;
