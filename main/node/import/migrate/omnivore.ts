/**
 * Omnivore's export ZIP: `metadata_*.json` (id, slug, title, author, url, state, labels,
 * savedAt, readingProgress…), `content/<slug>.html` and `highlights/<slug>.md` (`> quote`
 * lines, then the note). The archive is read with limits: a ZIP that would expand past them
 * (a zip bomb) is refused before anything is inflated.
 */
import { unzipSync } from 'fflate';
import { ImportError } from '../errors';
import { cleanTags, isoDate, webUrl, type Entry, type Highlight, type Migration } from './entry';

export const MAX_ZIP_EXPANDED_BYTES = 500 * 1024 * 1024;
export const MAX_ZIP_RATIO = 200;
const MAX_ZIP_FILES = 100_000;

export function readZip(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  let total = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        count++;
        total += f.originalSize;
        if (count > MAX_ZIP_FILES) throw new ImportError(`${file} holds more than ${MAX_ZIP_FILES} files`);
        if (total > MAX_ZIP_EXPANDED_BYTES || total > bytes.length * MAX_ZIP_RATIO) {
          throw new ImportError(`${file} would expand to more than ${Math.round(Math.min(MAX_ZIP_EXPANDED_BYTES, bytes.length * MAX_ZIP_RATIO) / 1048576)} MB (a ZIP bomb?); nothing was read`);
        }
        return !f.name.endsWith('/');
      },
    });
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${file} is not a readable ZIP archive (${(err as Error).message})`);
  }
  return new Map(Object.entries(files));
}

/** `> quote` blocks, each followed by its note (until the next quote), as Omnivore writes them. */
export function parseHighlights(md: string): Highlight[] {
  const out: Highlight[] = [];
  let current: { quote: string[]; note: string[] } | null = null;
  const flush = () => {
    if (current && current.quote.join(' ').trim()) out.push({ quote: current.quote.join('\n').trim(), ...(current.note.join('\n').trim() && { note: current.note.join('\n').trim() }) });
    current = null;
  };
  let inQuote = false;
  for (const line of md.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^>\s?/.test(line)) {
      if (!inQuote) {
        flush();
        current = { quote: [], note: [] };
      }
      inQuote = true;
      current!.quote.push(line.replace(/^>\s?/, ''));
    } else {
      inQuote = false;
      if (current && !/^#{1,6}\s/.test(line)) current.note.push(line);
    }
  }
  flush();
  return out;
}

const decoder = new TextDecoder();

export function parseOmnivoreZip(bytes: Uint8Array, file: string): Migration {
  const files = readZip(bytes, file);
  const metadataFiles = [...files.keys()].filter((n) => /(^|\/)metadata_[^/]*\.json$/.test(n)).sort();
  if (metadataFiles.length === 0) throw new ImportError(`${file} is a ZIP without metadata_*.json: not an Omnivore export`);
  const entries: Entry[] = [];
  const failed: Migration['failed'] = [];
  const find = (dir: string, slug: string, ext: string) => [...files.keys()].find((n) => n.endsWith(`${dir}/${slug}.${ext}`));
  for (const name of metadataFiles) {
    let list: unknown;
    try {
      list = JSON.parse(decoder.decode(files.get(name)!));
    } catch (err) {
      failed.push({ item: `${file}: ${name}`, reason: `not JSON (${(err as Error).message})` });
      continue;
    }
    if (!Array.isArray(list)) {
      failed.push({ item: `${file}: ${name}`, reason: 'not a list of saved items' });
      continue;
    }
    for (const [i, raw] of list.entries()) {
      const m = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const slug = typeof m.slug === 'string' ? m.slug : null;
      const title = typeof m.title === 'string' ? m.title.trim() : null;
      const item = `${file}: ${title || slug || `item ${i + 1} of ${name}`}`;
      const url = webUrl(m.url);
      const contentFile = slug ? find('content', slug, 'html') : undefined;
      const highlightFile = slug ? find('highlights', slug, 'md') : undefined;
      const html = contentFile ? decoder.decode(files.get(contentFile)!) : null;
      if (!url && !html?.trim()) {
        failed.push({ item, reason: 'it has neither a web address nor content' });
        continue;
      }
      const labels = Array.isArray(m.labels) ? m.labels.map((l) => (typeof l === 'object' && l !== null ? (l as { name?: unknown }).name : l)) : [];
      const progress = typeof m.readingProgress === 'number' ? Math.min(1, Math.max(0, m.readingProgress > 1 ? m.readingProgress / 100 : m.readingProgress)) : null;
      const state = String(m.state ?? '').toLowerCase();
      entries.push({
        item,
        url,
        title: title || null,
        savedAt: isoDate(m.savedAt),
        tags: cleanTags(labels),
        state: state === 'archived' ? 'archived' : (progress ?? 0) >= 0.98 ? 'read' : 'unread',
        starred: false,
        progress,
        html: html?.trim() ? html : null,
        author: typeof m.author === 'string' ? m.author : null,
        publishedAt: isoDate(m.publishedAt),
        highlights: highlightFile ? parseHighlights(decoder.decode(files.get(highlightFile)!)) : [],
      });
    }
  }
  return { service: 'Omnivore', entries, failed };
}
