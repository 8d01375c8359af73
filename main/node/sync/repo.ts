/** The automerge-repo `Repo` of a library: its storage is the library file itself. */
import { Repo, type NetworkAdapterInterface } from '@automerge/automerge-repo';
import type { Library } from '../library/library';
import { SqliteStorageAdapter } from './sqlite-storage';

/**
 * Everything this repo holds is the user's own library (it asks the server for the documents
 * the root lists and nothing else), so it announces all of them to the server it connects to.
 */
export function createRepo(library: Library, network: NetworkAdapterInterface[]): Repo {
  return new Repo({ storage: new SqliteStorageAdapter(library.db), network, sharePolicy: async () => true });
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
