/**
 * BM25 candidates at a bounded cost. FTS5 ranks by reading every matching article's hits and
 * length, and first counts each phrase's articles over the whole index (its idf): a word found
 * in 40,000 of 100,000 articles cost 100 ms, a phrase of common words more, before anything
 * else was done. Counting matches up to a bound, walking them newest first and checking given
 * articles cost a small part of that. So a query matching at most `cap` articles is ranked
 * whole (exactly); one matching more is ranked over narrower expressions that find its
 * likeliest articles wherever they are (see SearchService's `focus`), and its newest articles.
 */
import type { Db } from '../store/db';

export interface Ranked {
  id: number;
  rank: number;
}

type Prepare = (sql: string) => ReturnType<Db['prepare']>;

export class Ranker {
  private readonly from: string;

  /**
   * `joins` and `filters` restrict the articles (state, tag, …); `params` binds them and holds
   * `candidates` (how many to keep) and `cap`.
   */
  constructor(
    private readonly prepared: Prepare,
    joins: string,
    filters: string[],
    private readonly params: Record<string, unknown> & { candidates: number; cap: number },
  ) {
    this.from = `FROM search_index ${joins} WHERE ${['search_index MATCH @match', ...filters].join(' AND ')}`;
  }

  /** Whether more than `cap` articles match. */
  tooMany(match: string): boolean {
    return !!this.prepared(`SELECT 1 ${this.from} LIMIT 1 OFFSET @cap`).get({ ...this.params, match });
  }

  /** The best by BM25: use on expressions that match at most about `cap` articles. */
  best(match: string): Ranked[] {
    return this.prepared(`SELECT search_index.rowid AS id, search_index.rank AS rank ${this.from} ORDER BY search_index.rank LIMIT @candidates`).all({ ...this.params, match }) as Ranked[];
  }

  /** The newest, unranked (rank 0). */
  newest(match: string): Ranked[] {
    return this.prepared(`SELECT search_index.rowid AS id, 0 AS rank ${this.from} ORDER BY search_index.rowid DESC LIMIT @candidates`).all({ ...this.params, match }) as Ranked[];
  }

  /** Those of `rows` that match `match` (and the filters), in their order. */
  matching(match: string, rows: Ranked[]): Ranked[] {
    const ids = new Set((this.prepared(`SELECT search_index.rowid AS id ${this.from} AND search_index.rowid IN (SELECT value FROM json_each(@ids))`).all({ ...this.params, match, ids: JSON.stringify(rows.map((r) => r.id)) }) as { id: number }[]).map((r) => r.id));
    return rows.filter((r) => ids.has(r.id));
  }
}
