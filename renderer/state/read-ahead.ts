/**
 * Articles read before they are opened — the rows in view once the list stops scrolling, the row
 * a pointer went down on, the next and previous for j/k — so that opening one renders from memory
 * instead of waiting for the library's answer.
 *
 * A copy here must never show an article older than the library's: everything is forgotten at
 * any change to the library (`forget`), and an article's copy is given up when it is opened
 * (`take`), since the reader then saves its position, which the copy would not know. A failed
 * read is dropped silently: no one asked to see it; the open that follows asks again.
 */
import type { Article } from '../../main/common/contract';

interface Entry {
  read: Promise<Article>;
  /** Set once the read answers. */
  article: Article | null;
}

/** Bounds: enough for a screen of rows and their neighbours, not a library's worth of text. */
export const READ_AHEAD_LIMIT = { entries: 40, chars: 4_000_000 };

export function createReadAhead(read: (id: number) => Promise<Article>, limit = READ_AHEAD_LIMIT) {
  let entries = new Map<number, Entry>();
  let chars = 0;

  const drop = (id: number, entry: Entry) => {
    if (entries.get(id) !== entry) return;
    entries.delete(id);
    if (entry.article) chars -= entry.article.html.length;
  };

  /** The oldest go first, until the newest fits. */
  const trim = () => {
    for (const [id, entry] of entries) {
      if (entries.size <= limit.entries && chars <= limit.chars) return;
      drop(id, entry);
    }
  };

  return {
    /** Reads `id` ahead, unless it is here or on its way already. */
    ask(id: number): void {
      if (entries.has(id)) return;
      const entry: Entry = { read: read(id), article: null };
      entries.set(id, entry);
      entry.read.then(
        (article) => {
          if (entries.get(id) !== entry) return;
          entry.article = article;
          chars += article.html.length;
          trim();
        },
        () => drop(id, entry),
      );
      trim();
    },

    /** The read of `id`, answered (`article`) or on its way, given up here; null if not asked for. */
    take(id: number): Entry | null {
      const entry = entries.get(id);
      if (!entry) return null;
      drop(id, entry);
      return entry;
    },

    forget(): void {
      entries = new Map();
      chars = 0;
    },

    /** How many are kept or on their way, and their text's length (for the tests of the bounds). */
    size: () => ({ entries: entries.size, chars }),
  };
}
