/**
 * A stand-in for `window.lectern` (typed as the renderer's `LecternApi`) for the renderer's store
 * and commands under node:test: a few articles in memory, every call recorded, events emitted by
 * hand. A channel a test did not expect rejects, so a missed call shows as a failure.
 */
import type { Article, ArticleSummary, EventMap, EventName, LecternApi } from '../main/common/contract';
import { DEFAULT_SETTINGS } from '../main/common/contract';
import { LecternError } from '../main/common/errors';

export function article(id: number, over: Partial<Article> = {}): Article {
  return {
    id,
    title: `Article ${id}`,
    site: null,
    source: null,
    savedAt: '2026-01-01T00:00:00.000Z',
    publishedAt: null,
    state: 'unread',
    starred: false,
    wordCount: 100,
    readingMinutes: 1,
    kind: 'article',
    excerpt: null,
    tags: [],
    url: null,
    author: null,
    lang: null,
    html: `<p>Text of ${id}</p>`,
    progress: 0,
    position: 0,
    sourceIntro: null,
    linkOnly: false,
    fetchError: null,
    locator: null,
    original: null,
    sections: [],
    ...over,
  };
}

const summary = ({ url: _u, author: _a, lang: _l, html: _h, progress: _p, position: _o, sourceIntro: _s, linkOnly: _k, fetchError: _f, locator: _c, original: _g, sections: _n, ...s }: Article): ArticleSummary => s;

export type FakeApi = LecternApi & {
  articles: Article[];
  calls: { channel: string; arg: unknown }[];
  /** How many listeners each event has now. */
  listeners: (event: EventName) => number;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
};

export function fakeApi(articles: Article[], overrides: Partial<LecternApi> = {}): FakeApi {
  const subscribers = new Map<EventName, Set<(p: never) => void>>();
  const calls: { channel: string; arg: unknown }[] = [];
  let undo = 0;
  const find = (id: number) => {
    const a = articles.find((x) => x.id === id);
    if (!a) throw new LecternError('NOT_FOUND', `Article ${id} is not in the library.`);
    return a;
  };
  const impl: Partial<LecternApi> = {
    listArticles: async ({ view }) => articles.filter((a) => (view === 'inbox' ? a.state !== 'archived' : view === 'archive' ? a.state === 'archived' : view === 'starred' ? a.starred : true)).map(summary),
    libraryCounts: async () => ({ articles: articles.length, inbox: articles.filter((a) => a.state !== 'archived').length, starred: articles.filter((a) => a.starred).length, archive: articles.filter((a) => a.state === 'archived').length, places: 0, annotations: 0 }),
    listTags: async () => [],
    listSources: async () => [],
    listFeeds: async () => [],
    listBookmarks: async () => [],
    listAnnotations: async () => [],
    libraryInfo: async () => ({ dir: '/lib', file: '/lib/library.sqlite', bytes: 1, articles: articles.length, backups: [], health: null }),
    getSettings: async () => DEFAULT_SETTINGS,
    syncStatus: async () => ({ state: 'off', paused: false, pending: 0, lastSyncedAt: null, server: null, error: null }),
    getArticle: async ({ id }) => ({ ...find(id) }),
    setArticleState: async ({ id, state }) => {
      const a = find(id);
      a.state = state;
      return summary(a);
    },
    editArticles: async ({ ids, action }) => {
      for (const id of ids) {
        const a = find(id);
        if (action.kind === 'star') a.starred = action.starred;
        if (action.kind === 'state') a.state = action.state;
      }
      if (action.kind === 'delete') articles.splice(0, articles.length, ...articles.filter((a) => !ids.includes(a.id)));
      return { changed: ids.length, undoId: ++undo };
    },
    undoEdit: async () => ({ restored: 1 }),
    search: async ({ query }) => ({
      results: articles.filter((a) => a.title.toLowerCase().includes(query.toLowerCase())).map((a) => ({ ...summary(a), score: 1, snippet: a.title, highlights: [], matched: [query] })),
      corrections: [],
      more: false,
    }),
    ...overrides,
  };
  const api = {
    articles,
    calls,
    listeners: (event: EventName) => subscribers.get(event)?.size ?? 0,
    emit: (event: EventName, payload: unknown) => subscribers.get(event)?.forEach((l) => l(payload as never)),
    on: (event: EventName, listener: (p: never) => void) => {
      const set = subscribers.get(event) ?? new Set();
      subscribers.set(event, set.add(listener));
      return () => void set.delete(listener);
    },
  };
  return new Proxy(api, {
    get(target, prop: string) {
      if (prop in target) return target[prop as keyof typeof target];
      const method = impl[prop as keyof LecternApi] as ((arg: unknown) => Promise<unknown>) | undefined;
      return async (arg: unknown) => {
        calls.push({ channel: prop, arg });
        if (!method) throw new Error(`The fake api has no ${prop}`);
        return method(arg);
      };
    },
  }) as unknown as FakeApi;
}

/** Lets every pending promise (and a timer of `ms`) run. */
export const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
