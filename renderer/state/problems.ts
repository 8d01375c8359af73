/**
 * A failure as the user reads it: words chosen by the error's code (see main/common/errors.ts),
 * and what can be done about it. The bridge throws `LecternError`s; anything else is a bug.
 */
import type { CommandId } from '../../main/common/commands';
import { LecternError, type ErrorCode } from '../../main/common/errors';

export interface Problem {
  code: ErrorCode;
  text: string;
  /** A way forward offered beside the words. */
  action?: { label: string; command: CommandId };
}

/** `doing` names what failed ("Import", "Export"); the code says how to put it. */
export function describeFailure(err: unknown, doing?: string): Problem {
  const code: ErrorCode = err instanceof LecternError ? err.code : 'INTERNAL';
  const message = err instanceof Error ? err.message : String(err);
  const lead = doing ? `${doing} failed: ` : '';
  switch (code) {
    case 'STORAGE':
      // Main's words already say that nothing was saved and what to do about it.
      return { code, text: message, action: { label: 'Library settings…', command: 'settings' } };
    case 'IMPORT_FAILED':
      return { code, text: `${doing ?? 'Import'} failed: ${message}` };
    default:
      return { code, text: `${lead}${message}` };
  }
}
