/**
 * The one way an article gets in. Sources (files, web addresses, feed items, the link queue)
 * yield items; each item is read or fetched, extracted and cleaned ahead of the writer (a few at
 * a time, text files in batches in a worker: read-ahead.ts), while one writer commits them in
 * order through the batch writer. Every item ends as
 * a typed outcome with its data and, when failed, an error code and message; the words shown
 * to people are chosen by the CLI and the renderer.
 */
import { countWords } from '../../common/canonical-text';
import type { ImportReport, RunProgress } from '../../common/contract';
import { type ErrorCode, LecternError, storageError } from '../../common/errors';
import { bookToArticle } from '../books/book-article';
import type { BookDraft } from '../books/book-draft';
import { BookPasswordError } from '../books/errors';
import { ASSET_URL, localizeImages, saveAsset, saveOriginal } from '../library/assets';
import { DEFERRED_INDEXING } from '../search/schema';
import type { AnnotationStore } from '../store/annotations';
import type { ArticleStore, NewArticle } from '../store/articles';
import { BatchWriter, type Lost } from '../store/batch-writer';
import { BackgroundCheckpoints } from '../store/checkpoints';
import type { Db, Tx } from '../store/db';
import type { TagStore } from '../store/tags';
import type { Draft, Extracted } from './draft';
import { ImportError } from './errors';
import { draftTitle, newArticle, paragraphsArticle } from './new-article';
import { sanitizeHtml } from './sanitize';
import type { IngestItem, Loaded } from './items';
import { ReadAhead } from './read-ahead';

export type Outcome =
  | { kind: 'imported'; item: string; id: number; title: string }
  | { kind: 'updated'; item: string; id: number; annotations: number; found: number }
  | { kind: 'duplicate'; item: string; id: number }
  | { kind: 'failed'; item: string; code: ErrorCode; message: string; password?: 'needed' | 'wrong' }
  /** Not reached: the run was cancelled first. */
  | { kind: 'cancelled'; item: string };

export interface IngestOptions {
  signal?: AbortSignal;
  /** After each item; `total` is the caller's count of items, when it has one. */
  onProgress?: (p: Omit<RunProgress, 'runId'>) => void;
  total?: number;
  /** The saved date of new articles; defaults to now. */
  savedAt?: string;
}

/** The longest the import keeps the event loop to itself. */
const TURN_MS = 15;

function failure(item: string, err: unknown): Extract<Outcome, { kind: 'failed' }> {
  if (err instanceof BookPasswordError) return { kind: 'failed', item, code: err.code, message: err.message, password: err.wrongPassword ? 'wrong' : 'needed' };
  if (err instanceof LecternError) return { kind: 'failed', item, code: err.code, message: err.message };
  const storage = storageError(err);
  if (storage) return { kind: 'failed', item, code: storage.code, message: storage.message };
  return { kind: 'failed', item, code: 'IMPORT_FAILED', message: `could not be imported: ${err instanceof Error ? err.message : String(err)}` };
}

async function prepare(d: Draft): Promise<NewArticle> {
  if (d.book) return prepareBook(d, draftTitle(d));
  if (d.paragraphs) return paragraphsArticle(d, d.paragraphs);
  const title = draftTitle(d);
  const { html, text } = d.sanitized?.title === title ? d.sanitized.result : await sanitizeHtml(d.html, title);
  return newArticle(d, title, html, text);
}

/** A book's text is its own: no sanitizer, no size limit; the same file twice is a duplicate. */
function prepareBook(d: Draft & { book: BookDraft }, title: string): NewArticle {
  const { book } = d;
  const { html, text, sections } = bookToArticle(book);
  if (!book.text.trim()) throw new ImportError('the book has no text Lectern can read (only pictures or scanned pages)');
  return {
    url: d.url ?? null,
    canonicalUrl: null,
    contentHash: book.original.sha256,
    title,
    author: book.author,
    site: d.site ?? null,
    publishedAt: null,
    lang: book.lang,
    excerpt: book.text.length > 280 ? `${book.text.slice(0, 277).trimEnd()}…` : book.text,
    html,
    text,
    wordCount: countWords(text),
    book: { kind: book.kind, publisher: book.publisher, titleDir: book.titleDir ?? null, original: `${book.original.sha256}.${book.original.ext}`, sections },
  };
}

