/**
 * Migration 4. Place bookmarks: a block of an article, with an optional label.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 4,
  name: 'place bookmarks',
  sql: `
      CREATE TABLE bookmarks (
        id         INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        block      INTEGER NOT NULL CHECK (block >= 0),
        label      TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      CREATE INDEX bookmarks_article ON bookmarks(article_id, block);
`,
};
