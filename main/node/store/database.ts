/**
 * Opens one library file: WAL, foreign keys, and the numbered migrations. Before migrating a
 * file that already holds data, a consistent copy is written beside it (VACUUM INTO), so a
 * failed or faulty migration can always be undone by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { transaction, type Db } from './db';
import { MIGRATIONS, type Migration } from './migrations';

export interface OpenOptions {
  /** Path of an Electron-ABI build of better-sqlite3, when running inside Electron from source. */
  nativeBinding?: string;
  migrations?: readonly Migration[];
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) as Db;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, options.migrations ?? MIGRATIONS);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, file: string, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const pending = migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return;
  if (current > 0) backupBeforeMigration(db, file, current);
  for (const m of pending) {
    transaction(db, (tx) => {
      tx.exec(m.sql);
      tx.pragma(`user_version = ${m.version}`);
    });
  }
}

/** Backups taken before migrations that are kept; older ones are deleted. */
export const KEPT_MIGRATION_BACKUPS = 3;

function backupBeforeMigration(db: Db, file: string, version: number): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.v${version}-${stamp}.bak`;
  db.exec(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
  const dir = path.dirname(file);
  const mine = new RegExp(`^${path.basename(file).replace(/\./g, '\\.')}\\.v\\d+-.*\\.bak$`);
  const old = fs
    .readdirSync(dir)
    .filter((f) => mine.test(f))
    .map((f) => ({ f, at: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
    .slice(KEPT_MIGRATION_BACKUPS);
  for (const { f } of old) fs.rmSync(path.join(dir, f));
  return target;
}
