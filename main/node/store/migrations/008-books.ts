/**
 * Migration 8. Books (EPUB and PDF) as library items: their kind, publisher, the original file
 * kept in the library's assets, and their chapters or pages as ranges of the canonical text.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 8,
  name: 'books',
  sql: `
      ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'epub', 'pdf'));
      ALTER TABLE articles ADD COLUMN publisher TEXT;
      -- The original file's name in <library>/assets/: <sha256>.epub or <sha256>.pdf.
      ALTER TABLE articles ADD COLUMN original TEXT;
      -- A chapter (EPUB spine item, by its path in the book) or a page (PDF, from 1), as the
      -- range [start, end) of the book's canonical text in article_bodies.
      CREATE TABLE book_sections (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        ord        INTEGER NOT NULL,
        label      TEXT NOT NULL,
        start      INTEGER NOT NULL CHECK (start >= 0),
        "end"      INTEGER NOT NULL CHECK ("end" >= start),
        href       TEXT,
        page       INTEGER,
        CHECK ((href IS NULL) <> (page IS NULL)),
        PRIMARY KEY (article_id, ord)
      ) WITHOUT ROWID;
`,
};
