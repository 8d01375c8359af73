/**
 * What a book file yields before it enters the library: close to an article's Draft (title,
 * author, lang…) plus the canonical text already built, the chapters or pages as offset ranges
 * into it, and the original file, which the library keeps so the reader renders the book itself.
 */
import { createHash } from 'node:crypto';

export type BookKind = 'epub' | 'pdf';

/** A chapter (EPUB spine item, by its path inside the book) or a page (PDF, 1-based), as [start, end) in `text`. */
export type BookSection = { label: string; start: number; end: number } & ({ href: string; page?: undefined } | { page: number; href?: undefined });

export interface BookDraft {
  kind: BookKind;
  title: string;
  /** EPUB: the title's base direction as the package gives it (null: none given). */
  titleDir?: 'ltr' | 'rtl' | 'auto' | null;
  author: string | null;
  lang: string | null;
  publisher: string | null;
  /** The book's own identifier (an EPUB's unique-identifier: ISBN, UUID or URL). */
  identifier: string | null;
  /** Chapters or pages joined by blank lines, as an article's paragraphs are. */
  text: string;
  sections: BookSection[];
  /** EPUB only: fixed-layout books are shown page by page, never reflowed. */
  layout?: 'reflowable' | 'pre-paginated';
  cover?: { bytes: Uint8Array; type: string };
  original: { bytes: Uint8Array; sha256: string; ext: BookKind };
}

export function original(bytes: Uint8Array, ext: BookKind): BookDraft['original'] {
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), ext };
}

type Part = { label: string; text: string } & ({ href: string } | { page: number });

/**
 * Joins chapter or page texts as the canonical text joins paragraphs (a blank line between
 * non-empty ones) and records where each landed; an empty part keeps an empty range at its
 * place so the table of contents can still point there.
 */
export function joinSections(parts: Part[]): { text: string; sections: BookSection[] } {
  let text = '';
  const sections: BookSection[] = [];
  for (const part of parts) {
    const body = part.text.trim();
    if (body && text) text += '\n\n';
    const start = text.length;
    text += body;
    const where = 'href' in part ? { href: part.href } : { page: part.page };
    sections.push({ label: part.label, start, end: text.length, ...where });
  }
  return { text, sections };
}
