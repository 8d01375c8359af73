import { useCallback, useEffect, useRef, useState } from 'react';
import type { Article, ArticleSummary, LibraryCounts, Settings } from '../main/common/contract';
import { api } from './api';
import { ArticleList } from './components/ArticleList';
import { ImportDialog, type ImportState } from './components/ImportDialog';
import { Reader } from './components/Reader';
import { Sidebar, type View } from './components/Sidebar';
import { readFiles } from './files';
import { applyTheme, onSystemThemeChange, type Shown } from './theme';

const TITLES: Record<View, string> = { inbox: 'Inbox', starred: 'Starred', archive: 'Archive', all: 'All articles' };

export function App() {
  const [view, setView] = useState<View>('inbox');
  const [articles, setArticles] = useState<ArticleSummary[] | null>(null);
  const [counts, setCounts] = useState<LibraryCounts | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [article, setArticle] = useState<Article | null>(null);
  const [loading, setLoading] = useState(false);
  const [settings, setSettings] = useState<Settings>({ theme: 'system' });
  const [shownTheme, setShownTheme] = useState<Shown>('light');
  const [importState, setImportState] = useState<ImportState | null>(null);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    try {
      const [list, c] = await Promise.all([api.listArticles({ view }), api.libraryCounts()]);
      setArticles(list);
      setCounts(c);
    } catch (err) {
      setError(`Could not load the library: ${(err as Error).message}`);
    }
  }, [view]);

  useEffect(() => void refresh(), [refresh]);

  useEffect(() => {
    api.getSettings().then(setSettings, () => undefined);
  }, []);
  useEffect(() => {
    setShownTheme(applyTheme(settings.theme));
    return onSystemThemeChange(() => setShownTheme(applyTheme(settings.theme)));
  }, [settings.theme]);

  const open = useCallback(async (id: number) => {
    setSelectedId(id);
    setLoading(true);
    try {
      let a = await api.getArticle({ id });
      if (a.state === 'unread') a = { ...a, ...(await api.setArticleState({ id, state: 'read' })) };
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
      api.on('libraryChanged', () => void refresh()),
      api.on('menuCommand', ({ command }) => {
        if (command === 'import') fileInput.current?.click();
        if (command === 'toggle-theme') void toggleTheme();
      }),
      api.on('importFinished', (report) => {
        setImportState({ progress: null, report });
        void refresh();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [refresh, toggleTheme]);

  // j/k move through the list and open; Esc returns focus to the list.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || target.closest('input, textarea, dialog')) return;
      if ((e.key === 'j' || e.key === 'k') && articles?.length) {
        const at = articles.findIndex((a) => a.id === selectedId);
        const next = e.key === 'j' ? Math.min(at + 1, articles.length - 1) : Math.max(at - 1, 0);
        const id = articles[next]!.id;
        void open(id);
        document.querySelector<HTMLElement>(`[data-article-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
      } else if (e.key === 'Escape') {
        document.querySelector<HTMLElement>('.row[aria-selected="true"], .row')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [articles, selectedId, open]);

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
        onView={setView}
        onImport={() => fileInput.current?.click()}
        onToggleTheme={() => void toggleTheme()}
        dark={shownTheme === 'dark'}
      />
      <ArticleList
        title={TITLES[view]}
        view={view}
        articles={articles}
        selectedId={selectedId}
        onOpen={(id) => void open(id)}
        onImport={() => fileInput.current?.click()}
      />
      <Reader
        article={article}
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
      {error && (
        <div className="toast" role="alert">
          <span>{error}</span>
          <button className="icon" aria-label="Dismiss" onClick={() => setError(null)}>×</button>
        </div>
      )}
    </div>
  );
}
