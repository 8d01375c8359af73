/**
 * Migration 7. Feeds, articles saved as links only (their text still to fetch), and lead images.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 7,
  name: 'feeds, saved links and lead images',
  sql: `
      CREATE TABLE feeds (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL UNIQUE,
        title         TEXT NOT NULL,
        site_url      TEXT,
        -- Fetch the whole page for each item (for feeds that carry only summaries).
        full_text     INTEGER NOT NULL DEFAULT 0 CHECK (full_text IN (0, 1)),
        etag          TEXT,
        last_modified TEXT,
        checked_at    TEXT,
        error         TEXT,
        created_at    TEXT NOT NULL
      );
      ALTER TABLE articles ADD COLUMN feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL;
      -- The item's id in its feed, so a refresh adds only what is new.
      ALTER TABLE articles ADD COLUMN guid TEXT;
      -- Saved as a link only (an export without the text, offline): the text is still to fetch.
      ALTER TABLE articles ADD COLUMN link_only INTEGER NOT NULL DEFAULT 0 CHECK (link_only IN (0, 1));
      ALTER TABLE articles ADD COLUMN fetch_error TEXT;
      ALTER TABLE articles ADD COLUMN lead_image TEXT;
      CREATE UNIQUE INDEX articles_feed_guid ON articles(feed_id, guid) WHERE guid IS NOT NULL;
      CREATE INDEX articles_link_only ON articles(link_only) WHERE link_only = 1;
`,
};
