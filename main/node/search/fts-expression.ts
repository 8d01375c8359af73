/**
 * Clauses → one FTS5 MATCH expression. lunr's semantics are kept: optional terms rank,
 * required ones (`+`) must all match, prohibited ones (`-`) must not. Since FTS5 has no
 * "optional" operator, a query with required terms is `required AND (required OR optional…)`:
 * only the required filter, every phrase still counts in BM25. A boost `^n` repeats the phrase
 * n times inside its OR group, which BM25 sums — so it weighs n times as much.
 */
import type { SearchField } from './schema';

export interface Term {
  /** Alternatives for one clause: the word itself and its typo or wildcard expansions. */
  alternatives: string[];
  /** FTS5 prefix query (`develop*`). */
  prefix: boolean;
  /** The prefix typed, when `alternatives` are the library's words that begin with it. */
  prefixOf?: string;
  phrase: boolean;
  fields: SearchField[] | null;
  presence: 'optional' | 'required' | 'prohibited';
  boost: number;
}

const quote = (word: string) => `"${word.replace(/"/g, '""')}"`;

function termExpression(t: Term): string {
  const alternatives = t.alternatives.map((a) => (t.prefix ? `${quote(a)} *` : quote(a)));
  const repeated = Array.from({ length: t.boost }, () => alternatives).flat();
  const body = repeated.length === 1 ? repeated[0]! : `(${repeated.join(' OR ')})`;
  if (!t.fields) return body;
  return `${t.fields.length === 1 ? t.fields[0] : `{${t.fields.join(' ')}}`} : ${body}`;
}

/** Null when nothing positive is left to search for (only stop words, or only `-terms`). */
export function toFtsExpression(terms: Term[]): string | null {
  const required = terms.filter((t) => t.presence === 'required').map(termExpression);
  const optional = terms.filter((t) => t.presence === 'optional').map(termExpression);
  const prohibited = terms.filter((t) => t.presence === 'prohibited').map(termExpression);
  let positive: string;
  if (required.length && optional.length) positive = `${required.join(' AND ')} AND (${[...required, ...optional].join(' OR ')})`;
  else if (required.length) positive = required.join(' AND ');
  else if (optional.length) positive = optional.join(' OR ');
  else return null;
  return prohibited.length ? `(${positive}) NOT (${prohibited.join(' OR ')})` : positive;
}

/**
 * The query over books' text (`search_books`, one column): a term for other fields is left to
 * `search_index`, which holds a book's title, author, site and tags. A book must match in one
 * chapter or page; and a query that requires or excludes a term of those other fields finds
 * books by those fields only, since a chapter cannot tell. An optional phrase whose words are
 * all optional terms too (plain words typed together) finds no book its words do not, and is
 * left out: FTS5 would check it in every chapter holding its words, the walk's early stop or
 * not (in the exact-word points, which do not come from the index, it still counts).
 */
export function bookExpression(terms: Term[]): string | null {
  const inText = (t: Term) => !t.fields || t.fields.includes('body');
  if (terms.some((t) => !inText(t) && t.presence !== 'optional')) return null;
  const kept = terms.filter(inText);
  const words = new Set(kept.filter((t) => !t.phrase && !t.prefix && t.presence === 'optional').flatMap((t) => t.alternatives));
  const redundant = (t: Term) => t.phrase && t.presence === 'optional' && t.alternatives.every((a) => a.split(' ').every((w) => words.has(w)));
  return toFtsExpression(kept.filter((t) => !redundant(t)).map((t) => ({ ...t, fields: null })));
}

/** A term asked alone: optional, unboosted, whatever it was in its query. */
export const alone = (t: Term): Term => ({ ...t, presence: 'optional', boost: 1 });
