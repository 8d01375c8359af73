/**
 * One sync round, "until quiet": connect, let automerge-repo exchange, and stop when the server
 * has acknowledged exactly the heads this computer holds for every document — the remote heads
 * automerge-repo records from the server's sync state (`handle.getSyncInfo(serverStorageId)`).
 * Equal heads mean equal documents, in both directions at once: nothing left to send, nothing
 * left to receive. Any failure (refused, cut, malformed, too slow) ends the round with a reason;
 * what was not acknowledged stays queued for the next round.
 */
import { Repo, type AutomergeUrl, type DocHandle, type StorageId } from '@automerge/automerge-repo';
import type { Library } from '../library/library';
import { TokenWebSocketClientAdapter } from './client';
import { SyncRefused } from './documents';
import { LibrarySync, type SyncConflict } from './library-sync';
import { closeRepo, createRepo } from './repo';
import { tolerateSlowDocuments } from './slow-documents';
import { encodeSyncCode, type SyncCode } from './sync-code';

export class SyncRoundError extends Error {}

/** What a step did: a step that loaded documents is followed by another, once they are exchanged. */
export interface StepCounts {
  sent: number;
  received: number;
  loaded?: number;
}

/** The engine a round drives (LibrarySync): fold local edits and project remote ones, then report. */
export interface RoundEngine<Step extends StepCounts> {
  step(): Promise<Step>;
  documents(): DocHandle<unknown>[];
  /** After each quiet exchange: what the server has acknowledged may leave memory. */
  release?(): Promise<void>;
}

export interface RoundOptions {
  /** The whole round, connection included. */
  timeoutMs: number;
  /** Runs once the server has answered, before the first step (start, join or open the documents). */
  begin?: () => Promise<unknown>;
}

const sameHeads = (a: readonly string[], b: readonly string[] | undefined) =>
  b !== undefined && a.length === b.length && a.every((h) => b.includes(h));

export type Deadline = { at: number; seconds: number };
export const deadlineIn = (ms: number): Deadline => ({ at: Date.now() + ms, seconds: Math.round(ms / 1000) });

/** Resolves with what the round's work resolved, or rejects with the first of: the connection's failure, the deadline. */
function guarded<T>(work: Promise<T>, adapter: TokenWebSocketClientAdapter, deadline: Deadline): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SyncRoundError(`the sync did not finish within ${deadline.seconds} s; what was not acknowledged goes next time`)),
      Math.max(0, deadline.at - Date.now()),
    );
  });
  const cut = adapter.closed.then((reason) => {
    throw new SyncRoundError(reason);
  });
  return Promise.race([work, timeout, cut]).finally(() => clearTimeout(timer));
}

/** Waits for the server's hello; its storage id is what the server acknowledges heads under. */
export async function serverStorageId(repo: Repo, adapter: TokenWebSocketClientAdapter): Promise<StorageId> {
  await adapter.whenReady();
  if (adapter.failure) throw new SyncRoundError(adapter.failure);
  const peer = adapter.remotePeerId;
  if (!peer) throw new SyncRoundError('the server did not answer the handshake');
  // The Repo records the peer's metadata when the network subsystem announces it, a tick later.
  for (let i = 0; i < 100 && !repo.peers.includes(peer); i++) await new Promise((r) => setTimeout(r, 10));
  const storageId = repo.getStorageIdOfPeer(peer);
  if (!storageId) throw new SyncRoundError('the server keeps no storage (it is not a sync server), so nothing would be kept');
  return storageId;
}

/** Until the server's acknowledged heads equal ours for every handle. */
export function waitQuiet(handles: DocHandle<unknown>[], storageId: StorageId): Promise<void> {
  const listeners = new Map<DocHandle<unknown>, () => void>();
  return new Promise<void>((resolve) => {
    const settle = (handle: DocHandle<unknown>) => {
      if (!listeners.has(handle) || !sameHeads(handle.heads(), handle.getSyncInfo(storageId)?.lastHeads)) return;
      handle.off('remote-heads', listeners.get(handle));
      handle.off('heads-changed', listeners.get(handle));
      listeners.delete(handle);
      if (listeners.size === 0) resolve();
    };
    for (const handle of new Set(handles)) {
      const listener = () => settle(handle);
      listeners.set(handle, listener);
      handle.on('remote-heads', listener);
      handle.on('heads-changed', listener);
    }
    if (listeners.size === 0) resolve();
    for (const handle of [...listeners.keys()]) settle(handle);
  }).finally(() => {
    for (const [handle, listener] of listeners) {
      handle.off('remote-heads', listener);
      handle.off('heads-changed', listener);
    }
  });
}

