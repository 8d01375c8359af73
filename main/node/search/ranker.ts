/**
 * BM25 candidates at a bounded cost. FTS5 ranks by reading every matching article's hits and
 * length, and first counts each phrase's articles over the whole index (its idf): a word found
 * in 40,000 of 100,000 articles cost 100 ms, a phrase of common words more, before anything
 * else was done. Counting matches up to a bound, walking them newest first and checking given
 * articles cost a small part of that. So a query matching at most `cap` articles is ranked
 * whole (exactly); one matching more is ranked over narrower expressions that find its
 * likeliest articles wherever they are (see SearchService's `focus`), and its newest articles.
 */
import type { SearchFilters } from '../../common/contract';
import type { Prepare } from '../store/db';
import { sectionArticle } from './schema';

export interface Ranked {
  id: number;
  rank: number;
  /** A book found in its text: the `search_books` row of its newest matching chapter or page. */
  section?: number;
}

/** The ranked indexes: everything, or titles, authors, sites and tags alone (see schema.ts). */
export type RankedIndex = 'search_index' | 'search_fields';

export class Ranker {
  /**
   * `joins` (to the articles of an index's rows, by their id there) and `filters` restrict the
   * articles (state, tag, …); `params` binds them and holds `candidates`, how many to keep.
   */
  private constructor(
    private readonly prepared: Prepare,
    private readonly joins: (id: string) => string,
    private readonly filters: string[],
    private readonly params: Record<string, unknown> & { candidates: number },
  ) {}

  /** Over the articles that pass `f` (state, tag, …), keeping `candidates` of each ranking. */
  static filtered(prepared: Prepare, f: SearchFilters, candidates: number): Ranker {
    const conditions: [string, string, unknown][] = [
      ['a.state = @state', 'state', f.state],
      ['a.starred = @starred', 'starred', f.starred === undefined ? undefined : f.starred ? 1 : 0],
      ['s.name = @source', 'source', f.source],
      ['a.id IN (SELECT x.article_id FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE t.name = @tag)', 'tag', f.tag],
      ['a.saved_at >= @savedFrom', 'savedFrom', f.savedFrom],
      ['a.saved_at < @savedTo', 'savedTo', f.savedTo],
    ];
    const filters: string[] = [];
    const params: Record<string, unknown> & { candidates: number } = { candidates };
    for (const [sql, name, value] of conditions) {
      if (value === undefined) continue;
      filters.push(sql);
      params[name] = value;
    }
    const joins = (id: string) => (!filters.length ? '' : `JOIN articles a ON a.id = ${id}${f.source ? ' LEFT JOIN sources s ON s.id = a.source_id' : ''}`);
    return new Ranker(prepared, joins, filters, params);
  }

  private from(index: RankedIndex | 'search_books', id = `${index}.rowid`): string {
    return `FROM ${index} ${this.joins(id)} WHERE ${[`${index} MATCH @match`, ...this.filters].join(' AND ')}`;
  }

  /** The best by BM25: for expressions that match a bounded number of articles. */
  best(match: string, index: RankedIndex = 'search_index'): Ranked[] {
    return this.prepared(`SELECT ${index}.rowid AS id, ${index}.rank AS rank ${this.from(index)} ORDER BY ${index}.rank LIMIT @candidates`).all({ ...this.params, match }) as Ranked[];
  }

  /** The newest, unranked (rank 0). */
  newest(match: string): Ranked[] {
    return this.prepared(`SELECT search_index.rowid AS id, 0 AS rank ${this.from('search_index')} ORDER BY search_index.rowid DESC LIMIT @candidates`).all({ ...this.params, match }) as Ranked[];
  }

  /**
   * The newest `most` books with a chapter or page that matches `match` (over their text alone:
   * see schema.ts), unranked: no BM25, whose count of every phrase's rows would read the
   * position lists of all the books again. Walked newest first and left once `most` are found.
   */
  books(match: string, most: number): Ranked[] {
    const books = new Map<number, Ranked>();
    for (const row of this.prepared(`SELECT ${sectionArticle('search_books.rowid')} AS id, search_books.rowid AS section ${this.from('search_books', sectionArticle('search_books.rowid'))} ORDER BY search_books.rowid DESC`).iterate({ ...this.params, match }) as Iterable<{ id: number; section: number }>) {
      if (!books.has(row.id)) books.set(row.id, { id: row.id, rank: 0, section: row.section });
      if (books.size === most) break;
    }
    return [...books.values()];
  }

  /**
   * Those of `rows` that match `match` (and the filters), in their order. FTS5 evaluates the
   * expression anew for each article (about 0.3 ms each at 100,000 articles): for a few rows
   * found elsewhere (by title) only; see `within` for rows found by an expression of rare terms.
   */
  matching(match: string, rows: Ranked[]): Ranked[] {
    const ids = new Set((this.prepared(`SELECT search_index.rowid AS id ${this.from('search_index')} AND search_index.rowid IN (SELECT value FROM json_each(@ids))`).all({ ...this.params, match, ids: JSON.stringify(rows.map((r) => r.id)) }) as { id: number }[]).map((r) => r.id));
    return rows.filter((r) => ids.has(r.id));
  }

  /**
   * Those of `rows`, found by `found`, that also match `match`, in their order: one unranked
   * scan of both, which reads no more of the index than `found`'s own articles when its terms
   * are rare (no rank, so no count of every phrase's articles either).
   */
  within(found: string, match: string, rows: Ranked[]): Ranked[] {
    const ids = new Set((this.prepared(`SELECT search_index.rowid AS id ${this.from('search_index')}`).all({ ...this.params, match: `(${found}) AND (${match})` }) as { id: number }[]).map((r) => r.id));
    return rows.filter((r) => ids.has(r.id));
  }
}
