/**
 * Keeps a library's SQLite file and its Automerge documents equal (see README.md).
 *
 * A step folds the outbox (sync_pending, filled by triggers) into the documents, each shard in
 * one `changeAt` from the heads last projected, then projects what changed in the documents
 * since those heads into SQLite in one transaction, which also records the new heads and clears
 * the outbox rows it folded. The documents are flushed to the chunk table before that
 * transaction, so the heads it records are always on disk; a fold carries this computer's
 * outbox seq in the shard, so a fold that reached the documents before a crash is not applied
 * twice. Texts travel apart, in body packs: a fold puts the texts it adds into a new pack; a
 * projection lists the texts it lacks, and the step then fetches their packs one by one, writes
 * them, and drops each from memory.
 */
import { randomBytes } from 'node:crypto';
import {
  decodeHeads, isValidAutomergeUrl, parseAutomergeUrl, type AutomergeUrl, type DocHandle, type DocumentId, type Repo, type StorageId, type SyncInfo, type UrlHeads,
} from '@automerge/automerge-repo';
import type { Tx } from '../store/db';
import type { Library } from '../library/library';
import {
  checkShard, FEEDS_PENDING, imm, PACK_SCHEMA, plain, readBody, readClock, readEntry, readFeeds, readPack, readRoot, ROOT_SCHEMA, ROOT_VERSION, SCHEMA_VERSION, SHARD_KEYS,
  SHARD_SCHEMA, shardOf, SyncRefused, tagKey, type ArticleRecord, type PackDoc, type RootDoc, type ShardDoc,
} from './documents';
import { foldFeeds, readLocalFeeds, unionFeeds, writeFeeds } from './feeds';
import { closeRepo, createRepo } from './repo';
import { foldArticle, unionArticle } from './fold';
import {
  applying, deleteArticle, findDuplicate, lastPending, readArticle, readBody as readLocalBody, syncedArticleIds, wantedFrom, writeArticle, writeBody,
} from './local-articles';

const ROOT_SETTING = 'sync-root';
const DEVICE_SETTING = 'sync-device';

export interface SyncConflict {
  syncId: string;
  articleId: number | null;
  title: string;
  reason: string;
}

export interface StepReport {
  /** Articles (and the feed list) whose local edits went into the documents. */
  sent: number;
  /** Articles (and feeds) changed in the library by remote changes. */
  received: number;
  /** Shards loaded by this step (changed elsewhere, or holding local edits): the next exchange brings what they lack. */
  loaded: number;
  conflicts: SyncConflict[];
}

interface Shard {
  key: string;
  handle: DocHandle<ShardDoc>;
  /** When a step last loaded it, changed it or projected a change from it (0: only by start or join): the shards kept are the latest used. */
  used: number;
  /** When it was last loaded or changed here: automerge-repo's sync of it may still be due (see `drop`). */
  at: number;
}

/**
 * Texts a pack holds, at most: ~250 articles of ~13 KB of text and HTML make a pack of ~3 MB,
 * which one message carries; few packs keep automerge-repo's cost per document small
 * (README.md, Measured).
 */
export const PACK_SIZE = 250;
/**
 * Shards kept in memory between rounds: those of the latest changes, so another change there
 * costs steps only. The others leave memory once the server has them (a loaded shard of a
 * 10,000-article library is ~20 MB of heap, and every change made the garbage collector walk
 * all 16); the root's clock says when one must be loaded again.
 */
export const KEPT_SHARDS = 4;
/** automerge-repo's DocSynchronizer.syncDebounceRate (100 ms), with as much again for the time between asking for a document and its synchronizer starting. */
const SYNC_THROTTLE_MS = 200;

/** What a projection (or a start) records of a document: the heads the library holds, and for a shard the clock entries they hold. */
const RECORD_DOC = 'INSERT INTO sync_docs (url, heads, clock) VALUES (?, ?, ?) ON CONFLICT(url) DO UPDATE SET heads = excluded.heads, clock = excluded.clock';
/** A shard or a body pack made or changed here, until the server has acknowledged it (round.ts sends what a round left). */
const SHARD_UNSENT = 'INSERT OR IGNORE INTO sync_shards_unsent (url) VALUES (?)';
const PACK_UNSENT = 'INSERT OR IGNORE INTO sync_packs_unsent (url) VALUES (?)';

