/**
 * One sync round, "until quiet": connect, let automerge-repo exchange, and stop when the server
 * has acknowledged exactly the heads this computer holds for every document — the remote heads
 * automerge-repo records from the server's sync state (`handle.getSyncInfo(serverStorageId)`).
 * Equal heads mean equal documents, in both directions at once: nothing left to send, nothing
 * left to receive. Any failure (refused, cut, malformed, too slow) ends the round with a reason;
 * what was not acknowledged stays queued for the next round.
 */
import type { DocHandle, Repo, StorageId } from '@automerge/automerge-repo';
import type { Library } from '../library/library';
import { TokenWebSocketClientAdapter } from './client';
import { SyncRefused } from './documents';
import { LibrarySync, type SyncConflict } from './library-sync';
import { closeRepo, createRepo } from './repo';
import { encodeSyncCode, type SyncCode } from './sync-code';

export class SyncRoundError extends Error {}

/** The engine a round drives (LibrarySync): fold local edits and project remote ones, then report. */
export interface RoundEngine<Step extends { sent: number; received: number }> {
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

/** Resolves with what the round's work resolved, or rejects with the first of: the connection's failure, the deadline. */
function guarded<T>(work: Promise<T>, adapter: TokenWebSocketClientAdapter, deadline: { at: number; seconds: number }): Promise<T> {
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
export async function runRound<Step extends { sent: number; received: number }>(
  engine: RoundEngine<Step>,
  repo: Repo,
  adapter: TokenWebSocketClientAdapter,
  options: RoundOptions,
): Promise<{ sent: number; received: number; steps: Step[] }> {
  const deadline = { at: Date.now() + options.timeoutMs, seconds: Math.round(options.timeoutMs / 1000) };
  const storageId = await guarded(serverStorageId(repo, adapter), adapter, deadline);
  if (options.begin) await guarded(options.begin(), adapter, deadline);
  const steps: Step[] = [];
  for (;;) {
    const step = await guarded(engine.step(), adapter, deadline);
    steps.push(step);
    await guarded(waitQuiet(engine.documents(), storageId), adapter, deadline);
    await engine.release?.();
    if (step.sent + step.received === 0 && steps.length > 1) break;
  }
  return { sent: steps.reduce((n, s) => n + s.sent, 0), received: steps.reduce((n, s) => n + s.received, 0), steps };
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
 * One round for a library: connect with the kept (or given) server and token, start, join or open
 * the documents, step until quiet, flush, disconnect. A failure is thrown with its reason and
 * remembered for `sync status`; local edits stay queued in the library for the next round.
 */
export async function syncLibrary(library: Library, how: RoundStart, options: { timeoutMs: number }): Promise<LibraryRoundReport> {
  const settings = library.settings;
  const saved = { server: settings.get(SERVER), token: settings.get(TOKEN) };
  const { server, token } = how === 'resume' ? saved : 'start' in how ? how.start : how.join;
  const adapter = new TokenWebSocketClientAdapter(server ?? 'ws://unset.invalid', token ?? '');
  const repo = createRepo(library, [adapter]);
  const sync = new LibrarySync(library, repo);
  try {
    if (how === 'resume' && !sync.rootUrl) {
      throw new SyncRoundError('this library does not sync yet: `sync --server ws://HOST:PORT --token-file F` starts, `sync --join CODE` joins another');
    }
    if (how !== 'resume' && sync.rootUrl) throw new SyncRoundError(`this library already syncs through ${saved.server}; \`sync\` alone runs a round`);
    if (!server || !token) throw new SyncRoundError('the sync settings of this library are incomplete (no server or token); join again with the sync code');
    return await round(library, how, { server, token }, { sync, repo, adapter }, options.timeoutMs);
  } finally {
    await closeRepo(repo);
  }
}

async function round(
  library: Library,
  how: RoundStart,
  { server, token }: { server: string; token: string },
  { sync, repo, adapter }: { sync: LibrarySync; repo: Repo; adapter: TokenWebSocketClientAdapter },
  timeoutMs: number,
): Promise<LibraryRoundReport> {
  const settings = library.settings;
  const begin = async () => {
    if (how === 'resume') return sync.open();
    // Kept before the engine marks the library as syncing, so a library that syncs always knows its server.
    settings.set(SERVER, server);
    settings.set(TOKEN, token);
    if ('start' in how) return sync.start();
    settings.set(CODE_SHOWN, new Date().toISOString()); // the joiner already holds the code
    return sync.join(how.join.root);
  };
  try {
    const { sent, received } = await runRound(sync, repo, adapter, { timeoutMs, begin });
    const now = new Date().toISOString();
    settings.set(LAST_SYNCED, now);
    library.db.prepare('DELETE FROM settings WHERE key = ?').run(LAST_ERROR);
    let code: string | undefined;
    if (!settings.get(CODE_SHOWN)) {
      code = encodeSyncCode({ server, token, root: sync.rootUrl! });
      settings.set(CODE_SHOWN, now);
    }
    return { ...(code ? { code } : {}), sent, received, conflicts: sync.conflicts };
  } catch (err) {
    const reason = err instanceof SyncRoundError || err instanceof SyncRefused ? err.message : `the sync failed: ${(err as Error).message}`;
    settings.set(LAST_ERROR, reason);
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
