/**
 * Migration 18. Sync: feed subscriptions are queued like article edits (one outbox row, 'feeds',
 * not an article's sync id: the whole list is folded into the library document, a set by URL),
 * for each shard document the library keeps which computers' changes the projection had seen
 * (`clock`, from the library document), so a round loads only the shards changed since; and the
 * shards changed here that the server has not acknowledged, which a round loads to send.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 18,
  name: 'sync-feeds-and-shard-clocks',
  sql: `
      ALTER TABLE sync_docs ADD COLUMN clock TEXT;
      CREATE TABLE sync_shards_unsent (
        url TEXT PRIMARY KEY
      );

  CREATE TRIGGER sync_feed_insert AFTER INSERT ON feeds WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = 'feeds';
    INSERT INTO sync_pending (sync_id) VALUES ('feeds');
  END;
  CREATE TRIGGER sync_feed_update AFTER UPDATE OF url, title, full_text ON feeds WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = 'feeds';
    INSERT INTO sync_pending (sync_id) VALUES ('feeds');
  END;
  CREATE TRIGGER sync_feed_delete AFTER DELETE ON feeds WHEN NOT EXISTS (SELECT 1 FROM sync_guard) BEGIN
    DELETE FROM sync_pending WHERE sync_id = 'feeds';
    INSERT INTO sync_pending (sync_id) VALUES ('feeds');
  END;
`,
};
