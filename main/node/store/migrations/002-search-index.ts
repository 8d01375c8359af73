/**
 * Migration 2. The search index (search/schema.ts says what it holds), kept by triggers in the same
 * transaction as every article write; articles saved before this migration are indexed by it.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 2,
  name: 'search index',
  sql: `
  CREATE VIRTUAL TABLE search_index USING fts5(
    title, author, site, tags, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'
  );
  INSERT INTO search_index(search_index, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 4.0, 1.0)');
  CREATE VIRTUAL TABLE search_words USING fts5(
    words, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_words, 'row');

  CREATE VIEW search_rows AS
    SELECT a.id, a.title, coalesce(a.author, '') AS author, coalesce(a.site, '') AS site, '' AS tags, b.text AS body
    FROM articles a JOIN article_bodies b ON b.article_id = a.id;

  CREATE TRIGGER search_body_insert AFTER INSERT ON article_bodies BEGIN
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_words(rowid, words) SELECT id, title || ' ' || body FROM search_rows WHERE id = new.article_id;
  END;
  CREATE TRIGGER search_body_update AFTER UPDATE OF text ON article_bodies BEGIN
    DELETE FROM search_index WHERE rowid = old.article_id; DELETE FROM search_words WHERE rowid = old.article_id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_words(rowid, words) SELECT id, title || ' ' || body FROM search_rows WHERE id = new.article_id;
  END;
  CREATE TRIGGER search_body_delete AFTER DELETE ON article_bodies BEGIN
    DELETE FROM search_index WHERE rowid = old.article_id; DELETE FROM search_words WHERE rowid = old.article_id;
  END;
  CREATE TRIGGER search_article_update AFTER UPDATE OF title, author, site ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id; DELETE FROM search_words WHERE rowid = old.id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.id;
    INSERT INTO search_words(rowid, words) SELECT id, title || ' ' || body FROM search_rows WHERE id = new.id;
  END;

  INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE 1;
  INSERT INTO search_words(rowid, words) SELECT id, title || ' ' || body FROM search_rows WHERE 1;
`,
};
