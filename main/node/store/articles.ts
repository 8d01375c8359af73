/**
 * Article rows: saving, reading and listing articles and their sources. Changes to many articles
 * at once (and their undo) are written by bulk-edits.ts.
 */
import type { Article, ArticleSummary, BookSection, LibraryCounts, SourceInfo } from '../../common/contract';
import { LIBRARY_VIEWS, SORTS } from '../../common/contract';
import { readingMinutes } from '../../common/canonical-text';
import { preparedOnce, type Db, type Prepare, type Tx } from './db';

/** A fully prepared article, ready to be written in one transaction. */
export interface NewArticle {
  url: string | null;
  canonicalUrl: string | null;
  contentHash: string;
  title: string;
  author: string | null;
  site: string | null;
  publishedAt: string | null;
  lang: string | null;
  excerpt: string | null;
  html: string;
  text: string;
  wordCount: number;
  /** Only the link is known yet; the text is fetched when online. */
  linkOnly?: boolean;
  leadImage?: string | null;
  feedId?: number | null;
  guid?: string | null;
  /** An EPUB or PDF: its original file in the assets and its chapters or pages as ranges of `text`. */
  book?: {
    kind: 'epub' | 'pdf';
    publisher: string | null;
    /** The title's base direction, when the book gives one. */
    titleDir?: 'ltr' | 'rtl' | 'auto' | null;
    original: string;
    sections: { label: string; start: number; end: number; href?: string; page?: number }[];
  };
}

export interface NewSource {
  kind: 'file' | 'digest';
  name: string;
  intro: string | null;
}

/** Tag names are joined with the unit separator, which a tag name cannot hold. */
const SUMMARY_COLUMNS = `a.id, a.title, a.site, s.name AS source, a.saved_at, a.published_at, a.state,
  a.starred, a.word_count, a.excerpt, a.kind, a.title_dir,
  (SELECT group_concat(t.name, char(31)) FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id) AS tags`;

interface SummaryRow {
  id: number;
  title: string;
  site: string | null;
  source: string | null;
  saved_at: string;
  published_at: string | null;
  state: ArticleSummary['state'];
  starred: number;
  word_count: number;
  excerpt: string | null;
  tags: string | null;
  kind: ArticleSummary['kind'];
  title_dir: ArticleSummary['titleDir'] | null;
}

interface ArticleRow extends SummaryRow {
  url: string | null;
  author: string | null;
  lang: string | null;
  html: string;
  progress: number;
  position: number;
  intro: string | null;
  link_only: number;
  fetch_error: string | null;
  locator: string | null;
  original: string | null;
}

const VIEW_WHERE: Record<(typeof LIBRARY_VIEWS)[number], string> = {
  inbox: `a.state != 'archived'`,
  all: '1',
  starred: 'a.starred = 1',
  archive: `a.state = 'archived'`,
};

const ORDER: Record<(typeof SORTS)[number], string> = {
  saved: 'a.saved_at DESC',
  // Articles without a published date sort by when they were saved.
  published: 'coalesce(a.published_at, a.saved_at) DESC',
  title: 'a.title COLLATE NOCASE ASC',
  length: 'a.word_count ASC',
};

function toSummary(r: SummaryRow): ArticleSummary {
  return {
    id: r.id,
    title: r.title,
    site: r.site,
    source: r.source,
    savedAt: r.saved_at,
    publishedAt: r.published_at,
    state: r.state,
    starred: r.starred === 1,
    wordCount: r.word_count,
    readingMinutes: readingMinutes(r.word_count),
    kind: r.kind,
    ...(r.title_dir && { titleDir: r.title_dir }),
    excerpt: r.excerpt,
    tags: r.tags ? r.tags.split('\x1f').sort((x, y) => x.localeCompare(y)) : [],
  };
}

export class ArticleStore {
  /** For the statements run for many articles in a row (the import path's, search's summaries). */
  private readonly statement: Prepare;

  constructor(private readonly db: Db) {
    this.statement = preparedOnce(db);
  }

  /** The id of an article already in the library that `a` duplicates, if any. */
  findDuplicate(a: Pick<NewArticle, 'canonicalUrl' | 'contentHash'>): number | null {
    const row = a.canonicalUrl
      ? this.statement('SELECT id FROM articles WHERE canonical_url = ?').get(a.canonicalUrl)
      : this.statement('SELECT id FROM articles WHERE content_hash = ? LIMIT 1').get(a.contentHash);
    return row ? (row as { id: number }).id : null;
  }

  /** The article saved from `url` (as given, or as its canonical URL), if any. */
  findByUrl(url: string): number | null {
    const row = this.db.prepare('SELECT id FROM articles WHERE url = ? OR canonical_url = ? ORDER BY id LIMIT 1').get(url, url) as { id: number } | undefined;
    return row ? row.id : null;
  }

  addSource(s: NewSource, now: string): number {
    const info = this.statement('INSERT INTO sources (kind, name, intro, imported_at) VALUES (?, ?, ?, ?)').run(s.kind, s.name, s.intro, now);
    return Number(info.lastInsertRowid);
  }

