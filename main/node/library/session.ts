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

  constructor(
    dir: string,
    private readonly options: OpenOptions = {},
  ) {
    this.current = this.open(dir);
  }

  private open(dir: string): Library {
    const library = Library.open(dir, this.options);
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

  close(): void {
    this.current.close();
  }
}
