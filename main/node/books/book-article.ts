/**
 * A book as the reader shows it until it renders the original itself: its chapters or pages as
 * plain HTML (a heading each, then paragraphs and line breaks), and the canonical text of that
 * HTML, built side by side without parsing it. Highlights, search and bookmarks then work on a
 * book as on an article, and the sections are re-measured as ranges of that text.
 */
import { escapeText } from '../import/draft';
import type { BookDraft, BookSection } from './book-draft';

export interface BookArticle {
  html: string;
  text: string;
  sections: BookSection[];
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

function heading(section: BookSection): string {
  const label = clean(section.label);
  if (section.page !== undefined) return `Page ${label || section.page}`;
  return label || 'Untitled chapter';
}

export function bookToArticle(book: BookDraft): BookArticle {
  const html: string[] = [];
  const text: string[] = [];
  let length = 0;
  const add = (h: string, t: string) => {
    html.push(h);
    length += (text.length ? 2 : 0) + t.length;
    text.push(t);
  };
  const sections = book.sections.map((section): BookSection => {
    const title = heading(section);
    const paragraphs = book.text
      .slice(section.start, section.end)
      .split(/\n\s*\n/)
      .map((p) => p.split('\n').map(clean).filter(Boolean))
      .filter((lines) => lines.length > 0);
    // A chapter that opens with its own title shows that line as the heading, not twice.
    if (paragraphs[0]?.length === 1 && paragraphs[0][0] === title) paragraphs.shift();
    const start = length + (text.length ? 2 : 0);
    add(`<h2>${escapeText(title)}</h2>`, title);
    for (const lines of paragraphs) add(`<p>${lines.map(escapeText).join('<br>')}</p>`, lines.join('\n'));
    return { ...section, start, end: length };
  });
  return { html: html.join('\n'), text: text.join('\n\n'), sections };
}
