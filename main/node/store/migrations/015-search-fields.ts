/**
 * Migration 15. A second ranked index over title, author, site and tags alone, which a query
 * too common to rank whole at once is first ranked on (search/ranker.ts says why); the
 * triggers that keep the search index now keep it too.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 15,
  name: 'search index of titles, authors, sites and tags',
  sql: `
  CREATE VIRTUAL TABLE search_fields USING fts5(
    title, author, site, tags,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO search_fields(search_fields, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 4.0)');
  INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE 1;

  DROP TRIGGER search_body_insert;
  CREATE TRIGGER search_body_insert AFTER INSERT ON article_bodies WHEN NOT EXISTS (SELECT 1 FROM search_pending) BEGIN
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_words(rowid, words) SELECT id, title || ' ' || body FROM search_rows WHERE id = new.article_id;
  END;
  DROP TRIGGER search_body_update;
  CREATE TRIGGER search_body_update AFTER UPDATE OF text ON article_bodies BEGIN
    DELETE FROM search_index WHERE rowid = old.article_id; DELETE FROM search_fields WHERE rowid = old.article_id; DELETE FROM search_words WHERE rowid = old.article_id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_words(rowid, words) SELECT id, title || ' ' || body FROM search_rows WHERE id = new.article_id;
  END;
  DROP TRIGGER search_body_delete;
  CREATE TRIGGER search_body_delete AFTER DELETE ON article_bodies BEGIN
    DELETE FROM search_index WHERE rowid = old.article_id; DELETE FROM search_fields WHERE rowid = old.article_id; DELETE FROM search_words WHERE rowid = old.article_id;
  END;
  DROP TRIGGER search_article_update;
  CREATE TRIGGER search_article_update AFTER UPDATE OF title, author, site ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id; DELETE FROM search_fields WHERE rowid = old.id; DELETE FROM search_words WHERE rowid = old.id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.id;
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id = new.id;
    INSERT INTO search_words(rowid, words) SELECT id, title || ' ' || body FROM search_rows WHERE id = new.id;
  END;
  DROP TRIGGER search_tag_insert;
  CREATE TRIGGER search_tag_insert AFTER INSERT ON article_tags BEGIN
    DELETE FROM search_index WHERE rowid = new.article_id; DELETE FROM search_fields WHERE rowid = new.article_id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id = new.article_id;
  END;
  DROP TRIGGER search_tag_delete;
  CREATE TRIGGER search_tag_delete AFTER DELETE ON article_tags BEGIN
    DELETE FROM search_index WHERE rowid = old.article_id; DELETE FROM search_fields WHERE rowid = old.article_id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = old.article_id;
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id = old.article_id;
  END;
  DROP TRIGGER search_tag_rename;
  CREATE TRIGGER search_tag_rename AFTER UPDATE OF name ON tags BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = new.id); DELETE FROM search_fields WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = new.id);
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id IN (SELECT article_id FROM article_tags WHERE tag_id = new.id);
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id IN (SELECT article_id FROM article_tags WHERE tag_id = new.id);
  END;
`,
};
