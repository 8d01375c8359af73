/**
 * Keeps a library's SQLite file and its Automerge documents equal (see README.md).
 *
 * A step folds the outbox (sync_pending, filled by triggers) into the documents, each shard in
 * one `changeAt` from the heads last projected, then projects what changed in the documents
 * since those heads into SQLite in one transaction, which also records the new heads and clears
 * the outbox rows it folded. The documents are flushed to the chunk table before that
 * transaction, so the heads it records are always on disk; a fold carries this computer's
 * outbox seq in the shard, so a fold that reached the documents before a crash is not applied
 * twice.
 */
import { randomBytes } from 'node:crypto';
import { isValidAutomergeUrl, type AutomergeUrl, type DocHandle, type Repo, type UrlHeads } from '@automerge/automerge-repo';
import { transaction, type Tx } from '../store/db';
import type { Library } from '../library/library';
import {
  checkShard, readEntry, readRoot, ROOT_SCHEMA, SCHEMA_VERSION, SHARD_KEYS, SHARD_SCHEMA, shardOf, SyncRefused,
  type ArticleRecord, type RootDoc, type ShardDoc,
} from './documents';
import { foldArticle, unionArticle } from './fold';
import { deleteArticle, findDuplicate, readArticle, syncedArticleIds, writeArticle } from './local-articles';

const ROOT_SETTING = 'sync-root';
const DEVICE_SETTING = 'sync-device';

export interface SyncConflict {
  syncId: string;
  articleId: number | null;
  title: string;
  reason: string;
}

export interface StepReport {
  /** Articles whose local edits went into the documents. */
  sent: number;
  /** Articles changed in the library by remote changes. */
  received: number;
  conflicts: SyncConflict[];
}

interface Shard {
  key: string;
  handle: DocHandle<ShardDoc>;
}

export class LibrarySync {
  /** Everything the steps of this session resolved on their own, for the round's report. */
  readonly conflicts: SyncConflict[] = [];
  private root: DocHandle<RootDoc> | null = null;
  private shards: Shard[] = [];

  constructor(private readonly library: Library, private readonly repo: Repo) {}

  /** The library's root document, once it syncs. */
  get rootUrl(): AutomergeUrl | null {
    return this.library.settings.get(ROOT_SETTING) as AutomergeUrl | null;
  }

  /** Starts syncing this library: the documents are made and the whole library folded in. */
  async start(): Promise<AutomergeUrl> {
    if (this.rootUrl) throw new Error('this library already syncs; use open()');
    this.shards = SHARD_KEYS.map((key) => ({ key, handle: this.repo.create<ShardDoc>({ schema: SHARD_SCHEMA, version: SCHEMA_VERSION, articles: {}, folds: {} }) }));
    this.root = this.repo.create<RootDoc>({ schema: ROOT_SCHEMA, version: SCHEMA_VERSION, shards: Object.fromEntries(this.shards.map((s) => [s.key, s.handle.url])) });
    await this.adopt();
    return this.root.url;
  }

  /**
   * Joins the library whose root is `url` (the repo must be connected to a peer that has it).
   * Articles already here are merged: the same article (canonical URL, else content) becomes one.
   */
  async join(url: string): Promise<void> {
    if (this.rootUrl) throw new Error('this library already syncs; leave first to join another');
    if (!isValidAutomergeUrl(url)) throw new SyncRefused('the library address is not an Automerge document address');
    await this.load(url);
    await this.adopt();
  }

  /** Loads the documents of a library that already syncs. */
  async open(): Promise<void> {
    const url = this.rootUrl;
    if (!url) throw new Error('this library does not sync yet');
    await this.load(url);
  }

  documents(): DocHandle<unknown>[] {
    return this.root ? [this.root, ...this.shards.map((s) => s.handle)] : [];
  }

  /** Local edits still to fold into the documents. */
  pending(): number {
    return this.library.db.prepare('SELECT count(*) FROM sync_pending').pluck().get() as number;
  }

  /** Folds the local edits in, then projects the documents' changes into the library. */
  async step(now = new Date().toISOString()): Promise<StepReport> {
    const { sent, upTo } = this.fold();
    const report = await this.project(false, upTo, now);
    return { ...report, sent: sent + report.sent };
  }

  private get device(): string {
    return this.library.settings.get(DEVICE_SETTING)!;
  }

