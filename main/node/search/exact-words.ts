/**
 * Which of a query's words a result holds as typed, not only by stem (see SearchService's
 * `scoreExactWords`): each word's pattern, and for a book, the indexes that tell without
 * reading its text. Shared by the articles part of a query and its books part (books-part.ts),
 * which may run in another thread.
 */
import type { Prepare } from '../store/db';
import { alone, bookExpression, toFtsExpression, type Term } from './fts-expression';
import { LAST_SECTION, sectionArticle, sectionRowid } from './schema';
import { escapeRegExp, type Lead } from './snippet';

/** The query's words that count (not prohibited, not prefixes), each with its pattern. */
export interface ExactQuery {
  kept: Term[];
  patterns: RegExp[];
  /** Which are phrases beside other words (see `bookExact`). */
  phrase: boolean[];
}

export function exactQuery(terms: Term[]): ExactQuery {
  const kept = terms.filter((t) => t.presence !== 'prohibited' && !t.prefix && !t.prefixOf);
  const patterns = kept.map((t) => {
    const alternatives = t.alternatives.map((a) => a.split(' ').map(escapeRegExp).join('[^\\p{L}\\p{N}]+'));
    return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  });
  // A query of one phrase: every candidate holds it, and its lead tells the exact words from their stems about as well as the rest.
  const phrase = kept.map((t) => kept.length > 1 && t.alternatives.some((a) => a.includes(' ')));
  return { kept, patterns, phrase };
}

/** A book among a query's results, as `bookExact` reads and moves it. */
export interface BookRow {
  summary: { id: number };
  tier: number;
  exactInTitle: number;
  /** The chapter or page its lead is read from (a `search_books` row). */
  section?: number;
  lead?: Lead;
}

/**
 * A book's exact words, from the indexes rather than its text (a chapter is KBs to read and
 * test, a book MBs). A word is asked of the unstemmed index of words (`search_words`, which
 * holds each book's whole text), a row lookup a word and book: so it counts wherever in the
 * book it is, not only in the chapter that matched (diacritics aside: that index folds them),
 * and five found books cost a two-word query no chapter read to tell. A phrase beside other
 * words (plain words typed together, a quoted phrase) is asked of the books' chapters: one
 * that holds it (stemmed) is taken at the index's word and read at the first chapter or page
 * that holds it (its snippet too); one none of its chapters holds is not in it word for word
 * either. Only what the indexes cannot tell (a query of one phrase; a word that is two tokens
 * to the index, like `e-mail`) is looked for in the chapter that matched, and not even there
 * when the book would come after the page holding all of those too.
 */
export function bookExact(
  row: BookRow,
  q: ExactQuery & { inTitle: boolean[]; inBooks: BooksHolding; outranked: (exact: number, inTitle: number) => boolean },
  leadOf: (row: BookRow) => Lead,
): number {
  const id = row.summary.id;
  const held = q.kept.map((t, i) => (q.phrase[i] && !q.inTitle[i] ? q.inBooks.section(t, id) : undefined));
  const at = held.find((s) => s !== undefined);
  if (at !== undefined && at !== row.section) {
    row.section = at;
    row.lead = undefined;
  }
  const found: (boolean | undefined)[] = q.kept.map((t, i) => q.inTitle[i]! || (q.phrase[i] ? held[i] !== undefined : q.inBooks.holdsWord(t, id)));
  const unknown = found.filter((f) => f === undefined).length;
  if (unknown && !(row.tier === 3 && q.outranked(found.filter(Boolean).length + unknown, row.exactInTitle))) {
    const lead = leadOf(row).text;
    q.patterns.forEach((p, i) => (found[i] ??= p.test(lead)));
  }
  return found.filter(Boolean).length;
}

/**
 * Which of a query's books hold a term: in a chapter or page (stemmed), asked once a term for
 * all of them, one scan of the books index over their range of rows, where asking book by book
 * cost twice as much for three books (FTS5 sets up the term's lists for each statement); or as
 * typed, anywhere in the book.
 */
export class BooksHolding {
  private readonly sections = new Map<Term, Map<number, number>>();
  /** Each term's expression over the unstemmed index, or null where it cannot be asked there. */
  private readonly words = new Map<Term, string | null>();
  private readonly first: number;
  private readonly last: number;
  constructor(
    private readonly prepared: Prepare,
    books: number[],
  ) {
    this.first = Math.min(...books);
    this.last = Math.max(...books);
  }

  /** The `search_books` row of the first section of `book` that holds `t` (stemmed), if one does. */
  section(t: Term, book: number): number | undefined {
    let held = this.sections.get(t);
    if (!held) {
      const expr = bookExpression([alone(t)]);
      const range = `rowid BETWEEN ${sectionRowid('@first', '0')} AND ${sectionRowid('@last', String(LAST_SECTION))}`;
      const rows = expr === null ? [] : (this.prepared(`SELECT ${sectionArticle('rowid')} AS id, min(rowid) AS section FROM search_books WHERE search_books MATCH @expr AND ${range} GROUP BY id`).all({ expr, first: this.first, last: this.last }) as { id: number; section: number }[]);
      held = new Map(rows.map((r) => [r.id, r.section]));
      this.sections.set(t, held);
    }
    return held.get(book);
  }

  /**
   * Whether `book` holds one of `t`'s words as typed (case and diacritics aside), anywhere in its
   * text; undefined when the index cannot tell: an alternative that is not one token to it
   * (`search_words` keeps no positions, so it answers no phrase). Asked book by book: FTS5 finds
   * one row of a word's list in ~8 µs, where a range of rows in the unstemmed index read the
   * whole list of a common word (0.4–1 ms for "nation" at 10,000 articles).
   */
  holdsWord(t: Term, book: number): boolean | undefined {
    let expr = this.words.get(t);
    if (expr === undefined) {
      expr = t.alternatives.every((a) => /^[\p{L}\p{N}]+$/u.test(a)) ? toFtsExpression([{ ...alone(t), fields: null }]) : null;
      this.words.set(t, expr);
    }
    return expr === null ? undefined : this.prepared('SELECT 1 FROM search_words WHERE search_words MATCH @expr AND rowid = @book').get({ expr, book }) !== undefined;
  }
}
