/**
 * Readwise Reader's CSV: `Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen`.
 * Location archive → archived, shortlist → starred; Seen or progress → read; tags are a list
 * written as `['a', 'b']` or `a, b`.
 */
import { cleanTags, isoDate, webUrl, type Entry } from './entry';
import type { Row } from './csv';

export function readwiseEntry(row: Row, file: string): Entry {
  const location = (row.location ?? '').toLowerCase();
  const rawProgress = Number((row['reading progress'] ?? '').replace('%', ''));
  const progress = Number.isFinite(rawProgress) && row['reading progress'] ? (rawProgress > 1 ? rawProgress / 100 : rawProgress) : null;
  const seen = /^(true|yes|1)$/i.test(row.seen ?? '');
  const tags = (row['document tags'] ?? '').replace(/^\[|\]$/g, '').split(',').map((t) => t.trim().replace(/^['"]|['"]$/g, ''));
  return {
    item: `${file}: ${row.title || row.url}`,
    url: webUrl(row.url),
    title: row.title || null,
    savedAt: isoDate(row['saved date']),
    tags: cleanTags(tags),
    state: location === 'archive' ? 'archived' : seen || (progress ?? 0) > 0 ? 'read' : 'unread',
    starred: location === 'shortlist',
    progress: progress === null ? null : Math.min(1, Math.max(0, progress)),
    html: null,
    highlights: [],
  };
}