/**
 * Steps the engine until a step after a quiet exchange has nothing left: local edits folded and
 * acknowledged, remote changes projected. Sums what the steps sent and received.
 */
export async function runRound<Step extends StepCounts>(
  engine: RoundEngine<Step>,
  repo: Repo,
  adapter: TokenWebSocketClientAdapter,
  options: RoundOptions,
): Promise<{ sent: number; received: number; steps: Step[] }> {
  const deadline = deadlineIn(options.timeoutMs);
  const storageId = await guarded(serverStorageId(repo, adapter), adapter, deadline);
  if (options.begin) await guarded(options.begin(), adapter, deadline);
  return stepUntilQuiet(engine, storageId, adapter, deadline);
}

async function stepUntilQuiet<Step extends StepCounts>(
  engine: RoundEngine<Step>,
  storageId: StorageId,
  adapter: TokenWebSocketClientAdapter,
  deadline: Deadline,
): Promise<{ sent: number; received: number; steps: Step[] }> {
  const steps: Step[] = [];
  for (;;) {
    const step = await guarded(engine.step(), adapter, deadline);
    steps.push(step);
    await guarded(waitQuiet(engine.documents(), storageId), adapter, deadline);
    await engine.release?.();
    if (step.sent + step.received + (step.loaded ?? 0) === 0 && steps.length > 1) break;
  }
  return { sent: steps.reduce((n, s) => n + s.sent, 0), received: steps.reduce((n, s) => n + s.received, 0), steps };
}

/** Documents a batch of `sendUnsent` sends: four shards of a 10,000-article library are ~80 MB of heap. */
const UNSENT_BATCH = 4;

/**
 * Sends the documents made here that the server has not acknowledged — a start's shards and
 * body packs, or those of a round cut before the server had them (sync_shards_unsent,
 * sync_packs_unsent) — a few at a time, each batch from a Repo and connection of its own, closed
 * once the server has acknowledged the batch. Not from the link's Repo: automerge-repo loads
 * again, and keeps in its cache, every document a peer sends a message about, and the server's
 * last answers about a document come after the acknowledgement, so documents sent and let go came
 * back into the link's Repo (a start at 10,000 articles held 423 MB again in its first round). A
 * Repo closed after its batch takes them with it.
 */
async function sendUnsent(library: Library, connection: { server: string; token: string }, deadline: Deadline): Promise<void> {
  const db = library.db;
  const urls = db.prepare('SELECT url FROM sync_shards_unsent UNION ALL SELECT url FROM sync_packs_unsent').pluck().all() as AutomergeUrl[];
  const sent = [db.prepare('DELETE FROM sync_shards_unsent WHERE url = ?'), db.prepare('DELETE FROM sync_packs_unsent WHERE url = ?')];
  for (let i = 0; i < urls.length; i += UNSENT_BATCH) {
    const batch = urls.slice(i, i + UNSENT_BATCH);
    const adapter = new TokenWebSocketClientAdapter(connection.server, connection.token);
    const repo = createRepo(library, [adapter]);
    try {
      const storageId = await guarded(serverStorageId(repo, adapter), adapter, deadline);
      const handles = await guarded(Promise.all(batch.map((url) => repo.find(url))), adapter, deadline);
      await guarded(waitQuiet(handles, storageId), adapter, deadline);
      for (const url of batch) for (const s of sent) s.run(url);
    } finally {
      await closeRepo(repo);
    }
  }
}

// The connection is kept in the library's settings, beside the root the engine keeps there; the
// token and the code built from it are never logged, and printed only once (CODE_SHOWN).
const SERVER = 'sync-server';
const TOKEN = 'sync-token';
const CODE_SHOWN = 'sync-code-shown';
const LAST_SYNCED = 'sync-last-synced';
const LAST_ERROR = 'sync-last-error';

/** How a round begins: this library starts syncing through a server, joins another's by its code, or goes on. */
export type RoundStart = { start: { server: string; token: string } } | { join: SyncCode } | 'resume';

export interface LibraryRoundReport {
  /** The sync code, on the first round that succeeds after this library started syncing (and never again). */
  code?: string;
  sent: number;
  received: number;
  conflicts: SyncConflict[];
}

