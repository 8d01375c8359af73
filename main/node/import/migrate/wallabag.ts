/**
 * Wallabag's JSON export: entries with content, tags, is_archived, is_starred and annotations
 * ({quote, text}). The content is the article; annotations become highlights with their note.
 */
import { ImportError } from '../errors';
import { cleanTags, isoDate, webUrl, type Entry, type Migration } from './entry';

export function looksLikeWallabag(doc: unknown): doc is Record<string, unknown>[] {
  return Array.isArray(doc) && doc.length > 0 && doc.every((e) => typeof e === 'object' && e !== null && ('is_archived' in e || 'is_starred' in e));
}

const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';

export function parseWallabag(doc: Record<string, unknown>[], file: string): Migration {
  const entries: Entry[] = [];
  const failed: Migration['failed'] = [];
  doc.forEach((e, i) => {
    const title = typeof e.title === 'string' ? e.title.trim() : null;
    const item = `${file}: ${title || (typeof e.url === 'string' ? e.url : `entry ${i + 1}`)}`;
    try {
      const url = webUrl(e.url);
      const html = typeof e.content === 'string' && e.content.trim() ? e.content : null;
      if (!url && !html) throw new ImportError('it has neither a web address nor content');
      const tags = Array.isArray(e.tags) ? e.tags.map((t) => (typeof t === 'object' && t !== null ? (t as { label?: unknown }).label : t)) : [];
      const annotations = Array.isArray(e.annotations) ? e.annotations : [];
      entries.push({
        item,
        url,
        title: title || null,
        savedAt: isoDate(e.created_at),
        tags: cleanTags(tags),
        state: truthy(e.is_archived) ? 'archived' : 'unread',
        starred: truthy(e.is_starred),
        progress: null,
        html,
        author: Array.isArray(e.published_by) && typeof e.published_by[0] === 'string' ? e.published_by[0] : null,
        publishedAt: isoDate(e.published_at),
        highlights: annotations
          .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && typeof (a as { quote?: unknown }).quote === 'string')
          .map((a) => ({ quote: (a.quote as string).trim(), note: typeof a.text === 'string' ? a.text : undefined, createdAt: isoDate(a.created_at) })),
      });
    } catch (err) {
      failed.push({ item, reason: (err as Error).message });
    }
  });
  return { service: 'Wallabag', entries, failed };
}
