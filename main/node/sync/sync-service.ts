/**
 * Sync in the running app: rounds in the background once the library syncs — at once, ~2 s after
 * local edits stop, as soon as another computer's change arrives, and every ~30 s. The connection
 * and the documents stay open between rounds (`SyncLink`), so a round is steps only: opening the
 * documents of a large library costs seconds, a step milliseconds. A failed round closes the
 * link (the next one reconnects), leaves the edits queued in the library, and the status says why.
 */
import type { EventMap, EventName, SyncStatusInfo } from '../../common/contract';
import { LecternError } from '../../common/errors';
import type { LibrarySession } from '../library/session';
import { SyncRefused } from './documents';
import { lastPending } from './local-articles';
import { deadlineIn, SyncLink, SyncRoundError, syncStatus, type LibraryRoundReport, type RoundStart } from './round';
import { SyncCodeError, checkServerAddress, checkToken, decodeSyncCode } from './sync-code';

type Emit = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export interface SyncTiming {
  /** How long the outbox must stay unchanged before its edits go (edits come in bursts while reading). */
  quietMs: number;
  /** How often to look for other computers' changes. */
  intervalMs: number;
  /** One round, connection included. */
  timeoutMs: number;
}
const DEFAULT_TIMING: SyncTiming = { quietMs: 2000, intervalMs: 30_000, timeoutMs: 120_000 };

/** The engine's and the round's settings; leaving forgets them all but this computer's device id. */
const SYNC_SETTINGS = ['sync-root', 'sync-server', 'sync-token', 'sync-code-shown', 'sync-last-synced', 'sync-last-error'];

export class SyncService {
  private paused = false;
  private syncing = false;
  private queue: Promise<unknown> = Promise.resolve();
  private lastRoundAt = 0;
  /** The outbox's highest seq at the previous tick: a round waits until it stops growing. */
  private seenSeq = 0;
  private readonly timer: NodeJS.Timeout;
  /** The open connection, kept between rounds; null until the first round, and after a failure. */
  private link: SyncLink | null = null;
  /** A round asked for by another computer's change and not yet begun (changes arrive in bursts). */
  private remoteRoundQueued = false;
  /** Set once the session closes: no round begins after it. */
  private closing: Promise<void> | null = null;

  constructor(
    private readonly session: LibrarySession,
    private readonly emit: Emit,
    private readonly timing: SyncTiming = DEFAULT_TIMING,
  ) {
    this.timer = setInterval(() => this.tick(), timing.quietMs);
    this.timer.unref();
    session.onClose(() => this.close());
    if (this.libraryRoot()) this.background();
  }

  private libraryRoot(): string | null {
    return this.session.library.settings.get('sync-root');
  }

  async status(): Promise<SyncStatusInfo> {
    const s = await syncStatus(this.session.library);
    const state = !s.syncing ? 'off' : this.syncing ? 'syncing' : s.lastError ? 'offline' : 'connected';
    return { state, paused: this.paused, pending: s.pending, lastSyncedAt: s.lastSynced, server: s.server, error: s.lastError };
  }

  /**
   * This library starts syncing through `server`; the code is returned here only, once. A start
   * whose first round failed keeps its code for the next start (background rounds never take it).
   */
  async start(server: string, token: string): Promise<{ code: string }> {
    const how = { start: { server: valid(() => checkServerAddress(server.trim())), token: valid(() => checkToken(token)) } };
    const resumed = this.libraryRoot() !== null && this.session.library.settings.get('sync-code-shown') === null;
    try {
      const report = await this.round(resumed ? 'resume' : how, { showCode: true });
      if (!report.code) throw new LecternError('INTERNAL', 'The library started syncing but no code was made; leave and start again.');
      return { code: report.code };
    } catch (err) {
      if (err instanceof LecternError && err.code === 'UNAVAILABLE' && this.libraryRoot()) {
        throw new LecternError('UNAVAILABLE', `${err.message}. The library syncs now; start again once the server answers to get its code.`);
      }
      throw err;
    }
  }

  async join(code: string): Promise<void> {
    await this.round({ join: valid(() => decodeSyncCode(code)) }, { showCode: false });
  }

