/**
 * The library's database handle, branded as Signal brands its ReadableDB / WritableDB: a `Tx`
 * is the same better-sqlite3 handle, but only `transaction()` hands one out, so a function that
 * takes a `Tx` cannot be called outside a transaction — the compiler checks what a comment
 * used to ask. A leaf: it imports nothing of Lectern's, so store/, search/ and the rest may
 * all import it without forming a cycle.
 */
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

declare const opened: unique symbol;
declare const inside: unique symbol;

/** An open library file, as `openDatabase` returns it (WAL, foreign keys, migrated). */
export type Db = Database.Database & { readonly [opened]: true };

/** The handle while a transaction is open on it. */
export type Tx = Db & { readonly [inside]: true };

/**
 * Each SQL text prepared once for `db`: statements run for many articles in a row (the import
 * path's, search's) cost more to prepare each time than to run.
 */
export type Prepare = (sql: string) => Statement;

export function preparedOnce(db: Db): Prepare {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
}

/**
 * Runs `fn` in one transaction and returns what it returns; a throw rolls everything back.
 * Begins IMMEDIATE (the write lock is taken up front, so a busy file waits rather than failing
 * halfway); inside a transaction already open, it is a savepoint of that one.
 */
export function transaction<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(() => fn(db as Tx)).immediate();
}
