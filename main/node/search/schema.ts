/**
 * The search index lives in the library file, beside the articles, and triggers keep it in the
 * same transaction as every article write — so article and index cannot disagree, not after an
 * update, a delete or a crash.
 *
 * - `search_index`: FTS5 over title, author, site, tags and body, Porter-stemmed; contentless
 *   (the text is already in `articles`), so it costs postings only. BM25 weights are stored as
 *   the table's rank: title 10, author/site/tags 4, body 1. No prefix index: it doubled the cost
 *   of indexing for prefix queries of two or three letters, which FTS5 answers without it
 *   (more slowly: it reads every word with the prefix).
 * - `search_fields`: the same over title, author, site and tags alone (weights 10, 4, 4, 4). A
 *   query too common to rank whole at once is first ranked here (see ranker.ts): these lists
 *   are short, where the same column filter on `search_index` reads each word's whole list.
 * - `search_words`: the same words unstemmed, positions not kept (detail=none); its vocabulary
 *   (`search_vocab`) is what typo tolerance matches a user's word against — stems would not do.
 * - `search_books`: a book's text, a row per chapter or page (rowid: the article's id << 20 | the
 *   section's place), Porter-stemmed like `search_index`, which holds a book's title, author,
 *   site and tags but not its text. In `search_index` a book's text cost every query of common
 *   words that a book holds: FTS5 checked a phrase in each book's long position lists ("the"
 *   ~4,000 times a book), to match and again for BM25's count of its articles. Apart, an
 *   article's query reads what it would without books, and a book's own query (unranked; see
 *   SearchService's `books`) reads only the chapters that hold every word of a phrase. It keeps
 *   each section's text (not contentless): a found book's exact words and snippet are read from
 *   the chapter that matched, a few KB, where its lead is 50,000 characters and its text whole
 *   megabytes (SQLite reads a TEXT value whole, substr() or not).
 *
 * - `search_pending`: articles written during a group commit, indexed together just before it
 *   commits (see `DEFERRED_INDEXING`).
 *
 * The SQL here is the index's latest shape, used to repair it. The migrations that built it
 * (store/migrations/002, 005, 009, 015 and 019) keep their own frozen copy; a test checks that a repaired
 * library's schema equals a migrated one's, so the two cannot drift apart.
 */
import { transaction, type Db, type Tx } from '../store/db';

export const SEARCH_COLUMNS = ['title', 'author', 'site', 'tags', 'body'] as const;
export type SearchField = (typeof SEARCH_COLUMNS)[number];

const TABLES_SQL = `
  CREATE VIRTUAL TABLE search_index USING fts5(
    title, author, site, tags, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO search_index(search_index, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 4.0, 1.0)');
  CREATE VIRTUAL TABLE search_fields USING fts5(
    title, author, site, tags,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO search_fields(search_fields, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 4.0)');
  CREATE VIRTUAL TABLE search_words USING fts5(
    words, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_words, 'row');
  CREATE VIRTUAL TABLE search_books USING fts5(
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
`;

/**
 * A book section's rowid in `search_books`, as SQL: the article's id in the high bits, the
 * section's place in the low 20 (a book has fewer than a million sections).
 */
export const sectionRowid = (article: string, ord: string): string => `(${article} << 20) | ${ord}`;
/** The article of a `search_books` rowid, as SQL. */
export const sectionArticle = (rowid: string): string => `${rowid} >> 20`;
/** The last section place a rowid can hold, for a range over one book's rows. */
export const LAST_SECTION = 2 ** 20 - 1;

/**
 * What is indexed for an article, in one place for the triggers and for repair: a book's text
 * goes to `search_books` by section (`search_sections`; SQLite's substr counts characters where
 * a section's offsets count UTF-16 units, so past a character outside the BMP a section's row
 * starts that much later: the words at its edges may fall in its neighbour), and to the typo
 * vocabulary (`words`) whole.
 */
const SEARCH_ROWS_SQL = `
  CREATE VIEW search_rows AS
    SELECT a.id, a.title, coalesce(a.author, '') AS author, coalesce(a.site, '') AS site, coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), '') AS tags, CASE a.kind WHEN 'article' THEN b.text ELSE '' END AS body, a.title || ' ' || b.text AS words
    FROM articles a JOIN article_bodies b ON b.article_id = a.id;
  CREATE VIEW search_sections AS
    SELECT ${sectionRowid('s.article_id', 's.ord')} AS id, s.article_id, s.ord, substr(b.text, s.start + 1, s."end" - s.start) AS body
    FROM book_sections s JOIN article_bodies b ON b.article_id = s.article_id;
`;

const PENDING_SQL = `
  CREATE TABLE search_pending (article_id INTEGER PRIMARY KEY);
`;

