/**
 * `npx tsx tests/quality/books.ts [CORPORA]` — how well Lectern reads books, against public sets
 * (../shared/corpora): the W3C's EPUB 3 samples and test publications, and pdf.js's test PDFs.
 * Per set: imported vs refused (with the reasons), and the token F1 of the canonical text
 * against each file's reference text (<name>.txt, made as the folder's SOURCE.txt says).
 * Targets: mean F1 >= 0.98 for EPUB, >= 0.95 for PDF; the script exits 1 below them.
 * Then, for the EPUB sets, that Chromium (the reader) gets the same text from each chapter as
 * the import does: each chapter is served over 127.0.0.1 as its media type, parsed by Chromium
 * with scripts off, and its tree walked by the same canonical-text walk — every chapter must
 * agree to the character, or annotation offsets would drift between reader and library.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { canonicalText } from '../../main/common/canonical-text';
import { readBook } from '../../main/node/books/read-book';
import { readZip } from '../../main/node/import/migrate/omnivore';
import { tokenF1 } from './token-f1';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpora = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'corpora'));

/**
 * Lower-cased letter/digit runs, except that CJK characters count one each: the references
 * (Python html.parser, pdftotext) break lines at other places than Lectern does, and text
 * without spaces would otherwise turn each line into one long token.
 */
function tokens(text: string): Map<string, number> {
  const m = new Map<string, number>();
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  for (const t of text.normalize('NFKC').toLowerCase().match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}\p{M}]+/gu) ?? []) {
    const parts = cjk.test(t) ? [t] : t.split(/(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/u);
    for (const p of parts) m.set(p, (m.get(p) ?? 0) + 1);
  }
  return m;
}

export function f1(got: string, want: string): number {
  return tokenF1(tokens(got), tokens(want));
}

interface SetResult {
  name: string;
  files: number;
  imported: number;
  refused: { file: string; reason: string }[];
  scores: { file: string; f1: number }[];
  seconds: number;
  /** Per file: seconds and how many chapters or pages. */
  times: { file: string; seconds: number; sections: number }[];
}

async function measure(name: string, ext: string): Promise<SetResult | null> {
  const dir = path.join(corpora, name);
  if (!fs.existsSync(dir)) return null;
  const result: SetResult = { name, files: 0, imported: 0, refused: [], scores: [], seconds: 0, times: [] };
  const started = performance.now();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort()) {
    result.files++;
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, file)));
    let text: string;
    const t0 = performance.now();
    try {
      const book = await readBook(bytes, file);
      text = book.text;
      result.times.push({ file, seconds: (performance.now() - t0) / 1000, sections: book.sections.length });
      result.imported++;
    } catch (err) {
      result.refused.push({ file, reason: (err as Error).message });
      continue;
    }
    const reference = path.join(dir, file.slice(0, -ext.length) + '.txt');
    // pdftotext ends each page with a form feed: whitespace to the tokenizer, as the reference's line breaks are.
    if (fs.existsSync(reference)) result.scores.push({ file, f1: f1(text, fs.readFileSync(reference, 'utf8')) });
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

const targets: Record<string, number> = { '.epub': 0.98, '.pdf': 0.95 };
let failed = false;
for (const [name, ext] of [['epub3-samples', '.epub'], ['epub-tests', '.epub'], ['pdfjs-test-pdfs', '.pdf']] as const) {
  const r = await measure(name, ext);
  if (!r) {
    console.log(`${name}: not found under ${corpora}`);
    continue;
  }
  const mean = r.scores.reduce((s, x) => s + x.f1, 0) / (r.scores.length || 1);
  const target = targets[ext]!;
  if (mean < target) failed = true;
  console.log(`\n${name}: ${r.files} files, ${r.imported} imported, ${r.refused.length} refused, ${r.seconds.toFixed(1)} s`);
  console.log(`  token F1 vs reference: mean ${mean.toFixed(4)} (target >= ${target}), min ${Math.min(...r.scores.map((s) => s.f1)).toFixed(4)}, over ${r.scores.length} files`);
  for (const s of r.scores.filter((x) => x.f1 < target).sort((a, b) => a.f1 - b.f1)) console.log(`    below target: ${s.file} ${s.f1.toFixed(4)}`);
  for (const x of r.refused) console.log(`  refused: ${x.reason}`);
  const sections = r.times.reduce((n, t) => n + t.sections, 0);
  const seconds = r.times.reduce((n, t) => n + t.seconds, 0);
  console.log(`  speed: ${(sections / seconds).toFixed(0)} ${ext === '.pdf' ? 'pages' : 'chapters'}/s; slowest: ${[...r.times].sort((a, b) => b.seconds - a.seconds).slice(0, 3).map((t) => `${t.file} ${t.seconds.toFixed(1)} s (${t.sections})`).join(', ')}`);
}

