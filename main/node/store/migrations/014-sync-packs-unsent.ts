/**
 * Migration 14. Sync: the body packs made on this computer that the server has not yet
 * acknowledged. A pack is made in one change and never changed again, so nothing else would
 * ever send it again: a round cut before the server had it (a first round that failed) left the
 * texts on this computer only, and another computer joining found their pack unavailable. Each
 * round sends these again until the server acknowledges them.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 14,
  name: 'sync-packs-unsent',
  sql: `
      CREATE TABLE sync_packs_unsent (
        url TEXT PRIMARY KEY
      );
`,
};
