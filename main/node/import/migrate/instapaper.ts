/**
 * Instapaper's CSV: `URL,Title,Selection,Folder` and the newer `…,Timestamp,Tags`. Folder is
 * Unread, Archive or Starred, or a folder of the user's, which becomes a tag; Tags is a JSON
 * array; Selection is a passage the user selected, kept as a highlight.
 */
import { cleanTags, isoDate, webUrl, type Entry } from './entry';
import type { Row } from './csv';

export function instapaperEntry(row: Row, file: string): Entry {
  const folder = row.folder ?? '';
  let tags: unknown[] = [];
  if (row.tags) {
    try {
      const parsed = JSON.parse(row.tags) as unknown;
      tags = Array.isArray(parsed) ? parsed.map((t) => (typeof t === 'object' && t !== null ? (t as { name?: unknown }).name : t)) : [];
    } catch {
      tags = row.tags.split(',');
    }
  }
  const special = /^(unread|archive|starred)$/i.test(folder);
  return {
    item: `${file}: ${row.title || row.url}`,
    url: webUrl(row.url),
    title: row.title || null,
    savedAt: isoDate(row.timestamp),
    tags: cleanTags([...tags, ...(folder && !special ? [folder] : [])]),
    state: /^archive$/i.test(folder) ? 'archived' : 'unread',
    starred: /^starred$/i.test(folder),
    progress: null,
    html: null,
    highlights: row.selection ? [{ quote: row.selection }] : [],
  };
}
