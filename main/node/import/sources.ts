/**
 * Where items come from: files (by path or as bytes), web pages by address, and the queue of
 * articles saved as links only (feed items are in feeds/feed-items.ts). Each gives items whose
 * reading and extracting run later, in the ingest pipeline, so nothing is read before it is needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_IMPORT_FILE_BYTES } from '../../common/contract';
import { readBook } from '../books/read-book';
import type { ArticleStore } from '../store/articles';
import { fetchUrl, MAX_PAGE_BYTES } from '../web/fetch';
import { checkSize, decodeFile, decodeText, sniffedBook } from './decode';
import type { Draft, Extracted } from './draft';
import { ImportError } from './errors';
import { extractHtmlPage } from './html';
import type { IngestItem } from './items';
import { parseMarkdown } from './markdown';
import { looksLikePocketHtml, parseOmnivoreZip, parsePocketHtml, readCsvExport, readJsonExport } from './migrate/detect';
import type { Migration } from './migrate/entry';
import { extractText } from './text-files';

export interface FileBytes {
  /** What the user knows the file by: its name or path. */
  name: string;
  bytes: Uint8Array;
  /** For a PDF that opens only with one. */
  password?: string;
}

type Format = 'html' | 'markdown' | 'text' | 'csv' | 'json' | 'zip' | 'book';
const FORMATS: Record<string, Format> = {
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.csv': 'csv',
  '.json': 'json',
  '.zip': 'zip',
  '.epub': 'book',
  '.pdf': 'book',
};
export const SUPPORTED_EXTENSIONS = Object.keys(FORMATS);

function formatOf(name: string): Format {
  const ext = path.extname(name).toLowerCase();
  const format = FORMATS[ext];
  if (!format) {
    throw new ImportError(`unsupported file type "${ext || '(none)'}"; Lectern imports ${SUPPORTED_EXTENSIONS.join(', ')}`);
  }
  return format;
}

/** Another reader's export as drafts: its text when the export has it, else a link to fetch. */
function fromMigration(m: Migration, fileName: string): Extracted {
  return {
    source: { kind: 'file', name: fileName, intro: null },
    failed: m.failed,
    articles: m.entries.map((e): Draft => {
      const saved = { savedAt: e.savedAt, state: e.state, starred: e.starred, progress: e.progress, tags: e.tags, highlights: e.highlights, linkOnly: !e.html };
      const meta = { item: e.item, saved, url: e.url, canonicalUrl: e.url, author: e.author ?? null, publishedAt: e.publishedAt ?? null, site: e.url ? new URL(e.url).hostname : null };
      const title = e.title ?? e.url ?? 'Untitled';
      return e.html
        ? { ...meta, title, html: e.html }
        : { ...meta, title, paragraphs: [`Saved from ${m.service} as a link: ${e.url}`, 'Lectern fetches its text the next time it is online; until then only the link is kept.'] };
    }),
  };
}

/** A book's one draft: its text read already, the original kept with it. */
async function extractBook(file: FileBytes, url?: string): Promise<Extracted> {
  checkSize(file.bytes.length);
  const fileName = path.basename(file.name);
  const book = await readBook(file.bytes, fileName, { password: file.password });
  const site = url ? new URL(url).hostname : null;
  return { source: url ? undefined : { kind: 'file', name: fileName, intro: null }, articles: [{ title: book.title, url: url ?? null, site, book }] };
}

/** One file's drafts, by its extension (or its bytes, for a book): decode → its format module. */
export async function extract(file: FileBytes): Promise<Extracted> {
  if (sniffedBook(file.bytes)) return extractBook(file);
  const format = formatOf(file.name);
  const fileName = path.basename(file.name);
  if (format === 'book') return extractBook(file);
  if (format === 'zip') {
    checkSize(file.bytes.length);
    return fromMigration(parseOmnivoreZip(file.bytes, fileName), fileName);
  }
  if (format === 'text') return extractText(file.bytes, fileName);
  const text = decodeFile(file.bytes, { html: format === 'html' });
  switch (format) {
    case 'csv':
      return fromMigration(readCsvExport(text, fileName), fileName);
    case 'json':
      return fromMigration(readJsonExport(text, fileName), fileName);
    case 'html':
      return looksLikePocketHtml(text) ? fromMigration(parsePocketHtml(text, fileName), fileName) : await extractHtmlPage(text, fileName);
    case 'markdown':
      return parseMarkdown(text, fileName);
  }
}

/** A web address serving one of these is a book. */
const BOOK_TYPES = ['application/pdf', 'application/epub+zip'];

/** A web page by address: fetched (limits in web/fetch.ts), decoded by its stated charset, extracted. */
export async function fetchPage(url: string): Promise<Extracted> {
  // A book may be as large as an imported file; a page stops at the page limit.
  const maxBytes = (mime: string) => (BOOK_TYPES.includes(mime) ? MAX_IMPORT_FILE_BYTES : MAX_PAGE_BYTES);
  const got = (await fetchUrl(url, { accept: ['text/html', 'application/xhtml+xml', ...BOOK_TYPES], maxBytes }))!;
  if (BOOK_TYPES.includes(got.contentType)) return extractBook({ name: new URL(got.url).pathname, bytes: got.bytes }, got.url);
  const text = decodeText(got.bytes, { html: true, charset: got.charset });
  return extractHtmlPage(text, new URL(got.url).hostname, got.url);
}

const isText = (name: string) => FORMATS[path.extname(name).toLowerCase()] === 'text';

/** Files already in memory (a drop on the window, a test). */
export function fileItems(files: FileBytes[]): IngestItem[] {
  return files.map((file) => ({
    name: file.name,
    extract: () => extract(file),
    ...(isText(file.name) && { text: { name: file.name, size: file.bytes.length, bytes: file.bytes } }),
  }));
}

export function urlItems(urls: string[]): IngestItem[] {
  return urls.map((url) => ({ name: url, extract: () => fetchPage(url) }));
}

/**
 * Files named by path (the CLI, a dialog, a second launch); folders are walked for supported
 * files. `password` opens the PDFs among them that need one. A path that cannot be read is an item that fails with the reason. Each file is read
 * when its turn comes, not all at once.
 */
export function pathItems(paths: string[], options: { password?: string } = {}): IngestItem[] {
  const items: IngestItem[] = [];
  const failing = (name: string, reason: string): IngestItem => ({ name, extract: () => Promise.reject(new ImportError(reason)) });
  const visit = (p: string, fromFolder: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      items.push(failing(p, 'no such file or folder'));
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) if (!entry.startsWith('.')) visit(path.join(p, entry), true);
      return;
    }
    if (fromFolder && !SUPPORTED_EXTENSIONS.includes(path.extname(p).toLowerCase())) return;
    items.push({
      name: p,
      extract: async () => {
        checkSize(stat.size);
        let bytes: Uint8Array;
        try {
          bytes = await fs.promises.readFile(p);
        } catch (err) {
          throw new ImportError(`could not be read: ${(err as Error).message}`);
        }
        return extract({ name: p, bytes, password: options.password });
      },
      ...(isText(p) && { text: { name: p, size: stat.size, path: p } }),
    });
  };
  for (const p of paths) visit(p, false);
  return items;
}

/**
 * The articles saved as links only (from an export, or while offline), oldest first. The queue
 * is the library itself: an interrupted run picks up where it stopped.
 */
export function linkQueue(articles: ArticleStore, limit?: number): IngestItem[] {
  return articles.linkOnly(limit).map((row) => ({ name: row.url, extract: () => fetchPage(row.url), into: { kind: 'article', id: row.id, title: row.title } }));
}
