/**
 * Grouped commits for a stream of articles. Each write is atomic on its own (a savepoint inside
 * the group: a write that throws leaves nothing behind and the group goes on), and the group is
 * committed every `articles` writes or `ms` milliseconds, because FTS5 flushes its index at each
 * commit: a commit per article would cost about twice the time. A crash loses at most the group
 * in flight, never part of an article.
 */
import type { Transaction } from 'better-sqlite3';
import type { Db, Tx } from './db';

export interface Lost<K> {
  /** The keys of the writes the failed commit took back. */
  keys: K[];
  error: unknown;
}

/**
 * Work a group does in its own transaction: once begun (`group`: 1 for a run's first), and last
 * before it commits; and the run's, once its last group is committed (`committed` after each
 * transaction of its own).
 */
export interface GroupHooks {
  begin(db: Db, group: number): void;
  beforeCommit(db: Db): void;
  end(db: Db, groups: number, committed: () => void): Promise<void>;
}

export class BatchWriter<K> {
  private group: { started: number; keys: K[] } | null = null;
  /** Groups begun in this run. */
  private groups = 0;
  /** `transaction()` of db.ts made once: building better-sqlite3's wrapper for each write cost 2 % of an import. */
  private readonly atomic: Transaction<(write: (tx: Tx) => unknown) => unknown>;

  constructor(
    private readonly db: Db,
    private readonly limits = { articles: 200, ms: 250 },
    private readonly hooks?: GroupHooks,
  ) {
    this.atomic = db.transaction((write: (tx: Tx) => unknown) => write(db as Tx));
  }

  /**
   * Runs `write` atomically, in the open group (one is begun when none is). Throws what `write`
   * throws, or why the group could not begin (a read-only or locked library).
   */
  write<T>(key: K, write: (tx: Tx) => T): T {
    // Inside a caller's transaction the writes join it, and its owner commits.
    if (!this.group && !this.db.inTransaction) this.begin();
    const result = this.atomic.immediate(write) as T;
    this.group?.keys.push(key);
    return result;
  }

  private begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.hooks?.begin(this.db, this.groups + 1);
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
    this.groups++;
    this.group = { started: performance.now(), keys: [] };
  }

  /** The group is full or old enough: time to `flush`. */
  isDue(): boolean {
    const g = this.group;
    return !!g && (g.keys.length >= this.limits.articles || performance.now() - g.started > this.limits.ms);
  }

  /** Commits the open group now: before waiting on something slow, and at the end of a run. */
  flush(): Lost<K> | null {
    const g = this.group;
    if (!g) return null;
    this.group = null;
    try {
      this.hooks?.beforeCommit(this.db);
      this.db.exec('COMMIT');
      return null;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      return { keys: g.keys, error };
    }
  }

  /**
   * The end of a run: its last group committed, then the run's own work (`committed` after each
   * of its transactions). That work only tidies (the articles are stored): when it fails, the
   * run's result stands and the library's next open sets right what it left.
   */
  async finish(committed: () => void): Promise<Lost<K> | null> {
    const lost = this.flush();
    const groups = this.groups;
    this.groups = 0;
    if (groups > 0 && this.hooks) {
      try {
        await this.hooks.end(this.db, groups, committed);
      } catch {
        // Each of its transactions took back its own part; what is left is the open's to set right.
      }
    }
    return lost;
  }
}
