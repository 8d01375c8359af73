import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Article, ArticleSummary, BulkAction, EXPORT_FORMATS, FeedInfo, ImportReport, LIBRARY_VIEWS, LibraryCounts, SearchFilters, SearchResponse, Settings, SORTS, SourceInfo, TagInfo } from '../main/common/contract';
import { DEFAULT_SETTINGS } from '../main/common/contract';
import { api } from './api';
import { AddDialog } from './components/AddDialog';
import { ArticleList } from './components/ArticleList';
import { BookmarksView } from './components/BookmarksView';
import { BulkBar } from './components/BulkBar';
import { ContextMenu, type MenuItem } from './components/ContextMenu';
import { FeedBar } from './components/FeedBar';
import { ImportDialog, type ImportState } from './components/ImportDialog';
import { NotebookView } from './components/NotebookView';
import { Reader, type JumpTo } from './components/Reader';
import { SearchFiltersBar, SearchResults } from './components/SearchResults';
import { SettingsDialog } from './components/SettingsDialog';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { Sidebar, type Scope, type View } from './components/Sidebar';
import { TagsDialog } from './components/TagsDialog';
import { useEdits } from './edits';
import { readFiles } from './files';
import { sourceName } from './format';
import { applyTheme, onSystemThemeChange, type Shown } from './theme';

const TITLES: Record<View, string> = { inbox: 'Inbox', starred: 'Starred', bookmarks: 'Bookmarks', notebook: 'Notebook', archive: 'Archive', all: 'All articles' };
const LISTED: Record<View, (typeof LIBRARY_VIEWS)[number]> = { inbox: 'inbox', starred: 'starred', bookmarks: 'starred', notebook: 'all', archive: 'archive', all: 'all' };

