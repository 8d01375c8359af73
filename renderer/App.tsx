import { useEffect, useMemo, useRef, useState } from 'react';
import { afterPaint } from './after-paint';
import { api } from './api';
import { preparePdfJs } from './books/pdf/pdf-view';
import { handleKey, runCommand, type Context, type ReaderActions } from './commands';
import { AddDialog } from './components/AddDialog';
import { ArticleList } from './components/ArticleList';
import { BookmarksView } from './components/BookmarksView';
import { BulkBar } from './components/BulkBar';
import { ContextMenu } from './components/ContextMenu';
import { FeedBar } from './components/FeedBar';
import { ImportDialog } from './components/ImportDialog';
import { NotebookView } from './components/NotebookView';
import { Reader } from './components/Reader';
import { SearchFiltersBar, SearchResults } from './components/SearchResults';
import { SettingsDialog } from './components/SettingsDialog';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { TagsDialog } from './components/TagsDialog';
import { readFiles } from './files';
import { sourceName } from './format';
import { searching, type View } from './state/state';
import { createStore } from './state/store';
import { AppContext, useApp, useAppState } from './state/use-app';
import { applyTheme, onSystemThemeChange, type Shown } from './theme';

const TITLES: Record<View, string> = { inbox: 'Inbox', starred: 'Starred', bookmarks: 'Bookmarks', notebook: 'Notebook', archive: 'Archive', all: 'All articles' };

/** Where the focus is, in the terms the command table's keys use. */
function placeOf(target: EventTarget | null) {
  const el = target instanceof Element ? target : document.body;
  return {
    typing: el.closest('input, textarea') !== null,
    inField: el.closest('input, select, textarea, dialog, [role="menu"]') !== null,
    inList: el.closest('.rows') !== null,
  };
}

/** Builds the store and the page's side of the commands, then lays out the window. */
export function App() {
  const searchInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const reader = useRef<ReaderActions | null>(null);
  const dark = useRef(false);
  const [ctx] = useState<Context>(() => ({
    store: createStore(api, { afterPaint, pdfInView: preparePdfJs }),
    page: {
      focusSearch: () => {
        searchInput.current?.focus();
        searchInput.current?.select();
      },
      pickFiles: () => fileInput.current?.click(),
      showRow: (id, focus) => {
        const row = document.querySelector<HTMLElement>(`.list [data-article-id="${id}"]`);
        row?.scrollIntoView({ block: 'nearest' });
        if (focus) row?.focus();
      },
      focusList: () => document.querySelector<HTMLElement>('.row[aria-selected="true"], .row')?.focus(),
      focusedRow: () => {
        const row = document.activeElement?.closest<HTMLElement>('.row[data-article-id]');
        return row ? Number(row.dataset.articleId) : null;
      },
      reader: () => reader.current,
      darkShown: () => dark.current,
    },
  }));

  useEffect(() => ctx.store.start(), [ctx]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => handleKey(ctx, e, placeOf(e.target));
    window.addEventListener('keydown', onKey);
    // The app menu names a command; it runs as its key or button would.
    const offMenu = api.on('menuCommand', ({ command }) => runCommand(ctx, command));
    return () => {
      window.removeEventListener('keydown', onKey);
      offMenu();
    };
  }, [ctx]);

  return (
    <AppContext.Provider value={ctx}>
      <Layout searchInput={searchInput} fileInput={fileInput} reader={reader} dark={dark} />
    </AppContext.Provider>
  );
}

