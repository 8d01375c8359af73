/** Raised for one item of a batch; the message is shown to the user as the reason. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
