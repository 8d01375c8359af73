/**
 * `npx tsx tests/quality/anchoring-fixtures.ts [CORPORA]` — Lectern's anchoring and Web
 * Annotation validation run against public fixtures written by others (../shared/corpora):
 *  - Hypothesis's matchQuote cases: context tells repeated quotes apart, similarity orders,
 *    edge cases;
 *  - Hypothesis's 27 DOM range specs: a range in their fixture page → our canonical offsets →
 *    selectors → anchored again → the same words;
 *  - Hypothesis's saved-page baselines: each stored TextQuoteSelector anchored in the page;
 *  - the W3C Web Annotation examples: every correct one accepted, every incorrect one refused.
 * Prints how many pass of each; exits 1 if any fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { anchor, describe, matchQuote } from '../../main/common/annotations/anchor';
import { TextMap } from '../../main/common/annotations/text-map';
import { canonicalText } from '../../main/common/canonical-text';
import { annotationsIn, validateAnnotation } from '../../main/node/annotations/web-annotation';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpora = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'corpora'));
const hypothesis = path.join(corpora, 'hypothesis-anchoring');
const w3c = path.join(corpora, 'w3c-web-annotation-examples');
const same = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

const results: { group: string; passed: number; total: number; failures: string[] }[] = [];
function group(name: string, cases: [label: string, ok: () => boolean][]) {
  const failures: string[] = [];
  for (const [label, ok] of cases) {
    try {
      if (!ok()) failures.push(label);
    } catch (err) {
      failures.push(`${label} (${(err as Error).message})`);
    }
  }
  results.push({ group: name, passed: cases.length - failures.length, total: cases.length, failures });
}

// --- Hypothesis matchQuote cases
type Cases = {
  texts: Record<string, string>;
  context_cases: { quote: string; prefix?: string; suffix?: string; expected: string }[];
  ordered_similarity: { text: string; quotes: string[]; prefixes_for_quote: { quote: string; prefixes: string[] }; suffixes_for_quote: { quote: string; suffixes: string[] } };
};
const mq = JSON.parse(fs.readFileSync(path.join(hypothesis, 'match-quote-cases.json'), 'utf8')) as Cases;
const { twoCities, solitude } = mq.texts as { twoCities: string; solitude: string };
group('Hypothesis matchQuote: context tells a repeated quote apart', mq.context_cases.map((c) => [
  `"${c.quote}" prefix "${c.prefix ?? ''}" suffix "${c.suffix ?? ''}"`,
  () => {
    const m = matchQuote(twoCities, c.quote, { prefix: c.prefix, suffix: c.suffix });
    return m !== null && twoCities.slice(m.start, m.end) === c.quote && m.start === twoCities.indexOf(c.expected);
  },
]));
const descending = (scores: (number | undefined)[]) => scores.every((s, i) => s !== undefined && (i === 0 || s < scores[i - 1]!));
const os = mq.ordered_similarity;
group('Hypothesis matchQuote: closer quote, prefix, suffix score higher', [
  ['quotes', () => descending(os.quotes.map((q) => matchQuote(solitude, q)?.score))],
  ['prefixes', () => descending(os.prefixes_for_quote.prefixes.map((p) => matchQuote(solitude, os.prefixes_for_quote.quote, { prefix: p })?.score))],
  ['suffixes', () => descending(os.suffixes_for_quote.suffixes.map((s) => matchQuote(solitude, os.suffixes_for_quote.quote, { suffix: s })?.score))],
]);
const hintA = twoCities.indexOf('everything before us') + 11;
const hintB = twoCities.indexOf('nothing before us') + 8;
group('Hypothesis matchQuote: edge cases', [
  ['exact match scores 1', () => matchQuote(solitude, 'discover ice')?.score === 1],
  ['"some years later" finds "Many years later"', () => { const m = matchQuote(solitude, 'some years later'); return !!m && m.score > 0 && m.score < 1 && solitude.slice(m.start, m.end).endsWith('years later') && m.start <= 1; }],
  ['a quote with nothing near it is not found', () => matchQuote(twoCities, solitude) === null],
  ['an empty quote is not found', () => matchQuote('foobar', '') === null],
  ['nothing is found in an empty text', () => matchQuote('', 'foobar') === null],
  ['the position hint breaks ties', () => matchQuote(twoCities, 'befor us', { hint: hintA })?.start === hintA && matchQuote(twoCities, 'befor us', { hint: hintB })?.start === hintB],
  ['without a hint the first of equals wins', () => matchQuote(twoCities, 'befor us')?.start === Math.min(hintA, hintB)],
  ['a prefix longer than the text before the match', () => { const m = matchQuote(solitude, 'years later', { prefix: 'It used to be many' }); return !!m && solitude.slice(m.start, m.end) === 'years later'; }],
  ['a quote at the very end, suffix missing', () => { const t = 'Some document text'; const m = matchQuote(t, 'text', { suffix: 'missing' }); return !!m && m.start === 14; }],
]);

// --- Hypothesis DOM range specs, through our DOM ↔ canonical-text map
type RangeSpec = { startContainer: number | string; startOffset: number; endContainer: number | string; endOffset: number; quote: string; description: string };
const specs = JSON.parse(fs.readFileSync(path.join(hypothesis, 'range-specs.json'), 'utf8')) as { cases: RangeSpec[] };
const fixtureHtml = fs.readFileSync(path.join(hypothesis, 'html-anchoring-fixture.html'), 'utf8');
group('Hypothesis range specs: DOM range → selectors → anchored → the same words', specs.cases.map((spec) => [
  spec.description,
  () => {
    const { window } = new JSDOM('<!doctype html><body></body>');
    const doc = window.document;
    const section = doc.createElement('section');
    section.innerHTML = fixtureHtml;
    doc.body.append(section);
    const texts: Node[] = [];
    const walker = doc.createTreeWalker(section, window.NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
    const node = (ref: number | string) => (typeof ref === 'number' ? texts[ref]! : doc.evaluate(`.${ref}`, section, null, window.XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue!);
    const range = doc.createRange();
    range.setStart(node(spec.startContainer), spec.startOffset);
    range.setEnd(node(spec.endContainer), spec.endOffset);
    const text = canonicalText(section);
    const map = new TextMap(section, text);
    const at = map.fromRange(range);
    if (!at) return false;
    const selectors = describe(text, at.start, at.end);
    const byPosition = anchor(text, selectors);
    const byQuote = anchor(text, { exact: selectors.exact, prefix: selectors.prefix, suffix: selectors.suffix });
    const back = byPosition && map.toRange(byPosition.start, byPosition.end, doc);
    return !!back && !!byQuote && same(back.toString(), spec.quote) && same(text.slice(byQuote.start, byQuote.end), spec.quote);
  },
]));

// --- Hypothesis baselines: stored quote selectors anchored in saved pages
const baselines = fs.readdirSync(path.join(hypothesis, 'html-baselines')).filter((f) => f.endsWith('.json'));
group('Hypothesis saved pages: each stored quote anchors on the same words', baselines.flatMap((file) => {
  const html = fs.readFileSync(path.join(hypothesis, 'html-baselines', file.replace(/\.json$/, '.html')), 'utf8').replace(/src=/g, 'sr_=').replace(/href=/g, 'hre_=');
  const rows = (JSON.parse(fs.readFileSync(path.join(hypothesis, 'html-baselines', file), 'utf8')) as { rows: { id: string; target: { selector: { type: string; exact?: string; prefix?: string; suffix?: string }[] }[] }[] }).rows;
  const text = canonicalText(new JSDOM(html).window.document.body);
  return rows.map((row): [string, () => boolean] => {
    const quote = row.target[0]!.selector.find((s) => s.type === 'TextQuoteSelector')!;
    return [`${file} ${row.id}`, () => { const a = anchor(text, { exact: quote.exact!, prefix: quote.prefix, suffix: quote.suffix }); return !!a && same(text.slice(a.start, a.end), quote.exact!); }];
  });
}));

// --- W3C Web Annotation examples
const valid = (file: string): boolean => {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  const found = annotationsIn(doc);
  return !('error' in found) && found.items.length > 0 && found.items.every((i) => validateAnnotation(i.value, i.inherited).length === 0);
};
const list = (dir: string) => fs.readdirSync(path.join(w3c, dir)).filter((f) => f.endsWith('.json')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
group('W3C examples: each correct annotation accepted', list('correct').map((f) => [f, () => valid(path.join(w3c, 'correct', f))]));
group('W3C examples: each incorrect annotation refused', list('incorrect').map((f) => [f, () => !valid(path.join(w3c, 'incorrect', f))]));

for (const r of results) {
  console.log(`${String(r.passed).padStart(3)}/${String(r.total).padEnd(3)} ${r.group}`);
  for (const f of r.failures) console.log(`        failed: ${f}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const total = results.reduce((n, r) => n + r.total, 0);
console.log(`${passed}/${total} in all`);
process.exit(passed === total ? 0 : 1);
