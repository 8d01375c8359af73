/**
 * Search over one library: parse (lunr's language) → expand typos and wildcards against the
 * vocabulary → one FTS5 query ranked by BM25 with field weights, recency breaking ties, and the
 * same query over books' chapters and pages, unranked (schema.ts says why) → snippets for the
 * shown results only.
 */
import type { ArticleSummary, SearchFilters, SearchHit, SearchResponse } from '../../common/contract';
import type { ArticleStore } from '../store/articles';
import { preparedOnce, type Db, type Prepare } from '../store/db';
import { findBooks, sectionLead, type BooksAsk, type FoundBook } from './books-part';
import { BooksThread } from './books-thread';
import { bookExact, BooksHolding, exactQuery } from './exact-words';
import { alone, toFtsExpression, type Term } from './fts-expression';
import { isStopWord, parseQuery, stem, type Clause } from './query';
import { Ranker, type Ranked } from './ranker';
import { SEARCH_COLUMNS } from './schema';
import { snippetOf, wordMatcher, type Lead, type Snippet } from './snippet';
import { Vocabulary } from './vocabulary';

/**
 * A term with fewer hits than this is also searched as the library words likeliest meant: the
 * likeliest, and a second of another stem when it is nearly as likely (aborad: abroad and
 * aboard; glider: glided and gilder, not glide, which the stemmed index matches already). Not more:
 * a rarer word weighs more in BM25, so an unlikely one (tble → tile) would outrank the intended.
 */
const FEW_HITS = 3;
const MAX_EXPANSIONS = 2;
/** How much less likely (in powers of ten) the second correction may be than the first. */
const NEARLY_AS_LIKELY = 1.2;
/**
 * A typo can make another real word (shoe for shore), which has hits and so is never corrected
 * above. In a short typed query (at most FEW_WORDS meaningful words: a pasted passage means its
 * words as they are, and checking each of its words would slow it down), a word is also searched
 * as a one-edit neighbour that is MUCH_LIKELIER (in powers of ten) than the word itself: the
 * neighbour's articles, less its slip penalty, against the word's own articles.
 */
const FEW_WORDS = 3;
const MUCH_LIKELIER = 0.5;
const MAX_PREFIX_WORDS = 40;
/** How many long articles a query may look up for a phrase past their lead, and read whole if it is there (see scoreExactWords). */
const WHOLE_TEXTS = 3;
/**
 * How many long texts (very long pages; books' texts are searched apart) the newest of a query too common to rank whole may bring in. A
 * long text holds nearly every common word, so among the newest matches it is there for being
 * recent and long rather than for the query; and each costs what about eight articles do
 * (its 50,000-character lead read for exact words): with 100 books imported last, the newest were all
 * books, and their leads most of such a query's time.
 */
const NEWEST_LONG = 5;
/** Ranking this many articles costs about 10 ms; see `Ranker`. */
const RANK_ALL_UP_TO = 4000;

interface Candidate {
  summary: ArticleSummary;
  score: number;
  /** 0 when the query's matches were all ranked; else 1 when found by title (or author, site, tag), 2 by a rare term, 3 among the newest (see `focus`); 3 also for a book found in its chapters or pages, unranked. */
  tier: number;
  /** How many of the query's words it holds exactly. */
  exact: number;
  /** How many of them are in its title. */
  exactInTitle: number;
  lead?: Lead;
  /** A book: the chapter or page the books part found it at, or the first that holds a phrase of the query (`bookExact`), read in place of its lead. */
  section?: number;
  /** A book found in its text: its snippet, made with it by the books part. */
  snippet?: Snippet;
}

export class SearchService {
  readonly vocabulary: Vocabulary;
  private readonly prepared: Prepare;
  /** The current query's counts (see `count`). */
  private counted = new Map<string, number>();
  private thread: BooksThread | null = null;

