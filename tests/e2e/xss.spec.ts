/**
 * Hostile articles: XSS vectors (our own list; `tests/quality/xss-corpus.ts` runs DOMPurify's 223)
 * imported as a web page and as Markdown, then opened: no alert, no event handler, no
 * javascript: URL, and nothing loads from the network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES } from '../helpers';
import { expect, test } from './fixtures';

const VECTORS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'xss-vectors.json'), 'utf8')) as string[];
const prose = 'This paragraph is ordinary prose, long enough for the extractor to see an article here, and it goes on for a while so that the page reads like a real one. ';

test(`${VECTORS.length} XSS vectors in a page and in Markdown stay inert when the article is read`, async ({ app }) => {
  const alerts: string[] = [];
  app.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  const foreign: string[] = [];
  const own = new URL(app.url()).origin;
  app.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin !== own && url.protocol !== 'data:' && url.protocol !== 'lectern:') foreign.push(r.url());
  });
  const page = `<!doctype html><html><head><title>Hostile page</title></head><body><article><h1>Hostile page</h1>${VECTORS.map((v, i) => `<p>${prose}Vector ${i}: ${v}</p>`).join('\n')}</article></body></html>`;
  const markdown = `# Hostile notes\n\n${VECTORS.map((v, i) => `${prose}\n\nVector ${i}: ${v}\n`).join('\n')}`;
  await app.getByTestId('import-input').setInputFiles([
    { name: 'hostile.html', mimeType: 'text/html', buffer: Buffer.from(page) },
    { name: 'hostile.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) },
  ]);
  const dialog = app.getByRole('dialog', { name: 'Import finished' });
  // The first pages of a run start the extraction workers (each loads linkedom and Readability): seconds on a busy machine.
  await expect(dialog.locator('.summary')).toHaveText(/2 imported/, { timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Done' }).click();

  for (const title of ['Hostile page', 'Hostile notes']) {
    await app.getByRole('option', { name: new RegExp(title) }).click();
    const body = app.locator('.article-body');
    await expect(body).toContainText(`Vector ${VECTORS.length - 1}`);
    // Give handlers, timers and loads a moment to fire if anything survived.
    await app.waitForTimeout(500);
    const findings = await body.evaluate((root) => {
      const bad: string[] = [];
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) bad.push(`${el.tagName} ${attr.name}`);
          const url = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite'].includes(attr.name);
          if (url && /^\s*(javascript|vbscript|data):/i.test(attr.value)) bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
          if (['style', 'srcset', 'ping', 'action', 'formaction', 'xlink:href'].includes(attr.name)) bad.push(`${el.tagName} ${attr.name}`);
          if (attr.name === 'class' && attr.value !== 'missing') bad.push(`${el.tagName} class=${attr.value}`);
        }
        if (/^(SCRIPT|IFRAME|OBJECT|EMBED|FORM|INPUT|STYLE|LINK|META|BASE|SVG|MATH|TEMPLATE|TEXTAREA)$/i.test(el.tagName)) bad.push(el.tagName);
      }
      return bad;
    });
    expect(findings, title).toEqual([]);
  }
  expect(alerts).toEqual([]);
  expect(foreign).toEqual([]);
});
