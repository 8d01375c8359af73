/**
 * One sync round, "until quiet": connect, let automerge-repo exchange, and stop when the server
 * has acknowledged exactly the heads this computer holds for every document — the remote heads
 * automerge-repo records from the server's sync state (`handle.getSyncInfo(serverStorageId)`).
 * Equal heads mean equal documents, in both directions at once: nothing left to send, nothing
 * left to receive. Any failure (refused, cut, malformed, too slow) ends the round with a reason;
 * what was not acknowledged stays queued for the next round.
 */
import type { DocHandle, Repo, StorageId } from '@automerge/automerge-repo';
import type { TokenWebSocketClientAdapter } from './client';

export class SyncRoundError extends Error {}

/** The engine a round drives (LibrarySync): fold local edits and project remote ones, then report. */
export interface RoundEngine<Step extends { sent: number; received: number }> {
  step(): Promise<Step>;
  documents(): DocHandle<unknown>[];
}

export interface RoundOptions {
  /** The whole round, connection included. */
  timeoutMs: number;
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
  const steps: Step[] = [];
  for (;;) {
    const step = await guarded(engine.step(), adapter, deadline);
    steps.push(step);
    await guarded(waitQuiet(engine.documents(), storageId), adapter, deadline);
    if (step.sent + step.received === 0 && steps.length > 1) break;
  }
  return { sent: steps.reduce((n, s) => n + s.sent, 0), received: steps.reduce((n, s) => n + s.received, 0), steps };
}
