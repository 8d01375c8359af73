/**
 * A feed's new items as ingest items. An item the feed gives in full is kept as given; one with
 * only a summary (or any item, for a full-text feed) has its page fetched, and keeps the summary
 * if the page cannot be had. Items already in the library are left out before anything is fetched.
 */
import type { Draft, Extracted } from '../import/draft';
import type { IngestItem } from '../import/items';
import { fetchPage } from '../import/sources';
import type { ArticleStore } from '../store/articles';
import type { FeedItem } from './parse';

async function draftOf(feed: { fullText: boolean }, item: FeedItem): Promise<Draft> {
  if ((feed.fullText || item.summaryOnly) && item.url) {
    try {
      const page = (await fetchPage(item.url)).articles[0]!;
      return { ...page, title: item.title ?? page.title, publishedAt: item.publishedAt ?? page.publishedAt ?? null, author: page.author ?? item.author };
    } catch (err) {
      if (!item.html) throw err;
    }
  }
  if (item.html) return { title: item.title ?? item.url ?? 'Untitled', html: item.html, url: item.url, canonicalUrl: item.url, author: item.author, publishedAt: item.publishedAt };
  const saved = { savedAt: null, state: 'unread' as const, starred: false, progress: null, tags: [], highlights: [], linkOnly: true };
  return { title: item.title ?? item.url!, paragraphs: [`A feed item saved as a link: ${item.url}`, 'Lectern fetches its text the next time it is online.'], url: item.url, canonicalUrl: item.url, saved };
}

export function feedItems(feed: { id: number; fullText: boolean }, items: FeedItem[], articles: ArticleStore): IngestItem[] {
  const seen = new Set<string>();
  return items
    .filter((item) => !seen.has(item.guid) && seen.add(item.guid) && !articles.hasFeedItem(feed.id, item.guid))
    .map((item) => ({
      name: item.title ?? item.url ?? item.guid,
      into: { kind: 'feed', feedId: feed.id, guid: item.guid },
      extract: async (): Promise<Extracted> => ({ articles: [await draftOf(feed, item)] }),
    }));
}
