/**
 * The books part of a query: the newest books with a chapter or page that matches it (their
 * text is indexed apart: schema.ts says why), each with its exact words and its snippet. It
 * reads only the books' index and rows, and what it finds is merged after the articles part has
 * ranked and scored its own: so in the app it runs in a thread of its own while the articles
 * part runs (books-thread.ts), and elsewhere (the CLI, tests) in the caller's thread after it.
 */
import type { ArticleSummary, SearchFilters } from '../../common/contract';
import type { ArticleStore } from '../store/articles';
import type { Prepare } from '../store/db';
import { bookExact, BooksHolding, exactQuery, type BookRow } from './exact-words';
import { bookExpression, type Term } from './fts-expression';
import { Ranker } from './ranker';
import { snippetOf, wordMatcher, type Lead, type Snippet } from './snippet';

/**
 * How many books a query's matches in books' text may bring in, the newest: each costs what a
 * long text does (search-service.ts's NEWEST_LONG). A book whose title, author or tags match
 * is found besides, ranked, by the articles part.
 */
const BOOKS = 5;

export interface BooksAsk {
  terms: Term[];
  filters: SearchFilters;
}

/** A book found in its text: unranked (tier 3), scored as SearchService scores a candidate. */
export interface FoundBook {
  summary: ArticleSummary;
  /** The chapter or page its snippet comes from, where the reader opens it. */
  section: number;
  exact: number;
  exactInTitle: number;
  snippet: Snippet;
}

/** A chapter's or page's text, as a lead (see SearchService's `leadOf`); null when the row is gone. */
export function sectionLead(prepared: Prepare, section: number): Lead | null {
  const row = prepared('SELECT body FROM search_books WHERE rowid = ?').get(section) as { body: string | null } | undefined;
  return typeof row?.body === 'string' ? { text: row.body, cut: true } : null;
}

/**
 * Every book found is scored in full: which of them the articles part outranks (those it would
 * not read, see `scoreExactWords`) is not known here, and none of them is shown then anyway.
 */
export function findBooks(prepared: Prepare, articles: ArticleStore, ask: BooksAsk): FoundBook[] {
  const match = bookExpression(ask.terms);
  const found = match ? Ranker.filtered(prepared, ask.filters, 0).books(match, BOOKS) : [];
  if (!found.length) return [];
  const summaries = articles.summaries(found.map((b) => b.id));
  const q = exactQuery(ask.terms);
  const inBooks = new BooksHolding(prepared, found.map((b) => b.id));
  const isMatch = wordMatcher(ask.terms);
  const books: FoundBook[] = [];
  for (const b of found) {
    const summary = summaries.get(b.id);
    const lead = sectionLead(prepared, b.section!);
    // A book deleted since the walk (the app's writer does not wait for a search) is left out.
    if (!summary || !lead) continue;
    const row: BookRow = { summary, tier: 3, exactInTitle: 0, section: b.section, lead };
    const leadOf = (r: BookRow) => (r.lead ??= sectionLead(prepared, r.section!) ?? lead);
    const inTitle = q.patterns.map((p) => p.test(summary.title));
    row.exactInTitle = inTitle.filter(Boolean).length;
    const exact = bookExact(row, { ...q, inTitle, inBooks, outranked: () => false }, leadOf);
    books.push({ summary, section: row.section!, exact, exactInTitle: row.exactInTitle, snippet: snippetOf(leadOf(row), isMatch, () => articles.text(b.id)) });
  }
  return books;
}
