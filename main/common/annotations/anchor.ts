/**
 * Anchoring, the one module every side uses (DESIGN.md): the reader when it draws highlights,
 * the store when an article's text changes, the importers when annotations arrive with only a
 * quote. Selectors are W3C Web Annotation's TextQuoteSelector (exact, with up to 32 characters
 * of prefix and suffix) and TextPositionSelector (offsets into the article's canonical text).
 *
 * Re-anchoring, in order: the stored position if the text there still equals the quote; else
 * the exact quote, the occurrence whose context and position fit best; else a fuzzy match
 * (Myers' bit-parallel algorithm, approx-string-match) scored by quote, prefix, suffix and
 * distance, as Hypothesis does. No acceptable match: the caller keeps the annotation as orphaned.
 */
import search from 'approx-string-match';

export const CONTEXT_CHARS = 32;

export interface QuoteSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
}

export interface Selectors extends QuoteSelector {
  /** The TextPositionSelector, when known: where the quote was last found. */
  start?: number;
  end?: number;
}

export interface Anchor {
  start: number;
  end: number;
  how: 'position' | 'quote' | 'fuzzy';
  /** 0–1: how well quote, context and position agree. 1 for a position or exact hit. */
  score: number;
}

/** The selectors for `text[start, end)`. */
export function describe(text: string, start: number, end: number): Required<Selectors> {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
    suffix: text.slice(end, end + CONTEXT_CHARS),
    start,
    end,
  };
}

/** Where the annotation is in `text` now, or null when it cannot be found (orphaned). */
export function anchor(text: string, selectors: Selectors): Anchor | null {
  const { exact, start, end } = selectors;
  if (!exact || !text) return null;
  if (start !== undefined && end !== undefined && text.slice(start, end) === exact) return { start, end, how: 'position', score: 1 };
  const match = matchQuote(text, exact, { prefix: selectors.prefix, suffix: selectors.suffix, hint: start });
  if (!match) return null;
  return { start: match.start, end: match.end, how: match.errors === 0 ? 'quote' : 'fuzzy', score: match.score };
}

export interface QuoteMatch {
  start: number;
  end: number;
  errors: number;
  score: number;
}

// Weights as Hypothesis's matchQuote: the quote counts most, then its context, then position.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
/** A fuzzy match may differ from the quote in at most half its characters, as in Hypothesis. */
const MAX_ERROR_SHARE = 1 / 2;
/**
 * ...and its context must not speak against it: below this score a fuzzy match is refused.
 * An orphan says "not found"; a wrong highlight would say something false.
 */
const MIN_FUZZY_SCORE = 0.5;
/** Beyond this many exact occurrences, context is scored for the first ones only. */
const MAX_CANDIDATES = 1000;

/**
 * The best place for `quote` in `text`: among exact occurrences if there are any, else among
 * approximate ones with at most half the quote's length in errors (256 at most) and a score
 * of at least MIN_FUZZY_SCORE.
 */
export function matchQuote(text: string, quote: string, context: { prefix?: string; suffix?: string; hint?: number } = {}): QuoteMatch | null {
  if (!quote || !text) return null;
  let candidates: { start: number; end: number; errors: number }[] = [];
  for (let at = text.indexOf(quote); at !== -1 && candidates.length < MAX_CANDIDATES; at = text.indexOf(quote, at + 1)) {
    candidates.push({ start: at, end: at + quote.length, errors: 0 });
  }
  if (candidates.length === 0) candidates = search(text, quote, Math.min(256, Math.floor(quote.length * MAX_ERROR_SHARE)));
  let best: QuoteMatch | null = null;
  for (const c of candidates) {
    const score = scoreMatch(text, quote, c, context);
    if (!best || score > best.score) best = { ...c, score };
  }
  return best && (best.errors === 0 || best.score >= MIN_FUZZY_SCORE) ? best : null;
}

function scoreMatch(text: string, quote: string, m: { start: number; end: number; errors: number }, context: { prefix?: string; suffix?: string; hint?: number }): number {
  const quoteScore = 1 - m.errors / quote.length;
  const prefixScore = context.prefix ? similarity(text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix) : 1;
  const suffixScore = context.suffix ? similarity(text.slice(m.end, m.end + context.suffix.length), context.suffix) : 1;
  const positionScore = context.hint !== undefined ? 1 - Math.abs(m.start - context.hint) / text.length : 1;
  const total = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;
  return (QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore + POSITION_WEIGHT * positionScore) / total;
}

/** 1 when `expected` occurs in `found`, falling with the edits its closest match needs. */
function similarity(found: string, expected: string): number {
  if (expected.length === 0 || found.length === 0) return 0;
  const matches = search(found, expected, expected.length);
  if (matches.length === 0) return 0;
  return 1 - Math.min(...matches.map((x) => x.errors)) / expected.length;
}
