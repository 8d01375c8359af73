/**
 * The contract's handlers over one library. What only the host can do (open a link in the
 * system browser, push events to the window) comes in as `Host`, so this file needs no Electron.
 */
import type { EventMap, EventName, Handlers, Settings } from '../../common/contract';
import { THEMES } from '../../common/contract';
import { LecternError } from '../../common/errors';
import { externalUrl } from '../../common/urls';
import { rebuildSearchIndex } from '../search/schema';
import type { Library } from './library';

export interface Host {
  openExternal(url: URL): Promise<void>;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

function readSettings(library: Library): Settings {
  const theme = library.settings.get('theme');
  return { theme: (THEMES as readonly string[]).includes(theme ?? '') ? (theme as Settings['theme']) : 'system' };
}

function found<T>(value: T | null, id: number): T {
  if (value === null) throw new LecternError('NOT_FOUND', `Article ${id} is not in the library.`);
  return value;
}

export function createHandlers(library: Library, host: Host): Handlers {
  const update = (id: number, fields: Parameters<Library['articles']['update']>[1]) => {
    if (!library.articles.update(id, fields, new Date().toISOString())) found(null, id);
    host.emit('libraryChanged', { reason: 'update' });
    return found(library.articles.summary(id), id);
  };
  return {
    listArticles: ({ view }) => library.articles.list(view),
    getArticle: ({ id }) => found(library.articles.get(id), id),
    setArticleState: ({ id, state }) => update(id, { state }),
    setStarred: ({ id, starred }) => update(id, { starred }),
    libraryCounts: () => library.articles.counts(),
    search: ({ query, limit, filters }) => library.search.search(query, { limit, filters }),
    listSources: () => library.articles.sources(),
    reindex: () => ({
      articles: rebuildSearchIndex(library.db, (done, total) => host.emit('reindexProgress', { done, total })),
    }),
    importFiles: async ({ files }) => {
      const items = files.map((f) => ({ name: f.name, bytes: Buffer.from(f.dataBase64, 'base64') }));
      const report = await library.importer.importItems(items, {
        onProgress: (p) => host.emit('importProgress', p),
      });
      if (report.imported.length) host.emit('libraryChanged', { reason: 'import' });
      return report;
    },
    getSettings: () => readSettings(library),
    updateSettings: (patch) => {
      if (patch.theme) library.settings.set('theme', patch.theme);
      return readSettings(library);
    },
    openExternal: async ({ url }) => {
      const safe = externalUrl(url);
      if (!safe) throw new LecternError('FORBIDDEN', `Lectern opens only web and mail links, not “${url.slice(0, 80)}”.`);
      await host.openExternal(safe);
      return { opened: true };
    },
  };
}