  private async load(url: AutomergeUrl): Promise<void> {
    const root = await this.repo.find<RootDoc>(url);
    const urls = readRoot(root.doc());
    const shards = await Promise.all(SHARD_KEYS.map(async (key) => ({ key, handle: await this.repo.find<ShardDoc>(urls[key]!) })));
    for (const s of shards) checkShard(s.handle.doc());
    this.root = root;
    this.shards = shards;
  }

  private shard(syncId: string): Shard {
    return this.shards.find((s) => s.key === shardOf(syncId))!;
  }

  /**
   * Brings every article of the library into the documents (merged with what they hold), then
   * projects the documents whole: the end of start and join, in one transaction with the
   * settings that say the library syncs.
   */
  private async adopt(): Promise<void> {
    const db = this.library.db;
    const upTo = (db.prepare('SELECT max(seq) FROM sync_pending').pluck().get() as number | null) ?? 0;
    const index = new Map<string, string>();
    for (const s of this.shards) {
      for (const [id, e] of Object.entries(s.handle.doc().articles)) {
        if (e.deleted) continue;
        const { record } = readEntry(id, e);
        index.set(record.meta.canonicalUrl ?? `#${record.meta.contentHash}`, id);
      }
    }
    const rekeys: [string, string][] = [];
    const byShard = new Map<Shard, [string, ArticleRecord][]>();
    for (const localId of syncedArticleIds(db)) {
      const local = readArticle(db, localId)!;
      const known = this.shard(localId).handle.doc().articles[localId];
      const same = known ? localId : index.get(local.meta.canonicalUrl ?? `#${local.meta.contentHash}`);
      const id = same ?? localId;
      if (id !== localId) rekeys.push([localId, id]);
      const list = byShard.get(this.shard(id)) ?? [];
      list.push([id, local]);
      byShard.set(this.shard(id), list);
    }
    for (const [s, list] of byShard) s.handle.change((d) => list.forEach(([id, local]) => unionArticle(d, id, local)));
    if (!this.library.settings.get(DEVICE_SETTING)) this.library.settings.set(DEVICE_SETTING, randomBytes(8).toString('hex'));
    await this.project(true, upTo, new Date().toISOString(), (tx) => {
      const rekey = tx.prepare('UPDATE articles SET sync_id = ? WHERE sync_id = ?');
      for (const [from, to] of rekeys) rekey.run(to, from);
      tx.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(ROOT_SETTING, this.root!.url);
    });
  }

  private baseHeads(url: AutomergeUrl): UrlHeads | null {
    const row = this.library.db.prepare('SELECT heads FROM sync_docs WHERE url = ?').pluck().get(url) as string | undefined;
    return row ? (JSON.parse(row) as UrlHeads) : null;
  }

  /** The outbox into the documents, as of the heads last projected. */
  private fold(): { sent: number; upTo: number } {
    const db = this.library.db;
    const rows = db.prepare('SELECT seq, sync_id AS syncId FROM sync_pending ORDER BY seq').all() as { seq: number; syncId: string }[];
    const upTo = rows.at(-1)?.seq ?? 0;
    let sent = 0;
    for (const s of this.shards) {
      const folded = s.handle.doc().folds[this.device] ?? 0;
      const mine = rows.filter((r) => shardOf(r.syncId) === s.key && r.seq > folded && !isBook(this.library, r.syncId));
      if (mine.length === 0) continue;
      const base = this.baseHeads(s.handle.url);
      if (!base) throw new Error(`the library has no record of document ${s.handle.url}`);
      s.handle.changeAt(base, (d) => {
        for (const r of mine) foldArticle(d, r.syncId, readArticle(db, r.syncId));
        d.folds[this.device] = mine.at(-1)!.seq;
      });
      sent += mine.length;
    }
    return { sent, upTo };
  }

