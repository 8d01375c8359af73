/** What the renderer shows, as one value: the store's state, where it starts, and what is read from it. */
import type {
  Annotation,
  AnnotationFilter,
  Article,
  ArticleSummary,
  Bookmark,
  EXPORT_FORMATS,
  FeedInfo,
  LIBRARY_VIEWS,
  LibraryCounts,
  SearchFilters,
  SearchResponse,
  Settings,
  SORTS,
  SourceInfo,
  TagInfo,
} from '../../main/common/contract';
import { DEFAULT_SETTINGS } from '../../main/common/contract';
import type { ImportState } from '../components/ImportDialog';
import type { LastEdit } from './edits';
import type { Problem } from './problems';

export type View = (typeof LIBRARY_VIEWS)[number] | 'bookmarks' | 'notebook';
/** A view narrowed to one tag, one source or one feed. */
export type Scope = { kind: 'tag' | 'source'; name: string } | { kind: 'feed'; id: number; name: string } | null;
export type Sort = (typeof SORTS)[number];
/** A place to show when the article opens: a place bookmark's block, or an annotation. */
/** A place bookmark's block, and in a book its locator; or an annotation. */
export type JumpTo = { articleId: number; block: number; locator?: string | null } | { articleId: number; annotationId: number };
export type Dialog = 'settings' | 'shortcuts' | 'add' | 'tags';
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface State {
  view: View;
  scope: Scope;
  sort: Sort;
  articles: ArticleSummary[] | null;
  counts: LibraryCounts | null;
  tags: TagInfo[];
  sources: SourceInfo[];
  feeds: FeedInfo[];
  /** Every place bookmark, read while the Bookmarks view shows. */
  places: Bookmark[] | null;
  notebook: { filter: AnnotationFilter; annotations: Annotation[] | null; articles: { id: number; title: string }[] };

  selectedId: number | null;
  article: Article | null;
  /** The open article's annotations. */
  annotations: Annotation[];
  loading: boolean;
  /** Words to mark, from the search that opened the article. */
  marks: string[] | null;
  jumpTo: JumpTo | null;

  /** Articles picked for a bulk action; the open article is `selectedId`. */
  checked: ReadonlySet<number>;
  anchor: number | null;

  query: string;
  filters: SearchFilters;
  searchResponse: SearchResponse | null;
  searchError: string | null;

  settings: Settings;
  importState: ImportState | null;
  refreshing: boolean;
  dialogs: ReadonlySet<Dialog>;
  bulkTagging: boolean;
  /** The reader's tag field is open. */
  tagEditing: boolean;
  menu: { x: number; y: number; ids: number[] } | null;

  lastEdit: (LastEdit & { ids: number[] }) | null;
  notice: string | null;
  error: Problem | null;
  healthProblem: string | null;
}

export const initialState: State = {
  view: 'inbox',
  scope: null,
  sort: 'saved',
  articles: null,
  counts: null,
  tags: [],
  sources: [],
  feeds: [],
  places: null,
  notebook: { filter: {}, annotations: null, articles: [] },
  selectedId: null,
  article: null,
  annotations: [],
  loading: false,
  marks: null,
  jumpTo: null,
  checked: new Set(),
  anchor: null,
  query: '',
  filters: {},
  searchResponse: null,
  searchError: null,
  settings: DEFAULT_SETTINGS,
  importState: null,
  refreshing: false,
  dialogs: new Set(),
  bulkTagging: false,
  tagEditing: false,
  menu: null,
  lastEdit: null,
  notice: null,
  error: null,
  healthProblem: null,
};

export const LISTED: Record<View, (typeof LIBRARY_VIEWS)[number]> = { inbox: 'inbox', starred: 'starred', bookmarks: 'starred', notebook: 'all', archive: 'archive', all: 'all' };
export const SEARCH_PAUSE_MS = 120;
export const NOTEBOOK_PAUSE_MS = 100;
/** The undo notice goes after a while; the undo stays available by key until the next change. */
export const UNDO_NOTICE_MS = 10_000;
/** An article slower than this to come shows the reader as busy; a faster one just replaces the last. */
export const OPENING_HINT_MS = 150;

export const searching = (s: State): boolean => s.query.trim() !== '';

/** What j/k and the arrow keys move through: the search results while searching, else the list. */
export function shownRows(s: State): { id: number; matched: string[] | null }[] {
  return searching(s) ? (s.searchResponse?.results ?? []).map((r) => ({ id: r.id, matched: r.matched })) : (s.articles ?? []).map((a) => ({ id: a.id, matched: null }));
}

/** The words a search matched in `id`, to mark in the reader; null outside a search. */
export function matchedIn(s: State, id: number): string[] | null {
  return searching(s) ? (s.searchResponse?.results.find((r) => r.id === id)?.matched ?? null) : null;
}

/** The rows before and after `id` in what j/k move through. */
export function neighbours(s: State, id: number): ArticleSummary[] {
  const rows: ArticleSummary[] = searching(s) ? (s.searchResponse?.results ?? []) : (s.articles ?? []);
  const at = rows.findIndex((a) => a.id === id);
  return at === -1 ? [] : [rows[at + 1], rows[at - 1]].filter((a) => a !== undefined);
}

/** The articles a key acts on: the checked ones when there are, else the open one. */
export function targets(s: State): number[] {
  return s.checked.size ? [...s.checked] : s.article ? [s.article.id] : [];
}

/** An article by id, from whichever list holds it. */
export function summaryOf(s: State, id: number): ArticleSummary | undefined {
  return [...(s.articles ?? []), ...(s.searchResponse?.results ?? [])].find((a) => a.id === id) ?? (s.article?.id === id ? s.article : undefined);
}
