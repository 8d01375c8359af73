/**
 * Migration 16. A book's title direction, as its package gives it (an EPUB's dc:title dir, else
 * the package's dir): a right-to-left title in a left-to-right library list or reader needs it
 * said, as the text alone cannot (EPUB 3.3's base direction). NULL: none given.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 16,
  name: 'book title direction',
  sql: `
      ALTER TABLE articles ADD COLUMN title_dir TEXT CHECK (title_dir IN ('ltr', 'rtl', 'auto'));
`,
};
