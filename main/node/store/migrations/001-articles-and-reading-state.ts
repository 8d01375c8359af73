/**
 * Migration 1. Articles (their bodies apart, so lists read small rows), their sources, and settings.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
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
};