  async now(): Promise<void> {
    if (!this.libraryRoot()) throw new LecternError('BAD_REQUEST', 'This library does not sync yet: start syncing, or join with a code from another computer.');
    await this.round('resume', { showCode: false });
  }

  pause(paused: boolean): void {
    this.paused = paused;
    if (paused) void this.closeLink();
    void this.announce();
    if (!paused) this.background();
  }

  /** This computer stops syncing; the library keeps everything, the server and other computers too. */
  async leave(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.closeLink();
    const db = this.session.library.db;
    db.transaction(() => {
      const drop = db.prepare('DELETE FROM settings WHERE key = ?');
      for (const key of SYNC_SETTINGS) drop.run(key);
      db.prepare('DELETE FROM sync_docs').run();
      db.prepare('DELETE FROM sync_packs_unsent').run();
      db.prepare('DELETE FROM sync_shards_unsent').run();
      db.prepare('DELETE FROM sync_chunks').run();
    })();
    this.paused = false;
    await this.announce();
  }

  /**
   * Ends sync for this session (the app quitting): no round begins after it; the connection
   * closes, so a round under way stops at its next wait, its edits queued for next time (each of
   * its writes is one transaction); nothing is left to keep the process alive.
   */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      clearInterval(this.timer);
      await this.closeLink();
      await this.queue.catch(() => undefined);
    })());
  }

  private async closeLink(): Promise<void> {
    const link = this.link;
    this.link = null;
    await link?.close();
  }

  private tick(): void {
    // The library may be closed under the service (a restore reopening it).
    if (this.closing || this.paused || this.syncing || !this.session.library.db.open || !this.libraryRoot()) return;
    const seq = lastPending(this.session.library.db);
    const editsSettled = seq > 0 && seq === this.seenSeq;
    this.seenSeq = seq;
    if (editsSettled || Date.now() - this.lastRoundAt >= this.timing.intervalMs) this.background();
  }

  /** A round nobody waits for: its failure is in the status. */
  private background(): void {
    if (this.paused || this.closing) return;
    this.round('resume', { showCode: false }).catch(() => undefined);
  }

  /** Another computer's change arrived on the open link: one round brings it in. */
  private remoteChanged(): void {
    if (this.remoteRoundQueued) return;
    this.remoteRoundQueued = true;
    this.background();
  }

  /** Rounds run one at a time; each says so before and after. */
  private round(how: RoundStart, { showCode }: { showCode: boolean }): Promise<LibraryRoundReport> {
    const run = this.queue.catch(() => undefined).then(async () => {
      if (this.closing) throw new LecternError('UNAVAILABLE', 'Sync has stopped: Lectern is closing.');
      this.remoteRoundQueued = false;
      this.syncing = true;
      await this.announce();
      const library = this.session.library;
      try {
        const deadline = deadlineIn(this.timing.timeoutMs);
        // A link is for one library and one connection: another library (a restore reopened it), a cut connection or a start or join begins anew.
        if (this.link && (how !== 'resume' || this.link.library !== library || !this.link.alive)) await this.closeLink();
        if (!this.link) {
          this.link = await SyncLink.open(library, how, deadline);
          this.link.onRemoteChange(() => this.remoteChanged());
          // Closed while it connected: the link it opened closes too.
          if (this.closing) throw new SyncRoundError('sync stopped: Lectern is closing');
        }
        return await this.link.round(deadline, { showCode, onReceived: () => library === this.session.library && this.emit('libraryChanged', { reason: 'update' }) });
      } catch (err) {
        await this.closeLink();
        if (err instanceof SyncRoundError || err instanceof SyncRefused) throw new LecternError('UNAVAILABLE', err.message);
        throw err;
      } finally {
        this.syncing = false;
        this.lastRoundAt = Date.now();
      }
    });
    this.queue = run;
    return run.finally(() => this.announce()).then(async (report) => {
      if (report.conflicts.length) this.emit('syncConflicts', { conflicts: report.conflicts.map((c) => ({ title: c.title, reason: c.reason })) });
      return report;
    });
  }

  private async announce(): Promise<void> {
    // Closing: the window is going, and the library with it.
    if (this.closing) return;
    this.emit('syncStatusChanged', await this.status());
  }
}

function valid<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof SyncCodeError) throw new LecternError('BAD_REQUEST', err.message);
    throw err;
  }
}
