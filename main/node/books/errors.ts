import { ImportError } from '../import/errors';

/** The reasons a book is refused that the app acts on (asking for the password), beside plain ImportErrors. */
export const NEEDS_PASSWORD = 'needs a password';
export const WRONG_PASSWORD = 'the password is not right';
export const PROTECTED_BY_DRM = 'protected by DRM';

/** A PDF that opens only with a password: the app asks for one and tries again. */
export class BookPasswordError extends ImportError {
  constructor(
    file: string,
    readonly wrongPassword: boolean,
  ) {
    super(`${file}: ${wrongPassword ? WRONG_PASSWORD : NEEDS_PASSWORD}`);
    this.name = 'BookPasswordError';
  }
}