  /** Articles saved as links only, oldest first: the queue whose text is still to fetch. */
  linkOnly(limit = -1): { id: number; url: string; title: string }[] {
    return this.db.prepare('SELECT id, url, title FROM articles WHERE link_only = 1 AND url IS NOT NULL ORDER BY id LIMIT ?').all(limit) as { id: number; url: string; title: string }[];
  }

  /** Why the text of a link-only article could not be fetched, shown in the reader. */
  setFetchError(id: number, reason: string): void {
    this.db.prepare('UPDATE articles SET fetch_error = ? WHERE id = ?').run(reason, id);
  }

  hasFeedItem(feedId: number, guid: string): boolean {
    return this.db.prepare('SELECT 1 FROM articles WHERE feed_id = ? AND guid = ?').get(feedId, guid) !== undefined;
  }

  /** A star an import brings (users star through BulkEdits, which can undo). */
  star(tx: Tx, id: number): void {
    tx.prepare('UPDATE articles SET starred = 1 WHERE id = ?').run(id);
  }

  /** The stored copy's content hash, to tell a newer copy of a page from the same one. */
  contentHash(id: number): string | null {
    const row = this.db.prepare('SELECT content_hash FROM articles WHERE id = ?').get(id) as { content_hash: string } | undefined;
    return row ? row.content_hash : null;
  }

  /** A newer copy of the page replaces the text; state, tags and notes stay. */
  replaceContent(tx: Tx, id: number, a: NewArticle, now: string): void {
    tx
      .prepare(
        `UPDATE articles SET content_hash = @contentHash, title = @title, author = @author, site = @site, published_at = @publishedAt,
           lang = @lang, excerpt = @excerpt, word_count = @wordCount, updated_at = @now, link_only = 0, fetch_error = NULL,
           lead_image = coalesce(@leadImage, lead_image) WHERE id = @id`,
      )
      .run({ id, now, contentHash: a.contentHash, title: a.title, author: a.author, site: a.site, publishedAt: a.publishedAt, lang: a.lang, excerpt: a.excerpt, wordCount: a.wordCount, leadImage: a.leadImage ?? null });
    tx.prepare('UPDATE article_bodies SET html = ?, text = ? WHERE article_id = ?').run(a.html, a.text, id);
  }

  /**
   * The article, then its body (whose insert indexes it). The sync id is given here, as the
   * trigger that fills a missing one would (migration 11): that trigger's UPDATE wrote each new
   * row and its indexes a second time.
   */
  insert(_tx: Tx, a: NewArticle, sourceId: number | null, now: string): number {
    const info = this
      .statement(
        `INSERT INTO articles (url, canonical_url, content_hash, title, author, site, source_id,
           published_at, saved_at, lang, excerpt, word_count, updated_at, link_only, lead_image, feed_id, guid,
           kind, publisher, original, title_dir, sync_id)
         VALUES (@url, @canonicalUrl, @contentHash, @title, @author, @site, @sourceId,
           @publishedAt, @now, @lang, @excerpt, @wordCount, @now, @linkOnly, @leadImage, @feedId, @guid,
           @kind, @publisher, @original, @titleDir, lower(hex(randomblob(16))))`,
      )
      .run({ url: a.url, canonicalUrl: a.canonicalUrl, contentHash: a.contentHash, title: a.title, author: a.author, site: a.site,
        publishedAt: a.publishedAt, lang: a.lang, excerpt: a.excerpt, wordCount: a.wordCount, sourceId, now,
        linkOnly: a.linkOnly ? 1 : 0, leadImage: a.leadImage ?? null, feedId: a.feedId ?? null, guid: a.guid ?? null,
        kind: a.book?.kind ?? 'article', publisher: a.book?.publisher ?? null, original: a.book?.original ?? null, titleDir: a.book?.titleDir ?? null });
    const id = Number(info.lastInsertRowid);
    this.statement('INSERT INTO article_bodies (article_id, html, text) VALUES (?, ?, ?)').run(id, a.html, a.text);
    if (!a.book) return id;
    const section = this.statement('INSERT INTO book_sections (article_id, ord, label, start, "end", href, page) VALUES (?, ?, ?, ?, ?, ?, ?)');
    a.book.sections.forEach((s, ord) => section.run(id, ord, s.label, s.start, s.end, s.href ?? null, s.page ?? null));
    return id;
  }

