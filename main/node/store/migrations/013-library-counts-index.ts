/**
 * Migration 13. The sidebar's counts (store/articles.ts `counts()`) read every article's state
 * and star at each open and each change: from the table that is a scan of every row (at 100,000
 * articles, hundreds of milliseconds); from this index, which holds just those two columns, a
 * few megabytes. It replaces the index on state alone, which it covers.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 13,
  name: 'library counts index',
  sql: `
      DROP INDEX articles_state;
      CREATE INDEX articles_state_starred ON articles(state, starred);
`,
};
