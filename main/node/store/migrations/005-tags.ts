/**
 * Migration 5. Tags on articles; the search index gains each article's tags, kept by triggers.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 5,
  name: 'tags',
  sql: `
      CREATE TABLE tags (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64)
      );
      CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
      ) WITHOUT ROWID;
      CREATE INDEX article_tags_tag ON article_tags(tag_id);

  DROP VIEW search_rows;
  CREATE VIEW search_rows AS
    SELECT a.id, a.title, coalesce(a.author, '') AS author, coalesce(a.site, '') AS site, coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), '') AS tags, b.text AS body
    FROM articles a JOIN article_bodies b ON b.article_id = a.id;

  CREATE TRIGGER search_tag_insert AFTER INSERT ON article_tags BEGIN
    DELETE FROM search_index WHERE rowid = new.article_id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = new.article_id;
  END;
  CREATE TRIGGER search_tag_delete AFTER DELETE ON article_tags BEGIN
    DELETE FROM search_index WHERE rowid = old.article_id;
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id = old.article_id;
  END;
  CREATE TRIGGER search_tag_rename AFTER UPDATE OF name ON tags BEGIN
    DELETE FROM search_index WHERE rowid IN (SELECT article_id FROM article_tags WHERE tag_id = new.id);
    INSERT INTO search_index(rowid, title, author, site, tags, body) SELECT id, title, author, site, tags, body FROM search_rows WHERE id IN (SELECT article_id FROM article_tags WHERE tag_id = new.id);
  END;
`,
};
