/**
 * Pocket's exports: `ril_export.html` (sections "Unread" and "Read Archive" of links with
 * time_added and tags attributes) and the CSV `title,url,time_added,tags,status` (tags split on
 * "|", status unread or archive). Pocket exports carry no text: entries are links.
 */
import { parseHTML } from 'linkedom';
import { cleanTags, isoDate, webUrl, type Entry, type Migration } from './entry';
import type { Row } from './csv';

export function looksLikePocketHtml(text: string): boolean {
  return /<h1>\s*(Unread|Read Archive)\s*<\/h1>/i.test(text) && /time_added=/i.test(text);
}

export function parsePocketHtml(text: string, file: string): Migration {
  const { document } = parseHTML(text);
  const entries: Entry[] = [];
  const failed: Migration['failed'] = [];
  let archived = false;
  for (const el of document.querySelectorAll('h1, li')) {
    if (el.tagName === 'H1') {
      archived = /archive/i.test(el.textContent ?? '');
      continue;
    }
    const a = el.querySelector('a');
    const url = webUrl(a?.getAttribute('href'));
    const title = a?.textContent?.trim() || null;
    if (!url) {
      failed.push({ item: `${file}: ${title ?? a?.getAttribute('href') ?? 'an entry'}`, reason: 'its link is not a web address' });
      continue;
    }
    entries.push({
      item: `${file}: ${title ?? url}`,
      url,
      title: title && title !== url ? title : null,
      savedAt: isoDate(a?.getAttribute('time_added')),
      tags: cleanTags((a?.getAttribute('tags') ?? '').split(',')),
      state: archived ? 'archived' : 'unread',
      starred: false,
      progress: null,
      html: null,
      highlights: [],
    });
  }
  return { service: 'Pocket', entries, failed };
}

export function pocketCsvEntry(row: Row, file: string): Entry {
  const url = webUrl(row.url);
  return {
    item: `${file}: ${row.title || row.url}`,
    url,
    title: row.title && row.title !== row.url ? row.title : null,
    savedAt: isoDate(row.time_added),
    tags: cleanTags((row.tags ?? '').split('|')),
    state: /archive/i.test(row.status ?? '') ? 'archived' : 'unread',
    starred: false,
    progress: null,
    html: null,
    highlights: [],
  };
}
