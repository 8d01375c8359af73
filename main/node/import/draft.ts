/** What a format module extracts from one file: articles before sanitizing, and their source. */
import type { BookDraft } from '../books/book-draft';
import type { NewSource } from '../store/articles';

export type Draft = {
  title: string;
  url?: string | null;
  canonicalUrl?: string | null;
  author?: string | null;
  site?: string | null;
  publishedAt?: string | null;
  lang?: string | null;
  excerpt?: string | null;
  /** What another reader's export knew of it: kept as Lectern's own state. */
  saved?: {
    savedAt: string | null;
    state: 'unread' | 'read' | 'archived';
    starred: boolean;
    progress: number | null;
    tags: string[];
    highlights: { quote: string; note?: string; createdAt?: string | null }[];
    /** No text yet: fetched later, when online. */
    linkOnly: boolean;
  };
  /** The name this article has in the import report. */
  item?: string;
  /** Fetched from the web: its images are fetched into the library too. */
  pageUrl?: string;
  leadImage?: string | null;
} & (
  /**
   * Untrusted HTML; the import service sanitizes it, unless `sanitized` holds it sanitized already
   * for the title it was made under (a page job does it in its worker, html.ts). A draft retitled
   * since (a feed item under the feed's title) is sanitized again; one given new HTML must drop it.
   */
  | { html: string; sanitized?: { title: string; result: SanitizedHtml }; paragraphs?: undefined; book?: undefined }
  /** Plain-text paragraphs: their HTML is built escaped, so it needs no sanitizer. */
  | { paragraphs: string[]; html?: undefined; sanitized?: undefined; book?: undefined }
  /** An EPUB or PDF, its text already read: its HTML is built escaped too. */
  | { book: BookDraft; html?: undefined; sanitized?: undefined; paragraphs?: undefined }
);

export interface Extracted {
  /** The file or digest the articles came from; a feed item has none. */
  source?: NewSource;
  articles: Draft[];
  /** Parts of the file that could not be read (rows of an export), each with its reason. */
  failed?: { item: string; reason: string }[];
}

/** Escapes text for an element's content (as the HTML serializer does; never for attributes). */
export function escapeText(s: string): string {
  // Most text has nothing to escape: a test is a scan, a replace with a function a call per match.
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/[&<>]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt' }[c]};`);
}

/** Runs of whitespace as one space, ends trimmed; most paragraphs have no run to collapse. */
function collapseSpaces(p: string): string {
  return (/\s\s|[^\S ]/.test(p) ? p.replace(/\s+/g, ' ') : p).trim();
}

/**
 * Paragraphs of plain text as HTML and as canonical text; hard-wrapped lines inside a
 * paragraph are joined. The text is exactly what `canonicalText` derives from the HTML
 * (a test holds them together), without parsing it.
 */
export function paragraphsToArticle(paragraphs: string[]): { html: string; text: string } {
  const clean = paragraphs.map(collapseSpaces).filter(Boolean);
  return { html: clean.map((p) => `<p>${escapeText(p)}</p>`).join('\n'), text: clean.join('\n\n') };
}

export function splitParagraphs(text: string): string[] {
  return (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text)
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function baseName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name;
  return file.replace(/\.[^.]+$/, '') || file;
}

/** An article's HTML once sanitized, and its canonical text. */
export interface SanitizedHtml {
  html: string;
  text: string;
}
