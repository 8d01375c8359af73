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
import { checkSearchIndex, rebuildSearchIndex } from '../search/schema';
import { SearchService } from '../search/search-service';
import { LIBRARY_FILE } from './paths';

/** Present in settings while the library is open; found at open, it tells of an unclean close. */
const OPEN_MARK = 'open-since';

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
    const health = checkSearchIndex(this.db);
    if (!health.ok) this.repairIndex(health.reason);
    this.closedUncleanly = this.settings.get(OPEN_MARK) !== null;
    this.settings.set(OPEN_MARK, new Date().toISOString());
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
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(OPEN_MARK);
    this.db.close();
  }
}
