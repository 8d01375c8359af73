/**
 * The WAL's checkpoints of a long run of group commits, in a thread of their own. SQLite runs a
 * checkpoint in the committing thread once the WAL passes 1,000 pages, which a group of a text
 * import does at every commit: copying the group into the library file and waiting for the disk
 * to take it (two fsyncs) was about a third of the writer's commit time, and most of the time it
 * spent off the CPU. A second connection in a worker thread checkpoints (PASSIVE: never blocking
 * the writer) after each commit instead, while the writer goes on with the next group; SQLite
 * keeps both safe, and a crash at any point loses nothing a checkpoint in the writer would keep.
 * Until that connection is open, or if it cannot be (a binding the worker cannot load, a file
 * with no WAL), the writer's own checkpoints stay on.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db';
import { waitForCount } from './shared-count';

/**
 * The worker: better-sqlite3 by its resolved path, so no working directory is assumed. It tells
 * through shared memory, which a writer busy with a group can read: [0] checkpoints done, [1] open.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
if (db.pragma('journal_mode', { simple: true }) !== 'wal') throw new Error(workerData.file + ' has no WAL to checkpoint');
const shared = new Int32Array(workerData.shared);
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
  } else {
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  }
  Atomics.add(shared, 0, 1);
  Atomics.notify(shared, 0);
});
Atomics.store(shared, 1, 1);
`;

/**
 * The WAL starts over only at a commit whose transaction began with every frame checkpointed,
 * and the writer begins its next group as soon as one commits: every this many groups it waits
 * for the checkpoint of the last one, so the WAL stays a few groups long.
 */
const GROUPS_PER_WAL = 4;
/** The longest the writer waits for one checkpoint; a worker that takes longer is given up. */
const WAIT_MS = 5000;

export class BackgroundCheckpoints {
  private worker: Worker | null = null;
  /** Once a run: a worker given up is not started again. */
  private started = false;
  private open = false;
  private asked = 0;
  private groups = 0;
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private readonly ownPages: number;

  constructor(private readonly db: Db) {
    this.ownPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  }

  /** After a group's commit: the first starts the worker, later ones ask it for a checkpoint. */
  committed(): void {
    if (!this.started) return this.start();
    if (!this.worker) return;
    if (!this.open) {
      if (!Atomics.load(this.shared, 1)) return;
      this.open = true;
      this.db.pragma('wal_autocheckpoint = 0');
    }
    const restart = ++this.groups % GROUPS_PER_WAL === 0;
    if (restart && !this.waitDone()) return;
    if (this.done() === this.asked) this.ask();
    if (restart) this.waitDone();
  }

  /** Back to the writer's own checkpoints, once the worker's connection is closed. */
  stop(): void {
    if (!this.worker) return;
    if (this.open) {
      this.ask('close');
      this.waitDone();
    }
    this.giveUp();
  }

  private start(): void {
    this.started = true;
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, { eval: true, workerData: { module, file: this.db.name, shared: this.shared.buffer } });
    worker.unref();
    worker.on('error', () => {
      if (worker === this.worker) this.giveUp();
    });
    this.worker = worker;
  }

  private done(): number {
    return Atomics.load(this.shared, 0);
  }

  private ask(message = 'checkpoint'): void {
    this.asked++;
    this.worker!.postMessage(message);
  }

  /** Waits for every checkpoint asked; false (and the worker given up) when one takes too long, or this thread may not wait. */
  private waitDone(): boolean {
    if (waitForCount(this.shared, 0, this.asked, WAIT_MS)) return true;
    this.giveUp();
    return false;
  }

  private giveUp(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.open = false;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${this.ownPages}`);
  }
}
