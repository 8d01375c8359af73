/** Error codes that cross the bridge; the UI picks its wording by code. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_CHANNEL'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'IMPORT_FAILED'
  | 'UNAVAILABLE'
  /** The disk said no: full, read-only, failing, or the library locked elsewhere. */
  | 'STORAGE'
  | 'INTERNAL';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** Thrown by services and by the renderer's bridge; serialises to `{code, message}`. */
export class LecternError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'LecternError';
    this.code = code;
  }
  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** Every bridge call answers with this envelope, so errors keep their code across IPC. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/**
 * SQLite's storage failures (codes like SQLITE_FULL, SQLITE_READONLY_DBMOVED) in words that say
 * what happened and what to do. Each left the library as it was: the write was rolled back.
 */
const STORAGE: [prefix: string, message: string][] = [
  ['SQLITE_FULL', 'The disk holding your library is full, so nothing was saved. Free some space on it, then try again.'],
  ['SQLITE_READONLY', 'Your library cannot be written (its file or folder is read-only), so nothing was saved. Make the folder writable, or move the library in Settings.'],
  ['SQLITE_IOERR', 'The disk reported an error while saving, so nothing was saved. Check the disk, then try again; a backup is in Settings.'],
  ['SQLITE_BUSY', 'Another Lectern (the app or the command line) is writing to this library; nothing was saved. Try again in a moment.'],
  ['SQLITE_CANTOPEN', 'The library file cannot be opened: check that its folder exists and is readable.'],
];

export function storageError(err: unknown): LecternError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const hit = STORAGE.find(([prefix]) => code.startsWith(prefix));
  return hit ? new LecternError('STORAGE', hit[1]) : null;
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof LecternError) return err.toJSON();
  const storage = storageError(err);
  if (storage) return storage.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}