function Layout(props: {
  searchInput: React.RefObject<HTMLInputElement | null>;
  fileInput: React.RefObject<HTMLInputElement | null>;
  reader: React.RefObject<ReaderActions | null>;
  dark: React.RefObject<boolean>;
}) {
  const { store, run } = useApp();
  const s = useAppState();
  const [dragging, setDragging] = useState(false);
  const [shownTheme, setShownTheme] = useState<Shown>('light');
  useEffect(() => {
    setShownTheme(applyTheme(s.settings.theme));
    return onSystemThemeChange(() => setShownTheme(applyTheme(s.settings.theme)));
  }, [s.settings.theme]);
  const { dark } = props;
  useEffect(() => {
    dark.current = shownTheme === 'dark';
  }, [dark, shownTheme]);

  /** The files of the import under way, for the import dialog to read again with a PDF's password. */
  const [importing, setImporting] = useState<File[]>([]);
  const importFiles = (files: File[]) => {
    if (files.length === 0) return;
    setImporting(files);
    void store.importFiles(() => readFiles(files));
  };
  const rowEvents = useMemo(
    () => ({
      onClick: (id: number, e: React.MouseEvent | React.KeyboardEvent) => store.clickRow(id, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey }),
      onMenu: (id: number, x: number, y: number) => store.openMenu(id, x, y),
    }),
    [store],
  );
  const isSearching = searching(s);
  const { view, scope } = s;
  const feed = scope?.kind === 'feed' ? s.feeds.find((f) => f.id === scope.id) : undefined;
  const knownTags = useMemo(() => s.tags.map((t) => t.name), [s.tags]);
  const sidebarEvents = useMemo(
    () => ({
      onRefreshFeeds: () => void store.refreshFeeds(),
      onView: store.show,
      onManageTags: () => store.openDialog('tags'),
      onImport: () => run('add'),
      onToggleTheme: () => run('toggle-theme'),
      onSettings: () => run('settings'),
    }),
    [store, run],
  );

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
        importFiles([...e.dataTransfer.files]);
      }}
    >
      <Sidebar
        view={view}
        scope={scope}
        counts={s.counts}
        tags={s.tags}
        sources={s.sources}
        feeds={s.feeds}
        refreshing={s.refreshing}
        {...sidebarEvents}
        dark={shownTheme === 'dark'}
      />
      <section className="list" aria-label={isSearching ? 'Search' : `${scope ? scope.name : TITLES[view]} articles`}>
        <div className="search-box" role="search">
          <input
            ref={props.searchInput}
            type="search"
            placeholder="Search your library"
            aria-label="Search your library"
            aria-keyshortcuts="Control+K /"
            value={s.query}
            onChange={(e) => store.setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                store.leaveSearch();
              } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                const first = document.querySelector<HTMLElement>('.list .rows .row');
                first?.focus();
                if (e.key === 'Enter' && first) first.click();
              }
            }}
          />
          <kbd className="search-hint" aria-hidden="true">{/Mac/.test(navigator.userAgent) ? '⌘K' : 'Ctrl K'}</kbd>
          {isSearching && <SearchFiltersBar filters={s.filters} sources={s.sources} tags={s.tags} onChange={store.setFilters} />}
        </div>
        {view === 'notebook' && !isSearching ? (
          <NotebookView notebook={s.notebook} tags={s.tags} />
        ) : view === 'bookmarks' && !isSearching ? (
          <BookmarksView starred={s.articles} places={s.places} selectedId={s.selectedId} checked={s.checked} events={rowEvents} />
        ) : isSearching ? (
          <SearchResults query={s.query} response={s.searchResponse} error={s.searchError} selectedId={s.selectedId} checked={s.checked} events={rowEvents} onSettled={store.readAhead} />
        ) : (
          <ArticleList
            title={scope ? (scope.kind === 'tag' ? `#${scope.name}` : scope.kind === 'feed' ? scope.name : sourceName(scope.name)!) : TITLES[view]}
            view={scope ? 'scoped' : view}
            sort={s.sort}
            onSort={store.setSort}
            articles={s.articles}
            selectedId={s.selectedId}
            checked={s.checked}
            events={rowEvents}
            onSettled={store.readAhead}
            onImport={() => run('import')}
          >
            {feed && (
              <FeedBar
                feed={feed}
                refreshing={s.refreshing}
                onRefresh={() => void store.refreshFeeds(feed.id)}
                onFullText={(fullText) => void store.setFeedFullText(feed.id, fullText)}
                onUnfollow={() => void store.unfollow({ id: feed.id, name: feed.title })}
              />
            )}
            {s.checked.size > 0 && (
              <BulkBar
                count={s.checked.size}
                known={knownTags}
                tagging={s.bulkTagging}
                onTagging={store.setBulkTagging}
                onAction={(action) => void store.edit([...s.checked], action)}
                onClear={store.clearChecked}
              />
            )}
          </ArticleList>
        )}
        {/* Inside the list's landmark, though it floats at the pointer. */}
        {s.menu && <ContextMenu x={s.menu.x} y={s.menu.y} ids={s.menu.ids} onClose={store.closeMenu} />}
      </section>
      <Reader
        article={s.article}
        annotations={s.annotations}
        jumpTo={s.jumpTo}
        settings={s.settings}
        libraryEmpty={s.counts?.articles === 0}
        marks={s.marks}
        loading={s.loading}
        knownTags={knownTags}
        tagEditing={s.tagEditing}
        actions={props.reader}
      />
      <input
        ref={props.fileInput}
        type="file"
        multiple
        hidden
        accept=".html,.htm,.xhtml,.md,.markdown,.txt,.text,.csv,.json,.zip,.epub,.pdf"
        data-testid="import-input"
        onChange={(e) => {
          importFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop to import into your library</p>
        </div>
      )}
      {s.importState && (
        <ImportDialog
          state={s.importState}
          files={importing}
          onClose={() => {
            setImporting([]);
            store.closeImport();
          }}
          onCancel={(runId) => void store.cancelImport(runId)}
          onOpen={(id) => {
            setImporting([]);
            store.closeImport();
            void store.open(id);
          }}
        />
      )}
      {s.dialogs.has('shortcuts') && <ShortcutsDialog onClose={() => store.closeDialog('shortcuts')} />}
      {s.dialogs.has('add') && (
        <AddDialog
          onClose={() => store.closeDialog('add')}
          onSave={(url) => void store.saveUrl(url)}
          onFollow={(url, fullText) => void store.follow(url, fullText)}
          onFiles={() => run('import')}
          onOpml={() => void store.importOpml()}
          onExportOpml={() => void store.exportOpml()}
        />
      )}
      {s.dialogs.has('tags') && <TagsDialog tags={s.tags} onClose={() => store.closeDialog('tags')} onError={store.fail} />}
      {s.dialogs.has('settings') && <SettingsDialog settings={s.settings} onSettings={store.setSettings} onClose={() => store.closeDialog('settings')} />}
      {s.healthProblem && !s.dialogs.has('settings') && (
        <div className="health-banner" role="alert">
          <span>Lectern found problems in your library after an unexpected shutdown.</span>
          <button className="link" onClick={() => run('settings')}>Restore a backup…</button>
          <button className="icon" aria-label="Dismiss" onClick={store.dismissHealth}>×</button>
        </div>
      )}
      <Toasts />
    </div>
  );
}
