/**
 * automerge-repo begins each document's sync without awaiting it (`void beginSync(…)` in its
 * CollectionSynchronizer), and that waits at most 60 s for a document a peer holds to be here:
 * a library's first upload or join at 10,000 articles on a busy machine takes longer, and the
 * unhandled rejection ended the process (the sync server, or the app). The document still
 * arrives: its sync messages are handled apart from that wait, and a round waits for the
 * server's acknowledgement with its own deadline. So that one rejection is let pass; any other
 * ends the process as before.
 */
let installed = false;

const isSyncWaitTimeout = (reason: unknown) =>
  reason instanceof Error && reason.name === 'TimeoutError' && reason.message.startsWith('withTimeout: timed out');

export function tolerateSlowDocuments(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (isSyncWaitTimeout(reason)) return;
    throw reason;
  });
}
