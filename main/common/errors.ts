/** Error codes that cross the bridge; the UI picks its wording by code. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_CHANNEL'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'IMPORT_FAILED'
  | 'UNAVAILABLE'
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

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof LecternError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}
