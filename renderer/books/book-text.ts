/** A book's stored canonical text on the renderer's side, and where words are in it. */
import { canonicalText } from '../../main/common/canonical-text';

/**
 * The book's stored text, from the interim HTML main sends with it (book-article.ts builds that
 * HTML so that its canonical text is exactly the stored one).
 */
export function storedText(html: string): string {
  return canonicalText(new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body);
}

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word, case-insensitive occurrences of any of `words`, as [start, end) offsets. */
export function wordMatches(text: string, words: string[]): [number, number][] {
  if (words.length === 0) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return [...text.matchAll(pattern)].filter((m) => m[0]).map((m) => [m.index, m.index + m[0].length]);
}

/** Case-insensitive occurrences of a typed phrase, as [start, end) offsets. */
export function phraseMatches(text: string, phrase: string): [number, number][] {
  const typed = phrase.trim();
  if (!typed) return [];
  return [...text.matchAll(new RegExp(escape(typed), 'giu'))].map((m) => [m.index, m.index + m[0].length]);
}
