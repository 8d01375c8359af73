/**
 * Keeping a library safe: consistent backups (SQLite's online backup, so the app can keep
 * working), restore with the current file kept aside, a full check, and setting a damaged
 * file aside. Backups taken before migrations live beside the library and are rotated.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupInfo, CheckReport } from '../../common/contract';
import { LecternError } from '../../common/errors';
import { MIGRATIONS } from '../store/migrations';
import { checkSearchIndex, verifySearchIndex } from '../search/schema';
import type { Library } from './library';
import { LIBRARY_FILE } from './paths';

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export async function backupLibrary(library: Library, target: string): Promise<BackupInfo> {
  const file = path.resolve(target);
  if (file === path.resolve(library.file)) throw new LecternError('BAD_REQUEST', 'A backup cannot replace the library itself: choose another file.');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await library.db.backup(file);
  const stat = fs.statSync(file);
  return { file, savedAt: stat.mtime.toISOString(), bytes: stat.size };
}

/** Opens a would-be backup read-only and says whether Lectern can restore it. */
export function inspectBackup(file: string): { articles: number; version: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new LecternError('BAD_REQUEST', `${path.basename(file)} cannot be opened: ${(err as Error).message}`);
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = MIGRATIONS.at(-1)!.version;
    if (version < 1) throw new LecternError('BAD_REQUEST', `${path.basename(file)} is not a Lectern library`);
    if (version > latest) throw new LecternError('BAD_REQUEST', `${path.basename(file)} comes from a newer Lectern (schema ${version}; this one knows ${latest})`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new LecternError('BAD_REQUEST', `${path.basename(file)} is damaged: ${String(check)}`);
    const { n } = db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
    return { articles: n, version };
  } catch (err) {
    if (err instanceof LecternError) throw err;
    throw new LecternError('BAD_REQUEST', `${path.basename(file)} is not a Lectern library: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Replaces the library file in `dir` by `backupFile`. The library must be closed; its current
 * file (if any) is kept beside it first. Migrations bring an older backup up to date at open.
 */
export function restoreLibrary(dir: string, backupFile: string): { keptAs: string | null; articles: number } {
  const { articles } = inspectBackup(backupFile);
  const file = path.join(dir, LIBRARY_FILE);
  const keptAs = fs.existsSync(file) ? setAside(dir, 'before-restore') : null;
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(backupFile, file);
  return { keptAs, articles };
}

/**
 * Moves the library file (and its WAL) aside, so a damaged one is never overwritten or lost.
 * Returns where it went, or null when there was no file (a first run has none).
 */
export function setAside(dir: string, why: string): string | null {
  const file = path.join(dir, LIBRARY_FILE);
  if (!fs.existsSync(file)) return null;
  const target = `${file}.${why}-${stamp()}.bak`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return target;
}

/** Backups beside the library (before migrations, before restores), newest first. */
export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${LIBRARY_FILE}.`) && f.endsWith('.bak'))
    .map((f) => {
      const stat = fs.statSync(path.join(dir, f));
      return { file: path.join(dir, f), savedAt: stat.mtime.toISOString(), bytes: stat.size };
    })
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** The full check: SQLite's integrity check, foreign keys, and the search index. */
export function checkLibrary(library: Library): CheckReport {
  const problems = integrity(library, 'integrity_check');
  try {
    const fk = library.db.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`${fk.length} rows point at missing rows`);
  } catch (err) {
    problems.push(`foreign keys: ${(err as Error).message}`);
  }
  const index = verifySearchIndex(library.db);
  if (!index.ok) problems.push(`search index: ${index.reason}`);
  return { ok: problems.length === 0, problems };
}

/** The fast check for start-up: pages and structure, and the search index's row counts. */
export function quickCheck(library: Library): CheckReport {
  const problems = integrity(library, 'quick_check');
  const index = checkSearchIndex(library.db);
  if (!index.ok) problems.push(`search index: ${index.reason}`);
  return { ok: problems.length === 0, problems };
}

/** SQLite's own check; damage bad enough makes the check itself fail, which is a finding too. */
function integrity(library: Library, pragma: 'integrity_check' | 'quick_check'): string[] {
  try {
    const rows = library.db.pragma(pragma, { simple: false }) as Record<string, string>[];
    const messages = rows.map((r) => Object.values(r)[0]!);
    return messages[0] === 'ok' ? [] : messages.map((m) => `integrity: ${m}`);
  } catch (err) {
    return [`integrity: ${(err as Error).message}`];
  }
}
