/**
 * HTML pages are read (Readability on linkedom) and sanitized (DOMPurify on jsdom) in worker
 * threads, one per core: those two steps are nearly all the time an HTML import takes, and the
 * database writes stay on the calling thread. Callers keep several pages in flight to use every
 * worker. A page that breaks or hangs its worker fails alone, with the reason.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Extracted } from './draft';
import { ImportError } from './errors';
import type { SanitizedHtml } from './sanitize';
import { JobFailed, WorkerPool, type PoolOptions, type WorkerScript } from './worker-pool';

export type ExtractJob =
  | { kind: 'page'; text: string; fileName: string; pageUrl?: string }
  | { kind: 'sanitize'; dirty: string; title: string };

type ResultOf<J extends ExtractJob> = J extends { kind: 'page' } ? Extracted : SanitizedHtml;

export const EXTRACT_POOL_OPTIONS: PoolOptions = {
  size: Math.min(4, os.availableParallelism()),
  timeoutMs: 30_000,
  idleMs: 30_000,
  maxHeapMb: 1024,
};

/**
 * From source (tests, the CLI and the harness under tsx) the worker is the TypeScript file,
 * loaded after registering tsx in the worker; in a bundle (dist/main) it is the worker bundle
 * built beside it (scripts/build.ts).
 */
export function extractWorkerScript(): WorkerScript {
  const here = import.meta.url;
  const dir = path.dirname(fileURLToPath(here));
  if (!here.endsWith('.ts')) return { eval: false, code: path.join(dir, 'extract-worker.cjs') };
  // Resolved here (a worker's eval code resolves from the working directory), as the ESM build
  // of tsx's API: its CommonJS build cannot register tsx from a worker.
  const tsx = JSON.stringify(pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs'));
  const entry = JSON.stringify(pathToFileURL(path.join(dir, 'extract-worker.ts')).href);
  return { eval: true, code: `import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });` };
}

let pool: WorkerPool<ExtractJob, unknown> | null = null;

/** One job on the shared pool; failures become the item's reason, as in-thread errors would. */
export async function runExtractJob<J extends ExtractJob>(job: J): Promise<ResultOf<J>> {
  pool ??= new WorkerPool(extractWorkerScript(), EXTRACT_POOL_OPTIONS);
  try {
    return (await pool.run(job)) as ResultOf<J>;
  } catch (err) {
    if (!(err instanceof JobFailed)) throw err;
    if (err.kind === 'thrown') throw err.errorName === 'ImportError' ? new ImportError(err.message) : new Error(err.message);
    throw new ImportError(`the page could not be read: ${err.message}`);
  }
}
