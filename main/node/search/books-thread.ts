/**
 * The books part of a query (books-part.ts) in a thread of its own, with its own read-only
 * connection to the library, while the articles part runs: with 100 books in a 10,000-article
 * library it was most of what the books added to a query (a phrase of common words is checked
 * in every page holding its words), and a desktop has a second core. The search stays
 * synchronous: the answer is waited for through shared memory (Atomics.wait) and taken off the
 * port at once (`receiveMessageOnPort`). Until the thread's connection is open, or when it
 * cannot be (a binding the thread cannot load), or after it failed to answer in time, the books
 * part runs in the caller's thread as it does in the CLI.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { workerBeside, type WorkerScript } from '../import/worker-pool';
import { waitForCount } from '../store/shared-count';
import type { BooksAsk, FoundBook } from './books-part';

/** What the thread is given at start. */
export interface BooksThreadData {
  file: string;
  nativeBinding?: string;
  port: MessagePort;
  /** [0] answers given, [1] the connection is open. */
  shared: SharedArrayBuffer;
}

export type BooksQuestion = { id: number; ask: BooksAsk } | 'close';
/** A reply names its question: one whose reply was never taken (its query failed on the way) is skipped. */
export type BooksReply = { id: number } & ({ ok: true; books: FoundBook[] } | { ok: false; message: string; code?: string });

/** The longest a query waits for the thread; one that takes longer is given up, and the part run here. */
const WAIT_MS = 5000;

export class BooksThread {
  private worker: Worker | null;
  private readonly port: MessagePort;
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private asked = 0;
  /** Whether the thread opened its connection (false: it stopped first). */
  readonly opened: Promise<boolean>;

  /** `script`: the thread's code, its bundle beside the caller's (or its source under tsx) unless a test names one. */
  constructor(file: string, nativeBinding?: string, script: WorkerScript = workerBeside(import.meta.url, 'books-worker')) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: BooksThreadData = { file, nativeBinding, port: port2, shared: this.shared.buffer as SharedArrayBuffer };
    const worker = new Worker(script.code, { eval: script.eval, workerData: data, transferList: [port2] });
    worker.unref();
    this.opened = new Promise((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('exit', () => resolve(false));
    });
    worker.on('error', (err) => {
      console.warn(`[lectern] search's books thread stopped (${err.message.split('\n')[0]}); books are searched in the main thread`);
      if (worker === this.worker) this.giveUp();
    });
    this.worker = worker;
  }

  /** Whether the thread takes queries: started, and its connection open. */
  get ready(): boolean {
    return this.worker !== null && Atomics.load(this.shared, 1) === 1;
  }

  /** Sends `ask` to the thread; the function returned waits for its books, or null when it timed out (the thread is given up). */
  ask(ask: BooksAsk): () => FoundBook[] | null {
    const id = ++this.asked;
    this.port.postMessage({ id, ask } satisfies BooksQuestion);
    return () => {
      if (!this.waitAnswers(id)) return null;
      let reply: BooksReply | undefined;
      do reply = receiveMessageOnPort(this.port)?.message as BooksReply | undefined;
      while (reply && reply.id < id);
      if (reply?.id !== id) return null;
      if (reply.ok) return reply.books;
      // The thread's error as it would be here (SearchService repairs a damaged index by its code).
      throw Object.assign(new Error(reply.message), { code: reply.code });
    };
  }

  /** Closes the thread's connection (waited for: a restore may replace the file next), then the thread. */
  close(): void {
    if (!this.worker) return;
    if (this.ready) {
      this.port.postMessage('close' satisfies BooksQuestion);
      this.waitAnswers(++this.asked);
    }
    this.giveUp();
  }

  /** Waits until the thread has answered `upTo` questions; false (and the thread given up) when it did not in time. */
  private waitAnswers(upTo: number): boolean {
    if (waitForCount(this.shared, 0, upTo, WAIT_MS)) return true;
    this.giveUp();
    return false;
  }

  private giveUp(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.port.close();
  }
}
