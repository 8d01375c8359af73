/**
 * Benchmark articles from real prose (../shared/corpora: State of the Union addresses and
 * Moby-Dick). The corpora hold ~12 MB; 10,000 articles of ~6 KB need more, so their real
 * sentences are regrouped into paragraphs and articles by a seeded generator: the same
 * articles and queries in every process and run.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface BenchArticle {
  title: string;
  paragraphs: string[];
}

export interface BenchQuery {
  kind: 'one term' | 'two terms' | 'phrase' | 'prefix' | 'fuzzy' | 'field';
  /** Lectern's syntax (lunr's, plus phrases). */
  lectern: string;
  /** The closest lunr query (lunr has no phrases: each phrase word becomes required). */
  lunr: string;
  /** The closest raw FTS5 MATCH (no typo tolerance: the misspelt word as is). */
  fts5: string;
}

/** Mulberry32: small, fast, good enough to pick paragraphs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sentences(corpora: string): string[] {
  const files = ['sotu', 'moby-dick'].flatMap((dir) => {
    const folder = path.join(corpora, dir, 'txt');
    if (!fs.existsSync(folder)) throw new Error(`${folder} not found: pass --corpus with the shared corpora folder`);
    return fs.readdirSync(folder).sort().map((f) => path.join(folder, f));
  });
  return files.flatMap((f) => proseSentences(fs.readFileSync(f, 'utf8')));
}

/** The sentences of 40 to 600 characters in `text`. */
export function proseSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z“"])/)
    .filter((s) => s.length >= 40 && s.length <= 600)
    .map((s) => s.trim());
}

export function makeArticles(pool: string[], n: number, seed = 42): BenchArticle[] {
  const rand = prng(seed);
  const pick = () => pool[Math.floor(rand() * pool.length)]!;
  const articles: BenchArticle[] = [];
  for (let i = 0; i < n; i++) {
    const paragraphs: string[] = [];
    let size = 0;
    const target = 4500 + Math.floor(rand() * 3000);
    while (size < target) {
      // A paragraph is a run of consecutive sentences, so phrases stay real.
      const start = Math.floor(rand() * (pool.length - 6));
      const p = pool.slice(start, start + 2 + Math.floor(rand() * 4)).join(' ');
      paragraphs.push(p);
      size += p.length;
    }
    const words = pick().split(' ').slice(0, 4 + Math.floor(rand() * 5)).join(' ').replace(/[,;:]$/, '');
    articles.push({ title: words, paragraphs });
  }
  return articles;
}

const STOP = new Set('about above after again against because before being below between could doing during further having itself might other ought their there these those through under until which while would shall should where whose every great'.split(' '));
const wordsOf = (s: string) => (s.toLowerCase().match(/[a-z]{5,}/g) ?? []).filter((w) => !STOP.has(w));

export function makeQueries(articles: BenchArticle[], perKind = 12, seed = 7): BenchQuery[] {
  const rand = prng(seed);
  const article = () => articles[Math.floor(rand() * articles.length)]!;
  const word = (a = article()) => {
    const ws = wordsOf(a.paragraphs[Math.floor(rand() * a.paragraphs.length)]!);
    return ws[Math.floor(rand() * ws.length)] ?? 'government';
  };
  const queries: BenchQuery[] = [];
  for (let i = 0; i < perKind; i++) {
    const one = word();
    queries.push({ kind: 'one term', lectern: one, lunr: one, fts5: `"${one}"` });
    const a = article();
    const [w1, w2] = [word(a), word(a)];
    queries.push({ kind: 'two terms', lectern: `${w1} ${w2}`, lunr: `${w1} ${w2}`, fts5: `"${w1}" OR "${w2}"` });
    const para = article().paragraphs[0]!.toLowerCase().match(/[a-z]+/g) ?? ['the', 'united', 'states'];
    const at = Math.floor(rand() * Math.max(1, para.length - 3));
    const phrase = para.slice(at, at + 3);
    queries.push({ kind: 'phrase', lectern: `"${phrase.join(' ')}"`, lunr: phrase.map((w) => `+${w}`).join(' '), fts5: `"${phrase.join(' ')}"` });
    const pre = word().slice(0, 4);
    queries.push({ kind: 'prefix', lectern: `${pre}*`, lunr: `${pre}*`, fts5: `"${pre}" *` });
    const base = word();
    const k = 1 + Math.floor(rand() * (base.length - 2));
    const typo = base.slice(0, k) + (base[k] === 'e' ? 'a' : 'e') + base.slice(k + 1);
    queries.push({ kind: 'fuzzy', lectern: `${typo}~1`, lunr: `${typo}~1`, fts5: `"${typo}"` });
    const titleWords = wordsOf(article().title);
    const tw = titleWords[0] ?? word();
    queries.push({ kind: 'field', lectern: `title:${tw}`, lunr: `title:${tw}`, fts5: `title : "${tw}"` });
  }
  return queries;
}

/** An article as a text file for Lectern's importer: title line, blank line, paragraphs. */
export function asTextFile(a: BenchArticle, i: number): { name: string; bytes: Buffer } {
  return { name: `article-${i}.txt`, bytes: Buffer.from(`${a.title}\n\n${a.paragraphs.join('\n\n')}\n`) };
}
