/**
 * Migration 3. The reading position, to the paragraph (a block index).
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 3,
  name: 'reading position to the paragraph',
  sql: `ALTER TABLE articles ADD COLUMN position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0);`,
};