const BODY_TRIGGERS_SQL = `
  CREATE TRIGGER search_body_insert AFTER INSERT ON article_bodies WHEN NOT EXISTS (SELECT 1 FROM search_pending) BEGIN
    ${putRows('= new.article_id')}
  END;
  CREATE TRIGGER search_body_pending AFTER INSERT ON article_bodies WHEN EXISTS (SELECT 1 FROM search_pending) BEGIN
    INSERT INTO search_pending(article_id) VALUES (new.article_id);
  END;
  CREATE TRIGGER search_body_update AFTER UPDATE OF text ON article_bodies BEGIN
    ${dropRows('= old.article_id')}
    ${putRows('= new.article_id')}
    ${dropSections('= old.article_id')}
    ${putSections('= new.article_id')}
  END;
  CREATE TRIGGER search_body_delete AFTER DELETE ON article_bodies BEGIN
    ${dropRows('= old.article_id')}
  END;
  CREATE TRIGGER search_article_update AFTER UPDATE OF title, author, site ON articles BEGIN
    ${dropRows('= old.id')}
    ${putRows('= new.id')}
  END;
`;

/** A book's sections are written after its body: each is indexed as it comes, or with its group (`DEFERRED_INDEXING`). */
const SECTION_TRIGGERS_SQL = `
  CREATE TRIGGER search_section_insert AFTER INSERT ON book_sections WHEN NOT EXISTS (SELECT 1 FROM search_pending) BEGIN
    INSERT INTO search_books(rowid, body) SELECT id, body FROM search_sections WHERE article_id = new.article_id AND ord = new.ord;
  END;
  CREATE TRIGGER search_section_delete AFTER DELETE ON book_sections BEGIN
    DELETE FROM search_books WHERE rowid = ${sectionRowid('old.article_id', 'old.ord')};
  END;
`;

/** Tags live in the ranked index only; the typo vocabulary is built from titles and bodies. */
const TAG_TRIGGERS_SQL = `
  CREATE TRIGGER search_tag_insert AFTER INSERT ON article_tags BEGIN
    ${retag('= new.article_id')}
  END;
  CREATE TRIGGER search_tag_delete AFTER DELETE ON article_tags BEGIN
    ${retag('= old.article_id')}
  END;
  CREATE TRIGGER search_tag_rename AFTER UPDATE OF name ON tags BEGIN
    ${retag('IN (SELECT article_id FROM article_tags WHERE tag_id = new.id)')}
  END;
`;

const SEARCH_SCHEMA_SQL = TABLES_SQL + PENDING_SQL + SEARCH_ROWS_SQL + BODY_TRIGGERS_SQL + SECTION_TRIGGERS_SQL + TAG_TRIGGERS_SQL;

function retag(rowids: string): string {
  return `DELETE FROM search_index WHERE rowid ${rowids}; DELETE FROM search_fields WHERE rowid ${rowids};
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id ${rowids};
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id ${rowids};`;
}

function putRows(ids: string): string {
  return `INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id ${ids};
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id ${ids};
    INSERT INTO search_words(rowid, words) SELECT id, words FROM search_rows WHERE id ${ids};`;
}

function dropRows(rowids: string): string {
  return `DELETE FROM search_index WHERE rowid ${rowids}; DELETE FROM search_fields WHERE rowid ${rowids}; DELETE FROM search_words WHERE rowid ${rowids};`;
}

function putSections(ids: string): string {
  return `INSERT INTO search_books(rowid, body) SELECT id, body FROM search_sections WHERE article_id ${ids};`;
}

function dropSections(ids: string): string {
  return `DELETE FROM search_books WHERE rowid IN (SELECT ${sectionRowid('article_id', 'ord')} FROM book_sections WHERE article_id ${ids});`;
}

const TRIGGERS = ['search_body_insert', 'search_body_pending', 'search_body_update', 'search_body_delete', 'search_article_update', 'search_section_insert', 'search_section_delete', 'search_tag_insert', 'search_tag_delete', 'search_tag_rename'];
const TABLES = ['search_vocab', 'search_index', 'search_fields', 'search_words', 'search_books'];
const VIEWS = ['search_rows', 'search_sections'];
const SEARCH_OBJECTS = [...TABLES, 'search_pending', ...VIEWS, ...TRIGGERS];

/** The articles queued in `search_pending`; its row 0 (no article has id 0) marks the group as queueing. */
const PENDING = 'IN (SELECT article_id FROM search_pending)';

/** The indexes whose segments FTS5 merges (the vocabulary is a view of `search_words`). */
const INDEXES = ['search_index', 'search_fields', 'search_words', 'search_books'];

