/**
 * Snippets for the results shown (never for all matches): the stretch of the article's text
 * with the most distinct matched words, with the offsets of each match inside the snippet so
 * the UI can mark them without handling HTML.
 */
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
