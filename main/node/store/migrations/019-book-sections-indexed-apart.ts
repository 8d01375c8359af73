/**
 * Migration 19. A book's text leaves the ranked index for one of its own, a row per chapter or
 * page (search/schema.ts says why): `search_index` keeps a book's title, author, site and tags,
 * and the typo vocabulary its whole text as before. The books already in the library move here,
 * and the ranked index is rewritten without their text (1.4 s at 10,000 articles and 100 books).
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 19,
  name: 'book sections indexed apart',
  sql: `
  -- Already there when today's code rebuilt the index of a library left at an older version (tests open such libraries).
  DROP VIEW IF EXISTS search_sections; DROP TABLE IF EXISTS search_books;
  DROP TRIGGER IF EXISTS search_section_insert; DROP TRIGGER IF EXISTS search_section_delete;
  DROP VIEW search_rows;
  CREATE VIEW search_rows AS
    SELECT a.id, a.title, coalesce(a.author, '') AS author, coalesce(a.site, '') AS site, coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), '') AS tags, CASE a.kind WHEN 'article' THEN b.text ELSE '' END AS body, a.title || ' ' || b.text AS words
    FROM articles a JOIN article_bodies b ON b.article_id = a.id;
  CREATE VIEW search_sections AS
    SELECT (s.article_id << 20) | s.ord AS id, s.article_id, s.ord, substr(b.text, s.start + 1, s."end" - s.start) AS body
    FROM book_sections s JOIN article_bodies b ON b.article_id = s.article_id;
  CREATE VIRTUAL TABLE search_books USING fts5(
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  DROP TRIGGER search_body_insert;
  CREATE TRIGGER search_body_insert AFTER INSERT ON article_bodies WHEN NOT EXISTS (SELECT 1 FROM search_pending) BEGIN
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_words(rowid, words) SELECT id, words FROM search_rows WHERE id = new.article_id;
  END;
  DROP TRIGGER search_body_update;
  CREATE TRIGGER search_body_update AFTER UPDATE OF text ON article_bodies BEGIN
    DELETE FROM search_index WHERE rowid = old.article_id; DELETE FROM search_fields WHERE rowid = old.article_id; DELETE FROM search_words WHERE rowid = old.article_id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id = new.article_id;
    INSERT INTO search_words(rowid, words) SELECT id, words FROM search_rows WHERE id = new.article_id;
    DELETE FROM search_books WHERE rowid IN (SELECT (article_id << 20) | ord FROM book_sections WHERE article_id = old.article_id);
    INSERT INTO search_books(rowid, body) SELECT id, body FROM search_sections WHERE article_id = new.article_id;
  END;
  DROP TRIGGER search_article_update;
  CREATE TRIGGER search_article_update AFTER UPDATE OF title, author, site ON articles BEGIN
    DELETE FROM search_index WHERE rowid = old.id; DELETE FROM search_fields WHERE rowid = old.id; DELETE FROM search_words WHERE rowid = old.id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.id;
    INSERT INTO search_fields(rowid, title, author, site, tags) SELECT id, title, author, site, tags FROM search_rows WHERE id = new.id;
    INSERT INTO search_words(rowid, words) SELECT id, words FROM search_rows WHERE id = new.id;
  END;
  CREATE TRIGGER search_section_insert AFTER INSERT ON book_sections WHEN NOT EXISTS (SELECT 1 FROM search_pending) BEGIN
    INSERT INTO search_books(rowid, body) SELECT id, body FROM search_sections WHERE article_id = new.article_id AND ord = new.ord;
  END;
  CREATE TRIGGER search_section_delete AFTER DELETE ON book_sections BEGIN
    DELETE FROM search_books WHERE rowid = (old.article_id << 20) | old.ord;
  END;
  DELETE FROM search_index WHERE rowid IN (SELECT id FROM articles WHERE kind <> 'article');
  INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id IN (SELECT id FROM articles WHERE kind <> 'article');
  INSERT INTO search_books(rowid, body) SELECT id, body FROM search_sections WHERE 1;
  -- A deleted row's postings stay in the index's segments until they are merged, and every query of their words reads past them.
  INSERT INTO search_index(search_index) SELECT 'optimize' WHERE EXISTS (SELECT 1 FROM articles WHERE kind <> 'article');
`,
};