  list(view: (typeof LIBRARY_VIEWS)[number], options: { limit?: number; sort?: (typeof SORTS)[number]; tag?: string; source?: string; feed?: number } = {}): ArticleSummary[] {
    const where = [VIEW_WHERE[view]];
    if (options.tag !== undefined) where.push('a.id IN (SELECT x.article_id FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE t.name = @tag)');
    if (options.source !== undefined) where.push('s.name = @source');
    if (options.feed !== undefined) where.push('a.feed_id = @feed');
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id
         WHERE ${where.join(' AND ')} ORDER BY ${ORDER[options.sort ?? 'saved']}, a.id ASC LIMIT @limit`,
      )
      .all({ limit: options.limit ?? -1, ...(options.tag !== undefined && { tag: options.tag }), ...(options.source !== undefined && { source: options.source }), ...(options.feed !== undefined && { feed: options.feed }) }) as SummaryRow[];
    return rows.map(toSummary);
  }

  summary(id: number): ArticleSummary | null {
    const row = this.statement(`SELECT ${SUMMARY_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?`).get(id) as SummaryRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** The summaries of `ids` that are in the library, by id: one statement, where search's ~55 candidates one by one cost twice as long. */
  summaries(ids: number[]): Map<number, ArticleSummary> {
    const rows = this.statement(`SELECT ${SUMMARY_COLUMNS} FROM json_each(?) j JOIN articles a ON a.id = j.value LEFT JOIN sources s ON s.id = a.source_id`).all(JSON.stringify(ids)) as SummaryRow[];
    return new Map(rows.map((r) => [r.id, toSummary(r)]));
  }

  /**
   * With `pdfHtml` false a PDF comes without its text view (`html` empty): its reader draws the
   * file, and the view of a long one is megabytes to read and send for nothing.
   */
  get(id: number, { pdfHtml = true } = {}): Article | null {
    const row = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, a.url, a.author, a.lang, CASE WHEN a.kind = 'pdf' AND NOT @pdfHtml THEN '' ELSE b.html END AS html, a.progress, a.position, s.intro, a.link_only, a.fetch_error, a.locator, a.original
         FROM articles a JOIN article_bodies b ON b.article_id = a.id
         LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = @id`,
      )
      .get({ id, pdfHtml: pdfHtml ? 1 : 0 }) as ArticleRow | undefined;
    if (!row) return null;
    return {
      ...toSummary(row),
      url: row.url,
      author: row.author,
      lang: row.lang,
      html: row.html,
      progress: row.progress,
      position: row.position,
      sourceIntro: row.intro,
      linkOnly: row.link_only === 1,
      fetchError: row.fetch_error,
      locator: row.locator,
      original: row.original,
      sections: row.kind === 'article' ? [] : this.sections(id),
    };
  }

  /** A book's chapters or pages in order. */
  sections(id: number): BookSection[] {
    const rows = this.db.prepare('SELECT label, start, "end", href, page FROM book_sections WHERE article_id = ? ORDER BY ord').all(id) as
      { label: string; start: number; end: number; href: string | null; page: number | null }[];
    return rows.map(({ href, page, ...s }) => (href !== null ? { ...s, href } : { ...s, page: page! }));
  }

  text(id: number): string | null {
    const row = this.db.prepare('SELECT text FROM article_bodies WHERE article_id = ?').get(id) as { text: string } | undefined;
    return row ? row.text : null;
  }

  /** Opening an article marks it read; every other change goes through BulkEdits, which can undo. */
  setState(id: number, state: ArticleSummary['state'], now: string): boolean {
    return this.db.prepare('UPDATE articles SET state = ?, updated_at = ? WHERE id = ?').run(state, now, id).changes === 1;
  }

  sources(): SourceInfo[] {
    return this.db
      .prepare(
        `SELECT s.name, count(a.id) AS articles FROM sources s JOIN articles a ON a.source_id = s.id
         GROUP BY s.name ORDER BY s.name COLLATE NOCASE`,
      )
      .all() as SourceInfo[];
  }

  /** Saves where the reader is; not a change to the article, so `updated_at` stays. */
  saveProgress(id: number, progress: number, block: number): boolean {
    return this.db.prepare('UPDATE articles SET progress = ?, position = ? WHERE id = ?').run(progress, block, id).changes === 1;
  }

  /**
   * Saves where the reader is in a book. The locator must be of the book's kind (a CFI for an
   * EPUB, a page for a PDF): false when it is not, or the article is not a book; null when there
   * is no such article.
   */
  saveLocator(id: number, progress: number, locator: string): boolean | null {
    const kind = (this.db.prepare('SELECT kind FROM articles WHERE id = ?').get(id) as { kind: ArticleSummary['kind'] } | undefined)?.kind;
    if (kind === undefined) return null;
    if (kind !== (locator.startsWith('epubcfi(') ? 'epub' : 'pdf')) return false;
    return this.db.prepare('UPDATE articles SET progress = ?, locator = ? WHERE id = ?').run(progress, locator, id).changes === 1;
  }

  counts(): LibraryCounts {
    return this.db
      .prepare(
        `SELECT COUNT(*) AS articles,
           COALESCE(SUM(state != 'archived'), 0) AS inbox,
           COALESCE(SUM(starred = 1), 0) AS starred,
           COALESCE(SUM(state = 'archived'), 0) AS archive,
           (SELECT count(*) FROM bookmarks) AS places,
           (SELECT count(*) FROM annotations) AS annotations
         FROM articles`,
      )
      .get() as LibraryCounts;
  }
}

export class SettingsStore {
  constructor(private readonly db: Db) {}
  get(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? row.value : null;
  }
  set(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
