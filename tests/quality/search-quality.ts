/**
 * `npx tsx tests/quality/search-quality.ts [CORPORA]` — search quality on real documents:
 * the 233 State of the Union addresses and the chapters of Moby-Dick, each imported whole
 * as an article through Lectern's importer.
 *  - phrase: 6–10 consecutive words of an article, searched as a quoted phrase and as plain
 *    words, must find that article first;
 *  - title typo: the rarest word of a title (5+ letters, in at most 3 titles) with one typo
 *    must find its article in the top 5.
 * `--rank-all-up-to N` measures the bounded ranking of queries matching more than N articles
 * (see main/node/search/ranker.ts), which a library this small would not otherwise use.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Library } from '../../main/node/library/library';
import { SearchService } from '../../main/node/search/search-service';
import { prng } from '../bench/corpus';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const capAt = args.indexOf('--rank-all-up-to');
const cap = capAt >= 0 ? Number(args.splice(capAt, 2)[1]) : undefined;
const corpora = path.resolve(args[0] ?? path.join(root, '..', 'shared', 'corpora'));

interface Doc { title: string; body: string }
const docs: Doc[] = [];
for (const m of JSON.parse(fs.readFileSync(path.join(corpora, 'sotu/metadata.json'), 'utf8')) as { file: string; year: number; name: string }[]) {
  docs.push({ title: `State of the Union ${m.year}, ${m.name}`, body: fs.readFileSync(path.join(corpora, 'sotu', m.file), 'utf8') });
}
for (const m of JSON.parse(fs.readFileSync(path.join(corpora, 'moby-dick/metadata.json'), 'utf8')) as { file: string; chapter: string; title: string }[]) {
  if (m.chapter === 'Contents') continue;
  const body = fs.readFileSync(path.join(corpora, 'moby-dick', m.file), 'utf8').replace(/^CHAPTER [^\n]*\n/, '');
  docs.push({ title: /^\d+$/.test(m.chapter) ? `Moby-Dick, chapter ${m.chapter}: ${m.title.replace(/\.$/, '')}` : `Moby-Dick: ${m.chapter}`, body });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-quality-'));
const lib = Library.open(dir);
const report = await lib.importer.importItems(docs.map((d, i) => ({ name: `doc-${i}.txt`, bytes: Buffer.from(`${d.title}\n\n${d.body}`) })));
const ids = new Map(report.imported.map((a) => [a.title, a.id]));
const search = cap === undefined ? lib.search : new SearchService(lib.db, lib.articles, (reason) => { throw new Error(reason); }, cap);
const rand = prng(2024);

let phraseQuoted = 0;
let phrasePlain = 0;
let phraseTried = 0;
const misses: string[] = [];
for (const d of docs) {
  const id = ids.get(d.title);
  if (!id) continue;
  const words = lib.articles.text(id)!.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)!;
  for (let k = 0; k < 3; k++) {
    const len = 6 + Math.floor(rand() * 5);
    const at = Math.floor(rand() * Math.max(1, words.length - len));
    const phrase = words.slice(at, at + len).join(' ');
    phraseTried++;
    if (search.search(`"${phrase}"`, { limit: 1 }).results[0]?.id === id) phraseQuoted++;
    else if (misses.length < 5) misses.push(`"${phrase}" (${d.title})`);
    if (search.search(phrase, { limit: 1 }).results[0]?.id === id) phrasePlain++;
  }
}

const titleDocs = new Map<string, number>();
for (const d of docs) for (const w of new Set(d.title.toLowerCase().match(/[a-z]{5,}/g) ?? [])) titleDocs.set(w, (titleDocs.get(w) ?? 0) + 1);
let typoFound = 0;
let typoTried = 0;
const typoMisses: string[] = [];
for (const d of docs) {
  const id = ids.get(d.title);
  const candidates = [...new Set(d.title.toLowerCase().match(/[a-z]{5,}/g) ?? [])].filter((w) => titleDocs.get(w)! <= 3);
  if (!id || candidates.length === 0) continue;
  const word = candidates.sort((a, b) => titleDocs.get(a)! - titleDocs.get(b)! || b.length - a.length)[0]!;
  // One edit: drop, double or swap a letter inside the word.
  const at = 1 + Math.floor(rand() * (word.length - 2));
  const edit = Math.floor(rand() * 3);
  const typo = edit === 0 ? word.slice(0, at) + word.slice(at + 1)
    : edit === 1 ? word.slice(0, at) + word[at] + word.slice(at)
    : word.slice(0, at - 1) + word[at] + word[at - 1] + word.slice(at + 1);
  if (typo === word) continue;
  typoTried++;
  const top = search.search(typo, { limit: 5 }).results.map((r) => r.id);
  if (top.includes(id)) typoFound++;
  else typoMisses.push(`${typo} → ${word} (${d.title})`);
}
lib.close();
fs.rmSync(dir, { recursive: true, force: true });

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} % (${a}/${b})`;
console.log(`Search quality over ${report.imported.length} real documents (${corpora})${cap === undefined ? '' : `, queries matching more than ${cap} articles ranked bounded`}:`);
console.log(`- a 6–10 word phrase finds its article first: ${pct(phraseQuoted, phraseTried)} as "a quoted phrase", ${pct(phrasePlain, phraseTried)} as plain words`);
console.log(`- a title word with one typo finds its article in the top 5: ${pct(typoFound, typoTried)}`);
if (misses.length) console.log(`  phrase misses, e.g.: ${misses.join('; ')}`);
if (typoMisses.length) console.log(`  typo misses, e.g.: ${typoMisses.join('; ')}`);