export class LibrarySync {
  /** Everything the steps of this session resolved on their own, for the round's report. */
  readonly conflicts: SyncConflict[] = [];
  private root: DocHandle<RootDoc> | null = null;
  /** The shards loaded so far: a round loads only those changed elsewhere or holding local edits. */
  private shards: Shard[] = [];
  private readonly loadListeners: ((handle: DocHandle<unknown>) => void)[] = [];
  /** Body packs made here and not yet acknowledged: they stay loaded until `release`. */
  private made: { handle: DocHandle<PackDoc>; at: number }[] = [];
  /** Packs written here, leaving memory in the background (a step does not wait for that). */
  private dropping: Promise<void>[] = [];
  /** What each peer had acknowledged of a shard when it left memory, for its handle when it loads again (see `drop`). */
  private readonly acknowledgedWhenDropped = new Map<DocumentId, { storageId: StorageId; info: SyncInfo }[]>();

  /** Body packs fetched, written and let go by this session: a peer's message about one is refused (see the constructor). */
  private readonly packsLetGo = new Set<DocumentId>();

  constructor(private readonly library: Library, private readonly repo: Repo, private readonly packSize = PACK_SIZE) {
    // automerge-repo loads any document a peer sends a message about, and keeps it: a pack written
    // and let go came back whole (all its texts) when the server's answer to this computer's last
    // message about it came after the drop, so a computer that joined came to hold most of the
    // library's text (README, Measured). Such a message is refused; a step that wants a text from
    // that pack again asks for it (`fetchBodies`), which lets it in again.
    const { announce } = repo.shareConfig;
    repo.shareConfig = { announce, access: async (_peer, id) => !(id && this.packsLetGo.has(id)) };
  }

  /** The library's root document, once it syncs. */
  get rootUrl(): AutomergeUrl | null {
    return this.library.settings.get(ROOT_SETTING) as AutomergeUrl | null;
  }

  /**
   * Starts syncing this library: the documents are made and the whole library folded in, one
   * document at a time — each body pack, then each shard — each in a Repo of its own (no network),
   * saved to the library file and let go with it, so a start holds one document, not all (at
   * 10,000 articles a shard is ~20 MB of heap and the 40 packs ~3 MB each: all at once, 437 MB).
   * Not made here and dropped: a handle dropped before automerge-repo's throttled sync of it ran
   * left that call waiting 60 s (logging, and keeping a CLI's process alive). They are listed as
   * unsent (sync_shards_unsent, sync_packs_unsent) for the link to send (`sendUnsent`). One
   * transaction at the end says the library syncs: a start cut before it leaves the library as it was.
   */
  async start(): Promise<AutomergeUrl> {
    if (this.rootUrl) throw new Error('this library already syncs; use open()');
    const db = this.library.db;
    const upTo = lastPending(db);
    this.ensureDevice();
    const ids = syncedArticleIds(db);
    // The texts first, so that each entry can name its pack.
    const { packOf, packs } = await this.packApart(ids);
    const shards: { key: string; url: AutomergeUrl; heads: UrlHeads; clock: Record<string, string> }[] = [];
    // As a projection would: an entry that reads back other than the library holds it is written as read (none is expected).
    const differing: { id: string; record: ArticleRecord; body: string }[] = [];
    for (const key of SHARD_KEYS) {
      const locals = ids.filter((id) => shardOf(id) === key).map((id) => [id, readArticle(db, id)!] as const);
      shards.push(await this.makeApart((repo) => {
        const handle = repo.create<ShardDoc>({ schema: SHARD_SCHEMA, version: SCHEMA_VERSION, articles: {}, folds: {} });
        if (locals.length === 0) return { key, url: handle.url, heads: handle.heads(), clock: {} };
        handle.change((d) => locals.forEach(([id, local]) => unionArticle(d, id, local, (hash) => packOf.get(hash)!)));
        const articles = handle.doc().articles;
        for (const [id, local] of locals) {
          const { record, body } = readEntry(id, articles[id]);
          if (!sameArticle(local, record)) differing.push({ id, record, body });
        }
        // The root's clock says this computer made the shard, as after any change it makes (`stamp`).
        return { key, url: handle.url, heads: handle.heads(), clock: { [this.device]: headsKey(handle.heads()) } };
      }));
    }
    const feeds = readLocalFeeds(db);
    // Every map the library document will hold is made here, once: two computers that each made one would keep only one's contents.
    const root = this.repo.create<RootDoc>({
      schema: ROOT_SCHEMA, version: ROOT_VERSION, shards: Object.fromEntries(shards.map((s) => [s.key, s.url])), feeds: {},
      clock: Object.fromEntries(shards.map((s) => [s.key, Object.fromEntries(Object.entries(s.clock).map(([device, heads]) => [device, imm(heads)]))])),
    });
    if (feeds.length > 0) root.change((d) => unionFeeds(d.feeds, feeds));
    this.root = root;
    await this.repo.flush([root.documentId]);
    const now = new Date().toISOString();
    applying(db, (tx) => {
      const record = tx.prepare(RECORD_DOC);
      record.run(root.url, JSON.stringify(root.heads()), null);
      writeFeeds(tx, readFeeds(root.doc() as unknown as Record<string, unknown>), now);
      for (const s of shards) record.run(s.url, JSON.stringify(s.heads), JSON.stringify(s.clock));
      for (const d of differing) writeArticle(tx, this.library.tags, d.id, d.record, d.body, now);
      // New documents, empty shards too: sent before the first round (`sendUnsent`).
      const shardUnsent = tx.prepare(SHARD_UNSENT);
      for (const s of shards) shardUnsent.run(s.url);
      const packUnsent = tx.prepare(PACK_UNSENT);
      for (const url of packs) packUnsent.run(url);
      tx.prepare('DELETE FROM sync_pending WHERE seq <= ?').run(upTo);
      tx.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(ROOT_SETTING, root.url);
    });
    return root.url;
  }

