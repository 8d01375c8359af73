/**
 * The one `import` service: the sources (sources.ts, feeds/feed-items.ts) through the one
 * ingest pipeline (ingest.ts). A run reports every item (imported, updated, duplicate, failed
 * with its code and message, or cancelled) and never stops at a bad one; its AbortSignal
 * stops it after the item in hand.
 */
import type { ImportReport } from '../../common/contract';
import type { AnnotationStore } from '../store/annotations';
import type { ArticleStore } from '../store/articles';
import type { Db } from '../store/db';
import type { TagStore } from '../store/tags';
import { Ingest, toReport, type IngestOptions, type Outcome } from './ingest';
import type { IngestItem } from './items';
import { fileItems, linkQueue, pathItems, urlItems, type FileBytes } from './sources';

export class ImportService {
  private readonly pipeline: Ingest;

  constructor(db: Db, private readonly articles: ArticleStore, annotations: AnnotationStore, tags: TagStore, libraryDir: string) {
    this.pipeline = new Ingest(db, articles, annotations, tags, libraryDir);
  }

  ingest(items: Iterable<IngestItem> | AsyncIterable<IngestItem>, options: IngestOptions = {}): Promise<Outcome[]> {
    return this.pipeline.run(items, options);
  }

  private async report(items: IngestItem[], options: IngestOptions): Promise<ImportReport> {
    return toReport(await this.ingest(items, { total: items.length, ...options }));
  }

  /** Files already in memory: dropped on the window, or given by a test. */
  importItems(files: FileBytes[], options: IngestOptions = {}): Promise<ImportReport> {
    return this.report(fileItems(files), options);
  }

  /** Files and folders named by path; unreadable paths are failed items too. `password` opens PDFs that need one. */
  importPaths(paths: string[], options: IngestOptions & { password?: string } = {}): Promise<ImportReport> {
    return this.report(pathItems(paths, { password: options.password }), options);
  }

  /** Web pages by address: each fetched, extracted, its images kept. */
  importUrls(urls: string[], options: IngestOptions = {}): Promise<ImportReport> {
    return this.report(urlItems(urls), options);
  }

  /**
   * Fetches the text of articles saved as links only, oldest first. A page that fails keeps its
   * link and says why; it is tried again on the next run.
   */
  fetchLinkOnly(options: IngestOptions & { limit?: number } = {}): Promise<ImportReport> {
    return this.report(linkQueue(this.articles, options.limit), options);
  }
}
