/**
 * The one IPC contract. Each channel is declared here once — its argument schema (checked at
 * runtime by main before any service runs) and its result type. main registers a handler per
 * channel, preload exposes one method per channel, and the renderer types against `LecternApi`.
 * Adding a feature = one entry here + one service method + UI.
 */
import { z } from 'zod';
import type { CommandId } from './commands';
import type { Envelope, ErrorCode } from './errors';

export const ARTICLE_STATES = ['unread', 'read', 'archived'] as const;
export const LIBRARY_VIEWS = ['inbox', 'all', 'starred', 'archive'] as const;
export const THEMES = ['system', 'light', 'sepia', 'dark'] as const;
export const SORTS = ['saved', 'published', 'title', 'length'] as const;
export const ANNOTATION_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];
export const EXPORT_FORMATS = ['md', 'jsonld', 'csv'] as const;

/** Bytes of one file handed to import: 25 MB of base64 is ~34 MB of text. */
export const MAX_IMPORT_FILE_BYTES = 25 * 1024 * 1024;
const MAX_BASE64_CHARS = Math.ceil((MAX_IMPORT_FILE_BYTES * 4) / 3) + 4;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** Printable text in one of the two forms a book's places take; `what` names it in the message. */
const bookForm = (pattern: RegExp, what: string) => z.string().max(4000).regex(/^[^\p{Cc}]*$/u, `${what} cannot hold control characters.`).regex(pattern, `Not ${what}.`);
/** A place in a book: an EPUB CFI, or a PDF page (from 1) and an offset into its canonical text. */
const locator = bookForm(/^(epubcfi\(.+\)|page=[1-9]\d{0,5}&offset=\d{1,9})$/, 'a book locator');
/** A FragmentSelector's value: an EPUB CFI (a range), or a PDF page (RFC 8118). */
const fragment = bookForm(/^(epubcfi\(.+\)|page=[1-9]\d{0,5})$/, 'a book fragment');
/** A tag as typed, as it is kept: spaces at the ends dropped, inner runs made one, a leading # dropped. */
export function normalizeTag(typed: string): string {
  return typed.replace(/\s+/g, ' ').trim().replace(/^#+\s*/, '');
}
const tagName = z
  .string()
  .max(200)
  .transform(normalizeTag)
  .pipe(z.string().min(1, 'A tag needs a name.').max(64, 'A tag name is at most 64 characters.').regex(/^[^\p{Cc}]+$/u, 'A tag name cannot hold control characters.'));

const bulkAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('state'), state: z.enum(ARTICLE_STATES) }),
  z.strictObject({ kind: z.literal('star'), starred: z.boolean() }),
  z.strictObject({ kind: z.literal('tag'), tag: tagName }),
  z.strictObject({ kind: z.literal('untag'), tag: tagName }),
  z.strictObject({ kind: z.literal('delete') }),
]);
export type BulkAction = z.output<typeof bulkAction>;

export const schemas = {
  id,
  articleState: z.enum(ARTICLE_STATES),
  view: z.enum(LIBRARY_VIEWS),
  sort: z.enum(SORTS),
  theme: z.enum(THEMES),
  tagName,
  locator,
  fragment,
  importFile: z.strictObject({
    name: z.string().min(1).max(1024),
    /** File content, base64; the size limit is checked again on the decoded bytes. */
    dataBase64: z.string().max(MAX_BASE64_CHARS),
    /** For a PDF that opens only with one: used for this import, kept nowhere. */
    password: z.string().min(1).max(1024).optional(),
  }),
};

export interface ArticleSummary {
  id: number;
  title: string;
  site: string | null;
  source: string | null;
  savedAt: string;
  publishedAt: string | null;
  state: (typeof ARTICLE_STATES)[number];
  starred: boolean;
  wordCount: number;
  readingMinutes: number;
  excerpt: string | null;
  tags: string[];
  /** A saved page, or a book read as its text (its original file kept beside). */
  kind: 'article' | 'epub' | 'pdf';
  /** A book's title direction, when the book gives one (shown as the title's `dir`). */
  titleDir?: 'ltr' | 'rtl' | 'auto';
}

