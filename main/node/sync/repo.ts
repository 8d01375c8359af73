/** The automerge-repo `Repo` of a library: its storage is the library file itself. */
import { Repo, type AnyDocumentId, type NetworkAdapterInterface } from '@automerge/automerge-repo';
import type { Library } from '../library/library';
import { SqliteStorageAdapter } from './sqlite-storage';

/**
 * automerge-repo (2.5.6) races each document's load against a promise that never settles (its
 * `foreverPromise`) when the load is given no AbortSignal: every race leaves a reaction on that
 * one promise, holding the race's result — the document loaded. So every document a process ever
 * loaded from storage (by a `find`, or because a peer sent a message about it) stayed in memory
 * for the life of the process, however it was let go (a start at 10,000 articles held 412 MB
 * after a full collection; a body pack fetched, written and let go kept its texts). Given a signal, a load races
 * against a promise of its own; this gives each load one, and settles it (aborts) once the load
 * has ended, which lets the race go.
 */
export class SettlingRepo extends Repo {
  override findWithProgress<T>(id: AnyDocumentId, options: { signal?: AbortSignal } = {}): ReturnType<typeof Repo.prototype.findWithProgress<T>> {
    if (options.signal) return super.findWithProgress<T>(id, options);
    const settle = new AbortController();
    const progress = super.findWithProgress<T>(id, { signal: settle.signal });
    if (!('subscribe' in progress)) {
      settle.abort();
      return progress;
    }
    // After the load's last step: aborted earlier, a load still waiting for the network would fail.
    const stop = progress.subscribe((step) => {
      if (step.state === 'loading') return;
      stop();
      setImmediate(abort, settle);
    });
    return progress;
  }
}

/**
 * Not a closure: the AbortError the abort makes keeps its stack's frames, so a closure here kept
 * the load (and its Repo) it was made in.
 */
function abort(controller: AbortController): void {
  controller.abort();
}

/**
 * Everything this repo holds is the user's own library (it asks the server for the documents
 * the root lists and nothing else), so it announces all of them to the server it connects to.
 */
export function createRepo(library: Library, network: NetworkAdapterInterface[]): Repo {
  return new SettlingRepo({ storage: new SqliteStorageAdapter(library.db), network, sharePolicy: async () => true });
}

/**
 * Disconnects and saves what the Repo holds. automerge-repo's own `shutdown()` saves every handle
 * and throws on one still being asked for (a round cut mid-join: "DocHandle is not ready"), which
 * hid the round's own reason; such a document has nothing to save.
 */
export async function closeRepo(repo: Repo): Promise<void> {
  for (const adapter of repo.networkSubsystem.adapters) adapter.disconnect();
  await repo.flush(Object.values(repo.handles).filter((h) => h.isReady()).map((h) => h.documentId));
}
