/**
 * Migration 10. Where a book is read, and what in it an annotation or a place bookmark points at,
 * in the book's own terms: an EPUB CFI ('epubcfi(/6/4!/4/2/1:0)') or a PDF page and an offset
 * into that page's canonical text ('page=3&offset=120'). Articles keep their block counts.
 *
 * Shipped: never edit this file (tests/unit/migrations.test.ts holds its hash); add the next one.
 */
export default {
  version: 10,
  name: 'book locators',
  sql: `
      -- The reading position in a book; NULL for articles, which keep position (a block index).
      ALTER TABLE articles ADD COLUMN locator TEXT;
      -- The W3C FragmentSelector's value: an EPUB CFI range, or 'page=N' (RFC 8118); NULL for articles.
      ALTER TABLE annotations ADD COLUMN fragment TEXT;
      -- A place in a book, in the same forms as articles.locator.
      ALTER TABLE bookmarks ADD COLUMN locator TEXT;
`,
};
