/**
 * A count in shared memory that a worker thread raises (and notifies) as it finishes each
 * thing asked of it, for a caller that blocks until it is reached: the library's connection
 * and search are synchronous, so their helper threads answer through shared memory, not events.
 */

/**
 * Waits until `counts[index]` reaches `upTo`: false when a wait passes `timeoutMs`, or where
 * this thread may not block (a host that refuses Atomics.wait on its main thread).
 */
export function waitForCount(counts: Int32Array, index: number, upTo: number, timeoutMs: number): boolean {
  for (let done = Atomics.load(counts, index); done < upTo; done = Atomics.load(counts, index)) {
    let waited: string;
    try {
      waited = Atomics.wait(counts, index, done, timeoutMs);
    } catch {
      waited = 'refused';
    }
    if (waited === 'timed-out' || waited === 'refused') return false;
  }
  return true;
}
