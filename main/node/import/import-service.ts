/**
 * The one `import` service. Each file goes through: decode → its format module → sanitize →
 * duplicate check → insert, one transaction per article. A batch reports every item
 * (imported, skipped as duplicate, failed with a reason) and never stops at a bad one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportReport } from '../../common/contract';
import { countWords } from '../../common/canonical-text';
import { transaction, type Db, type Tx } from '../store/db';
import type { AnnotationStore } from '../store/annotations';
import type { ArticleStore, NewArticle } from '../store/articles';
import { checkSize, decodeText } from './decode';
import { formatBytes } from '../../common/sizes';
import { parseDigest } from './digest';
import { paragraphsToArticle, type Draft, type Extracted } from './draft';
import { ImportError } from './errors';
import { storageError } from '../../common/errors';
import { parseHtmlPage } from './html';
import { parseMarkdown } from './markdown';
import { parsePlainText } from './plain-text';
import { sanitizeHtml } from './sanitize';
import { localizeImages } from '../library/assets';
import type { FeedItem } from '../feeds/parse';
import { fetchUrl } from '../web/fetch';
import { looksLikePocketHtml, parseOmnivoreZip, parsePocketHtml, readCsvExport, readJsonExport } from './migrate/detect';
import type { Migration } from './migrate/entry';
import type { TagStore } from '../store/tags';

/** Another reader's export as drafts: its text when the export has it, else a link to fetch. */
function fromMigration(m: Migration, fileName: string): Extracted {
  return {
    source: { kind: 'file', name: fileName, intro: null },
    failed: m.failed,
    articles: m.entries.map((e): Draft => {
      const saved = { savedAt: e.savedAt, state: e.state, starred: e.starred, progress: e.progress, tags: e.tags, highlights: e.highlights, linkOnly: !e.html };
      const meta = { item: e.item, saved, url: e.url, canonicalUrl: e.url, author: e.author ?? null, publishedAt: e.publishedAt ?? null, site: e.url ? new URL(e.url).hostname : null };
      const title = e.title ?? e.url ?? 'Untitled';
      return e.html
        ? { ...meta, title, html: e.html }
        : { ...meta, title, paragraphs: [`Saved from ${m.service} as a link: ${e.url}`, 'Lectern fetches its text the next time it is online; until then only the link is kept.'] };
    }),
  };
}

export interface ImportItem {
  /** What the user knows the item by: a file name or path, or the address of a page. */
  name: string;
  bytes: Uint8Array;
  /** A web page to fetch instead of bytes. */
  url?: string;
}

/** A web page by address: fetched (limits in web/fetch.ts), decoded by its stated charset, extracted. */
export async function fetchPage(url: string): Promise<Extracted> {
  const got = (await fetchUrl(url, { accept: ['text/html', 'application/xhtml+xml'] }))!;
  const text = decodeText(got.bytes, { html: true, charset: got.charset });
  const name = new URL(got.url).hostname;
  return parseHtmlPage(text, name, got.url);
}

export interface ImportOptions {
  onProgress?: (p: { done: number; total: number; item: string }) => void;
  /** The saved date for this batch; defaults to now. */
  savedAt?: string;
}

/** One article's cleaned HTML: beyond this a "page" is a book or a dump, and the reader would crawl. */
export const MAX_ARTICLE_CHARS = 5 * 1024 * 1024;

type Format = 'html' | 'markdown' | 'text' | 'csv' | 'json' | 'zip';
const FORMATS: Record<string, Format> = {
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.csv': 'csv',
  '.json': 'json',
  '.zip': 'zip',
};
export const SUPPORTED_EXTENSIONS = Object.keys(FORMATS);

function formatOf(name: string): Format {
  const ext = path.extname(name).toLowerCase();
  const format = FORMATS[ext];
  if (!format) {
    throw new ImportError(
      `unsupported file type "${ext || '(none)'}"; Lectern imports ${SUPPORTED_EXTENSIONS.join(', ')}`,
    );
  }
  return format;
}