  /** The texts of these articles in new body packs of `packSize`, each made apart; which pack holds each text. */
  private async packApart(ids: string[]): Promise<{ packOf: ReadonlyMap<string, AutomergeUrl>; packs: AutomergeUrl[] }> {
    const db = this.library.db;
    const packOf = new Map<string, AutomergeUrl>();
    const packs: AutomergeUrl[] = [];
    const hashOf = db.prepare('SELECT content_hash FROM articles WHERE sync_id = ?').pluck();
    let batch = new Map<string, () => { html: string; text: string }>();
    const pack = async () => {
      if (batch.size === 0) return;
      const texts = batch;
      batch = new Map();
      const url = await this.makeApart((repo) => makePack(repo, texts).url);
      for (const hash of texts.keys()) packOf.set(hash, url);
      packs.push(url);
    };
    for (const id of ids) {
      const hash = hashOf.get(id) as string;
      if (packOf.has(hash) || batch.has(hash)) continue;
      batch.set(hash, () => readLocalBody(db, id));
      if (batch.size >= this.packSize) await pack();
    }
    await pack();
    return { packOf, packs };
  }

  /** Makes a document in a Repo of its own over the library file, with no network, saved and let go with that Repo. */
  private async makeApart<T>(make: (repo: Repo) => T): Promise<T> {
    const repo = createRepo(this.library, []);
    try {
      return make(repo);
    } finally {
      await closeRepo(repo);
      // A turn of the event loop: automerge-repo's throttled sync and save (timers, 100 ms) hold the
      // document until they ran, and a start otherwise never reaches the timers (its awaits are all settled).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Joins the library whose root is `url` (the repo must be connected to a peer that has it).
   * Articles already here are merged: the same article (canonical URL, else content) becomes one.
   */
  async join(url: string): Promise<void> {
    if (this.rootUrl) throw new Error('this library already syncs; leave first to join another');
    if (!isValidAutomergeUrl(url)) throw new SyncRefused('the library address is not an Automerge document address');
    await this.loadRoot(url);
    for (const key of SHARD_KEYS) await this.loadShard(key);
    await this.adopt();
  }

  /**
   * Loads the library document of a library that already syncs. Shards load in the steps, only
   * those that need it; the documents made here the server has not acknowledged are the link's to
   * send (round.ts, `sendUnsent`), and a peer that asks for one gets it from the library file.
   */
  async open(): Promise<void> {
    const url = this.rootUrl;
    if (!url) throw new Error('this library does not sync yet');
    await this.loadRoot(url);
  }

  /** The root, the shards, then the body packs made here since the last `release`. */
  documents(): DocHandle<unknown>[] {
    return [...this.libraryDocuments(), ...this.made.map((m) => m.handle)];
  }

  /** The root and the shards loaded: what another computer's changes arrive in. */
  libraryDocuments(): DocHandle<unknown>[] {
    return this.root ? [this.root, ...this.shards.map((s) => s.handle)] : [];
  }

  /** Calls `listener` with each shard loaded from now on (libraryDocuments grows). */
  onLoad(listener: (handle: DocHandle<unknown>) => void): void {
    this.loadListeners.push(listener);
  }

  /**
   * Call once the server has acknowledged the documents: drops the body packs made here from
   * memory (automerge-repo loads one again from storage if a peer asks for it), and the shards
   * but the KEPT_SHARDS latest used (saved first; a step loads one again when it needs it).
   */
  async release(): Promise<void> {
    this.acknowledged();
    const made = this.made;
    this.made = [];
    const sent = this.library.db.prepare('DELETE FROM sync_packs_unsent WHERE url = ?');
    for (const m of made) {
      sent.run(m.handle.url);
      await this.drop(m.handle, m.at);
    }
    const kept = [...this.shards].sort((x, y) => y.used - x.used).slice(0, KEPT_SHARDS);
    const idle = this.shards.filter((s) => !kept.includes(s));
    this.shards = this.shards.filter((s) => kept.includes(s));
    if (idle.length > 0) await this.repo.flush(idle.map((s) => s.handle.documentId));
    for (const s of idle) this.dropping.push(this.drop(s.handle, s.at, true));
    await Promise.all(this.dropping.splice(0));
  }

  private unsent(s: Shard): void {
    this.library.db.prepare(SHARD_UNSENT).run(s.handle.url);
  }

  /** The shards loaded are on the server as they are here: later rounds need not load them to send them. */
  acknowledged(): void {
    const sent = this.library.db.prepare('DELETE FROM sync_shards_unsent WHERE url = ?');
    for (const s of this.shards) sent.run(s.handle.url);
  }

  /** Whether the library holds all the documents loaded hold: each one's heads are those last projected. */
  projected(): boolean {
    return this.libraryDocuments().every((h) => {
      const base = this.baseHeads(h.url);
      return base !== null && sameHeads(base, h.heads());
    });
  }

  /** Local edits still to fold into the documents. */
  pending(): number {
    return this.library.db.prepare('SELECT count(*) FROM sync_pending').pluck().get() as number;
  }

  /** Folds the local edits in, then projects the documents' changes into the library. */
  async step(now = new Date().toISOString()): Promise<StepReport> {
    const loaded = await this.loadChanged();
    const { sent, upTo } = this.fold();
    const { written, ...report } = await this.project(false, upTo, now);
    for (const id of await this.fetchBodies()) written.add(id);
    return { ...report, sent: sent + report.sent, received: report.received + written.size, loaded };
  }

  /** This computer's name in the documents' clocks, made at its first start or join. */
  private ensureDevice(): void {
    if (!this.library.settings.get(DEVICE_SETTING)) this.library.settings.set(DEVICE_SETTING, randomBytes(8).toString('hex'));
  }

  private get device(): string {
    return this.library.settings.get(DEVICE_SETTING)!;
  }

  private async loadRoot(url: AutomergeUrl): Promise<void> {
    const root = await this.repo.find<RootDoc>(url);
    readRoot(root.doc());
    this.root = root;
  }

  /** Loading a shard materializes it (~1 s of CPU per 1,000 articles for the 16): only when needed. */
  private async loadShard(key: string): Promise<Shard> {
    const have = this.shards.find((s) => s.key === key);
    if (have) return have;
    const handle = await this.repo.find<ShardDoc>(readRoot(this.root!.doc())[key]!);
    checkShard(handle.doc());
    for (const { storageId, info } of this.acknowledgedWhenDropped.get(handle.documentId) ?? []) {
      if (!handle.getSyncInfo(storageId)) handle.setSyncInfo(storageId, info);
    }
    this.acknowledgedWhenDropped.delete(handle.documentId);
    const again = this.shards.find((s) => s.key === key);
    if (again) return again;
    const shard = { key, handle, used: 0, at: Date.now() };
    this.shards.push(shard);
    for (const listener of this.loadListeners) listener(handle);
    return shard;
  }

  /**
   * Loads the shards a step needs: those holding local edits or changed here and not yet
   * acknowledged by the server (a round cut, the app quitting), and those another computer
   * changed since this library's projection (the root's clock names a change the projection had
   * not seen). Returns how many it loaded.
   */
  private async loadChanged(): Promise<number> {
    const db = this.library.db;
    const urls = readRoot(this.root!.doc());
    const clock = readClock(this.root!.doc() as unknown as Record<string, unknown>);
    const edited = new Set((db.prepare('SELECT sync_id FROM sync_pending').pluck().all() as string[]).filter((id) => id !== FEEDS_PENDING).map(shardOf));
    const unsent = new Set(db.prepare('SELECT url FROM sync_shards_unsent').pluck().all() as string[]);
    const seen = db.prepare('SELECT clock FROM sync_docs WHERE url = ?').pluck();
    let loaded = 0;
    for (const key of SHARD_KEYS) {
      if (this.shards.some((s) => s.key === key)) continue;
      const recorded = seen.get(urls[key]) as string | null | undefined;
      const covered = recorded ? (JSON.parse(recorded) as Record<string, string>) : null;
      const changed = !covered || Object.entries(clock[key]!).some(([device, heads]) => covered[device] !== heads);
      if (!changed && !edited.has(key) && !unsent.has(urls[key]!)) continue;
      (await this.loadShard(key)).used = Date.now();
      loaded++;
    }
    return loaded;
  }

  private shard(syncId: string): Shard {
    return this.shards.find((s) => s.key === shardOf(syncId))!;
  }

  /**
   * After this computer changed a shard: the root's clock says so, for the computers that have
   * not loaded it; and the shard is loaded by every round here until the server has it. A change
   * by a step (not by start or join) makes it one of the latest used.
   */
  private stamp(s: Shard, byStep = true): void {
    s.at = Date.now();
    if (byStep) s.used = s.at;
    this.unsent(s);
    const heads = headsKey(s.handle.heads());
    this.root!.change((d) => {
      const mine = d.clock[s.key]!;
      if (plain(mine[this.device]) !== heads) mine[this.device] = imm(heads);
    });
  }

  /**
   * Brings every article of the library into the documents it joined (merged with what they
   * hold), then projects the documents whole: the end of a join, in one transaction with the
   * settings that say the library syncs.
   */
  private async adopt(): Promise<void> {
    const db = this.library.db;
    const upTo = lastPending(db);
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
    const packer = this.packer();
    for (const localId of syncedArticleIds(db)) {
      const local = readArticle(db, localId)!;
      const known = this.shard(localId).handle.doc().articles[localId];
      const same = known ? localId : index.get(local.meta.canonicalUrl ?? `#${local.meta.contentHash}`);
      const id = same ?? localId;
      if (id !== localId) rekeys.push([localId, id]);
      else if (!known) packer.add(local.meta.contentHash, () => readLocalBody(db, localId));
      const list = byShard.get(this.shard(id)) ?? [];
      list.push([id, local]);
      byShard.set(this.shard(id), list);
    }
    const packed = packer.done();
    this.ensureDevice();
    for (const [s, list] of byShard) {
      s.handle.change((d) => list.forEach(([id, local]) => unionArticle(d, id, local, (hash) => packed.get(hash)!)));
      this.stamp(s, false);
    }
    const feeds = readLocalFeeds(db);
    if (feeds.length > 0) this.root!.change((d) => unionFeeds(d.feeds, feeds));
    await this.project(true, upTo, new Date().toISOString(), (tx) => {
      const rekey = tx.prepare('UPDATE articles SET sync_id = ? WHERE sync_id = ?');
      for (const [from, to] of rekeys) rekey.run(to, from);
      tx.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(ROOT_SETTING, this.root!.url);
    });
    await this.fetchBodies();
  }

  /**
   * Collects the texts a change is about to name, into new packs of `packSize`; `done` makes
   * the last pack and says which pack holds each text. Texts are read only when their pack is
   * made, so a join or a step holds one pack's texts as plain strings at a time.
   */
  private packer(): { add: (contentHash: string, read: () => { html: string; text: string }) => void; done: () => ReadonlyMap<string, AutomergeUrl> } {
    const where = new Map<string, AutomergeUrl>();
    let batch = new Map<string, () => { html: string; text: string }>();
    const make = () => {
      if (batch.size === 0) return;
      const handle = makePack(this.repo, batch);
      this.made.push({ handle, at: Date.now() });
      for (const hash of batch.keys()) where.set(hash, handle.url);
      batch = new Map();
    };
    return {
      add: (hash, read) => {
        if (where.has(hash) || batch.has(hash)) return;
        batch.set(hash, read);
        if (batch.size >= this.packSize) make();
      },
      done: () => {
        make();
        return where;
      },
    };
  }

  /**
   * The texts projected entries still lack, pack by pack: each pack fetched (the next one
   * asked for while this one is written), its texts written in one transaction, then dropped
   * from memory. A pack not to be had now (not yet on the server) is asked for again next step.
   * Returns the articles that got their text.
   */
  private async fetchBodies(): Promise<number[]> {
    const db = this.library.db;
    const packs = db.prepare('SELECT DISTINCT pack FROM sync_bodies_wanted').pluck().all() as AutomergeUrl[];
    const find = (url: AutomergeUrl) => {
      const at = Date.now();
      this.packsLetGo.delete(parseAutomergeUrl(url).documentId);
      return this.repo.find<PackDoc>(url).then((handle) => ({ handle, at }), () => null);
    };
    const written: number[] = [];
    let next = packs.length > 0 ? find(packs[0]!) : null;
    for (let i = 0; i < packs.length; i++) {
      const found = await next;
      next = i + 1 < packs.length ? find(packs[i + 1]!) : null;
      if (!found) continue;
      const { handle, at } = found;
      // A pack the server has not received yet comes as an empty document: asked for again next step.
      if (Object.keys(handle.doc() ?? {}).length === 0) continue;
      const bodies = readPack(handle.doc());
      applying(db, (tx) => {
        for (const w of wantedFrom(tx, packs[i]!)) {
          writeBody(tx, w.articleId, readBody(bodies, w.contentHash));
          written.push(w.articleId);
        }
      });
      if (this.made.some((m) => m.handle === handle)) continue;
      this.packsLetGo.add(handle.documentId);
      this.dropping.push(this.drop(handle, at));
    }
    return written;
  }

  /**
   * automerge-repo answers a document's first change with a sync to its peers, throttled to
   * 100 ms after it began syncing the document or last changed it (SYNC_THROTTLE_MS); a document
   * dropped before that call ran leaves it waiting 60 s for a handle that never becomes ready
   * again (keeping the process alive, and logging). So the drop waits for that call first.
   *
   * A shard (`reloadable`) keeps what the server acknowledged of it: automerge-repo keeps that on
   * the handle, which goes, while the server keeps its side of the conversation on the open
   * connection. Loaded again with heads the server already has (another computer's change that
   * came while it was dropped), the new handle's first message gets no answer (Automerge sends
   * nothing to a peer at the same heads), so a round waiting for the server's acknowledgement of
   * it waited forever.
   */
  private async drop(handle: DocHandle<unknown>, syncingSince: number, reloadable = false): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, syncingSince + SYNC_THROTTLE_MS - Date.now())));
    if (reloadable) {
      const acknowledged = this.repo.peers.flatMap((peer) => {
        const storageId = this.repo.getStorageIdOfPeer(peer);
        const info = storageId && handle.getSyncInfo(storageId);
        return storageId && info ? [{ storageId, info }] : [];
      });
      this.acknowledgedWhenDropped.set(handle.documentId, acknowledged);
    }
    // removeFromCache unloads the handle, which empties its document: the Repo's save on that
    // change (a listener) wrote the empty document as a snapshot in place of the document's
    // chunks, so it could not be loaded again. Nothing is to hear of a handle being dropped.
    handle.removeAllListeners();
    await this.repo.removeFromCache(handle.documentId);
  }

  private baseHeads(url: AutomergeUrl): UrlHeads | null {
    const row = this.library.db.prepare('SELECT heads FROM sync_docs WHERE url = ?').pluck().get(url) as string | undefined;
    return row ? (JSON.parse(row) as UrlHeads) : null;
  }

  /** The outbox into the documents, as of the heads last projected. */
  private fold(): { sent: number; upTo: number } {
    const db = this.library.db;
    const queued = db.prepare('SELECT seq, sync_id AS syncId FROM sync_pending ORDER BY seq').all() as { seq: number; syncId: string }[];
    // An edit made while this step loaded shards may be in a shard not loaded: it and those after it
    // wait for the next step (the projection clears the outbox up to `upTo` only).
    const loaded = new Set(this.shards.map((s) => s.key));
    const waiting = queued.findIndex((r) => r.syncId !== FEEDS_PENDING && !loaded.has(shardOf(r.syncId)));
    const all = waiting === -1 ? queued : queued.slice(0, waiting);
    const upTo = all.at(-1)?.seq ?? 0;
    const rows = all.filter((r) => r.syncId !== FEEDS_PENDING);
    let sent = 0;
    if (rows.length < all.length) {
      const base = this.baseHeads(this.root!.url);
      if (!base) throw new Error(`the library has no record of document ${this.root!.url}`);
      const local = readLocalFeeds(db);
      // As of the list last projected, so a subscription removed here is removed, and one added elsewhere meanwhile stays.
      this.root!.changeAt(base, (d) => foldFeeds(d.feeds, local));
      sent++;
    }
    const work: { s: Shard; mine: { seq: number; syncId: string; local: ArticleRecord | null }[] }[] = [];
    const packer = this.packer();
    for (const s of this.shards) {
      const doc = s.handle.doc();
      const folded = doc.folds[this.device] ?? 0;
      const mine = rows
        .filter((r) => shardOf(r.syncId) === s.key && r.seq > folded && !isBook(this.library, r.syncId))
        .map((r) => ({ ...r, local: readArticle(db, r.syncId) }));
      // A text the documents do not hold under this article yet goes into this fold's new pack.
      for (const { syncId, local } of mine) {
        if (local && plain(doc.articles[syncId]?.meta.contentHash) !== local.meta.contentHash) packer.add(local.meta.contentHash, () => readLocalBody(db, syncId));
      }
      if (mine.length > 0) work.push({ s, mine });
    }
    const packed = packer.done();
    for (const { s, mine } of work) {
      const base = this.baseHeads(s.handle.url);
      if (!base) throw new Error(`the library has no record of document ${s.handle.url}`);
      const current = s.handle.doc();
      s.handle.changeAt(base, (d) => {
        // A text not packed here is one the documents already hold for this article (arrived after the base).
        for (const r of mine) foldArticle(d, r.syncId, r.local, (hash) => packed.get(hash) ?? (plain(current.articles[r.syncId]!.body) as AutomergeUrl));
        d.folds[this.device] = mine.at(-1)!.seq;
      });
      this.stamp(s);
      sent += mine.length;
    }
    return { sent, upTo };
  }

  /**
   * What changed in the documents since the heads last projected (everything when `whole`),
   * written into the library in one transaction; `also` runs first in it.
   */
  private async project(whole: boolean, upTo: number, now: string, also?: (tx: Tx) => void): Promise<Omit<StepReport, 'loaded'> & { written: Set<number> }> {
    // Which computers' changes each shard holds, looked at before its heads are taken: the heads projected hold at least these.
    // import(), not a static import: the Repo's own Automerge, not a second copy in the CommonJS bundles (see client.ts).
    const { hasHeads } = await import('@automerge/automerge');
    const clock = readClock(this.root!.doc() as unknown as Record<string, unknown>);
    const covered = (s: Shard) => Object.fromEntries(Object.entries(clock[s.key]!).filter(([, heads]) => hasHeads(s.handle.doc(), decodeHeads(JSON.parse(heads) as UrlHeads))));
    const at = this.shards.map((s) => ({ s, clock: JSON.stringify(covered(s)), heads: s.handle.heads() }));
    const rootHeads = this.root!.heads();
    await this.repo.flush(this.documents().map((h) => h.documentId));
    const conflicts: SyncConflict[] = [];
    const restore: string[] = [];
    const merges: { winner: string; loser: string; record: ArticleRecord; body: AutomergeUrl }[] = [];
    let deleted = 0;
    let feedsChanged = 0;
    const written = new Set<number>();
    applying(this.library.db, (tx) => {
      also?.(tx);
      const record = tx.prepare(RECORD_DOC);
      const rootBase = whole ? null : this.baseHeads(this.root!.url);
      // A subscription changed here after this step's fold is folded first: the list is projected next step.
      const feedsEditedSince = tx.prepare('SELECT 1 FROM sync_pending WHERE sync_id = ? AND seq > ?').get(FEEDS_PENDING, upTo) !== undefined;
      if (!(rootBase && sameHeads(rootBase, rootHeads)) && !feedsEditedSince) {
        const root = sameHeads(this.root!.heads(), rootHeads) ? this.root!.doc() : this.root!.view(rootHeads).doc();
        feedsChanged = writeFeeds(tx, readFeeds(root as unknown as Record<string, unknown>), now);
        record.run(this.root!.url, JSON.stringify(rootHeads), null);
      }
      for (const { s, clock: seen, heads } of at) {
        const base = whole ? null : this.baseHeads(s.handle.url);
        if (base && sameHeads(base, heads)) {
          record.run(s.handle.url, JSON.stringify(heads), seen);
          continue;
        }
        if (!whole) s.used = Date.now();
        // The document as of `heads`; materializing a view of a large shard is costly, so only when changes arrived during the flush.
        const view = sameHeads(s.handle.heads(), heads) ? s.handle.doc() : s.handle.view(heads).doc();
        const patches = base ? s.handle.diff(base, heads) : null;
        const ids = patches ? touched(patches) : Object.keys(view.articles);
        const undeleted = patches ? restored(patches) : new Set<string>();
        for (const id of ids) {
          const raw = view.articles[id];
          if (raw === undefined) continue;
          const { record, body, deleted: isDeleted, deletedWith } = readEntry(id, raw);
          const local = readArticle(this.library.db, id);
          if (isDeleted) {
            const added = Object.entries(record.annotations).filter(([uuid, a]) => deletedWith[uuid] !== a.updatedAt).length;
            if (added === 0) {
              if (deleteArticle(tx, id)) deleted++;
              continue;
            }
            restore.push(id);
            conflicts.push({ syncId: id, articleId: local?.id ?? null, title: record.meta.title, reason: `deleted on one computer while annotated on another: kept, with ${added} annotation${added === 1 ? '' : 's'} made or changed meanwhile` });
          }
          // Deleted here and restored by another computer (annotated there meanwhile): it comes back, saying why.
          if (!local && undeleted.has(id)) {
            conflicts.push({ syncId: id, articleId: null, title: record.meta.title, reason: 'deleted on one computer while annotated on another: kept, with the annotations made or changed meanwhile' });
          }
          if (local && sameArticle(local, record)) continue;
          const duplicate = local ? null : findDuplicate(this.library.db, record);
          if (duplicate) {
            // The same page saved on two computers: the smaller sync id wins on both, the other
            // entry is merged into it and deleted.
            const keepLocal = duplicate.syncId < id;
            const winner = keepLocal ? duplicate.syncId : id;
            const loser = keepLocal ? id : duplicate.syncId;
            merges.push({ winner, loser, record: keepLocal ? record : readArticle(this.library.db, duplicate.syncId)!, body });
            if (keepLocal) continue;
            tx.prepare('UPDATE articles SET sync_id = ? WHERE sync_id = ?').run(id, duplicate.syncId);
          }
          const articleId = writeArticle(tx, this.library.tags, id, record, body, now);
          written.add(articleId);
          const c = conflicts.find((x) => x.syncId === id);
          if (c) c.articleId = articleId;
        }
        record.run(s.handle.url, JSON.stringify(heads), seen);
      }
      tx.prepare('DELETE FROM sync_pending WHERE seq <= ?').run(upTo);
      // The packs the entries now name: sent again by every round until the server has them.
      const unsent = tx.prepare(PACK_UNSENT);
      for (const m of this.made) unsent.run(m.handle.url);
      const noted = tx.prepare('INSERT INTO sync_conflicts (sync_id, article_id, reason, at) VALUES (?, ?, ?, ?)');
      for (const c of conflicts) noted.run(c.syncId, c.articleId, c.reason, now);
    });
    // Both computers may restore the same article: setting the same values twice merges to one.
    for (const id of restore) {
      const s = this.shard(id);
      s.handle.change((d) => {
        const e = d.articles[id]!;
        e.deleted = false;
        e.deletedWith = {};
      });
      this.stamp(s);
    }
    for (const m of merges) {
      // The winner's entry is there (folded here, or the peer's): its text stays where it is.
      const winner = await this.loadShard(shardOf(m.winner));
      winner.handle.change((d) => unionArticle(d, m.winner, m.record, () => m.body));
      this.stamp(winner);
      const loser = await this.loadShard(shardOf(m.loser));
      loser.handle.change((d) => foldArticle(d, m.loser, null, () => m.body));
      this.stamp(loser);
    }
    this.conflicts.push(...conflicts);
    return { sent: restore.length + merges.length, received: deleted + feedsChanged, written, conflicts };
  }
}