export interface TagInfo {
  id: number;
  name: string;
  articles: number;
  annotations: number;
}

/** A chapter (EPUB spine item, by its path in the book) or a page (PDF, from 1) of a book. */
export interface BookSection {
  label: string;
  /** The range [start, end) of the book's canonical text. */
  start: number;
  end: number;
  href?: string;
  page?: number;
}

/** How exports and the W3C FragmentSelector name the standard a book's fragment conforms to. */
export const FRAGMENT_CONFORMS_TO = {
  epub: 'http://www.idpf.org/epub/linking/cfi/epub-cfi.html',
  pdf: 'http://tools.ietf.org/rfc/rfc8118',
} as const;

export interface Annotation {
  id: number;
  /** Its IRI in exports is urn:uuid:<uuid>. */
  uuid: string;
  articleId: number;
  articleTitle: string;
  articleUrl: string | null;
  color: AnnotationColor;
  note: string;
  tags: string[];
  /** TextQuoteSelector. */
  exact: string;
  prefix: string;
  suffix: string;
  /** TextPositionSelector: offsets into the article's canonical text, where the quote was last found. */
  start: number;
  end: number;
  /** In a book, FragmentSelector: an EPUB CFI range or a PDF 'page=N'; null for articles. */
  fragment: string | null;
  /** The quote was not found in the article's text; kept, never deleted. */
  orphaned: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationFilter {
  articleId?: number;
  color?: AnnotationColor;
  tag?: string;
  /** Words in the quote, the note or the tags. */
  query?: string;
  /** ISO dates of creation; `to` is exclusive. */
  from?: string;
  to?: string;
}

export interface AnnotationImportReport {
  imported: number;
  /** Already in the library (the same id): brought up to date. */
  updated: number;
  /** Kept, but their quote was not found in the article. */
  orphaned: number;
  failed: { item: string; reason: string }[];
}

export interface FeedInfo {
  id: number;
  url: string;
  title: string;
  siteUrl: string | null;
  fullText: boolean;
  checkedAt: string | null;
  /** Why the last refresh failed; null when it worked. */
  error: string | null;
  unread: number;
  articles: number;
}

export interface RefreshReport {
  feeds: number;
  added: number;
  failed: { item: string; reason: string }[];
}

export interface Article extends ArticleSummary {
  url: string | null;
  author: string | null;
  lang: string | null;
  /** The article's sanitized HTML; a book's text view (empty for a PDF asked for by the window, whose reader draws the file). */
  html: string;
  progress: number;
  /** The block (paragraph, heading, list item…) the reader was at, counted in document order. */
  position: number;
  /** The lead paragraph of the digest this article came from, kept as its introduction. */
  sourceIntro: string | null;
  /** Only the link is saved yet; `fetchError` says why the last try to fetch the text failed. */
  linkOnly: boolean;
  fetchError: string | null;
  /** A book's reading position: 'epubcfi(…)' or 'page=N&offset=M'; null for articles and unread books. */
  locator: string | null;
  /** A book's original file among the assets (`<sha256>.epub|.pdf`); null for articles. */
  original: string | null;
  /** A book's chapters or pages, in order; empty for articles. */
  sections: BookSection[];
}

export interface Bookmark {
  id: number;
  articleId: number;
  articleTitle: string;
  /** The block (paragraph, heading, list item…) it marks, counted in document order; 0 in a book. */
  block: number;
  /** In a book, the place it marks (the forms of `Article.locator`); null for articles. */
  locator: string | null;
  label: string;
  createdAt: string;
}

/**
 * Why an item was not imported as a new article, with what the words need: `duplicate` is the
 * article already in the library; `updated` is the same page (by address) with newer text, whose
 * annotations were anchored again (`found` of `annotations`); `cancelled` was not reached.
 * The CLI and the renderer choose the words (`skipReason` in common/import-words.ts).
 */
export type Skip =
  | { item: string; code: 'duplicate'; articleId: number }
  | { item: string; code: 'updated'; articleId: number; annotations: number; found: number }
  | { item: string; code: 'cancelled' };

export interface ImportReport {
  imported: { id: number; title: string }[];
  skipped: Skip[];
  /**
   * `code` is the error's (IMPORT_FAILED, STORAGE…); `reason` its message for this item;
   * `password` marks a PDF refused for want of its password ('needed') or given a wrong one.
   */
  failed: { item: string; code: ErrorCode; reason: string; password?: 'needed' | 'wrong' }[];
}

export interface LibraryCounts {
  articles: number;
  inbox: number;
  starred: number;
  archive: number;
  /** Place bookmarks. */
  places: number;
  annotations: number;
}

export interface SearchFilters {
  state?: (typeof ARTICLE_STATES)[number];
  starred?: boolean;
  source?: string;
  tag?: string;
  /** ISO dates; `savedTo` is exclusive. */
  savedFrom?: string;
  savedTo?: string;
}

export interface SearchHit extends ArticleSummary {
  /** BM25 with field weights; higher is better. */
  score: number;
  /** Plain text; `highlights` are [start, end) offsets of the matched words in it. */
  snippet: string;
  highlights: [number, number][];
  /** The matched words as written in the article, in document order. */
  matched: string[];
}

export interface SearchResponse {
  results: SearchHit[];
  /** Words that had (almost) no hits and were also searched as the closest library words. */
  corrections: { from: string; to: string[] }[];
  /** More results exist beyond the limit. */
  more: boolean;
}

export interface SourceInfo {
  name: string;
  articles: number;
}

/** Whether this library syncs with other computers, and how the last round went. */
export interface SyncStatusInfo {
  /** `offline`: the last round failed (`error` says why); edits wait in `pending` for the next. */
  state: 'off' | 'connected' | 'offline' | 'syncing';
  /** No background rounds until resumed. */
  paused: boolean;
  /** Local edits (articles) not yet sent. */
  pending: number;
  lastSyncedAt: string | null;
  server: string | null;
  error: string | null;
}

export interface BackupInfo {
  file: string;
  savedAt: string;
  bytes: number;
}

export interface CheckReport {
  ok: boolean;
  problems: string[];
}

export interface LibraryInfo {
  dir: string;
  file: string;
  bytes: number;
  articles: number;
  /** Backups beside the library (taken before migrations and restores), newest first. */
  backups: BackupInfo[];
  /** The check run at open after Lectern did not close cleanly; null when none was needed. */
  health: CheckReport | null;
}

/** Reading preferences, kept in the library. Every field has a default and bounds. */
const settingsShape = {
  theme: z.enum(THEMES),
  font: z.enum(['serif', 'sans']),
  /** Text size in CSS pixels. */
  size: z.number().int().min(14).max(28),
  /** Line width in characters. */
  width: z.number().int().min(45).max(90),
  lineHeight: z.number().min(1.3).max(2.1),
  /** Mark an article read when it is opened, or when its end is reached. */
  markRead: z.enum(['open', 'end']),
  /** The colour `h` highlights in: the last one picked. */
  highlightColor: z.enum(ANNOTATION_COLORS),
};
export const settingsSchema = z.strictObject(settingsShape);
export type Settings = z.output<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = { theme: 'system', font: 'serif', size: 19, width: 68, lineHeight: 1.68, markRead: 'open', highlightColor: 'yellow' };

/** What a call did to the library: the renderer reloads its lists and counts on `libraryChanged`. */
export type ChangeReason = 'import' | 'update' | 'switched';
type Changes<R> = ChangeReason | ((result: R) => ChangeReason | null);
type Channel<A extends z.ZodType, R> = { arg: A; result?: R; changes?: Changes<R> };
/**
 * `changes`: what a successful call did to the library (or, from its result, whether it did):
 * `dispatch` emits `libraryChanged` with it, so no handler has to remember to.
 */
const channel =
  <R>() =>
  <A extends z.ZodType>(arg: A, changes?: Changes<R>): Channel<A, R> =>
    changes ? { arg, changes } : { arg };
const switchedTo = (r: { dir: string | null }) => (r.dir ? 'switched' : null);
const none = z.strictObject({}).optional();

export const contract = {
  /** A view's articles, narrowed to one tag or one source when given. */
  listArticles: channel<ArticleSummary[]>()(
    z.strictObject({ view: schemas.view, sort: schemas.sort.optional(), tag: tagName.optional(), source: z.string().max(1024).optional(), feed: id.optional() }),
  ),
  getArticle: channel<Article>()(z.strictObject({ id })),
  /**
   * Declares no change: the window that asked updates its own row, since a whole-list refresh on
   * every article opened would cost more than the opening itself in a large library.
   */
  setArticleState: channel<ArticleSummary>()(z.strictObject({ id, state: schemas.articleState })),
  libraryCounts: channel<LibraryCounts>()(none),
  search: channel<SearchResponse>()(
    z.strictObject({
      query: z.string().max(2000),
      limit: z.number().int().min(1).max(200).optional(),
      filters: z
        .strictObject({
          state: schemas.articleState.optional(),
          starred: z.boolean().optional(),
          source: z.string().max(1024).optional(),
          tag: tagName.optional(),
          savedFrom: z.iso.datetime().optional(),
          savedTo: z.iso.datetime().optional(),
        })
        .optional(),
    }),
  ),
  listSources: channel<SourceInfo[]>()(none),
  /** One change to many articles at once; `undoId` takes it back with `undoEdit`. */
  editArticles: channel<{ changed: number; undoId: number }>()(z.strictObject({ ids: z.array(id).min(1).max(100_000), action: bulkAction }), 'update'),
  undoEdit: channel<{ restored: number }>()(z.strictObject({ undoId: id }), 'update'),
  listTags: channel<TagInfo[]>()(none),
  /** Renaming to the name of another tag merges the two. */
  renameTag: channel<{ tag: TagInfo | null; merged: boolean }>()(z.strictObject({ tagId: id, name: tagName }), 'update'),
  deleteTag: channel<{ deleted: boolean }>()(z.strictObject({ tagId: id }), 'update'),
  /** A place in an article (`block`) or in a book (`locator`, with `block` 0). */
  addBookmark: channel<Bookmark>()(
    z.strictObject({ id, block: z.number().int().min(0).max(1_000_000), locator: locator.optional(), label: z.string().max(200).optional() }),
    'update',
  ),
  /** One article's place bookmarks in document order, or every one, newest first. */
  listBookmarks: channel<Bookmark[]>()(z.strictObject({ id: id.optional() })),
  renameBookmark: channel<Bookmark>()(z.strictObject({ bookmarkId: id, label: z.string().max(200) }), 'update'),
  deleteBookmark: channel<{ deleted: boolean }>()(z.strictObject({ bookmarkId: id }), 'update'),
  reindex: channel<{ articles: number }>()(none),
  importFiles: channel<ImportReport>()(z.strictObject({ files: z.array(schemas.importFile).min(1).max(200) }), 'import'),
  /** A locked PDF of the last files opened with Lectern (by path, in the main process), again with its password. */
  importLocked: channel<ImportReport>()(z.strictObject({ item: z.string().min(1).max(4096), password: z.string().min(1).max(1024) }), 'import'),
  libraryInfo: channel<LibraryInfo>()(none),
  /** Asks where to save (a native dialog), then writes a consistent copy; `file` null if cancelled. */
  backupLibrary: channel<{ file: string | null; bytes: number }>()(none),
  /** Restores one of `libraryInfo().backups`, or a file the user picks when `file` is absent. */
  restoreLibrary: channel<{ restored: boolean; articles: number; keptAs: string | null }>()(
    z.strictObject({ file: z.string().max(4096).optional() }),
    (r) => (r.restored ? 'switched' : null),
  ),
  /** Moves the library file to a folder the user picks, and opens it there. */
  moveLibrary: channel<{ dir: string | null }>()(none, switchedTo),
  /** Opens (or starts) the library in a folder the user picks. */
  openLibraryFolder: channel<{ dir: string | null }>()(none, switchedTo),
  checkLibrary: channel<CheckReport>()(none),
  getSettings: channel<Settings>()(none),
  updateSettings: channel<Settings>()(settingsSchema.partial()),
  /** Where the reader is in an article: the share scrolled, and the block (paragraph) at the top. */
  saveProgress: channel<{ saved: boolean }>()(
    z.strictObject({ id, progress: z.number().min(0).max(1), block: z.number().int().min(0).max(1_000_000) }),
  ),
  /** Where the reader is in a book: the share read, and the place (an EPUB CFI for an EPUB, a page and offset for a PDF). */
  saveLocator: channel<{ saved: boolean }>()(z.strictObject({ id, progress: z.number().min(0).max(1), locator })),
  listAnnotations: channel<Annotation[]>()(
    z.strictObject({
      articleId: id.optional(),
      color: z.enum(ANNOTATION_COLORS).optional(),
      tag: tagName.optional(),
      query: z.string().max(500).optional(),
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
    }),
  ),
  /** Anchored again in main against the stored text: its offsets are that text's. */
  addAnnotation: channel<Annotation>()(
    z.strictObject({
      articleId: id,
      color: z.enum(ANNOTATION_COLORS),
      note: z.string().max(20_000).optional(),
      exact: z.string().min(1).max(20_000),
      prefix: z.string().max(200).optional(),
      suffix: z.string().max(200).optional(),
      start: z.number().int().min(0).max(100_000_000),
      end: z.number().int().min(0).max(100_000_000),
      /** In a book: where the highlight is in the book's own terms (kept as given). */
      fragment: fragment.optional(),
    }),
    'update',
  ),
  updateAnnotation: channel<Annotation>()(
    z.strictObject({
      annotationId: id,
      color: z.enum(ANNOTATION_COLORS).optional(),
      note: z.string().max(20_000).optional(),
      tags: z.array(tagName).max(50).optional(),
      /** In a book: where the reader found the highlight again, once its old fragment named other words (a newer edition). */
      fragment: fragment.optional(),
    }),
    'update',
  ),
  /** Undone with `undoEdit`. */
  deleteAnnotation: channel<{ undoId: number }>()(z.strictObject({ annotationId: id }), 'update'),
  /** Asks where to save (a native dialog); `file` null if cancelled. */
  exportAnnotations: channel<{ file: string | null; count: number }>()(
    z.strictObject({ format: z.enum(EXPORT_FORMATS), articleId: id.optional() }),
  ),
  /** Asks for a W3C Web Annotation JSON-LD file and imports it. */
  importAnnotations: channel<{ report: AnnotationImportReport | null }>()(none, (r) => (r.report ? 'update' : null)),
  /** Saves web pages by address (text, metadata and images kept for offline). */
  saveUrls: channel<ImportReport>()(z.strictObject({ urls: z.array(z.string().min(1).max(8192)).min(1).max(200) }), 'import'),
  /**
   * Stops one run (an import, a feed being followed or refreshed, links being fetched) after its
   * current item; `runId` is the one its progress events carry. False when it already ended.
   */
  cancelImport: channel<{ cancelled: boolean }>()(z.strictObject({ runId: id })),
  /** Fetches the text of articles saved as links only. */
  fetchLinks: channel<ImportReport>()(none, 'import'),
  listFeeds: channel<FeedInfo[]>()(none),
  /** Follows a feed, by its address or a page that announces one. */
  addFeed: channel<{ feed: FeedInfo; report: ImportReport }>()(z.strictObject({ url: z.string().min(1).max(8192), fullText: z.boolean().optional() }), 'import'),
  refreshFeeds: channel<RefreshReport>()(z.strictObject({ feedId: id.optional() }), 'import'),
  updateFeed: channel<FeedInfo>()(z.strictObject({ feedId: id, fullText: z.boolean() }), 'update'),
  deleteFeed: channel<{ deleted: boolean }>()(z.strictObject({ feedId: id }), 'update'),
  /** Asks for an OPML file and follows its feeds. */
  importOpml: channel<{ added: number; skipped: number; failed: { item: string; reason: string }[] } | { cancelled: true }>()(none, (r) => ('cancelled' in r ? null : 'update')),
  /** Asks where to save the subscriptions as OPML. */
  exportOpml: channel<{ file: string | null; count: number }>()(none),
  syncStatus: channel<SyncStatusInfo>()(none),
  /** This library starts syncing; the code another computer joins with is returned this once. */
  syncStart: channel<{ code: string }>()(z.strictObject({ server: z.string().min(1).max(2048), token: z.string().min(1).max(1024) })),
  /** One round now, waited for; background rounds go on by themselves. */
  syncNow: channel<SyncStatusInfo>()(none),
  syncPause: channel<SyncStatusInfo>()(none),
  syncResume: channel<SyncStatusInfo>()(none),
  /** This computer stops syncing; its library keeps everything. */
  syncLeave: channel<SyncStatusInfo>()(none),
  /** Joins another computer's library; the two libraries are merged. */
  syncJoin: channel<SyncStatusInfo>()(z.strictObject({ code: z.string().min(1).max(8192) }), 'update'),
  openExternal: channel<{ opened: boolean }>()(z.strictObject({ url: z.string().min(1).max(8192) })),
};

export type ChannelName = keyof typeof contract;
export const CHANNELS = Object.keys(contract) as ChannelName[];
export type ArgOf<C extends ChannelName> = z.input<(typeof contract)[C]['arg']>;
export type ParsedArgOf<C extends ChannelName> = z.output<(typeof contract)[C]['arg']>;
export type ResultOf<C extends ChannelName> = NonNullable<(typeof contract)[C]['result']>;

export interface RunProgress {
  runId: number;
  done: number;
  total: number;
  item: string;
}

/** Events main pushes to the renderer. */
export interface EventMap {
  /** `runId` names the run, for `cancelImport`; `total` is null while not yet known. */
  importProgress: RunProgress;
  reindexProgress: { done: number; total: number };
  libraryChanged: { reason: ChangeReason };
  refreshProgress: RunProgress;
  /** A menu item: the renderer runs the command as its own key or button would. */
  menuCommand: { command: CommandId };
  importFinished: ImportReport;
  syncStatusChanged: SyncStatusInfo;
  /** A round resolved these, e.g. an article deleted here came back, annotated on another computer. */
  syncConflicts: { conflicts: { title: string; reason: string }[] };
}
export type EventName = keyof EventMap;

/** The renderer's typed API: errors arrive as thrown `LecternError`s with their code. */
export type LecternApi = {
  [C in ChannelName]: undefined extends ArgOf<C>
    ? (arg?: ArgOf<C>) => Promise<ResultOf<C>>
    : (arg: ArgOf<C>) => Promise<ResultOf<C>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
};

/**
 * What preload exposes as `window.lectern`: every call resolves to an envelope, because
 * contextBridge keeps only an Error's message and the UI needs its code too.
 */
export type ExposedApi = {
  [C in ChannelName]: (arg?: ArgOf<C>) => Promise<Envelope<ResultOf<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
};

/** The handlers main implements: one per channel, given the already validated argument. */
export type Handlers = {
  [C in ChannelName]: (arg: ParsedArgOf<C>) => Promise<ResultOf<C>> | ResultOf<C>;
};