  /**
   * `repair` rebuilds the index; it runs when a query finds the index damaged. `rankAllUpTo`:
   * a query matching more articles than this ranks a bounded share of them (see `Ranker`).
   */
  constructor(
    private readonly db: Db,
    private readonly articles: ArticleStore,
    private readonly repair: (reason: string) => void,
    private readonly rankAllUpTo = RANK_ALL_UP_TO,
  ) {
    this.vocabulary = new Vocabulary(db);
    this.prepared = preparedOnce(db);
  }

  /**
   * How many articles match `expr`, counting no further than `upTo`. A query counts the same
   * word more than once (alone, in its typed-together phrase, as that phrase's rarest word):
   * each count reads up to `upTo` entries of the word's list, so it is kept for the query.
   */
  private count(expr: string, upTo: number): number {
    const key = `${upTo} ${expr}`;
    let n = this.counted.get(key);
    if (n === undefined) {
      n = (this.prepared('SELECT count(*) AS n FROM (SELECT rowid FROM search_index WHERE search_index MATCH @expr LIMIT @upTo)').get({ expr, upTo }) as { n: number }).n;
      this.counted.set(key, n);
    }
    return n;
  }

  private hits(word: string, fields: Clause['fields']): number {
    return this.count(toFtsExpression([{ alternatives: [word], prefix: false, phrase: false, fields, presence: 'optional', boost: 1 }])!, FEW_HITS);
  }

  /**
   * At most how many articles match `t`, counted no further than `rankAllUpTo + 1` and without
   * reading positions: a phrase matches no more articles than its rarest word. (FTS5 checks a
   * phrase's positions in every article holding all its words: for common words, most of them.)
   */
  private reach(t: Term): number {
    const upTo = this.rankAllUpTo + 1;
    const count = (alternatives: string[]) => this.count(toFtsExpression([{ ...t, alternatives, phrase: false, presence: 'optional', boost: 1 }])!, upTo);
    const loose = t.alternatives.map((a) => {
      const words = a.split(' ');
      return words.length === 1 ? a : words.map((w) => ({ w, n: count([w]) })).sort((x, y) => x.n - y.n)[0]!.w;
    });
    return count(loose);
  }

  /**
   * For a query too common to rank whole: where its best articles likely are. An article that
   * holds a query word in its title (weighted 10 in BM25) or author, site or tags (4) outranks
   * most that hold it in the body only: those are ranked on the index of these fields alone,
   * whose lists are short. A rare term weighs more than a common one: its few articles are
   * ranked. A phrase of common words may still be rare (a passage pasted as plain words): its
   * articles are found unranked, which reads its words' articles once, not twice.
   */
  private focus(terms: Term[], reach: Map<Term, number>): { named: string | null; rare: string | null; phrases: Term[] } {
    const optional = (ts: Term[]) => toFtsExpression(ts.map(alone));
    const positive = terms.filter((t) => t.presence !== 'prohibited');
    const named = positive.flatMap((t) => {
      const fields = (t.fields ?? SEARCH_COLUMNS).filter((f) => f !== 'body');
      return fields.length ? [{ ...t, fields }] : [];
    });
    const rare = positive.filter((t) => reach.get(t)! <= this.rankAllUpTo);
    return { named: optional(named), rare: optional(rare), phrases: positive.filter((t) => t.phrase && !rare.includes(t)) };
  }