export function extract(item: ImportItem): Extracted {
  const format = formatOf(item.name);
  const fileName = path.basename(item.name);
  if (format === 'zip') {
    checkSize(item.bytes.length);
    return fromMigration(parseOmnivoreZip(item.bytes, fileName), fileName);
  }
  const text = decodeText(item.bytes, { html: format === 'html' });
  if (!text.trim()) throw new ImportError('the file holds only whitespace');
  switch (format) {
    case 'csv':
      return fromMigration(readCsvExport(text, fileName), fileName);
    case 'json':
      return fromMigration(readJsonExport(text, fileName), fileName);
    case 'html':
      return looksLikePocketHtml(text) ? fromMigration(parsePocketHtml(text, fileName), fileName) : parseHtmlPage(text, fileName);
    case 'markdown':
      return parseMarkdown(text, fileName);
    case 'text':
      return parseDigest(text, fileName) ?? parsePlainText(text, fileName);
  }
}

async function prepare(d: Draft): Promise<NewArticle> {
  const title = d.title.replace(/\s+/g, ' ').trim().slice(0, 500);
  const { html, text } = d.paragraphs ? paragraphsToArticle(d.paragraphs) : await sanitizeHtml(d.html, title);
  if (!text) throw new ImportError('no readable text is left after removing scripts and unsafe content');
  if (html.length > MAX_ARTICLE_CHARS) {
    throw new ImportError(`the article is ${formatBytes(html.length)} once cleaned; Lectern keeps articles up to ${formatBytes(MAX_ARTICLE_CHARS)} (split it, or save a shorter part)`);
  }
  const contentHash = createHash('sha256').update(`${title}\n${text}`).digest('hex');
  return {
    url: d.url ?? null,
    canonicalUrl: d.canonicalUrl ?? null,
    contentHash,
    title,
    author: d.author ?? null,
    site: d.site ?? null,
    publishedAt: d.publishedAt ?? null,
    lang: d.lang ?? null,
    excerpt: d.excerpt ?? (text.length > 280 ? `${text.slice(0, 277).trimEnd()}…` : text),
    html,
    text,
    wordCount: countWords(text),
  };
}

export class ImportService {
  constructor(
    private readonly db: Db,
    private readonly articles: ArticleStore,
    private readonly annotations: AnnotationStore,
    private readonly tags: TagStore,
    /** The library's folder: images of saved pages are kept under it. */
    private readonly libraryDir: string,
  ) {}

  private cancelRequested = false;

  /** Stops the import running now after the item in hand; the rest are reported as not imported. */
  cancel(): void {
    this.cancelRequested = true;
  }

  /** Web pages by address: each fetched, extracted, its images kept; one report for all. */
  async importUrls(urls: string[], options: ImportOptions = {}): Promise<ImportReport> {
    const items: ImportItem[] = urls.map((url) => ({ name: url, bytes: new Uint8Array(), url }));
    return this.importItems(items, options);
  }

  /**
   * Fetches the text of articles saved as links only (from an export, or while offline), oldest
   * first. The queue is the library itself: an interrupted run picks up where it stopped. A page
   * that fails keeps its link and says why; it is tried again on the next run.
   */
  async fetchLinkOnly(options: { limit?: number; onProgress?: ImportOptions['onProgress'] } = {}): Promise<ImportReport> {
    const rows = this.articles.linkOnly(options.limit);
    const report: ImportReport = { imported: [], skipped: [], failed: [] };
    for (const [i, row] of rows.entries()) {
      try {
        const [draft] = (await fetchPage(row.url)).articles;
        const article = await this.withImages(draft!, await prepare(draft!));
        const now = new Date().toISOString();
        transaction(this.db, (tx) => {
          this.articles.replaceContent(tx, row.id, { ...article, title: article.title || row.title }, now);
          this.annotations.reanchor(tx, row.id, now);
        });
        report.imported.push({ id: row.id, title: article.title });
      } catch (err) {
        const reason = reasonOf(err);
        this.articles.setFetchError(row.id, reason);
        report.failed.push({ item: row.url, reason });
      }
      options.onProgress?.({ done: i + 1, total: rows.length, item: row.url });
    }
    return report;
  }

