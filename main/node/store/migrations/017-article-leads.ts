/**
 * Migration 17. The first 50,000 characters of each text longer than that (a book's first
 * chapters, a very long page), kept beside the body for search: exact words and snippets are
 * looked for in a text's start, and SQLite reads a TEXT value whole, substr() or not, so a
 * book's start cost reading the whole book. Triggers keep the lead with its body in the same
 * statement, whoever writes it (import, a newer copy, sync, undo); the backfill reads the
 * length of the texts from their rows' headers (octet_length) and only the long ones whole.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 17,
  name: 'article leads',
  sql: `
  CREATE TABLE article_leads (
    article_id INTEGER PRIMARY KEY REFERENCES article_bodies(article_id) ON DELETE CASCADE,
    lead       TEXT NOT NULL
  );
  CREATE TRIGGER article_lead_insert AFTER INSERT ON article_bodies WHEN length(new.text) > 50000 BEGIN
    INSERT INTO article_leads(article_id, lead) VALUES (new.article_id, substr(new.text, 1, 50000));
  END;
  CREATE TRIGGER article_lead_update AFTER UPDATE OF text ON article_bodies BEGIN
    DELETE FROM article_leads WHERE article_id = old.article_id;
    INSERT INTO article_leads(article_id, lead) SELECT new.article_id, substr(new.text, 1, 50000) WHERE length(new.text) > 50000;
  END;
  INSERT INTO article_leads(article_id, lead)
    SELECT article_id, substr(text, 1, 50000) FROM article_bodies WHERE octet_length(text) > 50000 AND length(text) > 50000;
`,
};