  /** The library words a plain query word may have been meant as, likeliest first; none for most words. */
  private corrections(word: string, fields: Clause['fields'], meaningful: number): string[] {
    const hits = this.hits(word, fields);
    if (hits >= FEW_HITS) {
      if (meaningful > FEW_WORDS) return [];
      const own = Math.log10(Math.max(1, this.vocabulary.docs(word)));
      // A neighbour of the same stem (make for makes) is matched by the stemmed index already.
      const likelier = this.vocabulary.near(word, 1, 10).filter((x) => !isStopWord(x.word) && stem(x.word) !== stem(word) && x.likelihood >= own + MUCH_LIKELIER);
      return likelier.slice(0, 1).map((x) => x.word);
    }
    const likely = this.vocabulary.near(word, word.length >= 8 ? 2 : 1, 10).filter((x) => x.docs > hits && !isStopWord(x.word));
    const best = likely[0];
    const stems = new Set<string>();
    return likely
      .filter((x) => x.edits === best!.edits && x.likelihood >= best!.likelihood - NEARLY_AS_LIKELY)
      .filter((x) => !stems.has(stem(x.word)) && stems.add(stem(x.word)))
      .slice(0, MAX_EXPANSIONS)
      .map((x) => x.word);
  }

  /**
   * The library's words that begin with `prefix`, one for each stem (FTS5 stems them alike), the
   * commonest MAX_PREFIX_WORDS when there are more. FTS5's own prefix query (without a prefix
   * index, which doubled the cost of indexing) reads and merges the lists of all of them before
   * it can give a first article: at 100,000 articles a common prefix cost hundreds of ms, even
   * to count. These words are the title and body words (the typo vocabulary's); a prefix scoped
   * to author, site or tags keeps FTS5's prefix query.
   */
  private prefixWords(prefix: string): string[] {
    const stems = new Map<string, string>();
    for (const w of this.vocabulary.words(`${prefix}*`)) if (!stems.has(stem(w))) stems.set(stem(w), w);
    const words = [...stems.values()];
    return words.length <= MAX_PREFIX_WORDS ? words : this.vocabulary.commonest(words, MAX_PREFIX_WORDS).map((x) => x.word);
  }

  /** Clauses → FTS5 terms, with typo and wildcard expansions and the corrections to report. */
  private plan(clauses: Clause[]): { terms: Term[]; corrections: SearchResponse['corrections']; correctedTerms: Term[] } {
    const corrections: SearchResponse['corrections'] = [];
    const correctedTerms: Term[] = [];
    const meaningful = clauses.filter((c) => c.phrase || !isStopWord(c.words[0]!)).length;
    const terms: Term[] = [];
    for (const c of clauses) {
      const base = { fields: c.fields, presence: c.presence, boost: c.boost, phrase: c.phrase, prefix: false };
      const word = c.words[0]!;
      if (c.phrase) {
        terms.push({ ...base, alternatives: [c.words.join(' ')] });
      } else if (c.wildcard) {
        if (/^[^*]+\*+$/.test(word)) {
          const prefix = word.replace(/\*+$/, '');
          const words = !c.fields || c.fields.includes('title') || c.fields.includes('body') ? this.prefixWords(prefix) : [];
          terms.push(words.length ? { ...base, alternatives: words, prefixOf: prefix } : { ...base, prefix: true, alternatives: [prefix] });
        } else {
          const found = this.vocabulary.commonest(this.vocabulary.words(word), 30).map((x) => x.word);
          // A required pattern that matches no word can match no article.
          if (found.length || c.presence === 'required') terms.push({ ...base, alternatives: found.length ? found : [word.replace(/\*/g, '')] });
        }
      } else if (c.editDistance > 0) {
        terms.push({ ...base, alternatives: [word, ...this.vocabulary.near(word, c.editDistance, 10).map((x) => x.word)] });
      } else if (c.presence === 'optional' && meaningful > 0 && isStopWord(word)) {
        continue;
      } else {
        const near = c.presence !== 'prohibited' && word.length >= 4 && !/^\d+$/.test(word) ? this.corrections(word, c.fields, meaningful) : [];
        terms.push({ ...base, alternatives: [word, ...near] });
        if (near.length) {
          corrections.push({ from: word, to: near });
          if (!c.fields || c.fields.includes('title')) correctedTerms.push(terms.at(-1)!);
        }
      }
    }
    // Plain words typed or pasted together: the text that holds them in that order ranks first.
    const plain = clauses.filter((c) => !c.phrase && !c.wildcard && !c.fields && c.presence === 'optional' && c.editDistance === 0 && c.boost === 1);
    if (plain.length >= 2 && plain.length === clauses.length) {
      terms.push({ alternatives: [plain.map((c) => c.words[0]).join(' ')], prefix: false, phrase: true, fields: null, presence: 'optional', boost: 3 });
    }
    return { terms, corrections, correctedTerms };
  }