  /**
   * What changed in the documents since the heads last projected (everything when `whole`),
   * written into the library in one transaction; `also` runs first in it.
   */
  private async project(whole: boolean, upTo: number, now: string, also?: (tx: Tx) => void): Promise<StepReport> {
    const at = this.shards.map((s) => ({ s, heads: s.handle.heads() }));
    await this.repo.flush(this.documents().map((h) => h.documentId));
    const conflicts: SyncConflict[] = [];
    const restore: string[] = [];
    const merges: { winner: string; loser: string; record: ArticleRecord }[] = [];
    let received = 0;
    transaction(this.library.db, (tx) => {
      tx.prepare('INSERT INTO sync_guard (applying) VALUES (1)').run();
      also?.(tx);
      for (const { s, heads } of at) {
        const base = whole ? null : this.baseHeads(s.handle.url);
        if (base && sameHeads(base, heads)) continue;
        // The document as of `heads`; materializing a view of a large shard is costly, so only when changes arrived during the flush.
        const view = sameHeads(s.handle.heads(), heads) ? s.handle.doc() : s.handle.view(heads).doc();
        const ids = base ? touched(s.handle.diff(base, heads)) : Object.keys(view.articles);
        for (const id of ids) {
          const raw = view.articles[id];
          if (raw === undefined) continue;
          const { record, deleted, deletedWith } = readEntry(id, raw);
          const local = readArticle(this.library.db, id);
          if (deleted) {
            const added = Object.entries(record.annotations).filter(([uuid, a]) => deletedWith[uuid] !== a.updatedAt).length;
            if (added === 0) {
              if (deleteArticle(tx, id)) received++;
              continue;
            }
            restore.push(id);
            conflicts.push({ syncId: id, articleId: null, title: record.meta.title, reason: `deleted on one computer while annotated on another: kept, with ${added} annotation${added === 1 ? '' : 's'} made or changed meanwhile` });
          }
          if (local && sameArticle(local, record)) continue;
          const duplicate = local ? null : findDuplicate(this.library.db, record);
          if (duplicate) {
            // The same page saved on two computers: the smaller sync id wins on both, the other
            // entry is merged into it and deleted.
            const keepLocal = duplicate.syncId < id;
            const winner = keepLocal ? duplicate.syncId : id;
            const loser = keepLocal ? id : duplicate.syncId;
            merges.push({ winner, loser, record: keepLocal ? record : readArticle(this.library.db, duplicate.syncId)! });
            if (keepLocal) continue;
            tx.prepare('UPDATE articles SET sync_id = ? WHERE sync_id = ?').run(id, duplicate.syncId);
          }
          const articleId = writeArticle(tx, this.library.tags, id, record, now);
          received++;
          const c = conflicts.find((x) => x.syncId === id);
          if (c) c.articleId = articleId;
        }
        tx.prepare('INSERT INTO sync_docs (url, heads) VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET heads = excluded.heads').run(s.handle.url, JSON.stringify(heads));
      }
      tx.prepare('DELETE FROM sync_pending WHERE seq <= ?').run(upTo);
      const record = tx.prepare('INSERT INTO sync_conflicts (sync_id, article_id, reason, at) VALUES (?, ?, ?, ?)');
      for (const c of conflicts) record.run(c.syncId, c.articleId, c.reason, now);
      tx.prepare('DELETE FROM sync_guard').run();
    });
    // Both computers may restore the same article: setting the same values twice merges to one.
    for (const id of restore) {
      this.shard(id).handle.change((d) => {
        const e = d.articles[id]!;
        e.deleted = false;
        e.deletedWith = {};
      });
    }
    for (const m of merges) {
      this.shard(m.winner).handle.change((d) => unionArticle(d, m.winner, m.record));
      this.shard(m.loser).handle.change((d) => foldArticle(d, m.loser, null));
    }
    this.conflicts.push(...conflicts);
    return { sent: restore.length + merges.length, received, conflicts };
  }
}

function isBook(library: Library, syncId: string): boolean {
  return library.db.prepare(`SELECT 1 FROM articles WHERE sync_id = ? AND kind != 'article'`).get(syncId) !== undefined;
}

const sameHeads = (x: UrlHeads, y: UrlHeads) => x.length === y.length && [...x].sort().join() === [...y].sort().join();

/** The articles a diff touches: its patches' paths start at articles/<syncId>. */
function touched(patches: { path: (string | number)[] }[]): string[] {
  const ids = new Set<string>();
  for (const p of patches) if (p.path[0] === 'articles' && typeof p.path[1] === 'string') ids.add(p.path[1]);
  return [...ids];
}

function canonical(r: ArticleRecord): unknown {
  const sorted = (tags: string[]) => [...tags].sort();
  return {
    meta: r.meta, html: r.html, text: r.text, state: r.state, starred: r.starred, progress: r.progress, position: r.position,
    tags: sorted(r.tags),
    annotations: Object.fromEntries(Object.entries(r.annotations).sort(([a], [b]) => a.localeCompare(b)).map(([k, a]) => [k, { ...a, tags: sorted(a.tags) }])),
    bookmarks: Object.fromEntries(Object.entries(r.bookmarks).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function sameArticle(local: ArticleRecord, record: ArticleRecord): boolean {
  return JSON.stringify(canonical(local)) === JSON.stringify(canonical(record));
}
