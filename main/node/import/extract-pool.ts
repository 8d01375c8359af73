/**
 * HTML pages are read (Readability on linkedom) and sanitized (DOMPurify's policy on parse5) in worker
 * threads, one per core: those two steps are nearly all the time an HTML import takes, and the
 * database writes stay on the calling thread. Callers keep several pages in flight to use every
 * worker. A page that breaks or hangs its worker fails alone, with the reason.
 */
import os from 'node:os';
import type { Extracted, SanitizedHtml } from './draft';
import { ImportError } from './errors';
import { JobFailed, workerBeside, WorkerPool, type PoolOptions } from './worker-pool';

export type ExtractJob =
  | { kind: 'page'; text: string; fileName: string; pageUrl?: string }
  | { kind: 'sanitize'; dirty: string; title: string };

type ResultOf<J extends ExtractJob> = J extends { kind: 'page' } ? Extracted : SanitizedHtml;

export const EXTRACT_POOL_OPTIONS: PoolOptions = {
  // One per core, at most four.
  size: Math.min(4, os.availableParallelism()),
  timeoutMs: 120_000,
  idleMs: 30_000,
  maxHeapMb: 1024,
  // Parsing and Readability make short-lived nodes by the million: with 96 MB for new objects
  // (V8's --max-semi-space-size=32) a page took about 14 % less CPU in one thread, A/B twice.
  youngHeapMb: 96,
};

let pool: WorkerPool<ExtractJob, unknown> | null = null;

/** One job on the shared pool. */
export async function runExtractJob<J extends ExtractJob>(job: J): Promise<ResultOf<J>> {
  pool ??= new WorkerPool(workerBeside(import.meta.url, 'extract-worker'), EXTRACT_POOL_OPTIONS);
  try {
    return (await pool.run(job)) as ResultOf<J>;
  } catch (err) {
    throw itemError(err);
  }
}

/** A failed job as the item's reason: the page's own error as thrown, a lost worker as ImportError. */
export function itemError(err: unknown): unknown {
  if (!(err instanceof JobFailed)) return err;
  if (err.kind === 'thrown') return err.errorName === 'ImportError' ? new ImportError(err.message) : new Error(err.message);
  return new ImportError(`the page could not be read: ${err.message}`);
}
