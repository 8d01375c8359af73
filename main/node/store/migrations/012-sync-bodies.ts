/**
 * Migration 12. Sync: article texts travel in their own immutable documents, fetched after the
 * small entries that name them. An article projected from the documents before its text came
 * is listed here, with where its text is; the text is written when that document arrives, in a
 * later transaction (or a later round, after a kill or when the document is not yet on the server).
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 12,
  name: 'sync-bodies',
  sql: `
      CREATE TABLE sync_bodies_wanted (
        article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        pack         TEXT NOT NULL
      );
      CREATE INDEX sync_bodies_wanted_pack ON sync_bodies_wanted(pack);
`,
};
