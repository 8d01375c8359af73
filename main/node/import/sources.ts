/**
 * Where items come from: files (by path or as bytes), web pages by address, and the queue of
 * articles saved as links only (feed items are in feeds/feed-items.ts). Each gives items whose
 * reading and extracting run later, in the ingest pipeline, so nothing is read before it is needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ArticleStore } from '../store/articles';
import { fetchUrl } from '../web/fetch';
import { checkSize, decodeText } from './decode';
import { parseDigest } from './digest';
import type { Draft, Extracted } from './draft';
import { ImportError } from './errors';
import { extractHtmlPage } from './html';
import type { IngestItem } from './ingest';
import { parseMarkdown } from './markdown';
import { looksLikePocketHtml, parseOmnivoreZip, parsePocketHtml, readCsvExport, readJsonExport } from './migrate/detect';
import type { Migration } from './migrate/entry';
import { parsePlainText } from './plain-text';

export interface FileBytes {
  /** What the user knows the file by: its name or path. */
  name: string;
  bytes: Uint8Array;
}

type Format = 'html' | 'markdown' | 'text' | 'csv' | 'json' | 'zip';
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

/** One file's drafts, by its extension: decode → its format module. */
export async function extract(file: FileBytes): Promise<Extracted> {
  const format = formatOf(file.name);
  const fileName = path.basename(file.name);
  if (format === 'zip') {
    checkSize(file.bytes.length);
    return fromMigration(parseOmnivoreZip(file.bytes, fileName), fileName);
  }
  const text = decodeText(file.bytes, { html: format === 'html' });
  if (!text.trim()) throw new ImportError('the file holds only whitespace');
  switch (format) {
    case 'csv':
      return fromMigration(readCsvExport(text, fileName), fileName);
    case 'json':
      return fromMigration(readJsonExport(text, fileName), fileName);
    case 'html':
      return looksLikePocketHtml(text) ? fromMigration(parsePocketHtml(text, fileName), fileName) : await extractHtmlPage(text, fileName);
    case 'markdown':
      return parseMarkdown(text, fileName);
    case 'text':
      return parseDigest(text, fileName) ?? parsePlainText(text, fileName);
  }
}

/** A web page by address: fetched (limits in web/fetch.ts), decoded by its stated charset, extracted. */
export async function fetchPage(url: string): Promise<Extracted> {
  const got = (await fetchUrl(url, { accept: ['text/html', 'application/xhtml+xml'] }))!;
  const text = decodeText(got.bytes, { html: true, charset: got.charset });
  return extractHtmlPage(text, new URL(got.url).hostname, got.url);
}

/** Files already in memory (a drop on the window, a test). */
export function fileItems(files: FileBytes[]): IngestItem[] {
  return files.map((file) => ({ name: file.name, extract: () => extract(file) }));
}

export function urlItems(urls: string[]): IngestItem[] {
  return urls.map((url) => ({ name: url, extract: () => fetchPage(url) }));
}

/**
 * Files named by path (the CLI, a dialog, a second launch); folders are walked for supported
 * files. A path that cannot be read is an item that fails with the reason. Each file is read
 * when its turn comes, not all at once.
 */
export function pathItems(paths: string[]): IngestItem[] {
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
        return extract({ name: p, bytes });
      },
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
