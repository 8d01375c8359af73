/**
 * `npx tsx tests/quality/extraction-and-feeds.ts [CORPORA]` — how well Lectern reads the web,
 * against public fixtures written by others (../shared/corpora):
 *  - Mozilla Readability's test pages: token F1 of the text Lectern keeps (extraction and
 *    sanitizing, as on import) against expected.html, and metadata against expected-metadata.json;
 *  - rss-parser's real feeds: per-field accuracy of what Lectern reads against its golden outputs;
 *  - feed-rs's fixtures: how many parse at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { canonicalText } from '../../main/common/canonical-text';
import { parseFeedText } from '../../main/node/feeds/parse';
import { extract } from '../../main/node/import/sources';
import { sanitizeHtml } from '../../main/node/import/sanitize';
import { tokenF1 } from './token-f1';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpora = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'corpora'));
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : 'n/a');

function tokens(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function f1(got: string, want: string): number {
  return tokenF1(tokens(got), tokens(want));
}

// --- Readability pages
const pagesDir = path.join(corpora, 'readability-test-pages', 'pages');
const scores: number[] = [];
const meta: Record<string, { right: number; total: number }> = {};
const failures: string[] = [];
const norm = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : s);
for (const dir of fs.readdirSync(pagesDir).sort()) {
  const source = path.join(pagesDir, dir, 'source.html');
  if (!fs.existsSync(source)) continue;
  const expectedText = canonicalText(parseHTML(fs.readFileSync(path.join(pagesDir, dir, 'expected.html'), 'utf8')).document);
  const expectedMeta = JSON.parse(fs.readFileSync(path.join(pagesDir, dir, 'expected-metadata.json'), 'utf8')) as Record<string, unknown>;
  try {
    const [draft] = (await extract({ name: `${dir}.html`, bytes: fs.readFileSync(source) })).articles;
    const { text } = await sanitizeHtml(draft!.html!, draft!.title);
    scores.push(f1(text, expectedText));
    const ours: Record<string, unknown> = { title: draft!.title, byline: draft!.author, excerpt: draft!.excerpt, lang: draft!.lang, siteName: draft!.site, publishedTime: draft!.publishedAt };
    for (const field of Object.keys(ours)) {
      const want = norm(expectedMeta[field]);
      if (want === null || want === undefined || want === '') continue;
      meta[field] ??= { right: 0, total: 0 };
      meta[field].total++;
      const got = norm(ours[field]);
      const same = field === 'publishedTime' ? typeof got === 'string' && Date.parse(got) === Date.parse(want as string) : got === want;
      if (same) meta[field].right++;
    }
  } catch (err) {
    scores.push(0);
    failures.push(`${dir}: ${(err as Error).message}`);
  }
}
scores.sort((a, b) => a - b);
const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
console.log(`Readability pages: ${scores.length}; token F1 mean ${mean.toFixed(3)}, median ${scores[Math.floor(scores.length / 2)]!.toFixed(3)}, ≥ 0.9 on ${pct(scores.filter((s) => s >= 0.9).length, scores.length)}`);
console.log(`  metadata: ${Object.entries(meta).map(([k, v]) => `${k} ${v.right}/${v.total} (${pct(v.right, v.total)})`).join(', ')}`);
for (const f of failures) console.log(`  failed: ${f}`);

// --- rss-parser golden feeds
const rssDir = path.join(corpora, 'rss-parser-feeds');
const fields: Record<string, { right: number; total: number }> = {};
const count = (field: string, ok: boolean) => {
  fields[field] ??= { right: 0, total: 0 };
  fields[field].total++;
  if (ok) fields[field].right++;
};
const decodeEntities = (s: string) => parseHTML(`<p>${s}</p>`).document.querySelector('p')!.textContent!.replace(/\s+/g, ' ').trim();
let feedsRead = 0;
let feedsTotal = 0;
for (const file of fs.readdirSync(path.join(rssDir, 'input')).sort()) {
  const expectedFile = path.join(rssDir, 'expected', file.replace(/\.\w+$/, '.json'));
  if (!fs.existsSync(expectedFile)) continue;
  feedsTotal++;
  const want = (JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { feed: { title?: string; items: Record<string, unknown>[] } }).feed;
  let got: ReturnType<typeof parseFeedText>;
  try {
    got = parseFeedText(fs.readFileSync(path.join(rssDir, 'input', file), 'utf8'), 'https://example.com/feed');
    feedsRead++;
  } catch {
    continue;
  }
  if (want.title) count('feed title', norm(got.title) === norm(want.title));
  count('item count', got.items.length === want.items.length);
  want.items.forEach((w, i) => {
    const g = got.items[i];
    if (typeof w.title === 'string' && w.title) count('item title', !!g && decodeEntities(g.title ?? '') === decodeEntities(w.title));
    if (typeof w.link === 'string' && w.link) count('item link', !!g && g.url === new URL(w.link, 'https://example.com/feed').href);
    if (typeof w.isoDate === 'string') count('item date', !!g && g.publishedAt === new Date(w.isoDate).toISOString());
    if (typeof w.guid === 'string' || typeof w.id === 'string') count('item id', !!g && g.guid === (w.guid ?? w.id));
    const author = w.creator ?? w.author;
    if (typeof author === 'string' && author) count('item author', !!g && norm(g.author) === norm(author));
  });
}
console.log(`rss-parser feeds: ${feedsRead}/${feedsTotal} read; ${Object.entries(fields).map(([k, v]) => `${k} ${pct(v.right, v.total)} (${v.right}/${v.total})`).join(', ')}`);

// --- feed-rs fixtures: do they parse?
const fixtures = path.join(corpora, 'feed-rs-fixtures', 'fixtures');
let parsed = 0;
let tried = 0;
for (const kind of fs.readdirSync(fixtures)) {
  for (const file of fs.readdirSync(path.join(fixtures, kind))) {
    if (!/\.(xml|json|rss|atom)$/i.test(file)) continue;
    tried++;
    try {
      parseFeedText(fs.readFileSync(path.join(fixtures, kind, file), 'utf8'), 'https://example.com/feed');
      parsed++;
    } catch {
      /* counted as not read */
    }
  }
}
console.log(`feed-rs fixtures: ${parsed}/${tried} read (${pct(parsed, tried)}; some are deliberately broken)`);
