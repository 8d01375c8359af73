/** A worker of the extraction pool (extract-pool.ts): reads and sanitizes HTML off the main thread. */
import type { ExtractJob } from './extract-pool';
import { parseHtmlPage } from './html';
import { loadSanitizer } from './sanitize';
import { serveJobs } from './worker-pool';

// Loaded once per worker, before the first page needs it.
const sanitizer = loadSanitizer();

serveJobs(async (job: ExtractJob) =>
  job.kind === 'page' ? parseHtmlPage(job.text, job.fileName, job.pageUrl) : (await sanitizer)(job.dirty, job.title),
);