/** The report a run's caller returns over the contract: outcomes as codes and data. */
export function toReport(outcomes: Outcome[]): ImportReport {
  const report: ImportReport = { imported: [], skipped: [], failed: [] };
  for (const o of outcomes) {
    if (o.kind === 'imported') report.imported.push({ id: o.id, title: o.title });
    else if (o.kind === 'updated') report.skipped.push({ item: o.item, code: 'updated', articleId: o.id, annotations: o.annotations, found: o.found });
    else if (o.kind === 'duplicate') report.skipped.push({ item: o.item, code: 'duplicate', articleId: o.id });
    else if (o.kind === 'cancelled') report.skipped.push({ item: o.item, code: 'cancelled' });
    else report.failed.push({ item: o.item, code: o.code, reason: o.message, ...(o.password && { password: o.password }) });
  }
  return report;
}

export class Ingest {
  constructor(
    private readonly db: Db,
    private readonly articles: ArticleStore,
    private readonly annotations: AnnotationStore,
    private readonly tags: TagStore,
    /** The library's folder: images of saved pages are kept under it. */
    private readonly libraryDir: string,
  ) {}

  async run(items: Iterable<IngestItem> | AsyncIterable<IngestItem>, options: IngestOptions = {}): Promise<Outcome[]> {
    const { signal, onProgress } = options;
    const savedAt = options.savedAt ?? new Date().toISOString();
    const outcomes: Outcome[] = [];
    const writer = new BatchWriter<number>(this.db, undefined, DEFERRED_INDEXING);
    // A group whose commit failed took its articles back: they failed, with the reason.
    const failLost = (lost: Lost<number> | null) => {
      for (const i of lost?.keys ?? []) {
        const o = outcomes[i]!;
        if (o.kind === 'imported' || o.kind === 'updated') outcomes[i] = failure(o.item, lost!.error);
      }
    };
    const checkpoints = new BackgroundCheckpoints(this.db);
    const commit = () => {
      failLost(writer.flush());
      checkpoints.committed();
    };
    const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
    const ahead = new ReadAhead(source, (item) => this.load(item), signal);
    let done = 0;
    let lastTurn = performance.now();
    try {
      for (;;) {
        const head = await ahead.next();
        if (!head) break;
        if (!head.settled) {
          // A short wait (a worker cleaning HTML) keeps the group open; a long one (a slow
          // server) should not hold the library's write lock, so the group is committed first.
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([head.loaded, new Promise((resolve) => (timer = setTimeout(resolve, 50)))]);
          clearTimeout(timer);
          if (!head.settled) commit();
        }
        this.write(head.item, await head.loaded, savedAt, writer, outcomes);
        onProgress?.({ done: ++done, total: options.total ?? done + ahead.length, item: head.item.name });
        if (writer.isDue()) commit();
        // Let progress events and other requests (a Cancel) through every few milliseconds: a turn
        // of the event loop for each item cost a sixth of a text import, one per group (250 ms)
        // left the app deaf to a Cancel and to everything else for that long.
        if (performance.now() - lastTurn > TURN_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastTurn = performance.now();
        }
      }
    } finally {
      failLost(await writer.finish(() => checkpoints.committed()));
      checkpoints.stop();
    }
    if (signal?.aborted) for await (const item of ahead.rest()) outcomes.push({ kind: 'cancelled', item: item.name });
    return outcomes;
  }

  /** Never rejects: what fails is kept for the writer to report in order. */
  private async load(item: IngestItem): Promise<Loaded> {
    let extracted: Extracted;
    try {
      extracted = await item.extract();
    } catch (error) {
      return { extracted: null, articles: [], error };
    }
    const articles = [];
    for (const draft of extracted.articles) {
      try {
        articles.push({ draft, article: await this.withImages(draft, await prepare(draft)), error: null });
      } catch (error) {
        articles.push({ draft, article: null, error });
      }
    }
    return { extracted, articles, error: null };
  }

