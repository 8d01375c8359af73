/**
 * Migration 6. Annotations and their tags, and the notebook's search index (quote, note, tags), kept by
 * triggers like the article index.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
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

  CREATE VIRTUAL TABLE annotation_index USING fts5(
    quote, note, tags, content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'
  );
  CREATE VIEW annotation_rows AS
    SELECT n.id, n.exact AS quote, n.note,
      coalesce((SELECT group_concat(t.name, ' ') FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = n.id), '') AS tags
    FROM annotations n;
  CREATE TRIGGER annotation_insert AFTER INSERT ON annotations BEGIN
    DELETE FROM annotation_index WHERE rowid = new.id;
    INSERT INTO annotation_index(rowid, quote, note, tags) SELECT id, quote, note, tags FROM annotation_rows WHERE id = new.id;
  END;
  CREATE TRIGGER annotation_update AFTER UPDATE OF exact, note ON annotations BEGIN
    DELETE FROM annotation_index WHERE rowid = new.id;
    INSERT INTO annotation_index(rowid, quote, note, tags) SELECT id, quote, note, tags FROM annotation_rows WHERE id = new.id;
  END;
  CREATE TRIGGER annotation_delete AFTER DELETE ON annotations BEGIN
    DELETE FROM annotation_index WHERE rowid = old.id;
  END;
  CREATE TRIGGER annotation_tag_insert AFTER INSERT ON annotation_tags BEGIN
    DELETE FROM annotation_index WHERE rowid = new.annotation_id;
    INSERT INTO annotation_index(rowid, quote, note, tags) SELECT id, quote, note, tags FROM annotation_rows WHERE id = new.annotation_id;
  END;
  CREATE TRIGGER annotation_tag_delete AFTER DELETE ON annotation_tags BEGIN
    DELETE FROM annotation_index WHERE rowid = old.annotation_id;
    INSERT INTO annotation_index(rowid, quote, note, tags) SELECT id, quote, note, tags FROM annotation_rows WHERE id = old.annotation_id;
  END;
  CREATE TRIGGER annotation_tag_rename AFTER UPDATE OF name ON tags BEGIN
    DELETE FROM annotation_index WHERE rowid IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = new.id);
    INSERT INTO annotation_index(rowid, quote, note, tags) SELECT id, quote, note, tags FROM annotation_rows WHERE id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = new.id);
  END;
`,
};
