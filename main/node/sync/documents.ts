/**
 * The shape of the library's Automerge documents, and the checks that refuse anything else (a
 * document of another app on the same server, or of a newer Lectern) before it touches SQLite.
 *
 * A root document lists SHARD_COUNT shard documents, made all at once when syncing starts (so
 * two computers never make the same shard twice); an article lives in the shard named by the
 * first hex digit of its sync id, with everything a user changes on it: its state, tags,
 * position, bookmarks and annotations (each its own object; a note is text, merged by
 * characters). Strings that are replaced whole are ImmutableStrings: cheaper than text.
 *
 * An article's text and HTML are not in its entry: the entry names the body pack that holds
 * them by content hash. A pack is made in one change and never changed again (new texts go into
 * new packs), so it needs no merging, arrives whole, and can be dropped from memory once written.
 */
// Through automerge-repo, the Repo's own Automerge (see fold.ts).
import { ImmutableString, isValidAutomergeUrl, type AutomergeUrl } from '@automerge/automerge-repo';
import { ANNOTATION_COLORS, type AnnotationColor } from '../../common/contract';
import type { NewArticle } from '../store/articles';

export const ROOT_SCHEMA = 'lectern/library';
export const SHARD_SCHEMA = 'lectern/articles';
export const PACK_SCHEMA = 'lectern/bodies';
/** Shards and packs. 2: texts in body packs (1 held them in the entries; never released). */
export const SCHEMA_VERSION = 2;
/**
 * The library document. 3: it also holds the feed subscriptions and the shards' clock. A
 * Lectern that knows 2 refuses it ("update Lectern"): it would change shards without moving
 * their clock, and the others would not load them.
 */
export const ROOT_VERSION = 3;
export const SHARD_COUNT = 16;

/** A document of the wrong shape or version: refused with a reason, the library unchanged. */
export class SyncRefused extends Error {}

export interface RootDoc {
  schema: string;
  version: number;
  shards: Record<string, AutomergeUrl>;
  /** Subscriptions, a set by feed URL. */
  feeds: Record<string, FeedEntry>;
  /**
   * Per shard, per computer: the shard's heads after that computer's last change to it (JSON).
   * A computer whose projection covers them all has nothing new in that shard to load.
   */
  clock: Record<string, Record<string, Str>>;
}

export interface FeedEntry {
  title: Str;
  fullText: boolean;
}

/** A subscription as the library's feeds table holds what a user chose of it. */
export interface FeedRecord {
  url: string;
  title: string;
  fullText: boolean;
}

/** The outbox row that stands for the feed list (an article's is its sync id, 32 hex digits). */
export const FEEDS_PENDING = 'feeds';

export interface ShardDoc {
  schema: string;
  version: number;
  articles: Record<string, ArticleEntry>;
  /** Per computer, the last outbox seq folded into this shard: a fold is never applied twice. */
  folds: Record<string, number>;
}

type Str = ImmutableString;

export interface PackDoc {
  schema: string;
  version: number;
  /** By content hash. */
  bodies: Record<string, { html: Str; text: Str }>;
}

export interface AnnotationEntry {
  color: Str;
  note: string;
  exact: Str;
  prefix: Str;
  suffix: Str;
  start: number;
  end: number;
  createdAt: Str;
  updatedAt: Str;
  tags: Record<string, true>;
}

export interface BookmarkEntry {
  block: number;
  label: Str;
  createdAt: Str;
}

export interface ArticleEntry {
  meta: Record<keyof ArticleMeta, Str | number | boolean | null>;
  /** The URL of the body pack holding this article's text (under meta.contentHash). */
  body: Str;
  state: Str;
  starred: boolean;
  progress: number;
  position: number;
  tags: Record<string, true>;
  bookmarks: Record<string, BookmarkEntry>;
  annotations: Record<string, AnnotationEntry>;
  deleted: boolean;
  /** At the delete: each annotation the deleting computer knew, with its updatedAt. */
  deletedWith: Record<string, Str>;
}

/** An article as SQLite holds it, in plain values: what folds into and projects out of an entry. */
export type ArticleMeta = Pick<NewArticle, 'url' | 'canonicalUrl' | 'contentHash' | 'title' | 'author' | 'site' | 'publishedAt' | 'lang' | 'excerpt' | 'wordCount'> & {
  savedAt: string;
  linkOnly: boolean;
};

export interface AnnotationRecord {
  color: AnnotationColor;
  note: string;
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  createdAt: string;
  updatedAt: string;
  tags: string[];
}

export interface BookmarkRecord {
  block: number;
  label: string;
  createdAt: string;
}

export interface ArticleRecord {
  meta: ArticleMeta;
  state: 'unread' | 'read' | 'archived';
  starred: boolean;
  progress: number;
  position: number;
  tags: string[];
  bookmarks: Record<string, BookmarkRecord>;
  annotations: Record<string, AnnotationRecord>;
}

