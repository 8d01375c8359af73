/**
 * The items of a run read ahead of the writer, in order. Most load on their own, a few at a time
 * (a pool of HTML workers and a few web requests busy, large files not piling up in memory).
 * Text files go to the text worker in batches (text-files.ts), a few batches ahead of the
 * writer. The writer never waits for the worker: a text file whose batch is not back when the
 * writer reaches it (the worker still starting, or off the CPU on a busy machine) is read by the
 * writer itself, and the worker's copy is dropped. Waiting for it was about half the time the
 * writer of a 10,000-file import spent asleep (the rest was the disk, at checkpoints:
 * store/checkpoints.ts).
 */
import type { IngestItem, Loaded, TextFile } from './items';
import { readTextFiles, TEXT_BATCH } from './text-files';

/** Items that load on their own, ahead of the writer. */
const AHEAD = 4;
/**
 * Text batches at the worker or not yet taken by the writer. Two left the writer waiting
 * whenever the worker lost its core for a moment; beyond these, the writer reads files itself.
 */
const BATCHES_AHEAD = 4;
/** Below both, a batch is read in this thread: a few small files are done before a worker would start. */
const WORTH_A_WORKER = { files: 8, bytes: 1024 * 1024 };

/** Each file's result in order; null: read it in this thread. */
export type ReadBatch = (files: TextFile[]) => Promise<(Loaded | null)[]>;

interface TextBatch {
  entries: { item: IngestItem; resolve: (loaded: Loaded | Promise<Loaded>) => void }[];
  bytes: number;
  sent: boolean;
  /** Its items the writer has not taken yet. */
  left: number;
  /** The worker has answered (or it was read here). */
  read: boolean;
}

export interface Entry {
  item: IngestItem;
  loaded: Promise<Loaded>;
  settled: boolean;
}

export class ReadAhead {
  private readonly entries: (Entry & { batch?: TextBatch })[] = [];
  private exhausted = false;
  private others = 0;
  private filling: TextBatch | null = null;
  private batchesSent = 0;

  constructor(
    private readonly source: Iterator<IngestItem> | AsyncIterator<IngestItem>,
    /** Loads one item in this thread. Never rejects. */
    private readonly load: (item: IngestItem) => Promise<Loaded>,
    private readonly signal?: AbortSignal,
    private readonly readBatch: ReadBatch = readTextFiles,
  ) {}

  get length(): number {
    return this.entries.length;
  }

  /** The next item for the writer, its loading begun; null when there is none or the run is cancelled. */
  async next(): Promise<Entry | null> {
    await this.fill();
    const head = this.entries[0];
    if (!head || this.signal?.aborted) return null;
    this.entries.shift();
    const { batch } = head;
    if (!batch) {
      this.others--;
      return head;
    }
    // The writer is at a batch still filling: it goes now, however small.
    if (!batch.sent) this.send(batch);
    if (--batch.left === 0 && batch.read) this.batchesSent--;
    // A result already arrived may wait behind the writer's own turn: let it in before reading here.
    if (!head.settled) await new Promise((resolve) => setImmediate(resolve));
    if (!head.settled) this.readHere(head);
    return head;
  }

  /** The items not taken, and those the source still holds: what a cancelled run did not reach. */
  async *rest(): AsyncGenerator<IngestItem> {
    for (const { item } of this.entries.splice(0)) yield item;
    for (let next = await this.source.next(); !next.done; next = await this.source.next()) yield next.value;
  }

  private readHere(entry: Entry): void {
    entry.loaded = this.load(entry.item);
    void entry.loaded.then(() => (entry.settled = true));
  }

  private async fill(): Promise<void> {
    // With the worker's batches all out, one more file is taken to be read here when the writer has none.
    const room = () => this.batchesSent < BATCHES_AHEAD || this.entries.length === 0;
    while (!this.exhausted && this.others < AHEAD && room() && !this.signal?.aborted) {
      const next = await this.source.next();
      if (next.done) {
        this.exhausted = true;
        if (this.filling) this.send(this.filling);
        break;
      }
      const item = next.value;
      let entry: Entry & { batch?: TextBatch };
      if (item.text && this.batchesSent < BATCHES_AHEAD) {
        const batch = (this.filling ??= { entries: [], bytes: 0, sent: false, left: 0, read: false });
        let resolve!: TextBatch['entries'][number]['resolve'];
        entry = { item, loaded: new Promise<Loaded>((r) => (resolve = r)), settled: false, batch };
        batch.entries.push({ item, resolve });
        batch.left++;
        batch.bytes += item.text.size;
        if (batch.entries.length >= TEXT_BATCH.files || batch.bytes >= TEXT_BATCH.bytes) this.send(batch);
      } else {
        this.others++;
        entry = { item, loaded: this.load(item), settled: false };
      }
      void entry.loaded.then(() => (entry.settled = true));
      this.entries.push(entry);
    }
  }

  private send(batch: TextBatch): void {
    batch.sent = true;
    this.batchesSent++;
    if (this.filling === batch) this.filling = null;
    void this.read(batch);
  }

  private async read(batch: TextBatch): Promise<void> {
    const { entries } = batch;
    const worth = entries.length >= WORTH_A_WORKER.files || batch.bytes >= WORTH_A_WORKER.bytes;
    const results = worth ? await this.readBatch(entries.map((e) => e.item.text!)) : [];
    batch.read = true;
    if (batch.left === 0) this.batchesSent--;
    entries.forEach((e, i) => e.resolve(results[i] ?? this.load(e.item)));
  }
}
