/**
 * The contract's handlers over the session's library. What only the host can do (native
 * dialogs, opening a link in the system browser, pushing events to the window, remembering
 * which library to open) comes in as `Host`, so this file needs no Electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EventMap, EventName, Handlers, Settings } from '../../common/contract';
import { DEFAULT_SETTINGS, settingsSchema } from '../../common/contract';
import { LecternError } from '../../common/errors';
import { externalUrl } from '../../common/urls';
import { EXTENSIONS, exportAnnotations, importAnnotations } from '../annotations/exchange';
import { tooLargeReason } from '../../common/sizes';
import { Runs } from '../ipc/runs';
import { rebuildSearchIndex } from '../search/schema';
import type { Library } from './library';
import { LIBRARY_FILE } from './paths';
import { backupLibrary, checkLibrary, inspectBackup, listBackups, restoreLibrary } from './safety';
import { OpenedFiles } from './opened-files';
import type { LibrarySession } from './session';
import type { SyncService } from '../sync/sync-service';

export type FileChoice = 'save-backup' | 'open-backup' | 'library-folder' | 'save-annotations' | 'open-annotations' | 'save-opml' | 'open-opml';

export interface Host {
  openExternal(url: URL): Promise<void>;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** A native file or folder dialog; null when the user cancels. */
  choosePath(kind: FileChoice, suggestedName?: string): Promise<string | null>;
  /** Remember the library folder for the next start. */
  rememberLibraryDir(dir: string): void;
}

/** Stored settings over the defaults; a stored value that no longer fits its bounds is dropped. */
function readSettings(library: Library): Settings {
  let stored: Record<string, unknown> = {};
  try {
    stored = JSON.parse(library.settings.get('reader') ?? '{}') as Record<string, unknown>;
  } catch {
    stored = {};
  }
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(stored)) {
    const field = settingsSchema.shape[key as keyof Settings];
    if (field?.safeParse(value).success) settings[key] = value;
  }
  return settings as Settings;
}

function found<T>(value: T | null, id: number): T {
  if (value === null) throw new LecternError('NOT_FOUND', `Article ${id} is not in the library.`);
  return value;
}

/**
 * `runs` holds the long calls under way, for Cancel; `opened` imports the files opened with
 * Lectern. The desktop app passes its own, since it starts those imports itself.
 */