/**
 * FTS5's merge options: as FTS5 sets them, and during a bulk run. FTS5 merges a level's segments
 * once it holds 4 (`automerge`), a little at every commit: over a 10,000-article import each
 * index was written about four times over (730 MB for a 183 MB file). In a bulk run a level's
 * merge waits for 64 segments, still a little at every commit (no merge all at once, which
 * held a commit half a second: `crisismerge` only at twice that), and at the run's end its
 * segments are merged once, in steps (`mergeRun`).
 */
const MERGE_OPTIONS = {
  usual: { automerge: 4, crisismerge: 16 },
  bulk: { automerge: 64, crisismerge: 128 },
};
/** A run's group from which the run is bulk: one group's segment needs no merging of its own. */
const BULK_FROM_GROUP = 2;
/** Pages a step of the final merge writes: a short transaction (about 0.1 s), so other writes get their turn. */
const MERGE_STEP_PAGES = 2000;

function setMergeOptions(db: Db, options: (typeof MERGE_OPTIONS)[keyof typeof MERGE_OPTIONS]): void {
  for (const t of INDEXES) {
    for (const [key, value] of Object.entries(options)) db.exec(`INSERT INTO ${t}(${t}, rank) VALUES ('${key}', ${value})`);
  }
}

/**
 * Merges what a bulk run left, a step per transaction, until FTS5 finds nothing more to merge;
 * between steps other work has its turn (at 100,000 articles the merge takes seconds).
 */
async function mergeRun(db: Db, committed: () => void): Promise<void> {
  const changes = db.prepare('SELECT total_changes() AS n');
  for (const t of INDEXES) {
    const step = db.prepare(`INSERT INTO ${t}(${t}, rank) VALUES ('merge', ${MERGE_STEP_PAGES})`);
    for (;;) {
      const before = (changes.get() as { n: number }).n;
      step.run();
      committed();
      await new Promise((resolve) => setImmediate(resolve));
      // The command counts as one change; a step that merged something wrote more.
      if ((changes.get() as { n: number }).n === before + 1) break;
    }
  }
}

/**
 * Indexing held back to a group's commit. FTS5 writes its pending terms out as a new segment at
 * every savepoint, statement-level ones included, and each article written is some: indexed as
 * it was written, every article became small segments of its own, and writing and merging them
 * was most of an import's time. For a group the writer marks `search_pending` when it begins the
 * transaction; the triggers then queue new bodies there, and before the commit they are indexed
 * in one statement per index, from their rows as they are then. An article rolled back takes its
 * queue entry with it, and a crash loses the group's articles and queue together. Changes to a
 * queued article made meanwhile (a tag, a newer text) indexed it already: it is dropped and
 * indexed again, and dropping a row FTS5 does not hold is a no-op.
 *
 * A run of more than one group is bulk (`MERGE_OPTIONS`): its options are set with its second
 * group, in that group's transaction, and set back at its end, before its segments are merged.
 * They live in each index's config table, so a run cut short (a crash) leaves them set:
 * `restoreMergeOptions` sets them back at the next open.
 */
export const DEFERRED_INDEXING = {
  begin(db: Db, group: number): void {
    db.prepare('INSERT INTO search_pending(article_id) VALUES (0)').run();
    if (group === BULK_FROM_GROUP) setMergeOptions(db, MERGE_OPTIONS.bulk);
  },
  beforeCommit(db: Db): void {
    db.exec(`${dropRows(PENDING)}
    ${putRows(PENDING)}
    ${dropSections(PENDING)}
    ${putSections(PENDING)}
    DELETE FROM search_pending;`);
  },
  async end(db: Db, groups: number, committed: () => void): Promise<void> {
    if (groups < BULK_FROM_GROUP) return;
    transaction(db, () => setMergeOptions(db, MERGE_OPTIONS.usual));
    committed();
    await mergeRun(db, committed);
  },
};

/**
 * Sets FTS5's merge options back when a bulk run left them (it was cut short): left so, each
 * level would gather 64 segments before merging, and every search read them all. The segments
 * the run wrote are merged by the writes to come, as any; true when they were set back.
 */
export function restoreMergeOptions(db: Db): boolean {
  const left = INDEXES.some((t) => (db.prepare(`SELECT v FROM ${t}_config WHERE k = 'automerge'`).get() as { v: number } | undefined)?.v === MERGE_OPTIONS.bulk.automerge);
  if (left) transaction(db, () => setMergeOptions(db, MERGE_OPTIONS.usual));
  return left;
}