/** A body pack of these texts, each read as it goes in (a pack never changes after). */
function makePack(repo: Repo, texts: ReadonlyMap<string, () => { html: string; text: string }>): DocHandle<PackDoc> {
  const bodies: PackDoc['bodies'] = {};
  for (const [hash, read] of texts) {
    const { html, text } = read();
    bodies[hash] = { html: imm(html), text: imm(text) };
  }
  return repo.create<PackDoc>({ schema: PACK_SCHEMA, version: SCHEMA_VERSION, bodies });
}

function isBook(library: Library, syncId: string): boolean {
  return library.db.prepare(`SELECT 1 FROM articles WHERE sync_id = ? AND kind != 'article'`).get(syncId) !== undefined;
}

const sameHeads = (x: UrlHeads, y: UrlHeads) => x.length === y.length && [...x].sort().join() === [...y].sort().join();
/** Heads as the root's clock holds them: one spelling for one set. */
const headsKey = (heads: UrlHeads) => JSON.stringify([...heads].sort());

/** The articles a diff touches: its patches' paths start at articles/<syncId>. */
function touched(patches: { path: (string | number)[] }[]): string[] {
  const ids = new Set<string>();
  for (const p of patches) if (p.path[0] === 'articles' && typeof p.path[1] === 'string') ids.add(p.path[1]);
  return [...ids];
}

/** The articles a diff brings back from deleted: its patches put `false` at articles/<syncId>/deleted. */
function restored(patches: { path: (string | number)[]; action: string }[]): Set<string> {
  const ids = new Set<string>();
  for (const p of patches) {
    if (p.action === 'put' && p.path.length === 3 && p.path[0] === 'articles' && p.path[2] === 'deleted' && (p as { value?: unknown }).value === false) ids.add(String(p.path[1]));
  }
  return ids;
}

function canonical(r: ArticleRecord): unknown {
  const sorted = (tags: string[]) => tags.map(tagKey).sort();
  return {
    meta: r.meta, state: r.state, starred: r.starred, progress: r.progress, position: r.position,
    tags: sorted(r.tags),
    annotations: Object.fromEntries(Object.entries(r.annotations).sort(([a], [b]) => a.localeCompare(b)).map(([k, a]) => [k, { ...a, tags: sorted(a.tags) }])),
    bookmarks: Object.fromEntries(Object.entries(r.bookmarks).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function sameArticle(local: ArticleRecord, record: ArticleRecord): boolean {
  return JSON.stringify(canonical(local)) === JSON.stringify(canonical(record));
}
