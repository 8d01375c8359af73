/** What a format module extracts from one file: articles before sanitizing, and their source. */
import type { NewSource } from '../store/articles';

export interface Draft {
  title: string;
  /** Untrusted HTML; the import service sanitizes it. */
  html: string;
  url?: string | null;
  canonicalUrl?: string | null;
  author?: string | null;
  site?: string | null;
  publishedAt?: string | null;
  lang?: string | null;
  excerpt?: string | null;
}

export interface Extracted {
  source: NewSource;
  articles: Draft[];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

/** Paragraphs of plain text as HTML; hard-wrapped lines inside a paragraph are joined. */
export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p.replace(/\s*\n\s*/g, ' ').trim())}</p>`).join('\n');
}

export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function baseName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name;
  return file.replace(/\.[^.]+$/, '') || file;
}
