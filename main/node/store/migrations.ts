/**
 * Numbered schema migrations. Each runs once, in order, inside a transaction; the schema
 * version is SQLite's `user_version`. Never edit a shipped migration: add the next one.
 */
import { SEARCH_ROWS_WITH_TAGS_SQL, SEARCH_SCHEMA_V2_SQL, fillSearchIndexSql } from '../search/schema';
import { ANNOTATION_INDEX_SQL } from './annotations';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'articles and reading state',
    sql: `
      CREATE TABLE sources (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('file', 'digest')),
        name        TEXT NOT NULL,
        intro       TEXT,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        url           TEXT,
        canonical_url TEXT,
        content_hash  TEXT NOT NULL,
        title         TEXT NOT NULL,
        author        TEXT,
        site          TEXT,
        source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        published_at  TEXT,
        saved_at      TEXT NOT NULL,
        lang          TEXT,
        excerpt       TEXT,
        word_count    INTEGER NOT NULL,
        state         TEXT NOT NULL DEFAULT 'unread' CHECK (state IN ('unread', 'read', 'archived')),
        starred       INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
        progress      REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        updated_at    TEXT NOT NULL
      );
      -- Bodies live apart so that lists, counts and sorts read small rows only.
      CREATE TABLE article_bodies (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        html       TEXT NOT NULL,
        text       TEXT NOT NULL
      );
      CREATE UNIQUE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url IS NOT NULL;
      CREATE INDEX articles_content_hash ON articles(content_hash);
      CREATE INDEX articles_saved_at ON articles(saved_at DESC);
      CREATE INDEX articles_state ON articles(state);
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'search index',
    // Articles saved before this migration are indexed by it.
    sql: `
      ${SEARCH_SCHEMA_V2_SQL}
      ${fillSearchIndexSql()}
    `,
  },
  {
    version: 3,
    name: 'reading position to the paragraph',
    sql: `ALTER TABLE articles ADD COLUMN position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0);`,
  },
  {
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
  },
  {
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
      ${SEARCH_ROWS_WITH_TAGS_SQL}
    `,
  },
  {
    version: 6,
    name: 'annotations',
    sql: `
      CREATE TABLE annotations (
        id         INTEGER PRIMARY KEY,
        -- Stable across export and import: the annotation's IRI is urn:uuid:<uuid>.
        uuid       TEXT NOT NULL UNIQUE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        color      TEXT NOT NULL CHECK (color IN ('yellow', 'green', 'blue', 'pink', 'purple')),
        note       TEXT NOT NULL DEFAULT '',
        -- TextQuoteSelector, as made or imported; TextPositionSelector, where it was last found.
        exact      TEXT NOT NULL CHECK (length(exact) > 0),
        prefix     TEXT NOT NULL DEFAULT '',
        suffix     TEXT NOT NULL DEFAULT '',
        start      INTEGER NOT NULL CHECK (start >= 0),
        end        INTEGER NOT NULL CHECK (end >= start),
        orphaned   INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX annotations_article ON annotations(article_id, start);
      CREATE TABLE annotation_tags (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag_id        INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (annotation_id, tag_id)
      ) WITHOUT ROWID;
      CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);
      ${ANNOTATION_INDEX_SQL}
    `,
  },
  {
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
  },
];
