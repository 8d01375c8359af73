/**
 * A draft's cleaned HTML and canonical text as the row the writer stores: its title on one line,
 * the hash that finds duplicates, its excerpt and word count. Plain-text drafts are built here
 * whole (their HTML is escaped text, no sanitizer needed), in whichever thread read them.
 */
import { createHash } from 'node:crypto';
import { countWords } from '../../common/canonical-text';
import { formatBytes } from '../../common/sizes';
import type { NewArticle } from '../store/articles';
import { paragraphsToArticle, type Draft } from './draft';
import { ImportError } from './errors';

/** One article's cleaned HTML: beyond this a "page" is a book or a dump, and the reader would crawl. */
export const MAX_ARTICLE_CHARS = 5 * 1024 * 1024;

export function draftTitle(d: Draft): string {
  return d.title.replace(/\s+/g, ' ').trim().slice(0, 500);
}

export function newArticle(d: Draft, title: string, html: string, text: string): NewArticle {
  if (!text) throw new ImportError('no readable text is left after removing scripts and unsafe content');
  if (html.length > MAX_ARTICLE_CHARS) {
    throw new ImportError(`the article is ${formatBytes(html.length)} once cleaned; Lectern keeps articles up to ${formatBytes(MAX_ARTICLE_CHARS)} (split it, or save a shorter part)`);
  }
  return {
    url: d.url ?? null,
    canonicalUrl: d.canonicalUrl ?? null,
    contentHash: createHash('sha256').update(`${title}\n${text}`).digest('hex'),
    title,
    author: d.author ?? null,
    site: d.site ?? null,
    publishedAt: d.publishedAt ?? null,
    lang: d.lang ?? null,
    excerpt: d.excerpt ?? (text.length > 280 ? `${text.slice(0, 277).trimEnd()}…` : text),
    html,
    text,
    wordCount: countWords(text),
  };
}

export function paragraphsArticle(d: Draft, paragraphs: string[]): NewArticle {
  const { html, text } = paragraphsToArticle(paragraphs);
  return newArticle(d, draftTitle(d), html, text);
}