  /**
   * A page fetched from the web keeps its images (and lead image) in the library; a book keeps
   * its original file and its cover.
   */
  private async withImages(draft: Draft, article: NewArticle): Promise<NewArticle> {
    if (draft.book) {
      saveOriginal(this.libraryDir, draft.book.original);
      const cover = draft.book.cover && saveAsset(this.libraryDir, draft.book.cover.bytes);
      return { ...article, leadImage: cover ? ASSET_URL + cover : null };
    }
    if (!draft.pageUrl) return article;
    const local = await localizeImages(this.libraryDir, article.html, draft.leadImage);
    return { ...article, html: local.html, leadImage: local.leadImage };
  }

  private write(item: IngestItem, loaded: Loaded, savedAt: string, writer: BatchWriter<number>, outcomes: Outcome[]): void {
    const into = item.into;
    if (!loaded.extracted) {
      const failed = failure(item.name, loaded.error);
      if (into?.kind === 'article') this.keepFetchError(into.id, failed.message, writer, outcomes.length);
      outcomes.push(failed);
      return;
    }
    const { extracted } = loaded;
    for (const f of extracted.failed ?? []) outcomes.push({ kind: 'failed', item: f.item, code: 'IMPORT_FAILED', message: f.reason });
    const many = extracted.articles.length > 1;
    let sourceId: number | null = null;
    for (const { draft, article, error } of loaded.articles) {
      const label = draft.item ?? (many ? `${item.name}: ${draft.title}` : item.name);
      const key = outcomes.length;
      try {
        if (!article) throw error;
        if (into?.kind === 'article') {
          writer.write(key, (tx) => {
            this.articles.replaceContent(tx, into.id, { ...article, title: article.title || into.title }, savedAt);
            this.annotations.reanchor(tx, into.id, savedAt);
          });
          outcomes.push({ kind: 'imported', item: label, id: into.id, title: article.title });
          continue;
        }
        const outcome = writer.write(key, (tx): Outcome => {
          const duplicateOf = this.articles.findDuplicate(article);
          if (into?.kind === 'feed') {
            if (duplicateOf !== null) return { kind: 'duplicate', item: label, id: duplicateOf };
            const id = this.articles.insert(tx, { ...article, feedId: into.feedId, guid: into.guid, linkOnly: draft.saved?.linkOnly }, null, savedAt);
            return { kind: 'imported', item: label, id, title: article.title };
          }
          // The same page (by canonical URL) with new text: the text is brought up to date and
          // its annotations anchored again; reading state, tags and notes stay.
          if (duplicateOf !== null && article.canonicalUrl && this.articles.contentHash(duplicateOf) !== article.contentHash) {
            this.articles.replaceContent(tx, duplicateOf, article, savedAt);
            const orphans = this.annotations.reanchor(tx, duplicateOf, savedAt);
            const annotations = this.annotations.list({ articleId: duplicateOf }).length;
            return { kind: 'updated', item: label, id: duplicateOf, annotations, found: annotations - orphans };
          }
          if (duplicateOf !== null) return { kind: 'duplicate', item: label, id: duplicateOf };
          const source = sourceId ?? (extracted.source ? this.articles.addSource(extracted.source, savedAt) : null);
          const id = this.articles.insert(tx, { ...article, linkOnly: draft.saved?.linkOnly }, source, draft.saved?.savedAt ?? savedAt);
          if (draft.saved) this.keepSaved(tx, id, draft.saved, savedAt);
          // Only a written source is reused: a rolled-back article takes its new source with it.
          sourceId = source;
          return { kind: 'imported', item: label, id, title: article.title };
        });
        outcomes.push(outcome);
      } catch (err) {
        const failed = failure(label, err);
        if (into?.kind === 'article') this.keepFetchError(into.id, failed.message, writer, key);
        outcomes.push(failed);
      }
    }
  }

  /** The link is kept with why its text could not be had; it is tried again on the next run. */
  private keepFetchError(id: number, message: string, writer: BatchWriter<number>, key: number): void {
    try {
      writer.write(key, () => this.articles.setFetchError(id, message));
    } catch {
      // A library that cannot be written keeps no reason; the outcome still says why.
    }
  }

  /** What the export said about it, kept as Lectern's own. */
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
