/**
 * Local edits into a shard document. `foldArticle` runs inside `changeAt(base)`: the document
 * it sees is what this library last projected, so writing the differences from there is a
 * three-way merge that Automerge completes (a field changed on both sides has one
 * deterministic winner; tag and annotation keys merge as sets; a note is diffed as text, so
 * both computers' edits survive). `unionArticle` merges a library that joins: nothing removed.
 */
// Through automerge-repo: in the CommonJS bundles, '@automerge/automerge' would be a second Automerge, whose
// classes and functions do not work on the documents of the Repo's own (ES module) copy.
import { updateText, type AutomergeUrl } from '@automerge/automerge-repo';
import { imm, immOrNull, META_FIELDS, plain, tagKey, type AnnotationEntry, type AnnotationRecord, type ArticleEntry, type ArticleMeta, type ArticleRecord, type ShardDoc } from './documents';


function metaEntry(m: ArticleMeta): ArticleEntry['meta'] {
  const out = {} as ArticleEntry['meta'];
  for (const [field, type] of Object.entries(META_FIELDS) as [keyof ArticleMeta, string][]) {
    const v = m[field];
    out[field] = type.startsWith('string') ? immOrNull(v as string | null) : (v as number | boolean);
  }
  return out;
}

const tagSet = (names: string[]): Record<string, true> => Object.fromEntries(names.map((n) => [n, true as const]));

function annotationEntry(a: AnnotationRecord): AnnotationEntry {
  return {
    color: imm(a.color), note: a.note, exact: imm(a.exact), prefix: imm(a.prefix), suffix: imm(a.suffix), start: a.start, end: a.end,
    createdAt: imm(a.createdAt), updatedAt: imm(a.updatedAt), tags: tagSet(a.tags),
  };
}

/** The body pack holding a text, by content hash. */
export type BodyOf = (contentHash: string) => AutomergeUrl;

export function newEntry(r: ArticleRecord, bodyOf: BodyOf): ArticleEntry {
  return {
    meta: metaEntry(r.meta), body: imm(bodyOf(r.meta.contentHash)), state: imm(r.state), starred: r.starred, progress: r.progress, position: r.position,
    tags: tagSet(r.tags),
    bookmarks: Object.fromEntries(Object.entries(r.bookmarks).map(([k, b]) => [k, { block: b.block, label: imm(b.label), createdAt: imm(b.createdAt) }])),
    annotations: Object.fromEntries(Object.entries(r.annotations).map(([k, a]) => [k, annotationEntry(a)])),
    deleted: false,
    deletedWith: {},
  };
}

/** Sets `key` only when its value differs, so an unchanged field makes no operation (and no conflict). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  const current = plain(target[key]);
  const next = plain(value);
  if (current !== next) target[key] = value;
}

/**
 * Tags are compared without case, as the library compares them: a key is removed only when no
 * name wanted matches it, and added only when no key matches it — so two computers that spelled
 * one tag differently (`History`, `history`) each keep the other's key, and the tag stays.
 */
function putSet(target: Record<string, true>, names: string[]): void {
  const want = new Set(names.map(tagKey));
  for (const k of Object.keys(target)) if (!want.has(tagKey(k))) delete target[k];
  const have = new Set(Object.keys(target).map(tagKey));
  for (const n of names) if (!have.has(tagKey(n))) target[n] = true;
}

/** Makes the entry (as of the base) equal to what the library holds; null: deleted here. */
export function foldArticle(d: ShardDoc, syncId: string, local: ArticleRecord | null, bodyOf: BodyOf): void {
  const e = d.articles[syncId];
  if (!local) {
    if (!e || e.deleted) return;
    e.deleted = true;
    e.deletedWith = Object.fromEntries(Object.entries(e.annotations).map(([uuid, a]) => [uuid, imm(String(plain(a.updatedAt)))]));
    return;
  }
  if (!e) {
    d.articles[syncId] = newEntry(local, bodyOf);
    return;
  }
  if (e.deleted) e.deleted = false;
  if (plain(e.meta.contentHash) !== local.meta.contentHash) e.body = imm(bodyOf(local.meta.contentHash));
  const meta = metaEntry(local.meta);
  for (const field of Object.keys(META_FIELDS)) put(e.meta, field, meta[field as keyof ArticleMeta]);
  put(e as unknown as Record<string, unknown>, 'state', imm(local.state));
  put(e as unknown as Record<string, unknown>, 'starred', local.starred);
  put(e as unknown as Record<string, unknown>, 'progress', local.progress);
  put(e as unknown as Record<string, unknown>, 'position', local.position);
  putSet(e.tags, local.tags);
  for (const id of Object.keys(e.bookmarks)) if (!(id in local.bookmarks)) delete e.bookmarks[id];
  for (const [id, b] of Object.entries(local.bookmarks)) {
    const have = e.bookmarks[id];
    if (!have) e.bookmarks[id] = { block: b.block, label: imm(b.label), createdAt: imm(b.createdAt) };
    else {
      put(have as unknown as Record<string, unknown>, 'block', b.block);
      put(have as unknown as Record<string, unknown>, 'label', imm(b.label));
    }
  }
  for (const uuid of Object.keys(e.annotations)) if (!(uuid in local.annotations)) delete e.annotations[uuid];
  for (const [uuid, a] of Object.entries(local.annotations)) {
    const have = e.annotations[uuid];
    if (!have) {
      e.annotations[uuid] = annotationEntry(a);
      continue;
    }
    const fields = annotationEntry(a) as unknown as Record<string, unknown>;
    for (const k of ['color', 'exact', 'prefix', 'suffix', 'start', 'end', 'createdAt', 'updatedAt']) put(have as unknown as Record<string, unknown>, k, fields[k]);
    if (have.note !== a.note) updateText(d, ['articles', syncId, 'annotations', uuid, 'note'], a.note);
    putSet(have.tags, a.tags);
  }
}

const STATE_RANK = { unread: 0, read: 1, archived: 2 } as const;

/**
 * A joining library's article merged into the entry the documents already hold for it: tags,
 * bookmarks and annotations added, a star kept, the further state and position kept.
 */
export function unionArticle(d: ShardDoc, syncId: string, local: ArticleRecord, bodyOf: BodyOf): void {
  const e = d.articles[syncId];
  if (!e) {
    d.articles[syncId] = newEntry(local, bodyOf);
    return;
  }
  if (e.deleted) e.deleted = false;
  if (local.starred && !e.starred) e.starred = true;
  const state = plain(e.state) as ArticleRecord['state'];
  if (STATE_RANK[local.state] > STATE_RANK[state]) e.state = imm(local.state);
  if (local.progress > e.progress) {
    e.progress = local.progress;
    e.position = local.position;
  }
  const tags = new Set(Object.keys(e.tags).map(tagKey));
  for (const t of local.tags) if (!tags.has(tagKey(t))) e.tags[t] = true;
  for (const [id, b] of Object.entries(local.bookmarks)) if (!e.bookmarks[id]) e.bookmarks[id] = { block: b.block, label: imm(b.label), createdAt: imm(b.createdAt) };
  for (const [uuid, a] of Object.entries(local.annotations)) if (!e.annotations[uuid]) e.annotations[uuid] = annotationEntry(a);
}
