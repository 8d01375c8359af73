/**
 * A few worker threads running one script, one job each at a time: CPU-heavy work (reading and
 * sanitizing HTML) uses every core while the calling thread stays free for the database. A job
 * that throws is rejected with the worker's error; a worker that crashes, runs out of memory or
 * overruns the time limit is terminated, its job rejected, and a fresh worker takes the next job.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

/** Why a job failed: its own error (`thrown`, with the error's name), or the worker it ran on. */
export class JobFailed extends Error {
  constructor(
    message: string,
    readonly kind: 'thrown' | 'crashed' | 'timeout',
    readonly errorName = 'Error',
  ) {
    super(message);
    this.name = 'JobFailed';
  }
}

export interface PoolOptions {
  size: number;
  /** A job still running after this is taken as hung: its worker is terminated. */
  timeoutMs: number;
  /** Idle workers are stopped after this, giving back their memory. */
  idleMs: number;
  /** The heap one worker may use: a hostile page that needs more fails alone. */
  maxHeapMb: number;
  /** The part of it for new objects (V8's default when absent): a larger one collects less often. */
  youngHeapMb?: number;
}

type Request = { id: number; job: unknown };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; name: string; message: string };

interface Pending {
  id: number;
  job: unknown;
  resolve: (value: unknown) => void;
  reject: (err: JobFailed) => void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
  timer: NodeJS.Timeout | null;
}

/** Where a worker comes from: a file, or (for a TypeScript source) a bootstrap run with `eval`. */
export interface WorkerScript {
  code: string;
  eval: boolean;
}

/**
 * A TypeScript worker, run from source (tests, the CLI and the harness under tsx): a worker
 * does not inherit tsx's loader, so it registers tsx before loading the file. tsx is resolved
 * here (a worker's eval code resolves from the working directory), as the ESM build of its API:
 * its CommonJS build cannot register from a worker.
 */
export function sourceWorker(file: string): WorkerScript {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const entry = pathToFileURL(file).href;
  return { eval: true, code: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });` };
}

/**
 * The worker `name` beside the module at `callerUrl`: its TypeScript when the caller runs from
 * source, else the bundle scripts/build.ts puts beside the caller's bundle (`name`.cjs).
 */
export function workerBeside(callerUrl: string, name: string): WorkerScript {
  const dir = path.dirname(fileURLToPath(callerUrl));
  return callerUrl.endsWith('.ts') ? sourceWorker(path.join(dir, `${name}.ts`)) : { eval: false, code: path.join(dir, `${name}.cjs`) };
}

export class WorkerPool<Job, Result> {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly script: WorkerScript,
    private readonly options: PoolOptions,
  ) {}

  run(job: Job): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; jobs still running or queued are rejected. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const closed = () => new JobFailed('the pool was closed', 'crashed');
    for (const p of this.queue.splice(0)) p.reject(closed());
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        const job = slot.job;
        this.settle(slot);
        job?.reject(closed());
        return this.stop(slot);
      }),
    );
  }

  private dispatch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.options.size) slot = this.start();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.job = pending;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        this.fail(slot, new JobFailed(`it took longer than ${Math.round(this.options.timeoutMs / 1000)} s`, 'timeout'));
      }, this.options.timeoutMs);
      slot.worker.postMessage({ id: pending.id, job: pending.job } satisfies Request);
    }
    if (this.slots.every((s) => !s.job)) {
      this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs);
      this.idleTimer.unref();
    }
  }

  private start(): Slot {
    const worker = new Worker(this.script.code, {
      eval: this.script.eval,
      // The worker loads what it needs itself (tsx, for a source script): no flags of ours.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb, ...(this.options.youngHeapMb && { maxYoungGenerationSizeMb: this.options.youngHeapMb }) },
    });
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (reply: Reply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.settle(slot);
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new JobFailed(reply.message, 'thrown', reply.name));
      this.dispatch();
    });
    worker.on('error', (err) => this.fail(slot, new JobFailed(`the worker stopped (${err.message})`, 'crashed')));
    worker.on('exit', (code) => this.fail(slot, new JobFailed(`the worker exited (code ${code})`, 'crashed')));
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    // An idle worker must not keep the process alive (the CLI exits when its work is done).
    slot.worker.unref();
  }

  /** The worker is lost: its job fails with the reason, and it leaves the pool. */
  private fail(slot: Slot, err: JobFailed): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const job = slot.job;
    this.settle(slot);
    void this.stop(slot);
    job?.reject(err);
    this.dispatch();
  }

  private async stop(slot: Slot): Promise<void> {
    slot.worker.removeAllListeners();
    // A late 'error' from a terminating worker must not become an uncaught exception.
    slot.worker.on('error', () => {});
    await slot.worker.terminate();
  }
}

/** In the worker: answers each job with `handle`'s result, or with the error it threw. */
export function serveJobs<Job, Result>(handle: (job: Job) => Result | Promise<Result>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs in a worker thread');
  port.on('message', async ({ id, job }: Request) => {
    let reply: Reply;
    try {
      reply = { id, ok: true, value: await handle(job as Job) };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { id, ok: false, name: e.name, message: e.message };
    }
    port.postMessage(reply);
  });
}
