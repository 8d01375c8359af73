/** A worker of the extraction pool (extract-pool.ts): reads and sanitizes HTML off the main thread. */
import type { ExtractJob } from './extract-pool';
import { readHtmlPage } from './html';
import { sanitizeHere } from './sanitize';
import { serveJobs } from './worker-pool';

serveJobs((job: ExtractJob) => (job.kind === 'page' ? readHtmlPage(job.text, job.fileName, job.pageUrl) : sanitizeHere(job.dirty, job.title)));