/** Fills the index from the articles, a batch at a time. */
function fillSearchIndex(tx: Tx, onProgress?: (done: number, total: number) => void): number {
  const total = (tx.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
  const batch = 500;
  for (let done = 0; done < total; done += batch) {
    const ids = `IN (SELECT id FROM articles ORDER BY id LIMIT ${batch} OFFSET ${done})`;
    tx.exec(putRows(ids) + putSections(ids));
    onProgress?.(Math.min(done + batch, total), total);
  }
  return total;
}

export type IndexHealth = { ok: true } | { ok: false; reason: string };

/**
 * The objects exist, the queue is empty and (with `counts`) they hold one row per article (and per book section). The
 * counts walk four whole b-trees (tens of ms on a cold cache at 10,000 articles), so an open
 * after a clean close that counted them may leave them out (Library).
 */
export function checkSearchIndex(db: Db, { counts = true } = {}): IndexHealth {
  const present = new Set(
    (db.prepare(`SELECT name FROM sqlite_master WHERE name IN (${SEARCH_OBJECTS.map(() => '?').join(',')})`).all(...SEARCH_OBJECTS) as { name: string }[]).map((r) => r.name),
  );
  const missing = SEARCH_OBJECTS.filter((n) => !present.has(n));
  if (missing.length) return { ok: false, reason: `missing ${missing.join(', ')}` };
  try {
    // Outside a group the queue is empty; a row left there would hold back every article to come.
    const pending = (db.prepare('SELECT count(*) AS n FROM search_pending').get() as { n: number }).n;
    if (pending && !db.inTransaction) return { ok: false, reason: `${pending} left waiting to be indexed` };
    if (!counts) return { ok: true };
    const articles = (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    const indexed = (db.prepare('SELECT count(*) AS n FROM search_index_docsize').get() as { n: number }).n;
    const fields = (db.prepare('SELECT count(*) AS n FROM search_fields_docsize').get() as { n: number }).n;
    const words = (db.prepare('SELECT count(*) AS n FROM search_words_docsize').get() as { n: number }).n;
    if (indexed !== articles || fields !== articles || words !== articles) {
      return { ok: false, reason: `${indexed} indexed (${fields} by title) and ${words} in the vocabulary for ${articles} articles` };
    }
    const sections = (db.prepare('SELECT count(*) AS n FROM book_sections').get() as { n: number }).n;
    const bookRows = (db.prepare('SELECT count(*) AS n FROM search_books_docsize').get() as { n: number }).n;
    if (bookRows !== sections) return { ok: false, reason: `${bookRows} book sections indexed for ${sections}` };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  return { ok: true };
}

/** The thorough check (FTS5's own integrity-check), for `lectern check` and after repair. */
export function verifySearchIndex(db: Db): IndexHealth {
  const quick = checkSearchIndex(db);
  if (!quick.ok) return quick;
  try {
    db.exec("INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 0)");
    db.exec("INSERT INTO search_fields(search_fields, rank) VALUES ('integrity-check', 0)");
    db.exec("INSERT INTO search_words(search_words, rank) VALUES ('integrity-check', 0)");
    db.exec("INSERT INTO search_books(search_books, rank) VALUES ('integrity-check', 0)");
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  return { ok: true };
}

/**
 * Drops whatever is left of the index and builds it anew from the articles, in one transaction.
 * When the index's pages themselves are damaged, SQLite refuses even to drop it: then its
 * entries are cut from the schema and VACUUM rewrites the file from the intact tables.
 */
export function rebuildSearchIndex(db: Db, onProgress?: (done: number, total: number) => void): number {
  try {
    return transaction(db, (tx) => {
      for (const name of TRIGGERS) tx.exec(`DROP TRIGGER IF EXISTS ${name}`);
      for (const name of VIEWS) tx.exec(`DROP VIEW IF EXISTS ${name}`);
      for (const table of [...TABLES, 'search_pending']) tx.exec(`DROP TABLE IF EXISTS ${table}`);
      tx.exec(SEARCH_SCHEMA_SQL);
      return fillSearchIndex(tx, onProgress);
    });
  } catch (err) {
    if (!/^SQLITE_(CORRUPT|ERROR)/.test((err as { code?: string }).code ?? '')) throw err;
    cutFromSchema(db);
    return transaction(db, (tx) => {
      tx.exec(SEARCH_SCHEMA_SQL);
      return fillSearchIndex(tx, onProgress);
    });
  }
}

function cutFromSchema(db: Db): void {
  const names = [...SEARCH_OBJECTS, ...TABLES.flatMap((t) => ['data', 'idx', 'docsize', 'config', 'content'].map((s) => `${t}_${s}`))];
  const version = db.pragma('schema_version', { simple: true }) as number;
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.prepare(`DELETE FROM sqlite_master WHERE name IN (${names.map(() => '?').join(',')})`).run(...names);
    db.pragma(`schema_version = ${version + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
  // The damaged pages now belong to nothing; VACUUM writes a clean file without them.
  db.exec('VACUUM');
}
