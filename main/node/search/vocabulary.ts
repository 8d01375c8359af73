/**
 * Typo tolerance and inner wildcards need the library's words. They come from the unstemmed
 * vocabulary (`search_vocab`) as a `lunr.TokenSet`, which intersects with a fuzzy or wildcard
 * TokenSet in about a millisecond. Building it takes a few hundred milliseconds at 10,000
 * articles, so it is built on first need, not at open, and rebuilt when the library changed.
 */
import lunr from 'lunr';
import type { Db } from '../store/database';

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

  /** Library words within `distance` edits of `word`, most common first. */
  near(word: string, distance: number, limit: number): Candidate[] {
    return this.expand(lunr.TokenSet.fromFuzzyString(word, distance), limit).filter((c) => c.word !== word);
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
