import { useCallback, useEffect, useRef, useState } from 'react';
import type { Article, ArticleSummary, LibraryCounts, SearchFilters, SearchResponse, Settings, SORTS, SourceInfo } from '../main/common/contract';
import { DEFAULT_SETTINGS } from '../main/common/contract';
import { api } from './api';
import { ArticleList } from './components/ArticleList';
import { BookmarksView } from './components/BookmarksView';
import { ImportDialog, type ImportState } from './components/ImportDialog';
import { Reader } from './components/Reader';
import { SearchFiltersBar, SearchResults } from './components/SearchResults';
import { SettingsDialog } from './components/SettingsDialog';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { Sidebar, type View } from './components/Sidebar';
import { readFiles } from './files';
import { applyTheme, onSystemThemeChange, type Shown } from './theme';

const TITLES: Record<View, string> = { inbox: 'Inbox', starred: 'Starred', bookmarks: 'Bookmarks', archive: 'Archive', all: 'All articles' };

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
  const [jumpTo, setJumpTo] = useState<{ articleId: number; block: number } | null>(null);
  /** Bumped on every refresh, so views that load their own data reload too. */
  const [version, setVersion] = useState(0);
  const [healthProblem, setHealthProblem] = useState<string | null>(null);

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

  useEffect(() => {
    if (searching) api.listSources().then(setSources, () => undefined);
  }, [searching]);

  const refresh = useCallback(async () => {
    try {
      const [list, c] = await Promise.all([api.listArticles({ view: view === 'bookmarks' ? 'starred' : view, sort }), api.libraryCounts()]);
      setVersion((v) => v + 1);
      setArticles(list);
      setCounts(c);
    } catch (err) {
      setError(`Could not load the library: ${(err as Error).message}`);
    }
  }, [view, sort]);

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
  const open = useCallback(async (id: number, matched: string[] | null = null) => {
    setJumpTo(null);
    setSelectedId(id);
    setMarks(matched);
    setLoading(true);
    try {
      let a = await api.getArticle({ id });
      if (a.state === 'unread' && markReadRef.current === 'open') {
        a = { ...a, ...(await api.setArticleState({ id, state: 'read' })) };
        setSearchResponse((r) => r && { ...r, results: r.results.map((h) => (h.id === id ? { ...h, state: 'read' } : h)) });
      }
      setArticle(a);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  }, []);

  const applySummary = (s: ArticleSummary) => {
    setArticle((a) => (a && a.id === s.id ? { ...a, ...s } : a));
    void refresh();
  };
  const act = (p: Promise<ArticleSummary>) => p.then(applySummary, (err: Error) => setError(err.message));

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
          api.getSettings().then(setSettings, () => undefined);
        }
        void refresh();
      }),
      api.on('menuCommand', ({ command }) => {
        if (command === 'import') fileInput.current?.click();
        if (command === 'toggle-theme') void toggleTheme();
        if (command === 'settings') setSettingsOpen(true);
      }),
      api.on('importFinished', (report) => {
        setImportState({ progress: null, report });
        void refresh();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [refresh, toggleTheme]);

  // What j/k and the arrow keys move through: the search results while searching, else the list.
  const shown = searching
    ? (searchResponse?.results ?? []).map((r) => ({ id: r.id, matched: r.matched }))
    : (articles ?? []).map((a) => ({ id: a.id, matched: null }));

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
      if (e.ctrlKey || e.metaKey || e.altKey || target.closest('input, select, textarea, dialog')) return;
      if (e.key === '/') {
        e.preventDefault();
        searchInput.current?.focus();
      } else if (e.key === 'j' || e.key === 'k') {
        step(e.key === 'j' ? 1 : -1);
      } else if (e.key === '?') {
        setShortcutsOpen(true);
      } else if (article && e.key === 's') {
        act(api.setStarred({ id: article.id, starred: !article.starred }));
      } else if (article && e.key === 'e') {
        act(api.setArticleState({ id: article.id, state: article.state === 'archived' ? 'read' : 'archived' }));
      } else if (article && e.key === 'u') {
        act(api.setArticleState({ id: article.id, state: 'unread' }));
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && target.closest('.rows')) {
        e.preventDefault();
        step(e.key === 'ArrowDown' ? 1 : -1)?.focus();
      } else if (e.key === 'Escape') {
        document.querySelector<HTMLElement>('.row[aria-selected="true"], .row')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, article]);

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
        counts={counts}
        onView={(v) => {
          setView(v);
          setQuery('');
        }}
        onImport={() => fileInput.current?.click()}
        onToggleTheme={() => void toggleTheme()}
        onSettings={() => setSettingsOpen(true)}
        dark={shownTheme === 'dark'}
      />
      <section className="list" aria-label={searching ? 'Search' : `${TITLES[view]} articles`}>
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
          {searching && <SearchFiltersBar filters={filters} sources={sources} onChange={setFilters} />}
        </div>
        {view === 'bookmarks' && !searching ? (
          <BookmarksView
            version={version}
            selectedId={selectedId}
            onOpen={(id) => void open(id)}
            onGo={(b) => void open(b.articleId).then(() => setJumpTo({ articleId: b.articleId, block: b.block }))}
          />
        ) : searching ? (
          <SearchResults query={query} response={searchResponse} error={searchError} selectedId={selectedId} onOpen={(id, matched) => void open(id, matched)} />
        ) : (
          <ArticleList
            title={TITLES[view]}
            view={view}
            sort={sort}
            onSort={setSort}
            articles={articles}
            selectedId={selectedId}
            onOpen={(id) => void open(id)}
            onImport={() => fileInput.current?.click()}
          />
        )}
      </section>
      <Reader
        article={article}
        jumpTo={jumpTo}
        settings={settings}
        onNext={() => void step(1)}
        onPrevious={() => void step(-1)}
        onReachedEnd={(a) => {
          if (settings.markRead === 'end' && a.state === 'unread') act(api.setArticleState({ id: a.id, state: 'read' }));
        }}
        libraryEmpty={counts?.articles === 0}
        marks={marks}
        loading={loading}
        onError={setError}
        onStar={(a) => act(api.setStarred({ id: a.id, starred: !a.starred }))}
        onToggleRead={(a) => act(api.setArticleState({ id: a.id, state: a.state === 'unread' ? 'read' : 'unread' }))}
        onToggleArchive={(a) => act(api.setArticleState({ id: a.id, state: a.state === 'archived' ? 'read' : 'archived' }))}
      />
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        accept=".html,.htm,.xhtml,.md,.markdown,.txt,.text"
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
          onOpen={(id) => {
            setImportState(null);
            void open(id);
          }}
        />
      )}
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      {settingsOpen && <SettingsDialog settings={settings} onSettings={setSettings} onClose={() => setSettingsOpen(false)} />}
      {healthProblem && !settingsOpen && (
        <div className="health-banner" role="alert">
          <span>Lectern found problems in your library after an unexpected shutdown.</span>
          <button className="link" onClick={() => setSettingsOpen(true)}>Restore a backup…</button>
          <button className="icon" aria-label="Dismiss" onClick={() => setHealthProblem(null)}>×</button>
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
