/**
 * Text files read ahead of the writer, many at a time, in a worker thread (text-worker.ts):
 * reading, decoding, parsing, building each article's HTML and text, hashing it and counting its
 * words were a quarter of the writer thread's time in a text import, and a message per file
 * cost more than it spared. The writer receives articles ready to store. A file the worker
 * cannot take (a book by its bytes) or a batch whose worker was lost is read the usual way,
 * in the calling thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../../common/errors';
import type { NewArticle } from '../store/articles';
import { checkSize, decodeFile, sniffedBook } from './decode';
import { parseDigest } from './digest';
import type { Extracted } from './draft';
import { ImportError } from './errors';
import type { Loaded, TextFile } from './items';
import { paragraphsArticle } from './new-article';
import { parsePlainText } from './plain-text';
import { workerBeside, WorkerPool } from './worker-pool';

/**
 * A batch closes at this many files or bytes: large enough that a message's cost is spread
 * thin, small enough that the writer's first article does not wait long.
 */
export const TEXT_BATCH = { files: 64, bytes: 4 * 1024 * 1024 };

/** An item's error as it crosses threads: an ImportError keeps its words as the item's reason. */
type SentError = { importError: boolean; message: string };
/** One file's result from the worker; `other` is a file to read the usual way. */
export type TextResult =
  | { kind: 'read'; extracted: Extracted; articles: { article: NewArticle | null; error: SentError | null }[] }
  | { kind: 'failed'; error: SentError }
  | { kind: 'other' };

/** A text file's drafts: a digest's entries, or one article of plain text. */
export function extractText(bytes: Uint8Array, fileName: string): Extracted {
  const text = decodeFile(bytes, { html: false });
  return parseDigest(text, fileName) ?? parsePlainText(text, fileName);
}

function sent(err: unknown): SentError {
  return { importError: err instanceof LecternError && err.code === 'IMPORT_FAILED', message: err instanceof Error ? err.message : String(err) };
}

function revived(err: SentError): Error {
  return err.importError ? new ImportError(err.message) : new Error(err.message);
}

function readBytes(file: TextFile): Uint8Array {
  if (file.bytes) return file.bytes;
  checkSize(file.size);
  try {
    return fs.readFileSync(file.path!);
  } catch (err) {
    throw new ImportError(`could not be read: ${(err as Error).message}`);
  }
}

/** In the worker: one file read and its articles prepared. Each draft's paragraphs stay here: the writer needs none. */
export function readTextFile(file: TextFile): TextResult {
  let extracted: Extracted;
  try {
    const bytes = readBytes(file);
    if (sniffedBook(bytes)) return { kind: 'other' };
    extracted = extractText(bytes, path.basename(file.name));
  } catch (err) {
    return { kind: 'failed', error: sent(err) };
  }
  const articles = extracted.articles.map((draft) => {
    try {
      return { article: paragraphsArticle(draft, draft.paragraphs ?? []), error: null };
    } catch (err) {
      return { article: null, error: sent(err) };
    }
  });
  return { kind: 'read', extracted: { ...extracted, articles: extracted.articles.map((d) => ({ title: d.title, paragraphs: [] })) }, articles };
}

/** What the writer takes from a file's result; null: read it the usual way. */
function toLoaded(result: TextResult): Loaded | null {
  if (result.kind === 'other') return null;
  if (result.kind === 'failed') return { extracted: null, articles: [], error: revived(result.error) };
  const { extracted } = result;
  return {
    extracted,
    articles: result.articles.map(({ article, error }, i) => ({ draft: extracted.articles[i]!, article, error: error && revived(error) })),
    error: null,
  };
}

let pool: WorkerPool<TextFile[], TextResult[]> | null = null;

/**
 * The files' results in order, each null when it is to be read the usual way. One worker: the
 * writer, not the reading, sets the pace, and the other core is the writer's.
 */
export async function readTextFiles(files: TextFile[]): Promise<(Loaded | null)[]> {
  pool ??= new WorkerPool(workerBeside(import.meta.url, 'text-worker'), { size: 1, timeoutMs: 120_000, idleMs: 30_000, maxHeapMb: 1024 });
  try {
    return (await pool.run(files)).map(toLoaded);
  } catch {
    // The worker was lost (a crash, its heap, a hang): these files are read in this thread.
    return files.map(() => null);
  }
}