export interface SyncStatus {
  syncing: boolean;
  server: string | null;
  /** Local edits waiting for the next round. */
  pending: number;
  lastSynced: string | null;
  lastError: string | null;
}

/**
 * One round for a library, as the CLI runs it: connect with the kept (or given) server and token,
 * start, join or open the documents, step until quiet, flush, disconnect. A failure is thrown
 * with its reason and remembered for `sync status`; local edits stay queued for the next round.
 */
export async function syncLibrary(library: Library, how: RoundStart, options: { timeoutMs: number }): Promise<LibraryRoundReport> {
  const deadline = deadlineIn(options.timeoutMs);
  try {
    const link = await SyncLink.open(library, how, deadline);
    try {
      return await link.round(deadline, { showCode: true });
    } finally {
      await link.close();
    }
  } catch (err) {
    // A start that got as far as making the documents: the code is kept for the next round that succeeds.
    if (err instanceof SyncRoundError && how !== 'resume' && 'start' in how && library.settings.get('sync-root') && !library.settings.get(CODE_SHOWN)) {
      throw new SyncRoundError(`${err.message}; this library syncs now: the next \`sync\` that succeeds prints its code`);
    }
    throw err;
  }
}

/**
 * A library's open connection to its server: the socket, and the Repo with the root and the
 * shards loaded so far (a step loads those that moved). The app keeps one between rounds, so a
 * round costs steps only (loading the shards of a large library costs seconds; a step with
 * nothing to do, milliseconds), and a change another computer makes arrives by itself
 * (`onRemoteChange`).
 */