  /**
   * The index is stemmed, so `unchanged` also finds `unchanging`, and a typo finds its
   * corrections' whole families. Among the candidates, an article holding the very word the
   * user meant (typed, or corrected to) ranks above one that only shares its stem: one point
   * for each such word, and for each phrase found word for word (plain words typed together
   * count as one too, so a passage's own article stays first); then, with as many points, one
   * whose title holds more of them (a stemmed title matches a whole family: whale for
   * whaling); then BM25. Read from the candidates' text, which costs the same at any library
   * size (the unstemmed index would read each word's whole list of articles); from its lead, so
   * that a book costs about what an article does. A phrase can lie past a long text's lead (a
   * passage pasted from a long address or a book's later chapter): the first WHOLE_TEXTS long
   * articles, in ranked order, whose lead lacks a phrase that the index says they hold are read
   * whole for it; a book's phrases are asked of its index of chapters (`bookExact`). An unranked
   * candidate (tier 3, after the ranked ones in `rows`: the newest) is not read at all when
   * `shown` ranked ones hold every word exactly, with as many in their title: whatever it holds,
   * it would come after them. (Books found in their chapters are scored by the books part.)
   */
  private scoreExactWords(terms: Term[], rows: Candidate[], shown: number): void {
    const q = exactQuery(terms);
    const { kept, patterns, phrase } = q;
    if (!patterns.length) return;
    /** Whether `shown` ranked rows come before a row holding `exact` of the words, `inTitle` of them in its title. */
    const outranked = (exact: number, inTitle: number) => rows.filter((r) => r.tier < 3 && (r.exact > exact || (r.exact === exact && r.exactInTitle >= inTitle))).length >= shown;
    const inBooks = new BooksHolding(this.prepared, rows.filter((r) => r.summary.kind !== 'article').map((r) => r.summary.id));
    // The ranked articles' leads at once: the loop tests nearly all of them (an unranked one it may skip is read there if need be).
    this.readLeads(rows.filter((r) => r.tier < 3 && r.summary.kind === 'article'));
    let wholeTexts = WHOLE_TEXTS;
    for (const row of rows) {
      const inTitle = patterns.map((p) => p.test(row.summary.title));
      row.exactInTitle = inTitle.filter(Boolean).length;
      if (row.tier === 3 && outranked(patterns.length, row.exactInTitle)) continue;
      if (row.summary.kind !== 'article') {
        row.exact = bookExact(row, { ...q, inTitle, inBooks, outranked }, (r) => this.leadOf(r as Candidate));
        continue;
      }
      const found = patterns.map((p, i) => inTitle[i] || p.test(this.leadOf(row).text));
      if (wholeTexts > 0 && found.some((f, i) => !f && phrase[i]) && this.leadOf(row).cut) {
        wholeTexts--;
        // Only where the index says the phrase is there (stemmed).
        if (patterns.some((_, i) => !found[i] && phrase[i]! && this.holds(kept[i]!, row.summary.id))) {
          const whole = this.articles.text(row.summary.id) ?? '';
          patterns.forEach((p, i) => (found[i] ||= p.test(whole)));
        }
      }
      row.exact = found.filter(Boolean).length;
    }
  }

