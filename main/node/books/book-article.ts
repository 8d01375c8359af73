/**
 * A book as the library stores it. Its canonical text is the book's own, chapter by chapter or
 * page by page, joined by blank lines (`show <id> --text`): exactly what the EPUB and PDF readers
 * compute from what they render, so a TextPosition there (plus the section's start) is one in
 * the stored text, and search hits map to sections by offset. The HTML is an interim text view
 * for a kind whose reader is not there: a section each, its paragraphs and line breaks, with
 * that same canonical text (no headings of its own, which would be text the book does not have).
 */
import { escapeText } from '../import/draft';
import type { BookDraft, BookSection } from './book-draft';

export interface BookArticle {
  html: string;
  text: string;
  sections: BookSection[];
}

export function bookToArticle(book: BookDraft): BookArticle {
  const html = book.sections.map((section) => {
    const paragraphs = book.text
      .slice(section.start, section.end)
      .split('\n\n')
      .filter((p) => p.trim())
      .map((p) => `<p>${p.split('\n').map(escapeText).join('<br>')}</p>`);
    return `<section>${paragraphs.join('\n')}</section>`;
  });
  return { html: html.join('\n'), text: book.text, sections: book.sections };
}