export const META_FIELDS: Record<keyof ArticleMeta, 'string' | 'string?' | 'number' | 'boolean'> = {
  url: 'string?',
  canonicalUrl: 'string?',
  contentHash: 'string',
  title: 'string',
  author: 'string?',
  site: 'string?',
  publishedAt: 'string?',
  savedAt: 'string',
  lang: 'string?',
  excerpt: 'string?',
  wordCount: 'number',
  linkOnly: 'boolean',
};

export const STATES = ['unread', 'read', 'archived'] as const;

/** The shard an article lives in. */
export function shardOf(syncId: string): string {
  return syncId[0]!;
}

export const SHARD_KEYS = Array.from({ length: SHARD_COUNT }, (_, i) => i.toString(16));

export const imm = (s: string): ImmutableString => new ImmutableString(s);
export const immOrNull = (s: string | null): ImmutableString | null => (s === null ? null : imm(s));

/** An ImmutableString's value; anything else as it is. */
export function plain(v: unknown): unknown {
  return v instanceof ImmutableString ? v.val : v;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ImmutableString);

function checkVersion(doc: unknown, schema: string, what: string, known = SCHEMA_VERSION): Record<string, unknown> {
  if (!isObject(doc) || plain(doc.schema) !== schema) throw new SyncRefused(`the ${what} is not a Lectern library document (schema ${JSON.stringify(isObject(doc) ? plain(doc.schema) ?? null : null)})`);
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new SyncRefused(`the ${what} has no schema version`);
  if (version > known) throw new SyncRefused(`the ${what} comes from a newer Lectern (sync schema ${version}; this one knows ${known}): update Lectern to sync`);
  if (version < known) throw new SyncRefused(`the ${what} has an earlier sync layout (schema ${version}) of a development build; start syncing again from one computer`);
  return doc;
}

/** The root's shard URLs, or SyncRefused (also for feeds or a clock of the wrong shape). */
export function readRoot(doc: unknown): Record<string, AutomergeUrl> {
  const root = checkVersion(doc, ROOT_SCHEMA, 'library document', ROOT_VERSION);
  readFeeds(root);
  readClock(root);
  const shards = root.shards;
  if (!isObject(shards)) throw new SyncRefused('the library document lists no shards');
  for (const key of SHARD_KEYS) {
    const url = plain(shards[key]);
    if (typeof url !== 'string' || !isValidAutomergeUrl(url)) throw new SyncRefused(`the library document's shard ${key} is not a document address`);
  }
  if (Object.keys(shards).length !== SHARD_COUNT) throw new SyncRefused(`the library document lists ${Object.keys(shards).length} shards, not ${SHARD_COUNT}`);
  return Object.fromEntries(SHARD_KEYS.map((k) => [k, plain(shards[k]) as AutomergeUrl]));
}

/** The subscriptions the library document holds, or SyncRefused. */
export function readFeeds(root: Record<string, unknown>): FeedRecord[] {
  if (!isObject(root.feeds)) throw new SyncRefused('the library document has no feed list');
  return Object.entries(root.feeds).map(([url, f]) => {
    const title = isObject(f) ? plain(f.title) : undefined;
    if (!/^https?:\/\//.test(url) || typeof title !== 'string' || !isObject(f) || typeof f.fullText !== 'boolean') {
      throw new SyncRefused(`the library document's feed ${JSON.stringify(url.slice(0, 80))} is malformed`);
    }
    return { url, title, fullText: f.fullText };
  });
}

/** Per shard, per computer, the heads after that computer's last change to the shard; or SyncRefused. */
export function readClock(root: Record<string, unknown>): Record<string, Record<string, string>> {
  const clock = root.clock;
  if (!isObject(clock)) throw new SyncRefused('the library document has no shard clock');
  return Object.fromEntries(SHARD_KEYS.map((key) => {
    const entries = clock[key];
    if (!isObject(entries)) throw new SyncRefused(`the library document's clock has no shard ${key}`);
    return [key, Object.fromEntries(Object.entries(entries).map(([device, heads]) => {
      const v = plain(heads);
      if (typeof v !== 'string') throw new SyncRefused(`the library document's clock of shard ${key} is malformed`);
      return [device, v];
    }))];
  }));
}

export function checkShard(doc: unknown): void {
  const shard = checkVersion(doc, SHARD_SCHEMA, 'articles document');
  if (!isObject(shard.articles) || !isObject(shard.folds)) throw new SyncRefused('the articles document has no articles');
}

/** A body pack's texts by content hash, or SyncRefused. */
export function readPack(doc: unknown): PackDoc['bodies'] {
  const pack = checkVersion(doc, PACK_SCHEMA, 'body pack');
  if (!isObject(pack.bodies)) throw new SyncRefused('the body pack has no bodies');
  return pack.bodies as PackDoc['bodies'];
}

