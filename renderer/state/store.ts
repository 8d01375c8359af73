/**
 * The renderer's one store: the lists and counts, the open article, the checked articles, the
 * search, the dialogs and the toasts. It is the only listener to the library's change events, so
 * every view shows what the store last read. No DOM here: it runs under node:test with a fake api.
 */
import type { Annotation, AnnotationFilter, Article, ArticleSummary, Bookmark, BulkAction, LecternApi, SearchFilters, Settings } from '../../main/common/contract';
import { LecternError } from '../../main/common/errors';
import { describeEdit } from './edits';
import { describeFailure } from './problems';
import { createReadAhead } from './read-ahead';
import { initialState, LISTED, matchedIn, neighbours, NOTEBOOK_PAUSE_MS, OPENING_HINT_MS, searching, SEARCH_PAUSE_MS, shownRows, UNDO_NOTICE_MS, type Dialog, type JumpTo, type Scope, type Sort, type State, type View } from './state';
import { transferActions } from './transfers';

export type Store = ReturnType<typeof createStore>;

/**
 * What the store needs of the page: `afterPaint` resolves once the frame showing the last change
 * is painted; `pdfInView`, a PDF's row is in view, so the PDF reader's code may load before a click.
 */
export interface StorePage {
  afterPaint: () => Promise<void>;
  pdfInView?: () => void;
}

const NO_PAGE: StorePage = { afterPaint: () => Promise.resolve() };

