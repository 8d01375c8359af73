/**
 * Snippets for the results shown (never for all matches): the stretch of the article's text
 * with the most distinct matched words, with the offsets of each match inside the snippet so
 * the UI can mark them without handling HTML.
 */
import type { Term } from './fts-expression';
import { stem } from './query';

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Snippet {
  text: string;
  highlights: [number, number][];
  /** The distinct matched words as they appear in the article, in document order. */
  matched: string[];
}

/** Decides which words match; `candidates` finds the words worth asking about. */
export interface WordMatcher {
  candidates: RegExp;
  /** What a lower-cased word matches (a stem, or a prefix), or null when it matches nothing. */
  keyOf(lowerWord: string): string | null;
  /** The query's words, each as the keys that stand for it (a word and its typo corrections). */
  words: string[][];
}

/** Where exact words and snippets are looked for: a text whole, or its first 50,000 characters when it is longer (`cut`; migration 017). */
export interface Lead {
  text: string;
  cut: boolean;
}

const SPAN = 220;
const LEAD = 60;

/**
 * `long`: the text is a long one's lead (a book's 50,000 characters), read only as far as its
 * first SPAN holding every query word, and a snippet's length beyond: no later window can hold
 * more of them, and reading a whole lead for its best window cost a book result about 1 ms.
 */
export function makeSnippet(text: string, matcher: WordMatcher, long = false): Snippet {
  const hits: { start: number; end: number; word: string }[] = [];
  const candidates = matcher.candidates;
  candidates.lastIndex = 0;
  let readTo = text.length;
  // The keys of the hits within SPAN of the last one (from hit `spanStart`), counted.
  const keys: string[] = [];
  const inSpan = new Map<string, number>();
  let spanStart = 0;
  for (let m = candidates.exec(text); m && m.index < readTo; m = candidates.exec(text)) {
    const word = m[0].toLowerCase();
    const key = matcher.keyOf(word);
    if (key === null) continue;
    const hit = { start: m.index, end: m.index + m[0].length, word };
    hits.push(hit);
    if (!long || readTo < text.length) continue;
    keys.push(key);
    inSpan.set(key, (inSpan.get(key) ?? 0) + 1);
    for (; hit.end - hits[spanStart]!.start > SPAN; spanStart++) inSpan.set(keys[spanStart]!, inSpan.get(keys[spanStart]!)! - 1);
    if (matcher.words.every((w) => w.some((k) => inSpan.get(k)))) readTo = Math.min(text.length, hit.end + SPAN + LEAD);
  }

  // The window of SPAN characters holding the most distinct matched words, then the most matches.
  let best = 0;
  let bestScore = -1;
  for (let i = 0, j = 0; i < hits.length; i++) {
    while (j < hits.length && hits[j]!.end - hits[i]!.start <= SPAN) j++;
    const window = hits.slice(i, j);
    const score = new Set(window.map((h) => h.word)).size * 1000 + window.length;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  const anchor = hits.length ? hits[best]!.start : 0;
  let from = Math.max(0, anchor - LEAD);
  let to = Math.min(text.length, from + SPAN + LEAD);
  // Cut at word boundaries.
  if (from > 0) from = text.indexOf(' ', from) + 1 || from;
  if (to < text.length) to = Math.max(text.lastIndexOf(' ', to), anchor + 1);

  const lead = from > 0 ? '… ' : '';
  const raw = text.slice(from, to);
  const body = raw.replace(/\s+/g, ' ');
  const highlights: [number, number][] = [];
  if (body.length === raw.length) {
    for (const h of hits) if (h.start >= from && h.end <= to) highlights.push([lead.length + h.start - from, lead.length + h.end - from]);
  } else {
    // Whitespace was squeezed: find the matches again in the squeezed text.
    matcher.candidates.lastIndex = 0;
    for (const m of body.matchAll(matcher.candidates)) {
      if (matcher.keyOf(m[0].toLowerCase()) !== null) highlights.push([lead.length + m.index!, lead.length + m.index! + m[0].length]);
    }
  }
  const matched = [...new Set(hits.map((h) => text.slice(h.start, h.end)))];
  return { text: `${lead}${body}${to < text.length ? ' …' : ''}`, highlights, matched };
}

/** A result's snippet, from its lead; a book whose matches lie past its lead, from its whole text (the reader opens it at the first of `matched`). */
export function snippetOf(lead: Lead, matcher: WordMatcher, whole: () => string | null): Snippet {
  const snippet = makeSnippet(lead.text, matcher, lead.cut);
  return !snippet.matched.length && lead.cut ? makeSnippet(whole() ?? '', matcher, true) : snippet;
}

/**
 * Which words of an article's text count as matches, for highlighting: the same stem as a
 * query word, or the prefix of a prefix query. Porter only rewrites the ends of words, so a
 * match starts with its stem's first letters; the regex visits only such words.
 */
export function wordMatcher(terms: Term[]): WordMatcher {
  const stems = new Set<string>();
  const prefixes: string[] = [];
  const words: string[][] = [];
  for (const t of terms) {
    if (t.presence === 'prohibited') continue;
    if (t.prefixOf || t.prefix) {
      const own = t.prefixOf ? [t.prefixOf] : t.alternatives;
      prefixes.push(...own);
      words.push(own.map((p) => `${p}*`));
      continue;
    }
    const split = t.alternatives.map((a) => a.split(' ').map(stem));
    for (const alt of split) for (const s of alt) stems.add(s);
    // A phrase's every word, each standing for itself; a word's alternatives for one another.
    for (let i = 0; i < Math.max(...split.map((a) => a.length)); i++) words.push([...new Set(split.flatMap((a) => a[i] ?? []))]);
  }
  const starts = [...new Set([...stems].map((s) => s.slice(0, Math.max(1, s.length - 2))).concat(prefixes))]
    .filter(Boolean)
    .map(escapeRegExp);
  const candidates = starts.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${starts.join('|')})[\\p{L}\\p{N}]*`, 'giu')
    : /(?!)/gu;
  // A text's candidates are mostly a few words again and again ("the" for a phrase holding it):
  // each is stemmed once a query (Porter, ~1.5 µs a word, was most of a book's snippet).
  const keys = new Map<string, string | null>();
  const keyOf = (w: string): string | null => {
    const s = stem(w);
    if (stems.has(s)) return s;
    const p = prefixes.find((x) => w.startsWith(x));
    return p === undefined ? null : `${p}*`;
  };
  return {
    candidates,
    keyOf: (w) => {
      let key = keys.get(w);
      if (key === undefined) keys.set(w, (key = keyOf(w)));
      return key;
    },
    words,
  };
}
