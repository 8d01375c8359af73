/**
 * What the import pipeline passes between its stages: an item from a source (sources.ts,
 * feeds), and what reading it ahead of the writer gave (read-ahead.ts, text-files.ts) for
 * ingest.ts to store. Types only, so that the stages need not import one another.
 */
import type { NewArticle } from '../store/articles';
import type { Draft, Extracted } from './draft';

/** A text file by its bytes in memory or by its path (read in the worker); `size` in bytes. */
export interface TextFile {
  name: string;
  size: number;
  bytes?: Uint8Array;
  path?: string;
}

export interface IngestItem {
  /** What the user knows it by: a file's path, a page's address, a feed item's title. */
  name: string;
  /** Reads or fetches the item and extracts its drafts; runs ahead of the writer. */
  extract(): Promise<Extracted>;
  /** A text file: read and prepared with others in the text worker (text-files.ts); `extract` when it declines. */
  text?: TextFile;
  /** Where its articles go: new articles when absent. */
  into?: Destination;
}

export type Destination =
  /** A feed's new item: a copy already in the library is a duplicate, never an update. */
  | { kind: 'feed'; feedId: number; guid: string }
  /** An article saved as a link only, whose text this is; a failure is kept on it. */
  | { kind: 'article'; id: number; title: string };

export interface Loaded {
  extracted: Extracted | null;
  /** Each draft cleaned, or why it could not be. */
  articles: { draft: Draft; article: NewArticle | null; error: unknown }[];
  error: unknown;
}