export function createStore(api: LecternApi, page: StorePage = NO_PAGE) {
  let state = initialState;
  const listeners = new Set<() => void>();
  const set = (patch: Partial<State> | ((s: State) => Partial<State>)) => {
    state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
    for (const l of listeners) l();
  };
  const fail = (err: unknown, doing?: string) => set({ error: describeFailure(err, doing) });

  /** A state change made here, shown in the reader and the lists without reading them again. */
  const showState = (a: ArticleSummary) =>
    set((s) => ({
      article: s.article && s.article.id === a.id ? { ...s.article, ...a } : s.article,
      articles: s.articles && s.articles.map((x) => (x.id === a.id ? a : x)),
      searchResponse: s.searchResponse && { ...s.searchResponse, results: s.searchResponse.results.map((h) => (h.id === a.id ? { ...h, state: a.state } : h)) },
    }));

  const scopeArg = (scope: Scope) => (scope ? (scope.kind === 'feed' ? { feed: scope.id } : { [scope.kind]: scope.name }) : {});

  // Each read is numbered: an answer that a newer read overtook is dropped.
  let listing = 0;
  const refresh = async () => {
    const ticket = ++listing;
    const { view, sort, scope, article } = state;
    try {
      const [articles, counts, tags, sources, feeds, places, annotations] = await Promise.all([
        api.listArticles({ view: LISTED[view], sort, ...scopeArg(scope) }),
        api.libraryCounts(),
        api.listTags(),
        api.listSources(),
        api.listFeeds(),
        view === 'bookmarks' ? api.listBookmarks({}) : null,
        article ? api.listAnnotations({ articleId: article.id }) : null,
      ]);
      if (ticket !== listing) return;
      set((s) => ({ articles, counts, tags, sources, feeds, places, ...(annotations && s.article?.id === article?.id && { annotations }) }));
      if (view === 'notebook') await loadNotebook();
    } catch (err) {
      fail(err, 'Loading the library');
    }
  };

  let notebookRead = 0;
  const loadNotebook = async () => {
    const ticket = ++notebookRead;
    const [all, filtered] = await Promise.all([api.listAnnotations({}), api.listAnnotations(state.notebook.filter)]);
    if (ticket !== notebookRead) return;
    const articles = [...new Map(all.map((a) => [a.articleId, { id: a.articleId, title: a.articleTitle }])).values()];
    set((s) => ({ notebook: { ...s.notebook, annotations: filtered, articles } }));
  };
  let notebookTimer: ReturnType<typeof setTimeout> | null = null;

  let searchTimer: ReturnType<typeof setTimeout> | null = null;
  let searchTicket = 0;
  // Results as you type: a short pause after the last key, and stale answers are dropped.
  const scheduleSearch = () => {
    if (searchTimer) clearTimeout(searchTimer);
    const ticket = ++searchTicket;
    if (!searching(state)) {
      set({ searchResponse: null, searchError: null });
      return;
    }
    searchTimer = setTimeout(() => {
      const { query, filters } = state;
      api.search({ query, limit: 50, filters }).then(
        (r) => ticket === searchTicket && set({ searchResponse: r, searchError: null }),
        (err: unknown) => ticket === searchTicket && set({ searchResponse: null, searchError: describeFailure(err).text }),
      );
    }, SEARCH_PAUSE_MS);
  };

  // Texts read before they are opened, so that a click renders from memory (see read-ahead.ts).
  const ahead = createReadAhead((id) => api.getArticle({ id }));
  /** Reads ahead those of `rows` that are articles (a book's text is long, and opens in its own reader), but not the open one. */
  const readAhead = (rows: ArticleSummary[]) => {
    for (const r of rows) if (r.kind === 'article' && r.id !== state.article?.id) ahead.ask(r.id);
    if (rows.some((r) => r.kind === 'pdf')) page.pdfInView?.();
  };

  let opening = 0;
  let openingHint: ReturnType<typeof setTimeout> | null = null;
  const endHint = () => {
    if (openingHint) clearTimeout(openingHint);
    openingHint = null;
  };
  // The text first: its annotations and marking it read are asked for only after the frame that
  // paints the text, so that neither their calls nor their renders delay it. Until the text comes, the
  // article shown stays (a hint only if it is slow): the click renders the row's selection and
  // no more. An answer for an article since left is dropped.
  const open = async (id: number, matched: string[] | null = null, jumpTo: JumpTo | null = null) => {
    const ticket = ++opening;
    endHint();
    const early = ahead.take(id);
    const articleRead = early?.read ?? api.getArticle({ id });
    const shown = (article: Article) => set({ selectedId: id, article, annotations: [], marks: matched, loading: false, jumpTo, tagEditing: false });
    if (early?.article) shown(early.article);
    else {
      set({ selectedId: id, tagEditing: false });
      openingHint = setTimeout(() => set({ loading: true }), OPENING_HINT_MS);
    }
    try {
      const article = early?.article ?? (await articleRead);
      if (ticket !== opening) return;
      endHint();
      if (!early?.article) shown(article);
      await page.afterPaint();
      if (ticket !== opening) return;
      const annotations = await api.listAnnotations({ articleId: id });
      if (ticket !== opening) return;
      set({ annotations });
      readAhead(neighbours(state, id));
      if (article.state === 'unread' && state.settings.markRead === 'open') showState(await api.setArticleState({ id, state: 'read' }));
    } catch (err) {
      if (ticket !== opening) return;
      endHint();
      set({ loading: false });
      if (err instanceof LecternError && err.code === 'NOT_FOUND') {
        set({ article: null, selectedId: null });
        void refresh();
      }
      fail(err, 'Opening the article');
    }
  };

  // After a change: the lists again, and the open article's state and tags (or the reader empties, if it went).
  const afterEdit = async (ids: number[]) => {
    ahead.forget();
    void refresh();
    const shown = state.article;
    if (!shown || !ids.includes(shown.id)) return;
    try {
      const fresh = await api.getArticle({ id: shown.id });
      set((s) => ({ article: s.article && s.article.id === fresh.id ? { ...s.article, ...fresh, html: s.article.html } : s.article }));
    } catch (err) {
      if (err instanceof LecternError && err.code === 'NOT_FOUND') set({ article: null, selectedId: null, annotations: [] });
      else fail(err);
    }
  };

  let undoNoticeTimer: ReturnType<typeof setTimeout> | null = null;
  const showEdit = (lastEdit: State['lastEdit']) => {
    set({ lastEdit });
    if (undoNoticeTimer) clearTimeout(undoNoticeTimer);
    undoNoticeTimer = setTimeout(() => set((s) => ({ lastEdit: s.lastEdit === lastEdit && lastEdit ? { ...lastEdit, message: '' } : s.lastEdit })), UNDO_NOTICE_MS);
  };

  const closeDialog = (d: Dialog) =>
    set((s) => {
      const dialogs = new Set(s.dialogs);
      dialogs.delete(d);
      return { dialogs };
    });

  const actions = {
    getState: () => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Reads the library and listens for its changes; returns the way to stop listening. */
    start(): () => void {
      api.libraryInfo().then(
        (info) => set({ healthProblem: info.health && !info.health.ok ? info.health.problems.join('; ') : null }),
        (err: unknown) => fail(err, 'Checking the library'),
      );
      api.getSettings().then((settings) => set({ settings }), (err: unknown) => fail(err, 'Reading the settings'));
      void refresh();
      const offs = [
        api.on('importProgress', (progress) => set((s) => ({ importState: s.importState && !s.importState.report ? { ...s.importState, progress } : s.importState }))),
        api.on('importFinished', (report) => {
          set({ importState: { progress: null, report, opened: true } });
          void refresh();
        }),
        api.on('libraryChanged', ({ reason }) => {
          ahead.forget();
          if (reason === 'switched') {
            set({ article: null, selectedId: null, annotations: [], query: '', scope: null, checked: new Set(), searchResponse: null, searchError: null });
            api.getSettings().then((settings) => set({ settings }), (err: unknown) => fail(err, 'Reading the settings'));
            void refresh();
          } else if (state.article) {
            void afterEdit([state.article.id]);
          } else {
            void refresh();
          }
        }),
      ];
      return () => {
        offs.forEach((off) => off());
        for (const t of [searchTimer, notebookTimer, undoNoticeTimer]) if (t) clearTimeout(t);
        endHint();
      };
    },

    refresh,
    open,
    fail,
    showState,

    /** Opens the next (1) or previous (-1) row; returns its id. */
    step(delta: 1 | -1): number | undefined {
      const rows = shownRows(state);
      if (rows.length === 0) return undefined;
      const at = rows.findIndex((a) => a.id === state.selectedId);
      const next = at === -1 ? (delta === 1 ? 0 : rows.length - 1) : Math.min(Math.max(at + delta, 0), rows.length - 1);
      const { id, matched } = rows[next]!;
      void open(id, matched);
      return id;
    },

    show(view: View, scope: Scope = null) {
      set({ view, scope, checked: new Set(), query: '', notebook: initialState.notebook, places: null });
      scheduleSearch();
      void refresh();
    },
    setSort(sort: Sort) {
      set({ sort });
      void refresh();
    },
    pickTag(tag: string) {
      actions.show('all', { kind: 'tag', name: tag });
    },

    setQuery(query: string) {
      set({ query });
      scheduleSearch();
    },
    setFilters(filters: SearchFilters) {
      set({ filters });
      scheduleSearch();
    },
    leaveSearch() {
      set({ query: '', marks: null });
      scheduleSearch();
    },

    /** A pointer down on a row: the click that opens it comes when the button is released. */
    pressRow(id: number) {
      if (id !== state.article?.id) ahead.ask(id);
    },
    /** The rows a list shows once it stops scrolling: one of them is likely opened next. */
    readAhead,
    /** A row clicked: with Ctrl/Cmd one more checked, with Shift a range, else opened. */
    clickRow(id: number, how: { toggle: boolean; range: boolean }) {
      const s = state;
      if (how.toggle) {
        const checked = new Set(s.checked.size === 0 && s.selectedId !== null ? [s.selectedId] : s.checked);
        if (checked.has(id)) checked.delete(id);
        else checked.add(id);
        set({ checked, anchor: id });
      } else if (how.range) {
        const ids = shownRows(s).map((a) => a.id);
        const from = ids.indexOf(s.anchor ?? s.selectedId ?? id);
        const to = ids.indexOf(id);
        set({ checked: new Set(ids.slice(Math.min(from, to), Math.max(from, to) + 1)) });
      } else {
        set({ checked: s.checked.size ? new Set() : s.checked, anchor: id });
        void open(id, matchedIn(s, id));
      }
    },
    toggleChecked(id: number) {
      const checked = new Set(state.checked);
      if (checked.has(id)) checked.delete(id);
      else checked.add(id);
      set({ checked });
    },
    checkAll() {
      set({ checked: new Set(shownRows(state).map((a) => a.id)) });
    },
    clearChecked() {
      set({ checked: new Set(), bulkTagging: false });
    },
    startTagging(ids: number[]) {
      set({ checked: new Set(ids), bulkTagging: true });
    },
    setBulkTagging(bulkTagging: boolean) {
      set({ bulkTagging });
    },
    setTagEditing(tagEditing: boolean) {
      set({ tagEditing });
    },
    openMenu(id: number, x: number, y: number) {
      set((s) => ({ menu: { x, y, ids: s.checked.has(id) ? [...s.checked] : [id] } }));
    },
    closeMenu() {
      set({ menu: null });
    },
    openDialog(d: Dialog) {
      set((s) => ({ dialogs: new Set(s.dialogs).add(d) }));
    },
    closeDialog,

    /** Every change to articles goes here, and can be undone. */
    async edit(ids: number[], action: BulkAction) {
      set({ checked: new Set(), bulkTagging: false });
      try {
        const { undoId } = await api.editArticles({ ids, action });
        showEdit({ message: describeEdit(action, ids.length), undoId, ids });
        await afterEdit(ids);
      } catch (err) {
        fail(err);
      }
    },
    async undo() {
      const last = state.lastEdit;
      if (!last?.undoId) return;
      try {
        await api.undoEdit({ undoId: last.undoId });
        showEdit({ ...last, message: `Undone: ${last.message.toLowerCase()}`, undoId: null });
        await afterEdit(last.ids);
      } catch (err) {
        fail(err, 'Undo');
      }
    },
    /** A change made elsewhere (deleting an annotation) that `undoEdit` can take back. */
    rememberUndo(message: string, undoId: number) {
      showEdit({ message, undoId, ids: [] });
    },
    dismissEdit() {
      set((s) => ({ lastEdit: s.lastEdit && { ...s.lastEdit, message: '' } }));
    },
    notify(notice: string | null) {
      set({ notice });
    },
    dismissError() {
      set({ error: null });
    },
    dismissHealth() {
      set({ healthProblem: null });
    },

    async reachedEnd(a: Article) {
      if (state.settings.markRead !== 'end' || a.state !== 'unread') return;
      try {
        showState(await api.setArticleState({ id: a.id, state: 'read' }));
      } catch (err) {
        fail(err);
      }
    },
    async reloadAnnotations() {
      const id = state.article?.id;
      if (id === undefined) return;
      try {
        const annotations = await api.listAnnotations({ articleId: id });
        if (state.article?.id === id) set({ annotations });
      } catch (err) {
        fail(err);
      }
    },
    setNotebookFilter(filter: AnnotationFilter) {
      set((s) => ({ notebook: { ...s.notebook, filter } }));
      if (notebookTimer) clearTimeout(notebookTimer);
      notebookTimer = setTimeout(() => void loadNotebook().catch((err: unknown) => fail(err)), NOTEBOOK_PAUSE_MS);
    },
    async goToAnnotation(a: Annotation) {
      await open(a.articleId, null, { articleId: a.articleId, annotationId: a.id });
    },
    async goToPlace(b: Bookmark) {
      await open(b.articleId, null, { articleId: b.articleId, block: b.block, locator: b.locator });
    },

    async updateSettings(patch: Partial<Settings>) {
      try {
        set({ settings: await api.updateSettings(patch) });
      } catch (err) {
        fail(err, 'Saving the settings');
      }
    },
    setSettings(settings: Settings) {
      set({ settings });
    },

    ...transferActions({ api, set, fail, refresh }),
  };
  return actions;
}