  /** `rows` without the long texts past the first NEWEST_LONG, in their order. */
  private fewLong(rows: Ranked[]): Ranked[] {
    const long = new Set((this.prepared('SELECT article_id AS id FROM article_leads WHERE article_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(rows.map((r) => r.id))) as { id: number }[]).map((r) => r.id));
    let left = NEWEST_LONG;
    return rows.filter((r) => !long.has(r.id) || left-- > 0);
  }

  /** Whether article `id`'s text matches `t` (stemmed, as the index holds it). */
  private holds(t: Term, id: number): boolean {
    return this.prepared('SELECT 1 FROM search_index WHERE search_index MATCH @expr AND rowid = @id').get({ expr: toFtsExpression([alone(t)])!, id }) !== undefined;
  }

  /**
   * A candidate's lead: kept apart for a long text, since SQLite reads a TEXT value whole even
   * for substr(), and a book's whole text is hundreds of KB; else its text, which is short. A
   * book found in its text: the chapter or page that matched, which the books index keeps.
   */
  private leadOf(row: Candidate): Lead {
    if (row.lead) return row.lead;
    const section = row.section === undefined ? null : sectionLead(this.prepared, row.section);
    if (section) return (row.lead = section);
    this.readLeads([row]);
    return row.lead!;
  }

  /** The leads of `rows` (see `leadOf`), read in one statement: ~55 candidates one by one took twice as long. */
  private readLeads(rows: Candidate[]): void {
    if (!rows.length) return;
    const byId = new Map(rows.map((r) => [r.summary.id, r]));
    const leads = this.prepared(
      `SELECT j.value AS id, l.lead AS lead, CASE WHEN l.lead IS NULL THEN b.text END AS text FROM json_each(?) j
       LEFT JOIN article_leads l ON l.article_id = j.value LEFT JOIN article_bodies b ON l.article_id IS NULL AND b.article_id = j.value`,
    ).all(JSON.stringify([...byId.keys()])) as { id: number; lead: string | null; text: string | null }[];
    for (const l of leads) byId.get(l.id)!.lead = l.lead !== null ? { text: l.lead, cut: true } : { text: l.text ?? '', cut: false };
  }

  /**
   * From now on, the books part of a query runs in a thread of its own (the app's library; see
   * books-thread.ts), once that has opened its connection: whether it did, the promise says.
   * `close` ends it. `nativeBinding`: better-sqlite3's binary, as the library was opened with it.
   */
  inParallel(nativeBinding?: string): Promise<boolean> {
    this.thread ??= new BooksThread(this.db.name, nativeBinding);
    return this.thread.opened;
  }

  close(): void {
    this.thread?.close();
    this.thread = null;
  }

  /**
   * The books part of a query: asked of the thread now, or run here when its answer is asked
   * for; here too in a library without books, where it finds nothing at once and the thread's
   * round trip cost a query ~0.13 ms.
   */
  private books(ask: BooksAsk): () => FoundBook[] {
    const anyBook = this.thread?.ready && this.prepared('SELECT 1 FROM book_sections LIMIT 1').get() !== undefined;
    const inThread = anyBook ? this.thread!.ask(ask) : null;
    const here = () => findBooks(this.prepared, this.articles, ask);
    return inThread ? () => inThread() ?? here() : here;
  }

  search(query: string, options: { limit?: number; filters?: SearchFilters } = {}): SearchResponse {
    try {
      return this.run(query, options);
    } catch (err) {
      if (!String((err as { code?: string }).code).startsWith('SQLITE_CORRUPT')) throw err;
      this.repair((err as Error).message);
      return this.run(query, options);
    }
  }

  private run(query: string, options: { limit?: number; filters?: SearchFilters }): SearchResponse {
    const limit = options.limit ?? 20;
    this.counted = new Map();
    const clauses = parseQuery(query);
    const { terms, corrections, correctedTerms } = this.plan(clauses);
    const match = toFtsExpression(terms);
    if (!match) return { results: [], corrections, more: false };

    // A few more candidates than are shown, so that ties (and exact words) can reorder them.
    const filters = options.filters ?? {};
    // The books part runs meanwhile where it has a thread (see books-thread.ts).
    const books = this.books({ terms, filters });
    const ranker = Ranker.filtered(this.prepared, filters, limit * 2 + 10);
    const ranked: (Ranked & { tier: number })[] = [];
    const add = (more: Ranked[], tier: number) => {
      const ids = new Set(ranked.map((r) => r.id));
      ranked.push(...more.filter((r) => !ids.has(r.id)).map((r) => ({ ...r, tier })));
    };
    const reach = new Map(terms.filter((t) => t.presence !== 'prohibited').map((t) => [t, this.reach(t)]));
    const required = terms.filter((t) => t.presence === 'required');
    const most = required.length ? Math.min(...required.map((t) => reach.get(t)!)) : [...reach.values()].reduce((a, b) => a + b, 0);
    if (most <= this.rankAllUpTo) {
      add(ranker.best(match), 0);
      // A corrected word's family can be so common that BM25 gives it no weight (FTS5's idf is
      // nil for a stem in most articles): entr → enter, whose title match would not be among the
      // candidates. So the articles with a correction in their title are candidates too: one
      // FTS5 expression (a rowid IN subquery would list every article of a common word), whose
      // rank counts the title match once more, a small lift for articles sorted by title next.
      const titled = toFtsExpression(correctedTerms.map((t) => ({ ...t, fields: ['title'], presence: 'optional', boost: 1 })));
      if (titled) add(ranker.best(`(${match}) AND (${titled})`), 0);
    } else {
      // Too many articles match to rank them all (see Ranker): first those where the query's
      // best articles likely are, then the newest.
      // Required and prohibited terms hold in every tier: checked article by article for those
      // found by title, and within the same scan for those found by rare terms or a phrase.
      const focus = this.focus(terms, reach);
      const strict = terms.some((t) => t.presence !== 'optional');
      if (focus.named) {
        const rows = ranker.best(focus.named, 'search_fields');
        add(strict ? ranker.matching(match, rows) : rows, 1);
      }
      if (focus.rare) {
        const rows = ranker.best(focus.rare);
        add(strict ? ranker.within(focus.rare, match, rows) : rows, 2);
      }
      if (terms.length > 1) {
        for (const t of focus.phrases) {
          const phrase = toFtsExpression([alone(t)])!;
          add(ranker.newest(strict ? `(${phrase}) AND (${match})` : phrase), 2);
        }
      }
      add(this.fewLong(ranker.newest(match)), 3);
    }
    const summaries = this.articles.summaries(ranked.map((r) => r.id));
    const rows = ranked.map((r): Candidate => ({ summary: summaries.get(r.id)!, score: -r.rank, tier: r.tier, exact: 0, exactInTitle: 0 }));
    this.scoreExactWords(terms, rows, limit);
    // The books found in their text, but for those found here already (by title, author or tag).
    for (const b of books()) {
      if (summaries.has(b.summary.id)) continue;
      rows.push({ summary: b.summary, score: 0, tier: 3, exact: b.exact, exactInTitle: b.exactInTitle, section: b.section, snippet: b.snippet });
    }
    rows.sort((x, y) => y.exact - x.exact || y.exactInTitle - x.exactInTitle || x.tier - y.tier || y.score - x.score || y.summary.savedAt.localeCompare(x.summary.savedAt));

    const isMatch = wordMatcher(terms);
    const results = rows.slice(0, limit).map((row): SearchHit => {
      const { summary, score } = row;
      const snippet = row.snippet ?? snippetOf(this.leadOf(row), isMatch, () => this.articles.text(summary.id));
      return {
        ...summary,
        score: Math.round(score * 1e6) / 1e6,
        snippet: snippet.text,
        highlights: snippet.highlights,
        matched: snippet.matched,
      };
    });
    return { results, corrections, more: rows.length > limit };
  }
}