export function createHandlers(session: LibrarySession, host: Host, runs = new Runs(host.emit), opened = new OpenedFiles(session, runs, host.emit)): Handlers {
  // Automerge and its WASM take most of a second to load: only a library that syncs, or a sync
  // call, loads them. 'sync-root' is the setting the engine keeps once a library syncs.
  let syncService: Promise<SyncService> | undefined;
  const sync = () => (syncService ??= import('../sync/sync-service').then(({ SyncService }) => new SyncService(session, host.emit)));
  const syncs = () => session.library.settings.get('sync-root') !== null;
  if (syncs()) void sync();
  /** The text of a file the user picks, within the import size limit; null when cancelled. */
  const readChosen = async (kind: 'open-annotations' | 'open-opml'): Promise<string | null> => {
    const file = await host.choosePath(kind);
    if (!file) return null;
    const tooLarge = tooLargeReason(fs.statSync(file).size);
    if (tooLarge) throw new LecternError('BAD_REQUEST', `${path.basename(file)}: ${tooLarge}.`);
    return fs.readFileSync(file, 'utf8');
  };
  return {
    listArticles: ({ view, sort, tag, source, feed }) => session.library.articles.list(view, { sort, tag, source, feed }),
    getArticle: ({ id }) => found(session.library.articles.get(id, { pdfHtml: false }), id),
    setArticleState: ({ id, state }) => {
      const { articles } = session.library;
      // The window that asked updates its own rows: a whole-list refresh on every article
      // opened would cost more than the opening itself in a large library.
      if (!articles.setState(id, state, new Date().toISOString())) found(null, id);
      return found(articles.summary(id), id);
    },
    libraryCounts: () => session.library.articles.counts(),
    search: ({ query, limit, filters }) => session.library.search.search(query, { limit, filters }),
    listSources: () => session.library.articles.sources(),
    listTags: () => session.library.tags.list(),
    renameTag: ({ tagId, name }) => {
      if (!session.library.tags.get(tagId)) throw new LecternError('NOT_FOUND', `Tag ${tagId} does not exist.`);
      return session.library.tags.rename(tagId, name);
    },
    deleteTag: ({ tagId }) => ({ deleted: session.library.tags.delete(tagId) }),
    editArticles: ({ ids, action }) => session.library.edits.apply(ids, action, new Date().toISOString()),
    undoEdit: ({ undoId }) => {
      const restored = session.library.edits.undo(undoId);
      if (restored === null) throw new LecternError('NOT_FOUND', 'There is nothing to undo: that change was already undone, or Lectern was restarted since.');
      return { restored };
    },
    addBookmark: ({ id, block, locator, label }) => found(session.library.bookmarks.add(id, block, label ?? '', new Date().toISOString(), locator), id),
    listBookmarks: ({ id }) => session.library.bookmarks.list(id),
    renameBookmark: ({ bookmarkId, label }) => {
      const bookmark = session.library.bookmarks.rename(bookmarkId, label);
      if (!bookmark) throw new LecternError('NOT_FOUND', `Bookmark ${bookmarkId} does not exist.`);
      return bookmark;
    },
    deleteBookmark: ({ bookmarkId }) => ({ deleted: session.library.bookmarks.delete(bookmarkId) }),
    reindex: () => ({
      articles: rebuildSearchIndex(session.library.db, (done, total) => host.emit('reindexProgress', { done, total })),
    }),
    importFiles: ({ files }) => {
      const items = files.map((f) => ({ name: f.name, bytes: Buffer.from(f.dataBase64, 'base64'), password: f.password }));
      return runs.start('importProgress', (signal, onProgress) => session.library.importer.importItems(items, { signal, onProgress }));
    },
    importLocked: ({ item, password }) => opened.unlock(item, password),
    libraryInfo: () => {
      const { library } = session;
      return {
        dir: library.dir,
        file: library.file,
        bytes: [library.file, `${library.file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0),
        articles: library.articles.counts().articles,
        backups: listBackups(library.dir),
        health: session.health,
      };
    },
    backupLibrary: async () => {
      const day = new Date().toISOString().slice(0, 10);
      const target = await host.choosePath('save-backup', `Lectern library ${day}.sqlite`);
      if (!target) return { file: null, bytes: 0 };
      const info = await backupLibrary(session.library, target);
      return { file: info.file, bytes: info.bytes };
    },
    restoreLibrary: async ({ file }) => {
      const dir = session.library.dir;
      if (file !== undefined && !listBackups(dir).some((b) => b.file === file)) {
        throw new LecternError('FORBIDDEN', 'Only a backup listed beside the library, or a file you pick, can be restored.');
      }
      const chosen = file ?? (await host.choosePath('open-backup'));
      if (!chosen) return { restored: false, articles: 0, keptAs: null };
      inspectBackup(chosen); // refuse before closing anything
      let result = { keptAs: null as string | null, articles: 0 };
      await session.reopen(dir, () => void (result = restoreLibrary(dir, chosen)));
      host.rememberLibraryDir(dir);
      return { restored: true, ...result };
    },
    moveLibrary: async () => {
      const dir = await host.choosePath('library-folder');
      if (!dir) return { dir: null };
      const target = path.join(dir, LIBRARY_FILE);
      if (path.resolve(dir) === path.resolve(session.library.dir)) return { dir };
      if (fs.existsSync(target)) throw new LecternError('BAD_REQUEST', `${dir} already holds a library: choose an empty folder, or open that library instead.`);
      const from = session.library.dir;
      await backupLibrary(session.library, target);
      inspectBackup(target);
      await session.reopen(dir, () => {
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(from, LIBRARY_FILE + suffix), { force: true });
      });
      host.rememberLibraryDir(dir);
      return { dir };
    },
    openLibraryFolder: async () => {
      const dir = await host.choosePath('library-folder');
      if (!dir) return { dir: null };
      await session.reopen(dir);
      host.rememberLibraryDir(dir);
      return { dir };
    },
    checkLibrary: () => checkLibrary(session.library),
    getSettings: () => readSettings(session.library),
    updateSettings: (patch) => {
      session.library.settings.set('reader', JSON.stringify({ ...readSettings(session.library), ...patch }));
      return readSettings(session.library);
    },
    saveLocator: ({ id, progress, locator }) => {
      const saved = session.library.articles.saveLocator(id, progress, locator);
      if (saved === null) found(null, id);
      return { saved: saved === true };
    },
    saveProgress: ({ id, progress, block }) => {
      if (!session.library.articles.saveProgress(id, progress, block)) found(null, id);
      return { saved: true };
    },
    listAnnotations: (filter) => session.library.annotations.list(filter),
    addAnnotation: (a) => found(session.library.annotations.add(a, new Date().toISOString()), a.articleId),
    updateAnnotation: ({ annotationId, ...change }) => {
      const updated = session.library.annotations.update(annotationId, change, new Date().toISOString());
      if (!updated) throw new LecternError('NOT_FOUND', `Annotation ${annotationId} does not exist.`);
      return updated;
    },
    deleteAnnotation: ({ annotationId }) => {
      const deleted = session.library.edits.deleteAnnotation(annotationId);
      if (!deleted) throw new LecternError('NOT_FOUND', `Annotation ${annotationId} does not exist.`);
      return deleted;
    },
    exportAnnotations: async ({ format, articleId }) => {
      const { text, count, title } = exportAnnotations(session.library, format, articleId);
      const name = `${title.replace(/[\\/:*?"<>|\x00-\x1f]+/g, ' ').trim().slice(0, 80) || 'Annotations'}.${EXTENSIONS[format]}`;
      const file = await host.choosePath('save-annotations', name);
      if (!file) return { file: null, count: 0 };
      fs.writeFileSync(file, text);
      return { file, count };
    },
    importAnnotations: async () => {
      const text = await readChosen('open-annotations');
      if (text === null) return { report: null };
      return { report: importAnnotations(session.library, text, new Date().toISOString()) };
    },
    saveUrls: ({ urls }) => runs.start('importProgress', (signal, onProgress) => session.library.importer.importUrls(urls, { signal, onProgress })),
    cancelImport: ({ runId }) => ({ cancelled: runs.cancel(runId) }),
    fetchLinks: () => runs.start('importProgress', (signal, onProgress) => session.library.importer.fetchLinkOnly({ signal, onProgress })),
    listFeeds: () => session.library.feeds.list(),
    addFeed: ({ url, fullText }) => runs.start('importProgress', (signal, onProgress) => session.library.feeds.add(url, { fullText, signal, onProgress })),
    refreshFeeds: ({ feedId }) => runs.start('refreshProgress', (signal, onProgress) => session.library.feeds.refresh(feedId, { signal, onProgress })),
    updateFeed: ({ feedId, fullText }) => {
      const feed = session.library.feeds.setFullText(feedId, fullText);
      if (!feed) throw new LecternError('NOT_FOUND', `Feed ${feedId} is not followed.`);
      return feed;
    },
    deleteFeed: ({ feedId }) => ({ deleted: session.library.feeds.delete(feedId) }),
    importOpml: async () => {
      const text = await readChosen('open-opml');
      if (text === null) return { cancelled: true as const };
      return session.library.feeds.importOpml(text);
    },
    exportOpml: async () => {
      const file = await host.choosePath('save-opml', 'Lectern subscriptions.opml');
      if (!file) return { file: null, count: 0 };
      fs.writeFileSync(file, session.library.feeds.exportOpml());
      return { file, count: session.library.feeds.list().length };
    },
    syncStatus: async () =>
      syncService || syncs() ? (await sync()).status() : { state: 'off' as const, paused: false, pending: 0, lastSyncedAt: null, server: null, error: null },
    syncStart: async ({ server, token }) => (await sync()).start(server, token),
    syncJoin: async ({ code }) => {
      const service = await sync();
      await service.join(code);
      return service.status();
    },
    syncNow: async () => {
      const service = await sync();
      await service.now();
      return service.status();
    },
    syncPause: async () => {
      const service = await sync();
      service.pause(true);
      return service.status();
    },
    syncResume: async () => {
      const service = await sync();
      service.pause(false);
      return service.status();
    },
    syncLeave: async () => {
      const service = await sync();
      await service.leave();
      return service.status();
    },
    openExternal: async ({ url }) => {
      const safe = externalUrl(url);
      if (!safe) throw new LecternError('FORBIDDEN', `Lectern opens only web and mail links, not “${url.slice(0, 80)}”.`);
      await host.openExternal(safe); // eng-disable OPEN_EXTERNAL_JS_CHECK (validated above)
      return { opened: true };
    },
  };
}
