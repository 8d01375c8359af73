/**
 * Feed subscriptions in the library document: a set by feed URL. A subscription added on any
 * computer is kept; one removed is removed everywhere (the fold runs as of the list last
 * projected, so it removes only what this computer had seen); a title or the full-text choice
 * changed on two computers gets Automerge's deterministic winner. What a feed fetched (its items)
 * are articles, synced as articles; when and how it was last fetched stays on each computer.
 */
import type { Db, Tx } from '../store/db';
import { imm, plain, type FeedEntry, type FeedRecord } from './documents';

export function readLocalFeeds(db: Db): FeedRecord[] {
  return (db.prepare('SELECT url, title, full_text AS fullText FROM feeds ORDER BY url').all() as { url: string; title: string; fullText: number }[])
    .map((f) => ({ url: f.url, title: f.title, fullText: f.fullText === 1 }));
}

const entry = (f: FeedRecord): FeedEntry => ({ title: imm(f.title), fullText: f.fullText });

/** Makes the list (as of the base) equal to the library's. */
export function foldFeeds(feeds: Record<string, FeedEntry>, local: FeedRecord[]): void {
  const want = new Map(local.map((f) => [f.url, f]));
  for (const url of Object.keys(feeds)) if (!want.has(url)) delete feeds[url];
  for (const f of local) {
    const have = feeds[f.url];
    if (!have) feeds[f.url] = entry(f);
    else {
      if (plain(have.title) !== f.title) have.title = imm(f.title);
      if (have.fullText !== f.fullText) have.fullText = f.fullText;
    }
  }
}

/** A joining library's subscriptions added to the list; nothing removed. */
export function unionFeeds(feeds: Record<string, FeedEntry>, local: FeedRecord[]): void {
  for (const f of local) if (!feeds[f.url]) feeds[f.url] = entry(f);
}

/** Makes the library's subscriptions equal to the list; a new one is fetched at the next refresh. Returns how many changed. */
export function writeFeeds(tx: Tx, feeds: FeedRecord[], now: string): number {
  const have = new Map(readLocalFeeds(tx).map((f) => [f.url, f]));
  const add = tx.prepare('INSERT INTO feeds (url, title, full_text, created_at) VALUES (?, ?, ?, ?)');
  const update = tx.prepare('UPDATE feeds SET title = ?, full_text = ? WHERE url = ?');
  const drop = tx.prepare('DELETE FROM feeds WHERE url = ?');
  let changed = 0;
  for (const f of feeds) {
    const local = have.get(f.url);
    have.delete(f.url);
    if (!local) add.run(f.url, f.title, f.fullText ? 1 : 0, now);
    else if (local.title !== f.title || local.fullText !== f.fullText) update.run(f.title, f.fullText ? 1 : 0, f.url);
    else continue;
    changed++;
  }
  for (const url of have.keys()) {
    drop.run(url);
    changed++;
  }
  return changed;
}
