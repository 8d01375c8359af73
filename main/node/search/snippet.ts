/**
 * Snippets for the results shown (never for all matches): the window of the article's text
 * with the most distinct matched words, with the offsets of each match inside the snippet so
 * the UI can mark them without handling HTML.
 */
export interface Snippet {
  text: string;
  highlights: [number, number][];
  /** The distinct matched words as they appear in the article, in document order. */
  matched: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;
const WINDOW_WORDS = 32;

export function makeSnippet(text: string, isMatch: (lowerWord: string) => boolean): Snippet {
  const words: { start: number; end: number; match: string | null }[] = [];
  for (const m of text.matchAll(WORD)) {
    const lower = m[0].toLowerCase();
    words.push({ start: m.index!, end: m.index! + m[0].length, match: isMatch(lower) ? lower : null });
  }
  if (words.length === 0) return { text: '', highlights: [], matched: [] };

  // Slide a window over the words; keep the one with the most distinct matches, then the most matches.
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < words.length; i++) {
    if (!words[i]!.match && i !== 0) continue;
    const window = words.slice(i, i + WINDOW_WORDS).filter((w) => w.match);
    const score = new Set(window.map((w) => w.match)).size * 1000 + window.length;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  // Start a few words before the first match, so it has context.
  const first = Math.max(0, words[best]!.match ? best - 6 : best);
  const last = Math.min(words.length, first + WINDOW_WORDS) - 1;
  const from = first === 0 ? 0 : words[first]!.start;
  const to = last === words.length - 1 ? text.length : words[last]!.end;
  const lead = from > 0 ? '… ' : '';
  const body = text.slice(from, to).replace(/\s+/g, ' ');
  const trail = to < text.length ? ' …' : '';

  // Recompute offsets against the whitespace-normalised body.
  const highlights: [number, number][] = [];
  for (const m of body.matchAll(WORD)) {
    if (isMatch(m[0].toLowerCase())) highlights.push([lead.length + m.index!, lead.length + m.index! + m[0].length]);
  }
  const matched = [...new Set(words.filter((w) => w.match).map((w) => text.slice(w.start, w.end)))];
  return { text: `${lead}${body}${trail}`, highlights, matched };
}