export function App() {
  const [view, setView] = useState<View>('inbox');
  const [articles, setArticles] = useState<ArticleSummary[] | null>(null);
  const [counts, setCounts] = useState<LibraryCounts | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [article, setArticle] = useState<Article | null>(null);
  const [loading, setLoading] = useState(false);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [shownTheme, setShownTheme] = useState<Shown>('light');
  const [importState, setImportState] = useState<ImportState | null>(null);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<SearchFilters>({});
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [searchResponse, setSearchResponse] = useState<SearchResponse | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [marks, setMarks] = useState<string[] | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [sort, setSort] = useState<(typeof SORTS)[number]>('saved');
  const [jumpTo, setJumpTo] = useState<JumpTo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Bumped on every refresh, so views that load their own data reload too. */
  const [version, setVersion] = useState(0);
  const [healthProblem, setHealthProblem] = useState<string | null>(null);
  const [scope, setScope] = useState<Scope>(null);
  const [feeds, setFeeds] = useState<FeedInfo[]>([]);
  const [refreshing, setRefreshing] = useState(false);
  const [addOpen, setAddOpen] = useState(false);
  const [tags, setTags] = useState<TagInfo[]>([]);
  /** Articles picked for a bulk action; the open article is `selectedId`. */
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; ids: number[] } | null>(null);
  const [tagsOpen, setTagsOpen] = useState(false);
  const [bulkTagging, setBulkTagging] = useState(false);
  const [tagEditing, setTagEditing] = useState(false);

  useEffect(() => {
    api.libraryInfo().then(
      (info) => setHealthProblem(info.health && !info.health.ok ? info.health.problems.join('; ') : null),
      () => undefined,
    );
  }, []);
  const searching = query.trim() !== '';

  // Results as you type: a short pause after the last key, and stale answers are dropped.
  useEffect(() => {
    if (!searching) {
      setSearchResponse(null);
      setSearchError(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.search({ query, limit: 50, filters }).then(
        (r) => current && (setSearchResponse(r), setSearchError(null)),
        (err: Error) => current && (setSearchResponse(null), setSearchError(err.message)),
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, filters, searching]);

  const refresh = useCallback(async () => {
    try {
      const [list, c, t, s, f] = await Promise.all([
        api.listArticles({ view: LISTED[view], sort, ...(scope && (scope.kind === 'feed' ? { feed: scope.id } : { [scope.kind]: scope.name })) }),
        api.libraryCounts(),
        api.listTags(),
        api.listSources(),
        api.listFeeds(),
      ]);
      setFeeds(f);
      setVersion((v) => v + 1);
      setArticles(list);
      setCounts(c);
      setTags(t);
      setSources(s);
    } catch (err) {
      setError(`Could not load the library: ${(err as Error).message}`);
    }
  }, [view, sort, scope]);

  useEffect(() => void refresh(), [refresh]);

  useEffect(() => {
    api.getSettings().then(setSettings, () => undefined);
  }, []);
  useEffect(() => {
    setShownTheme(applyTheme(settings.theme));
    return onSystemThemeChange(() => setShownTheme(applyTheme(settings.theme)));
  }, [settings.theme]);

  const markReadRef = useRef(settings.markRead);
  markReadRef.current = settings.markRead;
  /** A state change made here, shown in the reader and the lists without reloading them. */
  const showState = useCallback((s: ArticleSummary) => {
    setArticle((cur) => (cur && cur.id === s.id ? { ...cur, ...s } : cur));
    setArticles((list) => list && list.map((a) => (a.id === s.id ? s : a)));
    setSearchResponse((r) => r && { ...r, results: r.results.map((h) => (h.id === s.id ? { ...h, state: s.state } : h)) });
  }, []);

  // The text first; marking it read follows. An answer for an article since left is dropped.
  const opening = useRef(0);
  const open = useCallback(async (id: number, matched: string[] | null = null) => {
    const ticket = ++opening.current;
    setJumpTo(null);
    setSelectedId(id);
    setMarks(matched);
    setLoading(true);
    try {
      const a = await api.getArticle({ id });
      if (ticket !== opening.current) return;
      setArticle(a);
      setLoading(false);
      if (a.state === 'unread' && markReadRef.current === 'open') {
        showState(await api.setArticleState({ id, state: 'read' }));
      }
    } catch (err) {
      setError((err as Error).message);
    } finally {
      if (ticket === opening.current) setLoading(false);
    }
  }, [showState]);

  const articleRef = useRef(article);
  articleRef.current = article;
  // After a change: the lists again, and the open article's state and tags (or the reader empties, if it went).
  const afterEdit = useCallback(
    (ids: number[]) => {
      void refresh();
      const open = articleRef.current;
      if (!open || !ids.includes(open.id)) return;
      api.getArticle({ id: open.id }).then(
        (fresh) => setArticle((a) => (a && a.id === fresh.id ? { ...a, ...fresh, html: a.html } : a)),
        () => {
          setArticle(null);
          setSelectedId(null);
        },
      );
    },
    [refresh],
  );
  const edits = useEdits(afterEdit, setError);
  const edit = (ids: number[], action: BulkAction) => {
    setChecked(new Set());
    setBulkTagging(false);
    void edits.edit(ids, action);
  };

  const exportAnnotations = (format: (typeof EXPORT_FORMATS)[number], articleId?: number) =>
    api.exportAnnotations({ format, ...(articleId !== undefined && { articleId }) }).then(
      ({ file, count }) => file && setNotice(`Exported ${count} ${count === 1 ? 'annotation' : 'annotations'} to ${file}`),
      (err: Error) => setError(`Export failed: ${err.message}`),
    );
  const importAnnotations = async () => {
    try {
      const { report } = await api.importAnnotations();
      if (!report) return;
      const parts = [`Imported ${report.imported} ${report.imported === 1 ? 'annotation' : 'annotations'}`];
      if (report.updated) parts.push(`${report.updated} updated`);
      if (report.orphaned) parts.push(`${report.orphaned} not found in their article's text (kept)`);
      if (report.failed.length) parts.push(`${report.failed.length} refused — ${report.failed[0]!.item}: ${report.failed[0]!.reason}`);
      setNotice(parts.join('; '));
      void refresh();
    } catch (err) {
      setError(`Import failed: ${(err as Error).message}`);
    }
  };

  /** A web address saved, a feed followed: progress and the summary in the import dialog. */
  const bringIn = async (work: () => Promise<ImportReport>) => {
    setImportState({ progress: null, report: null });
    try {
      const report = await work();
      setImportState({ progress: null, report });
      void refresh();
    } catch (err) {
      setImportState(null);
      setError((err as Error).message);
    }
  };
  const refreshFeeds = async (feedId?: number) => {
    setRefreshing(true);
    try {
      const r = await api.refreshFeeds(feedId === undefined ? {} : { feedId });
      setNotice(`${r.feeds} ${r.feeds === 1 ? 'feed' : 'feeds'} refreshed: ${r.added} new ${r.added === 1 ? 'article' : 'articles'}${r.failed.length ? `; ${r.failed.length} failed — ${r.failed[0]!.item}: ${r.failed[0]!.reason}` : ''}`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setRefreshing(false);
      void refresh();
    }
  };

  const toggleTheme = useCallback(async () => {
    setSettings(await api.updateSettings({ theme: shownTheme === 'dark' ? 'light' : 'dark' }));
  }, [shownTheme]);

  const importFiles = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return;
      setImportState({ progress: null, report: null });
      try {
        const { ready, tooLarge } = await readFiles(files);
        const report = ready.length
          ? await api.importFiles({ files: ready })
          : { imported: [], skipped: [], failed: [] };
        report.failed.unshift(...tooLarge);
        setImportState({ progress: null, report });
        void refresh();
      } catch (err) {
        setImportState(null);
        setError(`Import failed: ${(err as Error).message}`);
      }
    },
    [refresh],
  );

  useEffect(() => {
    const offs = [
      api.on('importProgress', (progress) => setImportState((s) => (s && !s.report ? { ...s, progress } : s))),
      api.on('libraryChanged', ({ reason }) => {
        if (reason === 'switched') {
          setArticle(null);
          setSelectedId(null);
          setQuery('');
          setScope(null);
          setChecked(new Set());
          api.getSettings().then(setSettings, () => undefined);
          void refresh();
        } else if (articleRef.current) {
          afterEdit([articleRef.current.id]);
        } else {
          void refresh();
        }
      }),
      api.on('menuCommand', (c) => {
        if (c.command === 'import') fileInput.current?.click();
        if (c.command === 'toggle-theme') void toggleTheme();
        if (c.command === 'settings') setSettingsOpen(true);
        // The same as pressing the key where the focus is.
        if (c.command === 'key') (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: c.key, ctrlKey: c.mod, bubbles: true }));
      }),
      api.on('importFinished', (report) => {
        setImportState({ progress: null, report });
        void refresh();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [refresh, toggleTheme, afterEdit]);

  // What j/k and the arrow keys move through: the search results while searching, else the list.
  const shown = useMemo(
    () => (searching ? (searchResponse?.results ?? []).map((r) => ({ id: r.id, matched: r.matched })) : (articles ?? []).map((a) => ({ id: a.id, matched: null }))),
    [searching, searchResponse, articles],
  );

  const rowEvents = {
    onClick: (id: number, e: React.MouseEvent | React.KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey) {
        setChecked((c) => {
          const next = new Set(c.size === 0 && selectedId !== null ? [selectedId] : c);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        });
        setAnchor(id);
      } else if (e.shiftKey) {
        const ids = shown.map((a) => a.id);
        const from = ids.indexOf(anchor ?? selectedId ?? id);
        const to = ids.indexOf(id);
        setChecked(new Set(ids.slice(Math.min(from, to), Math.max(from, to) + 1)));
      } else {
        setChecked(new Set());
        setAnchor(id);
        void open(id, shown.find((a) => a.id === id)?.matched ?? null);
      }
    },
    onMenu: (id: number, x: number, y: number) => setMenu({ x, y, ids: checked.has(id) ? [...checked] : [id] }),
  };

  /** What the context menu offers for these articles (one, or the checked ones). */
  const menuItems = (ids: number[]): MenuItem[] => {
    const one = ids.length === 1 ? [...(articles ?? []), ...(searchResponse?.results ?? [])].find((a) => a.id === ids[0]) ?? (article?.id === ids[0] ? article : undefined) : undefined;
    return [
      ...(ids.length === 1 ? [{ label: 'Open', keys: 'o', onSelect: () => void open(ids[0]!) }] : []),
      { label: one?.starred ? 'Unstar' : 'Star', keys: 's', onSelect: () => edit(ids, { kind: 'star', starred: !one?.starred }) },
      one?.state === 'unread'
        ? { label: 'Mark read', onSelect: () => edit(ids, { kind: 'state', state: 'read' }) }
        : { label: 'Mark unread', keys: 'u', onSelect: () => edit(ids, { kind: 'state', state: 'unread' }) },
      one?.state === 'archived'
        ? { label: 'Move to inbox', keys: 'e', onSelect: () => edit(ids, { kind: 'state', state: 'read' }) }
        : { label: 'Archive', keys: 'e', onSelect: () => edit(ids, { kind: 'state', state: 'archived' }) },
      {
        label: 'Tag…',
        keys: 't',
        onSelect: () => {
          setChecked(new Set(ids));
          setBulkTagging(true);
        },
      },
      { label: ids.length === 1 ? 'Delete' : `Delete ${ids.length} articles`, keys: 'Del', danger: true, onSelect: () => edit(ids, { kind: 'delete' }) },
    ];
  };

  const step = useCallback(
    (delta: 1 | -1) => {
      if (shown.length === 0) return;
      const at = shown.findIndex((a) => a.id === selectedId);
      const next = at === -1 ? (delta === 1 ? 0 : shown.length - 1) : Math.min(Math.max(at + delta, 0), shown.length - 1);
      const { id, matched } = shown[next]!;
      void open(id, matched);
      const row = document.querySelector<HTMLElement>(`.list [data-article-id="${id}"]`);
      row?.scrollIntoView({ block: 'nearest' });
      return row;
    },
    [shown, selectedId, open],
  );

  // j/k (and the arrows in the list) move and open; / or Ctrl/Cmd+K search; Esc leaves the search.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        setAddOpen(true);
        return;
      }
      if ((e.ctrlKey || e.metaKey) && e.key === ',') {
        e.preventDefault();
        setSettingsOpen(true);
        return;
      }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        searchInput.current?.focus();
        searchInput.current?.select();
        return;
      }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a' && target.closest('.rows')) {
        e.preventDefault();
        setChecked(new Set(shown.map((a) => a.id)));
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || target.closest('input, select, textarea, dialog, [role="menu"]')) return;
      // Keys that act on articles act on the checked ones when there are, else on the open one.
      const targets = checked.size ? [...checked] : article ? [article.id] : [];
      const focusedRow = target.closest<HTMLElement>('.row[data-article-id]');
      if (e.key === '/') {
        e.preventDefault();
        searchInput.current?.focus();
      } else if (e.key === 'j' || e.key === 'k') {
        step(e.key === 'j' ? 1 : -1);
      } else if (e.key === '?') {
        setShortcutsOpen(true);
      } else if (e.key === 'x') {
        const id = focusedRow ? Number(focusedRow.dataset.articleId) : article?.id;
        if (id === undefined) return;
        setChecked((c) => {
          const next = new Set(c);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        });
      } else if (targets.length && e.key === 's') {
        edit(targets, { kind: 'star', starred: checked.size ? true : !article!.starred });
      } else if (targets.length && e.key === 'e') {
        edit(targets, { kind: 'state', state: !checked.size && article!.state === 'archived' ? 'read' : 'archived' });
      } else if (targets.length && e.key === 'u') {
        edit(targets, { kind: 'state', state: 'unread' });
      } else if (targets.length && e.key === 'Delete') {
        edit(targets, { kind: 'delete' });
      } else if (e.key === 't' && (checked.size || article)) {
        e.preventDefault();
        if (checked.size) setBulkTagging(true);
        else setTagEditing(true);
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && target.closest('.rows')) {
        e.preventDefault();
        step(e.key === 'ArrowDown' ? 1 : -1)?.focus();
      } else if (e.key === 'Escape' && checked.size) {
        setChecked(new Set());
      } else if (e.key === 'Escape') {
        document.querySelector<HTMLElement>('.row[aria-selected="true"], .row')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, article, checked, shown]);

  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target || !e.relatedTarget) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void importFiles([...e.dataTransfer.files]);
      }}
    >
      <Sidebar
        view={view}
        scope={scope}
        counts={counts}
        tags={tags}
        sources={sources}
        feeds={feeds}
        refreshing={refreshing}
        onRefreshFeeds={() => void refreshFeeds()}
        onView={(v, s) => {
          setView(v);
          setScope(s);
          setChecked(new Set());
          setQuery('');
        }}
        onManageTags={() => setTagsOpen(true)}
        onImport={() => setAddOpen(true)}
        onToggleTheme={() => void toggleTheme()}
        onSettings={() => setSettingsOpen(true)}
        dark={shownTheme === 'dark'}
      />
      <section className="list" aria-label={searching ? 'Search' : `${scope ? scope.name : TITLES[view]} articles`}>
        <div className="search-box" role="search">
          <input
            ref={searchInput}
            type="search"
            placeholder="Search your library"
            aria-label="Search your library"
            aria-keyshortcuts="Control+K /"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setQuery('');
                setMarks(null);
              } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                const first = document.querySelector<HTMLElement>('.list .rows .row');
                first?.focus();
                if (e.key === 'Enter' && first) first.click();
              }
            }}
          />
          <kbd className="search-hint" aria-hidden="true">{/Mac/.test(navigator.userAgent) ? "⌘K" : "Ctrl K"}</kbd>
          {searching && <SearchFiltersBar filters={filters} sources={sources} tags={tags} onChange={setFilters} />}
        </div>
        {view === 'notebook' && !searching ? (
          <NotebookView
            version={version}
            tags={tags}
            onGo={(a) => void open(a.articleId).then(() => setJumpTo({ articleId: a.articleId, annotationId: a.id }))}
            onExport={(format) => exportAnnotations(format)}
            onImport={() => void importAnnotations()}
          />
        ) : view === 'bookmarks' && !searching ? (
          <BookmarksView
            version={version}
            selectedId={selectedId}
            checked={checked}
            events={rowEvents}
            onGo={(b) => void open(b.articleId).then(() => setJumpTo({ articleId: b.articleId, block: b.block }))}
          />
        ) : searching ? (
          <SearchResults query={query} response={searchResponse} error={searchError} selectedId={selectedId} checked={checked} events={rowEvents} />
        ) : (
          <ArticleList
            title={scope ? (scope.kind === 'tag' ? `#${scope.name}` : scope.kind === 'feed' ? scope.name : sourceName(scope.name)!) : TITLES[view]}
            view={scope ? 'scoped' : view}
            sort={sort}
            onSort={setSort}
            articles={articles}
            selectedId={selectedId}
            checked={checked}
            events={rowEvents}
            onImport={() => fileInput.current?.click()}
          >
            {scope?.kind === 'feed' && feeds.some((f) => f.id === scope.id) && (
              <FeedBar
                feed={feeds.find((f) => f.id === scope.id)!}
                refreshing={refreshing}
                onRefresh={() => void refreshFeeds(scope.id)}
                onFullText={(fullText) => void api.updateFeed({ feedId: scope.id, fullText }).then(() => refresh(), (err: Error) => setError(err.message))}
                onUnfollow={() =>
                  void api.deleteFeed({ feedId: scope.id }).then(() => {
                    setNotice(`Unfollowed ${scope.name}; its articles stay in your library.`);
                    setScope(null);
                  }, (err: Error) => setError(err.message))
                }
              />
            )}
            {checked.size > 0 && (
              <BulkBar
                count={checked.size}
                known={tags.map((t) => t.name)}
                tagging={bulkTagging}
                onTagging={setBulkTagging}
                onAction={(action) => edit([...checked], action)}
                onClear={() => setChecked(new Set())}
              />
            )}
          </ArticleList>
        )}
        {/* Inside the list's landmark, though it floats at the pointer. */}
        {menu && <ContextMenu x={menu.x} y={menu.y} label={menu.ids.length === 1 ? 'Article' : `${menu.ids.length} articles`} items={menuItems(menu.ids)} onClose={() => setMenu(null)} />}
      </section>
      <Reader
        article={article}
        jumpTo={jumpTo}
        settings={settings}
        onNext={() => void step(1)}
        onPrevious={() => void step(-1)}
        onReachedEnd={(a) => {
          if (settings.markRead === 'end' && a.state === 'unread') {
            void api.setArticleState({ id: a.id, state: 'read' }).then(showState, (err: Error) => setError(err.message));
          }
        }}
        libraryEmpty={counts?.articles === 0}
        marks={marks}
        loading={loading}
        onError={setError}
        onStar={(a) => edit([a.id], { kind: 'star', starred: !a.starred })}
        onToggleRead={(a) => edit([a.id], { kind: 'state', state: a.state === 'unread' ? 'read' : 'unread' })}
        onToggleArchive={(a) => edit([a.id], { kind: 'state', state: a.state === 'archived' ? 'read' : 'archived' })}
        knownTags={tags.map((t) => t.name)}
        tagEditing={tagEditing}
        onTagEditing={setTagEditing}
        onTag={(a, tag, add) => edit([a.id], { kind: add ? 'tag' : 'untag', tag })}
        version={version}
        onHighlightColor={(highlightColor) => void api.updateSettings({ highlightColor }).then(setSettings)}
        onUndoable={edits.remember}
        onExport={(format, articleId) => exportAnnotations(format, articleId)}
        onPickTag={(tag) => {
          setView('all');
          setScope({ kind: 'tag', name: tag });
          setQuery('');
        }}
      />
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        accept=".html,.htm,.xhtml,.md,.markdown,.txt,.text,.csv,.json,.zip"
        data-testid="import-input"
        onChange={(e) => {
          void importFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop to import into your library</p>
        </div>
      )}
      {importState && (
        <ImportDialog
          state={importState}
          onClose={() => setImportState(null)}
          onCancel={(runId) => void api.cancelImport({ runId })}
          onOpen={(id) => {
            setImportState(null);
            void open(id);
          }}
        />
      )}
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      {addOpen && (
        <AddDialog
          onClose={() => setAddOpen(false)}
          onSave={(url) => void bringIn(() => api.saveUrls({ urls: [url] }))}
          onFollow={(url, fullText) => void bringIn(async () => (await api.addFeed({ url, fullText })).report)}
          onFiles={() => fileInput.current?.click()}
          onOpml={() =>
            void api.importOpml().then(
              (r) => {
                if ('cancelled' in r) return;
                setNotice(`${r.added} feeds followed, ${r.skipped} already followed${r.failed.length ? `, ${r.failed.length} refused — ${r.failed[0]!.item}: ${r.failed[0]!.reason}` : ''}. Reading them now…`);
                void refreshFeeds();
              },
              (err: Error) => setError(err.message),
            )
          }
          onExportOpml={() => void api.exportOpml().then(({ file, count }) => file && setNotice(`Exported ${count} feeds to ${file}`), (err: Error) => setError(err.message))}
        />
      )}
      {tagsOpen && <TagsDialog tags={tags} onClose={() => setTagsOpen(false)} onError={setError} />}
      {edits.last?.message && (
        <div className="toast undo-toast" role="status">
          <span>{edits.last.message}</span>
          {edits.last.undoId !== null && (
            <button className="link" onClick={() => void edits.undo()} title="Undo (Ctrl+Z)">Undo</button>
          )}
          <button className="icon" aria-label="Dismiss" onClick={edits.dismiss}>×</button>
        </div>
      )}
      {settingsOpen && <SettingsDialog settings={settings} onSettings={setSettings} onClose={() => setSettingsOpen(false)} />}
      {healthProblem && !settingsOpen && (
        <div className="health-banner" role="alert">
          <span>Lectern found problems in your library after an unexpected shutdown.</span>
          <button className="link" onClick={() => setSettingsOpen(true)}>Restore a backup…</button>
          <button className="icon" aria-label="Dismiss" onClick={() => setHealthProblem(null)}>×</button>
        </div>
      )}
      {notice && (
        <div className="toast notice-toast" role="status">
          <span>{notice}</span>
          <button className="icon" aria-label="Dismiss" onClick={() => setNotice(null)}>×</button>
        </div>
      )}
      {error && (
        <div className="toast" role="alert">
          <span>{error}</span>
          <button className="icon" aria-label="Dismiss" onClick={() => setError(null)}>×</button>
        </div>
      )}
    </div>
  );
}
