/**
 * Background reading for the desktop app: feeds are refreshed at start and every half hour, and
 * articles saved as links get their text, whenever the machine is online. One run at a time;
 * a run that fails (offline) simply waits for the next.
 */
import type { LibrarySession } from '../library/session';

export const REFRESH_EVERY_MS = 30 * 60 * 1000;

export function scheduleBackgroundReading(session: LibrarySession, onDone: (added: number) => void, isOnline: () => boolean): () => void {
  let running = false;
  // The background run is a run of its own: a Cancel pressed in the window never stops it, and
  // quitting does.
  const stopped = new AbortController();
  const run = async () => {
    if (running || !isOnline()) return;
    running = true;
    try {
      const feeds = await session.library.feeds.refresh(undefined, { signal: stopped.signal });
      const links = await session.library.importer.fetchLinkOnly({ limit: 50, signal: stopped.signal });
      if (feeds.added || links.imported.length) onDone(feeds.added + links.imported.length);
    } catch (err) {
      console.warn('[lectern] background reading stopped:', (err as Error).message);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), 5_000);
  const timer = setInterval(() => void run(), REFRESH_EVERY_MS);
  return () => {
    stopped.abort();
    clearTimeout(first);
    clearInterval(timer);
  };
}
