/**
 * The library the app has open. Restore and move replace it while the app runs, so handlers
 * and the protocol ask the session for the current library on every call.
 */
import type { CheckReport } from '../../common/contract';
import type { OpenOptions } from '../store/database';
import { Library } from './library';
import { quickCheck } from './safety';

export class LibrarySession {
  private current: Library;
  /**
   * SQLite's quick check, run at open only when the library was not closed cleanly: it reads
   * every page (seconds for a large library), and a clean close leaves nothing to suspect.
   */
  health: CheckReport | null = null;
  /** What must end before the library closes at quit (the sync's round and connection). */
  private readonly closing: (() => Promise<void>)[] = [];

  constructor(
    dir: string,
    private readonly options: OpenOptions = {},
  ) {
    this.current = this.open(dir);
  }

  private open(dir: string): Library {
    const library = Library.open(dir, this.options);
    void library.search.inParallel(this.options.nativeBinding);
    this.health = library.closedUncleanly ? quickCheck(library) : null;
    return library;
  }

  get library(): Library {
    return this.current;
  }

  /** Closes the current library, runs `change` on the closed files, and opens `dir`. */
  async reopen(dir: string, change?: () => void | Promise<void>): Promise<Library> {
    const previous = this.current.dir;
    this.current.close();
    try {
      await change?.();
      this.current = this.open(dir);
    } catch (err) {
      // Whatever went wrong, the app keeps a library open: the one it had.
      this.current = this.open(previous);
      throw err;
    }
    return this.current;
  }

  /** `end` runs when the session closes, before the library does. */
  onClose(end: () => Promise<void>): void {
    this.closing.push(end);
  }

  /**
   * Ends what runs on the library (each `onClose`; a failure does not stop the rest), then closes
   * it. With nothing running on it, the library is closed before this returns.
   */
  close(): Promise<void> {
    const ends = this.closing.splice(0);
    if (ends.length === 0) {
      this.current.close();
      return Promise.resolve();
    }
    return Promise.all(ends.map((end) => end().catch((err: unknown) => console.error('[lectern] closing:', err)))).then(() => this.current.close());
  }
}