  /**
   * New items of a feed become articles, each in its own transaction. An item the feed gives in
   * full is kept as given; one with only a summary (or any item, for a full-text feed) has its
   * page fetched, and keeps the summary if the page cannot be had.
   */
  async addFeedItems(feed: { id: number; fullText: boolean }, items: FeedItem[], onProgress?: ImportOptions['onProgress']): Promise<ImportReport> {
    const report: ImportReport = { imported: [], skipped: [], failed: [] };
    const now = new Date().toISOString();
    this.cancelRequested = false;
    for (const [i, item] of items.entries()) {
      onProgress?.({ done: i, total: items.length, item: item.title ?? item.url ?? item.guid });
      // Cancelled: what is left is not lost, the next refresh brings it.
      if (this.cancelRequested) break;
      if (this.articles.hasFeedItem(feed.id, item.guid)) continue;
      const label = item.title ?? item.url ?? item.guid;
      try {
        let draft: Draft | null = null;
        if ((feed.fullText || item.summaryOnly) && item.url) {
          try {
            draft = (await fetchPage(item.url)).articles[0]!;
            draft = { ...draft, title: item.title ?? draft.title, publishedAt: item.publishedAt ?? draft.publishedAt ?? null, author: draft.author ?? item.author };
          } catch (err) {
            if (!item.html) throw err;
          }
        }
        draft ??= item.html
          ? { title: item.title ?? item.url ?? 'Untitled', html: item.html, url: item.url, canonicalUrl: item.url, author: item.author, publishedAt: item.publishedAt }
          : { title: item.title ?? item.url!, paragraphs: [`A feed item saved as a link: ${item.url}`, 'Lectern fetches its text the next time it is online.'], url: item.url, canonicalUrl: item.url, saved: { savedAt: null, state: 'unread', starred: false, progress: null, tags: [], highlights: [], linkOnly: true } };
        const article = await this.withImages(draft, await prepare(draft));
        const id = transaction(this.db, (tx) => {
          if (this.articles.findDuplicate(article) !== null) return null;
          return this.articles.insert(tx, { ...article, feedId: feed.id, guid: item.guid, linkOnly: draft.saved?.linkOnly }, null, now);
        });
        if (id === null) report.skipped.push({ item: label, reason: 'already in the library' });
        else report.imported.push({ id, title: article.title });
      } catch (err) {
        report.failed.push({ item: label, reason: reasonOf(err) });
      }
    }
    return report;
  }

  /** A page fetched from the web keeps its images (and lead image) in the library. */
  private async withImages(draft: Draft, article: NewArticle): Promise<NewArticle> {
    if (!draft.pageUrl) return article;
    const local = await localizeImages(this.libraryDir, article.html, draft.leadImage);
    return { ...article, html: local.html, leadImage: local.leadImage };
  }

  /** Files named by path (the CLI, a dialog, a second launch): unreadable paths are failed items too. */
  async importPaths(paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
    const { items, failed } = readItemsFromPaths(paths);
    const report = await this.importItems(items, options);
    report.failed.unshift(...failed);
    return report;
  }