export class SyncLink {
  private stepping = false;
  /** The listener to call once the round ends: a document moved while it ran. */
  private movedDuringRound: (() => void) | null = null;
  private readonly unlisten: (() => void)[] = [];
  /** The engine's call under way (a step, a release): `close` lets it end before the documents are saved. */
  private working: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly library: Library,
    private readonly sync: LibrarySync,
    private readonly repo: Repo,
    private readonly adapter: TokenWebSocketClientAdapter,
    private readonly storageId: StorageId,
    private readonly connection: { server: string; token: string },
  ) {}

  /** Connects, then starts, joins or opens the documents. A failure closes what was opened. */
  static async open(library: Library, how: RoundStart, deadline: Deadline): Promise<SyncLink> {
    tolerateSlowDocuments();
    const settings = library.settings;
    const saved = { server: settings.get(SERVER), token: settings.get(TOKEN) };
    const { server, token } = how === 'resume' ? saved : 'start' in how ? how.start : how.join;
    const adapter = new TokenWebSocketClientAdapter(server ?? 'ws://unset.invalid', token ?? '');
    // A start folds the whole library into new documents before it connects: connected, the Repo
    // would announce each document as it is made, and the server waits only 60 s for a document
    // announced to it (then fails, on a loaded machine or at 10,000 articles); they are then sent
    // a few at a time (`sendUnsent`). The server is probed first, so a wrong address or token
    // still leaves the library as it was.
    const starting = how !== 'resume' && 'start' in how;
    const repo = createRepo(library, starting ? [] : [adapter]);
    const sync = new LibrarySync(library, repo);
    try {
      if (how === 'resume' && !sync.rootUrl) {
        throw new SyncRoundError('this library does not sync yet: `sync --server ws://HOST:PORT --token-file F` starts, `sync --join CODE` joins another');
      }
      if (how !== 'resume' && sync.rootUrl) throw new SyncRoundError(`this library already syncs through ${saved.server}; \`sync\` alone runs a round`);
      if (!server || !token) throw new SyncRoundError('the sync settings of this library are incomplete (no server or token); join again with the sync code');
      if (starting) {
        await remembered(library, probe(server, token, deadline));
        settings.set(SERVER, server);
        settings.set(TOKEN, token);
        await sync.start();
        await remembered(library, sendUnsent(library, { server, token }, deadline));
        repo.networkSubsystem.addNetworkAdapter(adapter);
      }
      const storageId = await remembered(library, guarded(serverStorageId(repo, adapter), adapter, deadline));
      const begin = async () => {
        if (how === 'resume') {
          await sendUnsent(library, { server, token }, deadline);
          return sync.open();
        }
        if ('start' in how) return;
        // Kept before the engine marks the library as syncing, so a library that syncs always knows its server.
        settings.set(SERVER, server);
        settings.set(TOKEN, token);
        settings.set(CODE_SHOWN, new Date().toISOString()); // the joiner already holds the code
        return sync.join(how.join.root);
      };
      await remembered(library, guarded(begin(), adapter, deadline));
      return new SyncLink(library, sync, repo, adapter, storageId, { server, token });
    } catch (err) {
      await closeRepo(repo);
      throw err;
    }
  }

  /** False once the connection is gone (the next round opens another). */
  get alive(): boolean {
    return this.adapter.failure === null && this.repo.peers.length > 0;
  }

  /**
   * Steps until quiet. The sync code is made on the first round that succeeds after this
   * library started syncing, and only for a caller that shows it (`showCode`): a round in the
   * background keeps it for the next one that does.
   */
  async round(deadline: Deadline, { showCode, onReceived }: { showCode: boolean; onReceived?: () => void }): Promise<LibraryRoundReport> {
    const settings = this.library.settings;
    const seen = this.sync.conflicts.length;
    this.stepping = true;
    try {
      const engine = {
        // What a step wrote is in the library at once: told then, not at the end of the round (which waits for the server).
        step: () => this.track(this.sync.step()).then((step) => {
          if (step.received > 0) onReceived?.();
          return step;
        }),
        documents: () => this.sync.documents(),
        release: () => this.track(this.sync.release()),
      };
      const { sent, received } = await remembered(this.library, stepUntilQuiet(engine, this.storageId, this.adapter, deadline));
      const now = new Date().toISOString();
      settings.set(LAST_SYNCED, now);
      this.library.db.prepare('DELETE FROM settings WHERE key = ?').run(LAST_ERROR);
      let code: string | undefined;
      if (showCode && !settings.get(CODE_SHOWN)) {
        code = encodeSyncCode({ ...this.connection, root: this.sync.rootUrl! });
        settings.set(CODE_SHOWN, now);
      }
      return { ...(code ? { code } : {}), sent, received, conflicts: this.sync.conflicts.slice(seen) };
    } finally {
      this.stepping = false;
      // A change that came after the round's last step is not in the library yet. The round's own
      // changes move the documents too, but its last step projected them: no round for those.
      const moved = this.movedDuringRound;
      this.movedDuringRound = null;
      if (moved && !this.sync.projected()) moved();
    }
  }

  /** Calls `listener` when a peer's change moves a document this link holds (not during a round: the round projects it). */
  onRemoteChange(listener: () => void): void {
    const changed = () => {
      if (!this.stepping) listener();
      else this.movedDuringRound = listener;
    };
    for (const handle of this.sync.libraryDocuments()) handle.on('heads-changed', changed);
    this.sync.onLoad((handle) => handle.on('heads-changed', changed));
    this.unlisten.push(() => this.sync.libraryDocuments().forEach((h) => h.off('heads-changed', changed)));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.working = work.catch(() => undefined);
    return work;
  }

  /**
   * Disconnects, which ends a round under way at its next wait (what it had not folded and
   * projected stays queued); the step it was in finishes first; then the documents are saved.
   */
  async close(): Promise<void> {
    for (const unlisten of this.unlisten.splice(0)) unlisten();
    this.adapter.disconnect();
    await this.working;
    await closeRepo(this.repo);
  }
}

/** Whether the server answers as a sync server with this token: a connection of its own, with no documents. */
async function probe(server: string, token: string, deadline: Deadline): Promise<void> {
  const adapter = new TokenWebSocketClientAdapter(server, token);
  const repo = new Repo({ network: [adapter], sharePolicy: async () => false });
  try {
    await guarded(serverStorageId(repo, adapter), adapter, deadline);
  } finally {
    adapter.disconnect();
  }
}

/** Runs `work`; a failure is remembered for `sync status` and thrown as a SyncRoundError with its reason. */
async function remembered<T>(library: Library, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const reason = err instanceof SyncRoundError || err instanceof SyncRefused ? err.message : `the sync failed: ${(err as Error).message}`;
    library.settings.set(LAST_ERROR, reason);
    throw new SyncRoundError(reason);
  }
}

export async function syncStatus(library: Library): Promise<SyncStatus> {
  const settings = library.settings;
  const repo = createRepo(library, []);
  try {
    const sync = new LibrarySync(library, repo);
    return {
      syncing: sync.rootUrl !== null,
      server: settings.get(SERVER),
      pending: sync.pending(),
      lastSynced: settings.get(LAST_SYNCED),
      lastError: settings.get(LAST_ERROR),
    };
  } finally {
    await closeRepo(repo);
  }
}
