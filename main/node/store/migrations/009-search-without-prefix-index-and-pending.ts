/**
 * Migration 9. Faster indexing (search/schema.ts says why): the ranked index is built again
 * without its prefix index, and articles written in a group commit can wait in `search_pending`
 * to be indexed together before it commits.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 9,
  name: 'search without prefix index, and pending articles',
  sql: `
  DROP TABLE search_index;
  CREATE VIRTUAL TABLE search_index USING fts5(
    title, author, site, tags, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO search_index(search_index, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 4.0, 1.0)');
  INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE 1;

  CREATE TABLE search_pending (article_id INTEGER PRIMARY KEY);

  DROP TRIGGER search_body_insert;
  CREATE TRIGGER search_body_insert AFTER INSERT ON article_bodies WHEN NOT EXISTS (SELECT 1 FROM search_pending) BEGIN
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_words(rowid, words) SELECT id, title || ' ' || body FROM search_rows WHERE id = new.article_id;
  END;
  CREATE TRIGGER search_body_pending AFTER INSERT ON article_bodies WHEN EXISTS (SELECT 1 FROM search_pending) BEGIN
    INSERT INTO search_pending(article_id) VALUES (new.article_id);
  END;
`,
};