type TreeNode = { nodeType: number; nodeName: string; nodeValue: string | null; childNodes: TreeNode[] };
// A string, not a function: tsx's compiled functions call helpers that do not exist in the page.
const COPY_TREE = `(() => {
  const copy = (n) => ({ nodeType: n.nodeType, nodeName: n.nodeName, nodeValue: n.nodeValue, childNodes: [...n.childNodes].map(copy) });
  if (document.querySelector('parsererror')) return null;
  const svg = document.documentElement.nodeName.toLowerCase() === 'svg';
  if (svg) for (const el of [...document.querySelectorAll('title, desc, metadata')]) el.remove();
  return copy(svg ? document : (document.body ?? document.documentElement));
})()`;
const CHAPTER_TYPES: Record<string, string> = { xhtml: 'application/xhtml+xml', html: 'text/html', htm: 'text/html', svg: 'image/svg+xml' };

/** Chapters whose text Chromium and the import agree on, and the differences (first few). */
async function chromiumAgreement(names: string[]): Promise<void> {
  const executablePath = process.env.LECTERN_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    console.log(`\nChromium agreement: skipped (no Chromium at ${executablePath})`);
    return;
  }
  let files = new Map<string, Uint8Array>();
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url!, 'http://x').pathname.slice(1));
    const bytes = files.get(name);
    const type = CHAPTER_TYPES[name.split('.').pop()!.toLowerCase()];
    if (!bytes || !type) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': type }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath });
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  // Only the chapter itself: styles and pictures do not change the text, and nothing leaves 127.0.0.1.
  await page.route('**/*', (route) => (route.request().resourceType() === 'document' && new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
  for (const name of names) {
    const dir = path.join(corpora, name);
    if (!fs.existsSync(dir)) continue;
    let same = 0;
    let skipped = 0;
    const differ: string[] = [];
    const malformed: string[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.epub')).sort()) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(dir, file)));
      let book;
      try {
        book = await readBook(bytes, file);
      } catch {
        continue;
      }
      files = readZip(bytes, file);
      for (const section of book.sections) {
        // Pictures have no text; a foreign item's text came from its fallback, another file.
        if (!CHAPTER_TYPES[section.href!.split('.').pop()!.toLowerCase()]) {
          skipped++;
          continue;
        }
        await page.goto(`${origin}/${section.href!.split('/').map(encodeURIComponent).join('/')}`, { waitUntil: 'domcontentloaded' });
        const tree = (await page.evaluate(COPY_TREE)) as TreeNode | null;
        if (!tree) {
          malformed.push(`${file} ${section.href}`);
          continue;
        }
        const want = book.text.slice(section.start, section.end);
        const got = canonicalText(tree);
        if (got === want) same++;
        else {
          let i = 0;
          while (i < want.length && got[i] === want[i]) i++;
          differ.push(`${file} ${section.href} at ${i}: import ${JSON.stringify(want.slice(i, i + 40))} / Chromium ${JSON.stringify(got.slice(i, i + 40))}`);
        }
      }
    }
    if (differ.length) failed = true;
    console.log(`\n${name}: Chromium's chapter text = the import's for ${same} of ${same + differ.length} chapters it parses (${skipped} picture or foreign items skipped, ${malformed.length} not well-formed)`);
    for (const d of differ.slice(0, 10)) console.log(`    differs: ${d}`);
    // Not well-formed XML: Chromium shows its parse error instead of the chapter, the import reads on.
    for (const m of malformed) console.log(`    not well-formed XML (Chromium shows a parse error): ${m}`);
  }
  await browser.close();
  server.close();
}

await chromiumAgreement(['epub3-samples', 'epub-tests']);
process.exitCode = failed ? 1 : 0;
