/**
 * One open library: its SQLite file and the services over it. The app, the harness, the CLI
 * and the tests all go through this class.
 */
import path from 'node:path';
import { ArticleStore, SettingsStore } from '../store/articles';
import { BookmarkStore } from '../store/bookmarks';
import { AnnotationStore } from '../store/annotations';
import { BulkEdits } from '../store/bulk-edits';
import { TagStore } from '../store/tags';
import { FeedService } from '../feeds/feed-service';
import type { Db } from '../store/db';
import { openDatabase, type OpenOptions } from '../store/database';
import { ImportService } from '../import/import-service';
import { checkSearchIndex, rebuildSearchIndex, restoreMergeOptions } from '../search/schema';
import { SearchService } from '../search/search-service';
import { LIBRARY_FILE } from './paths';

/** Present in settings while the library is open; found at open, it tells of an unclean close. */
const OPEN_MARK = 'open-since';
/**
 * Left by a clean close that found the search index holding one row per article, so that the
 * next open need not count them again (the part of opening that grows with the library).
 */
const INDEX_COUNTED = 'search-index-counted';

export class Library {
  readonly file: string;
  readonly db: Db;
  readonly articles: ArticleStore;
  readonly settings: SettingsStore;
  readonly bookmarks: BookmarkStore;
  readonly tags: TagStore;
  readonly edits: BulkEdits;
  readonly annotations: AnnotationStore;
  readonly feeds: FeedService;
  readonly importer: ImportService;
  readonly search: SearchService;
  /** Why the search index was last rebuilt, when it was found missing or damaged. */
  repairedIndex: string | null = null;
  /** The library was not closed the last time it was open (a crash, a kill, a power cut). */
  readonly closedUncleanly: boolean;
  /** `total_changes()` once open: the index's counts agree as of then (trusted, counted or rebuilt). */
  private readonly changesAtOpen: number;

  private constructor(readonly dir: string, options: OpenOptions) {
    this.file = path.join(dir, LIBRARY_FILE);
    this.db = openDatabase(this.file, options);
    this.articles = new ArticleStore(this.db);
    this.settings = new SettingsStore(this.db);
    this.bookmarks = new BookmarkStore(this.db);
    this.tags = new TagStore(this.db);
    this.edits = new BulkEdits(this.db, this.tags);
    this.annotations = new AnnotationStore(this.db, this.tags);
    this.importer = new ImportService(this.db, this.articles, this.annotations, this.tags, dir);
    this.feeds = new FeedService(this.db, this.importer, this.articles);
    this.search = new SearchService(this.db, this.articles, (reason) => this.repairIndex(reason));
    this.closedUncleanly = this.settings.get(OPEN_MARK) !== null;
    const counted = !this.closedUncleanly && this.settings.get(INDEX_COUNTED) !== null;
    const health = checkSearchIndex(this.db, { counts: !counted });
    if (!health.ok) this.repairIndex(health.reason);
    restoreMergeOptions(this.db);
    this.settings.set(OPEN_MARK, new Date().toISOString());
    this.changesAtOpen = this.totalChanges();
  }

  /** Rows written through this connection since it opened, triggers' included. */
  private totalChanges(): number {
    return (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  private repairIndex(reason: string): void {
    rebuildSearchIndex(this.db);
    this.repairedIndex = reason;
    console.warn(`[lectern] the search index was rebuilt (${reason}); no article was touched`);
  }

  static open(dir: string, options: OpenOptions = {}): Library {
    return new Library(dir, options);
  }

  close(): void {
    if (!this.db.open) return;
    // Counted again only if something was written since the open (a read-only CLI call is not).
    if (this.totalChanges() === this.changesAtOpen || checkSearchIndex(this.db).ok) this.settings.set(INDEX_COUNTED, new Date().toISOString());
    else this.db.prepare('DELETE FROM settings WHERE key = ?').run(INDEX_COUNTED);
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(OPEN_MARK);
    this.search.close();
    this.db.close();
  }
}
