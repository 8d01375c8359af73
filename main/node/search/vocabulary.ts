/**
 * Typo tolerance and inner wildcards need the library's words. They come from the unstemmed
 * vocabulary (`search_vocab`) as a `lunr.TokenSet`, which intersects with a fuzzy or wildcard
 * TokenSet in about a millisecond. Building it takes a few hundred milliseconds at 10,000
 * articles, so it is built on first need, not at open, and rebuilt when the library changed.
 */
import lunr from 'lunr';
import type { Db } from '../store/db';

export interface Candidate {
  word: string;
  docs: number;
}

export class Vocabulary {
  private set: lunr.TokenSet | null = null;
  private stamp = '';

  constructor(private readonly db: Db) {}

  /** Changes whenever the library file changes: by this connection or by another process. */
  private currentStamp(): string {
    const own = this.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    return `${own.n}:${this.db.pragma('data_version', { simple: true })}`;
  }

  private tokenSet(): lunr.TokenSet {
    const stamp = this.currentStamp();
    if (this.set && stamp === this.stamp) return this.set;
    // fts5vocab yields terms in order, which TokenSet.fromArray requires.
    const terms = (this.db.prepare('SELECT term FROM search_vocab').raw().all() as [string][]).map((r) => r[0]);
    this.set = lunr.TokenSet.fromArray(terms);
    this.stamp = stamp;
    return this.set;
  }

  /** How many articles contain the word, unstemmed. */
  docs(word: string): number {
    const r = this.db.prepare('SELECT doc FROM search_vocab WHERE term = ?').get(word) as { doc: number } | undefined;
    return r?.doc ?? 0;
  }

  /**
   * Library words within `distance` edits of `word`: fewest edits first, then those that keep
   * its first letter (typos seldom hit the first letter), then the most common.
   */
  near(word: string, distance: number, limit: number): Candidate[] {
    const words = this.tokenSet().intersect(lunr.TokenSet.fromFuzzyString(word, distance)).toArray().filter((w) => w !== word);
    return words
      .map((w) => ({ word: w, docs: this.docs(w), edits: editDistance(word, w), sameStart: w[0] === word[0] ? 0 : 1 }))
      .sort((a, b) => a.edits - b.edits || a.sameStart - b.sameStart || b.docs - a.docs)
      .slice(0, limit)
      .map(({ word: w, docs }) => ({ word: w, docs }));
  }

  /** Library words matching a lunr wildcard pattern such as `*ment` or `de*ment`. */
  matching(pattern: string, limit: number): Candidate[] {
    return this.expand(lunr.TokenSet.fromString(pattern), limit);
  }

  private expand(pattern: lunr.TokenSet, limit: number): Candidate[] {
    const words = this.tokenSet().intersect(pattern).toArray();
    return words
      .map((word) => ({ word, docs: this.docs(word) }))
      .sort((a, b) => b.docs - a.docs || a.word.localeCompare(b.word))
      .slice(0, limit);
  }
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