  /**
   * Each article is written atomically (its own transaction, a savepoint when nested), and
   * commits are grouped — every 200 articles or 250 ms — because FTS5 flushes its index at each
   * commit: per-article commits would cost twice the time. A crash loses at most the group in
   * flight, never part of an article, and importing again brings in exactly what is missing.
   */
  async importItems(items: ImportItem[], options: ImportOptions = {}): Promise<ImportReport> {
    const report: ImportReport = { imported: [], skipped: [], failed: [] };
    const savedAt = options.savedAt ?? new Date().toISOString();
    this.cancelRequested = false;
    let group: { started: number; from: number } | null = null;
    const commit = () => {
      if (!group) return;
      const from = group.from;
      group = null;
      try {
        this.db.exec('COMMIT');
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        for (const lost of report.imported.splice(from)) {
          report.failed.push({ item: lost.title, reason: reasonOf(err) });
        }
      }
    };
    try {
      for (let i = 0; i < items.length; i++) {
        if (this.cancelRequested) {
          for (const rest of items.slice(i)) report.skipped.push({ item: rest.name, reason: 'not imported: the import was cancelled' });
          break;
        }
        let writable = true;
        if (!group && !this.db.inTransaction) {
          try {
            this.db.exec('BEGIN IMMEDIATE');
            group = { started: performance.now(), from: report.imported.length };
          } catch (err) {
            // A read-only or locked library: this item fails with the reason, the batch goes on.
            report.failed.push({ item: items[i]!.name, reason: reasonOf(err) });
            writable = false;
          }
        }
        if (writable) await this.importOne(items[i]!, savedAt, report);
        if (group && (report.imported.length - group.from >= 200 || performance.now() - group.started > 250)) commit();
        options.onProgress?.({ done: i + 1, total: items.length, item: items[i]!.name });
        // Let progress events and other requests through between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      commit();
    }
    return report;
  }

  private async importOne(item: ImportItem, savedAt: string, report: ImportReport): Promise<void> {
    let extracted: Extracted;
    try {
      extracted = item.url ? await fetchPage(item.url) : extract(item);
    } catch (err) {
      report.failed.push({ item: item.name, reason: reasonOf(err) });
      return;
    }
    const many = extracted.articles.length > 1;
    let sourceId: number | null = null;
    report.failed.push(...(extracted.failed ?? []));
    for (const draft of extracted.articles) {
      const label = draft.item ?? (many ? `${item.name}: ${draft.title}` : item.name);
      try {
        const article = await this.withImages(draft, await prepare(draft));
        const outcome = transaction(this.db, (tx) => {
          const duplicateOf = this.articles.findDuplicate(article);
          // The same page (by canonical URL) with new text: the text is brought up to date and
          // its annotations anchored again; reading state, tags and notes stay.
          if (duplicateOf !== null && article.canonicalUrl && this.articles.contentHash(duplicateOf) !== article.contentHash) {
            this.articles.replaceContent(tx, duplicateOf, article, savedAt);
            return { updated: duplicateOf, orphans: this.annotations.reanchor(tx, duplicateOf, savedAt), annotations: this.annotations.list({ articleId: duplicateOf }).length };
          }
          if (duplicateOf !== null) return { duplicateOf };
          const source = sourceId ?? this.articles.addSource(extracted.source, savedAt);
          const id = this.articles.insert(tx, { ...article, linkOnly: draft.saved?.linkOnly }, source, draft.saved?.savedAt ?? savedAt);
          if (draft.saved) this.keepSaved(tx, id, draft.saved, savedAt);
          return { id, source };
        });
        if ('updated' in outcome) {
          const moved = outcome.annotations ? `; ${outcome.annotations - outcome.orphans} of its ${outcome.annotations} annotations found in the new text${outcome.orphans ? ', the rest kept as not found' : ''}` : '';
          report.skipped.push({ item: label, reason: `already in the library as article ${outcome.updated}: updated to this newer copy${moved}` });
        } else if ('duplicateOf' in outcome) {
          report.skipped.push({ item: label, reason: `already in the library as article ${outcome.duplicateOf}` });
        } else {
          // Only a written source is reused: a rolled-back article takes its new source with it.
          sourceId = outcome.source;
          report.imported.push({ id: outcome.id, title: article.title });
        }
      } catch (err) {
        report.failed.push({ item: label, reason: reasonOf(err) });
      }
    }
  }

  /** What the export said about the article, kept as Lectern's own, in the article's transaction. */
  private keepSaved(tx: Tx, id: number, saved: NonNullable<Draft['saved']>, now: string): void {
    if (saved.state !== 'unread') this.articles.setState(id, saved.state, now);
    if (saved.starred) this.articles.star(tx, id);
    if (saved.progress) this.articles.saveProgress(id, saved.progress, 0);
    for (const tag of saved.tags) this.tags.add(tx, [id], tag);
    // Anchored by quote; with only a link saved they wait as "not found" until the text comes.
    for (const h of saved.highlights) {
      this.annotations.add({ articleId: id, color: 'yellow', exact: h.quote, note: h.note, createdAt: h.createdAt ?? undefined }, now);
    }
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof ImportError) return err.message;
  const storage = storageError(err);
  if (storage) return storage.message;
  return `could not be imported: ${err instanceof Error ? err.message : String(err)}`;
}

/** Files named on the command line or by a dialog; folders are walked for supported files. */
export function readItemsFromPaths(paths: string[]): { items: ImportItem[]; failed: ImportReport['failed'] } {
  const items: ImportItem[] = [];
  const failed: ImportReport['failed'] = [];
  const visit = (p: string, fromFolder: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      failed.push({ item: p, reason: 'no such file or folder' });
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) if (!entry.startsWith('.')) visit(path.join(p, entry), true);
      return;
    }
    if (fromFolder && !SUPPORTED_EXTENSIONS.includes(path.extname(p).toLowerCase())) return;
    try {
      checkSize(stat.size);
      items.push({ name: p, bytes: fs.readFileSync(p) });
    } catch (err) {
      failed.push({ item: p, reason: err instanceof ImportError ? err.message : `could not be read: ${(err as Error).message}` });
    }
  };
  for (const p of paths) visit(p, false);
  return { items, failed };
}
