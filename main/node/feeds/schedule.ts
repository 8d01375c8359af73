/**
 * Background reading for the desktop app: feeds are refreshed at start and every half hour, and
 * articles saved as links get their text, whenever the machine is online. One run at a time;
 * a run that fails (offline) simply waits for the next.
 */
import type { LibrarySession } from '../library/session';

export const REFRESH_EVERY_MS = 30 * 60 * 1000;

export function scheduleBackgroundReading(session: LibrarySession, onDone: (added: number) => void, isOnline: () => boolean): () => void {
  let running = false;
  const run = async () => {
    if (running || !isOnline()) return;
    running = true;
    try {
      const feeds = await session.library.feeds.refresh();
      const links = await session.library.importer.fetchLinkOnly({ limit: 50 });
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
    clearTimeout(first);
    clearInterval(timer);
  };
}
