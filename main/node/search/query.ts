/**
 * The query language is lunr's (`title:poverty +xinjiang -covid develop* povrty~1 term^10`),
 * parsed by `lunr.QueryParser`, plus quoted phrases (`"human rights"`, `title:"…"`, `+"…"`,
 * `-"…"`), which lunr lacks. The result is a list of clauses, independent of FTS5.
 */
import lunr from 'lunr';
import { LecternError } from '../../common/errors';
import { SEARCH_COLUMNS, type SearchField } from './schema';

export type Presence = 'optional' | 'required' | 'prohibited';

export interface Clause {
  /** Lower-cased words: one for a term, several for a phrase. */
  words: string[];
  phrase: boolean;
  fields: SearchField[] | null;
  presence: Presence;
  boost: number;
  editDistance: number;
  /** The term contains `*` (a lunr wildcard). */
  wildcard: boolean;
}

const FIELD_ALIASES: Record<string, SearchField> = { title: 'title', author: 'author', by: 'author', site: 'site', tag: 'tags', tags: 'tags', body: 'body', text: 'body' };
const PHRASE = /(^|\s)([+-]?)(?:([a-z]+):)?"([^"]*)"/gi;
const WORD = /[\p{L}\p{N}*]+/gu;

function fieldOf(name: string): SearchField {
  const field = FIELD_ALIASES[name.toLowerCase()];
  if (!field) throw new LecternError('BAD_REQUEST', `Unknown field "${name}:". Fields are ${SEARCH_COLUMNS.join(', ')}.`);
  return field;
}

export function parseQuery(input: string): Clause[] {
  const clauses: Clause[] = [];
  // Phrases first: lunr would read the quotes as part of the terms.
  const rest = input.replace(PHRASE, (_m, lead: string, sign: string, field: string | undefined, text: string) => {
    const words = text.toLowerCase().match(WORD)?.map((w) => w.replace(/\*/g, '')).filter(Boolean) ?? [];
    if (words.length) {
      clauses.push({
        words,
        phrase: words.length > 1,
        fields: field ? [fieldOf(field)] : null,
        presence: sign === '+' ? 'required' : sign === '-' ? 'prohibited' : 'optional',
        boost: 1,
        editDistance: 0,
        wildcard: false,
      });
    }
    return lead + ' ';
  });
  if (rest.includes('"')) throw new LecternError('BAD_REQUEST', 'A quote is not closed: phrases go between two " marks.');

  const query = new lunr.Query([...SEARCH_COLUMNS, ...Object.keys(FIELD_ALIASES)]);
  try {
    new lunr.QueryParser(rest, query).parse();
  } catch (err) {
    const message = err instanceof lunr.QueryParseError ? err.message : String(err);
    throw new LecternError('BAD_REQUEST', `Could not read the query: ${message}.`);
  }
  for (const c of query.clauses) {
    const fieldNames = c.fields ?? [];
    const scoped = fieldNames.length > 0 && fieldNames.length < query.allFields.length;
    // lunr's lexer splits on whitespace and hyphens only; FTS5 tokenizes on any punctuation.
    const parts = c.term.toLowerCase().match(WORD) ?? [];
    for (const word of parts) {
      clauses.push({
        words: [word],
        phrase: false,
        fields: scoped ? [...new Set(fieldNames.map(fieldOf))] : null,
        presence: c.presence === lunr.Query.presence.REQUIRED ? 'required' : c.presence === lunr.Query.presence.PROHIBITED ? 'prohibited' : 'optional',
        boost: Math.max(1, Math.min(10, Math.round(c.boost ?? 1))),
        editDistance: Math.max(0, Math.min(2, c.editDistance ?? 0)),
        wildcard: word.includes('*'),
      });
    }
  }
  return clauses;
}

/** Common words that carry no meaning alone; dropped from optional terms, as lunr's pipeline does. */
export function isStopWord(word: string): boolean {
  return lunr.stopWordFilter(new lunr.Token(word, {})) === undefined;
}

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = lunr.stemmer(new lunr.Token(word, {})).toString();
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}