/** One text of a pack as plain strings, or SyncRefused. */
export function readBody(bodies: PackDoc['bodies'], contentHash: string): { html: string; text: string } {
  const b: unknown = bodies[contentHash];
  const html = isObject(b) ? plain(b.html) : undefined;
  const text = isObject(b) ? plain(b.text) : undefined;
  if (typeof html !== 'string' || typeof text !== 'string') throw new SyncRefused(`the body pack has no text for content ${contentHash.slice(0, 16)}`);
  return { html, text };
}

/** Tags are compared without case, as the library compares them. */
export const tagKey = (name: string): string => name.toLowerCase();

/** One name per tag: of the spellings two computers gave one tag, the first in code-unit order (the same on every computer). */
function oneSpelling(names: string[]): string[] {
  const byKey = new Map<string, string>();
  for (const n of [...names].sort()) if (!byKey.has(tagKey(n))) byKey.set(tagKey(n), n);
  return [...byKey.values()];
}

export interface EntryRead {
  record: ArticleRecord;
  /** The body pack holding its text. */
  body: AutomergeUrl;
  deleted: boolean;
  deletedWith: Record<string, string>;
}

/** An entry as plain values, or SyncRefused saying what is wrong with it. */
export function readEntry(syncId: string, raw: unknown): EntryRead {
  const bad = (what: string): never => {
    throw new SyncRefused(`article ${syncId} in the documents is malformed: ${what}`);
  };
  if (!/^[0-9a-f]{32}$/.test(syncId)) bad('its id');
  if (!isObject(raw)) return bad('not an object');
  const str = (v: unknown, what: string): string => (typeof plain(v) === 'string' ? (plain(v) as string) : bad(what));
  const num = (v: unknown, what: string, min = 0): number => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : bad(what));
  const set = (v: unknown, what: string): string[] => (isObject(v) && Object.values(v).every((x) => x === true) ? oneSpelling(Object.keys(v)) : bad(what));
  const map = (v: unknown, what: string): Record<string, unknown> => (isObject(v) ? v : bad(what));
  const metaRaw = map(raw.meta, 'meta');
  const meta = {} as Record<string, unknown>;
  for (const [field, type] of Object.entries(META_FIELDS)) {
    const v = plain(metaRaw[field]);
    const ok = type === 'string' ? typeof v === 'string' : type === 'string?' ? v === null || typeof v === 'string' : type === 'number' ? typeof v === 'number' && Number.isInteger(v) && v >= 0 : typeof v === 'boolean';
    if (!ok) bad(`meta.${field}`);
    meta[field] = v;
  }
  const body = str(raw.body, 'body');
  if (!isValidAutomergeUrl(body)) bad('body');
  const state = str(raw.state, 'state');
  if (!(STATES as readonly string[]).includes(state)) bad('state');
  if (typeof raw.starred !== 'boolean' || typeof raw.deleted !== 'boolean') bad('starred or deleted');
  const progress = num(raw.progress, 'progress');
  if (progress > 1) bad('progress');
  const bookmarks: Record<string, BookmarkRecord> = {};
  for (const [id, b] of Object.entries(map(raw.bookmarks, 'bookmarks'))) {
    if (!isObject(b)) bad(`bookmark ${id}`);
    const o = b as Record<string, unknown>;
    bookmarks[id] = { block: num(o.block, 'bookmark block'), label: str(o.label, 'bookmark label'), createdAt: str(o.createdAt, 'bookmark date') };
  }
  const annotations: Record<string, AnnotationRecord> = {};
  for (const [uuid, a] of Object.entries(map(raw.annotations, 'annotations'))) {
    if (!isObject(a)) bad(`annotation ${uuid}`);
    const o = a as Record<string, unknown>;
    const color = str(o.color, 'annotation color');
    if (!(ANNOTATION_COLORS as readonly string[]).includes(color)) bad('annotation color');
    const exact = str(o.exact, 'annotation quote');
    const start = num(o.start, 'annotation start');
    const end = num(o.end, 'annotation end', start);
    if (exact === '') bad('annotation quote');
    annotations[uuid] = {
      color: color as AnnotationColor, note: str(o.note, 'annotation note'), exact, prefix: str(o.prefix, 'annotation prefix'), suffix: str(o.suffix, 'annotation suffix'),
      start, end, createdAt: str(o.createdAt, 'annotation date'), updatedAt: str(o.updatedAt, 'annotation date'), tags: set(o.tags, 'annotation tags'),
    };
  }
  const deletedWith: Record<string, string> = {};
  for (const [uuid, at] of Object.entries(map(raw.deletedWith, 'deletedWith'))) deletedWith[uuid] = str(at, 'deletedWith');
  return {
    record: {
      meta: meta as unknown as ArticleMeta, state: state as ArticleRecord['state'],
      starred: raw.starred as boolean, progress, position: num(raw.position, 'position'), tags: set(raw.tags, 'tags'), bookmarks, annotations,
    },
    body: body as AutomergeUrl,
    deleted: raw.deleted as boolean,
    deletedWith,
  };
}
