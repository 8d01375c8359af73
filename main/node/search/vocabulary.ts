/**
 * Typo tolerance and inner wildcards need the library's words. They come from the unstemmed
 * vocabulary (`search_vocab`) as a `lunr.TokenSet`, which intersects with a fuzzy or wildcard
 * TokenSet in about a millisecond. Building it reads the whole unstemmed index (a few hundred
 * milliseconds at 10,000 articles, seconds at 100,000), so it is built on first need, not at
 * open, and rebuilt only when that index changed: by a text, title or deletion, not a star, a
 * state or a tag, which leave the words as they were.
 */
import lunr from 'lunr';
import { preparedOnce, type Db, type Prepare } from '../store/db';

export interface Candidate {
  word: string;
  docs: number;
}

export interface TypoCandidate extends Candidate {
  edits: number;
  /** Higher is likelier: log10 of the word's articles, less its `slipPenalty`. */
  likelihood: number;
}

export class Vocabulary {
  private set: lunr.TokenSet | null = null;
  /** Articles per word, asked for again and again as a query is typed; valid while `stamp` is. */
  private readonly counts = new Map<string, number>();
  private stamp = '';
  private readonly prepared: Prepare;

  constructor(db: Db) {
    this.prepared = preparedOnce(db);
  }

  /**
   * FTS5's structure record (row 10 of the index's data table) is written at every change to the
   * index's segments, by this connection or another process, and by nothing else.
   */
  private currentStamp(): string {
    const row = this.prepared('SELECT hex(block) AS structure FROM search_words_data WHERE id = 10').get() as { structure: string } | undefined;
    return row?.structure ?? '';
  }

  /** Forgets what the index no longer says. */
  private fresh(): void {
    const stamp = this.currentStamp();
    if (stamp === this.stamp) return;
    this.set = null;
    this.counts.clear();
    this.stamp = stamp;
  }

  private tokenSet(): lunr.TokenSet {
    this.fresh();
    // fts5vocab yields terms in order, which TokenSet.fromArray requires.
    this.set ??= lunr.TokenSet.fromArray((this.prepared('SELECT term FROM search_vocab').raw().all() as [string][]).map((r) => r[0]));
    return this.set;
  }

  /** How many articles contain the word, unstemmed. */
  docs(word: string): number {
    this.fresh();
    let n = this.counts.get(word);
    if (n === undefined) {
      n = (this.prepared('SELECT doc FROM search_vocab WHERE term = ?').get(word) as { doc: number } | undefined)?.doc ?? 0;
      this.counts.set(word, n);
    }
    return n;
  }

  /**
   * Library words within `distance` edits of `word`, fewest edits first, then the likeliest:
   * common words, corrected by the slips typists make (see `slipPenalty`).
   */
  near(word: string, distance: number, limit: number): TypoCandidate[] {
    const words = this.tokenSet().intersect(lunr.TokenSet.fromFuzzyString(word, distance)).toArray().filter((w) => w !== word);
    return words
      .map((w) => {
        const docs = this.docs(w);
        return { word: w, docs, edits: editDistance(word, w), likelihood: Math.log10(Math.max(1, docs)) - slipPenalty(word, w) };
      })
      .sort((a, b) => a.edits - b.edits || b.likelihood - a.likelihood || a.word.localeCompare(b.word))
      .slice(0, limit);
  }

  /** Library words matching a lunr wildcard pattern such as `*ment`, `de*ment` or `dev*`. */
  words(pattern: string): string[] {
    return this.tokenSet().intersect(lunr.TokenSet.fromString(pattern)).toArray();
  }

  /** The commonest `limit` of `words`. */
  commonest(words: string[], limit: number): Candidate[] {
    return words
      .map((word) => ({ word, docs: this.docs(word) }))
      .sort((a, b) => b.docs - a.docs || a.word.localeCompare(b.word))
      .slice(0, limit);
  }
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  return Math.round(alignment(a, b, 0, 0) / EDIT);
}

/**
 * How much less likely `typed` is as a slip for `meant` than a plain edit would be, in powers
 * of ten. Typists drop, double and swap letters, and strike a key next to the right one; a
 * letter far from the right key is seldom a slip (monky is monkey rather than money), and the
 * first letter is seldom wrong (usnset is still sunset, if less surely).
 */
export function slipPenalty(typed: string, meant: string): number {
  return alignment(typed, meant, 2, 0.7) - EDIT * editDistance(typed, meant);
}

const KEY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** Where each letter sits on a QWERTY keyboard; rows are staggered by a quarter and a half key. Other letters count as far apart. */
const KEYS = new Map(KEY_ROWS.flatMap((row, r) => [...row].map((ch, c): [string, [number, number]] => [ch, [r, c + [0, 0.25, 0.75][r]!]])));

function nextKeys(x: string, y: string): boolean {
  const a = KEYS.get(x);
  const b = KEYS.get(y);
  return !!a && !!b && Math.abs(a[0] - b[0]) <= 1 && Math.abs(a[1] - b[1]) < 1;
}

/** An edit's cost outweighs any penalty: the alignment has the fewest edits, then the least penalty. */
const EDIT = 100;

/** Weighted optimal string alignment: EDIT an edit, plus `distantKey` for a substitution by a far key and `firstLetter` for one touching the first letter. */
function alignment(a: string, b: string, distantKey: number, firstLetter: number): number {
  const edit = (i: number, j: number) => EDIT + (i <= 1 || j <= 1 ? firstLetter : 0);
  const d = Array.from({ length: a.length + 1 }, () => Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) d[i]![0] = d[i - 1]![0]! + edit(i, 1);
  for (let j = 1; j <= b.length; j++) d[0]![j] = d[0]![j - 1]! + edit(1, j);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1]!;
      const y = b[j - 1]!;
      let v = Math.min(
        d[i - 1]![j]! + edit(i, j),
        d[i]![j - 1]! + edit(i, j),
        d[i - 1]![j - 1]! + (x === y ? 0 : edit(i, j) + (nextKeys(x, y) ? 0 : distantKey)),
      );
      if (i > 1 && j > 1 && x === b[j - 2] && a[i - 2] === y) v = Math.min(v, d[i - 2]![j - 2]! + edit(i - 1, j - 1));
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
