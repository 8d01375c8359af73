import { LecternError } from '../../common/errors';

/**
 * Raised for one item of a batch (a file, a page, a feed); the message is shown to the user as
 * the reason. Outside a batch it crosses the bridge as IMPORT_FAILED with the same words.
 */
export class ImportError extends LecternError {
  constructor(message: string) {
    super('IMPORT_FAILED', message);
    this.name = 'ImportError';
  }
}
