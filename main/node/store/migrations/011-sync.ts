/**
 * Migration 11. Sync: a stable id for articles and bookmarks (annotations have their uuid), the
 * automerge-repo storage chunks, the documents' heads last projected into this file, and the
 * outbox of local edits, filled by triggers in the same transaction as each edit, so every write
 * path of the app is queued without knowing about sync. While remote changes are projected,
 * a row in sync_guard keeps the triggers quiet (set and cleared inside that one transaction).
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 11,
  name: 'sync',
  sql: `
      ALTER TABLE articles ADD COLUMN sync_id TEXT;
      UPDATE articles SET sync_id = lower(hex(randomblob(16)));
      CREATE UNIQUE INDEX articles_sync_id ON articles(sync_id);
      ALTER TABLE bookmarks ADD COLUMN sync_id TEXT;
      UPDATE bookmarks SET sync_id = lower(hex(randomblob(16)));
      CREATE UNIQUE INDEX bookmarks_sync_id ON bookmarks(sync_id);
      -- automerge-repo's key/value storage: the key's parts joined by '/'.
      CREATE TABLE sync_chunks (
        key  TEXT PRIMARY KEY,
        data BLOB NOT NULL
      );
      -- For each document, its heads as last projected into this file: the base of the next fold.
      CREATE TABLE sync_docs (
        url   TEXT PRIMARY KEY,
        heads TEXT NOT NULL
      );
      -- Articles edited here since their last fold; seq grows with each edit, so a fold clears only what it saw.
      CREATE TABLE sync_pending (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        sync_id TEXT NOT NULL UNIQUE
      );
      CREATE TABLE sync_guard (applying INTEGER NOT NULL);
      -- What a sync resolved on its own, for the user to see (e.g. an article deleted here came back annotated).
      CREATE TABLE sync_conflicts (
        id         INTEGER PRIMARY KEY,
        sync_id    TEXT NOT NULL,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        reason     TEXT NOT NULL,
        at         TEXT NOT NULL
      );

  CREATE TRIGGER sync_article_id AFTER INSERT ON articles WHEN new.sync_id IS NULL BEGIN
    UPDATE articles SET sync_id = lower(hex(randomblob(16))) WHERE id = new.id;
  END;
  CREATE TRIGGER sync_bookmark_id AFTER INSERT ON bookmarks WHEN new.sync_id IS NULL BEGIN
    UPDATE bookmarks SET sync_id = lower(hex(randomblob(16))) WHERE id = new.id;
  END;
  CREATE TRIGGER sync_article_insert AFTER INSERT ON articles WHEN new.sync_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = new.sync_id;
    INSERT INTO sync_pending (sync_id) VALUES (new.sync_id);
  END;
  CREATE TRIGGER sync_article_update AFTER UPDATE ON articles WHEN new.sync_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = new.sync_id;
    INSERT INTO sync_pending (sync_id) VALUES (new.sync_id);
  END;
  CREATE TRIGGER sync_article_delete AFTER DELETE ON articles WHEN old.sync_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = old.sync_id;
    INSERT INTO sync_pending (sync_id) VALUES (old.sync_id);
  END;
  CREATE TRIGGER sync_body_update AFTER UPDATE ON article_bodies WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT sync_id FROM articles WHERE id = new.article_id);
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id = new.article_id;
  END;
  CREATE TRIGGER sync_article_tag_insert AFTER INSERT ON article_tags WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT sync_id FROM articles WHERE id = new.article_id);
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id = new.article_id;
  END;
  CREATE TRIGGER sync_article_tag_delete AFTER DELETE ON article_tags WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT sync_id FROM articles WHERE id = old.article_id);
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id = old.article_id;
  END;
  CREATE TRIGGER sync_tag_rename AFTER UPDATE OF name ON tags WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id IN (SELECT a.sync_id FROM articles a WHERE a.id IN (
      SELECT article_id FROM article_tags WHERE tag_id = new.id
      UNION SELECT n.article_id FROM annotation_tags x JOIN annotations n ON n.id = x.annotation_id WHERE x.tag_id = new.id));
    INSERT INTO sync_pending (sync_id) SELECT a.sync_id FROM articles a WHERE a.id IN (
      SELECT article_id FROM article_tags WHERE tag_id = new.id
      UNION SELECT n.article_id FROM annotation_tags x JOIN annotations n ON n.id = x.annotation_id WHERE x.tag_id = new.id);
  END;
  CREATE TRIGGER sync_bookmark_insert AFTER INSERT ON bookmarks WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT sync_id FROM articles WHERE id = new.article_id);
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id = new.article_id;
  END;
  CREATE TRIGGER sync_bookmark_update AFTER UPDATE ON bookmarks WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT sync_id FROM articles WHERE id = new.article_id);
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id = new.article_id;
  END;
  CREATE TRIGGER sync_bookmark_delete AFTER DELETE ON bookmarks WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT sync_id FROM articles WHERE id = old.article_id);
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id = old.article_id;
  END;
  CREATE TRIGGER sync_annotation_insert AFTER INSERT ON annotations WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT sync_id FROM articles WHERE id = new.article_id);
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id = new.article_id;
  END;
  CREATE TRIGGER sync_annotation_update AFTER UPDATE ON annotations WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id IN (SELECT sync_id FROM articles WHERE id IN (old.article_id, new.article_id));
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id IN (old.article_id, new.article_id);
  END;
  CREATE TRIGGER sync_annotation_delete AFTER DELETE ON annotations WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT sync_id FROM articles WHERE id = old.article_id);
    INSERT INTO sync_pending (sync_id) SELECT sync_id FROM articles WHERE id = old.article_id;
  END;
  CREATE TRIGGER sync_annotation_tag_insert AFTER INSERT ON annotation_tags WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT a.sync_id FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.id = new.annotation_id);
    INSERT INTO sync_pending (sync_id) SELECT a.sync_id FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.id = new.annotation_id;
  END;
  CREATE TRIGGER sync_annotation_tag_delete AFTER DELETE ON annotation_tags WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = (SELECT a.sync_id FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.id = old.annotation_id);
    INSERT INTO sync_pending (sync_id) SELECT a.sync_id FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.id = old.annotation_id;
  END;
`,
};
