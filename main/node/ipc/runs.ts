/**
 * Long calls (imports, following and refreshing feeds, fetching links) each run with their own
 * AbortSignal and id: progress names the run, and Cancel stops that run only. A run is
 * registered while it works and forgotten in `finally`, as VS Code's ChannelServer does with one
 * CancellationTokenSource per request.
 */
import type { RunProgress } from '../../common/contract';
import type { Emit } from './dispatch';

export type Progress = (p: Omit<RunProgress, 'runId'>) => void;

export class Runs {
  private readonly running = new Map<number, AbortController>();
  private lastId = 0;

  constructor(private readonly emit: Emit) {}

  /**
   * Runs `work` as a new run, cancellable by its id until it settles. Its first progress event
   * (nothing done yet) names it at once, so it can be cancelled before its first item is in.
   */
  async start<T>(event: 'importProgress' | 'refreshProgress', work: (signal: AbortSignal, onProgress: Progress) => Promise<T>): Promise<T> {
    const runId = ++this.lastId;
    const controller = new AbortController();
    this.running.set(runId, controller);
    try {
      this.emit(event, { runId, done: 0, total: 0, item: '' });
      return await work(controller.signal, (p) => this.emit(event, { runId, ...p }));
    } finally {
      this.running.delete(runId);
    }
  }

  /** False when no such run is working (it ended, or never was). */
  cancel(runId: number): boolean {
    const controller = this.running.get(runId);
    controller?.abort();
    return controller !== undefined;
  }
}
