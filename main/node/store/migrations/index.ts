/**
 * The numbered schema migrations, in order. Each runs once, inside a transaction; the schema
 * version is SQLite's `user_version`.
 *
 * Each migration's SQL is written out in its own file and never edited once shipped, and none
 * imports a live constant: a library made today and one upgraded from version 1 must end with
 * the same schema, byte for byte. SQLite keeps every CREATE statement's text as written (in
 * `sqlite_master`), so even the indentation inside a statement is part of the schema.
 */
import m001 from './001-articles-and-reading-state';
import m002 from './002-search-index';
import m003 from './003-reading-position';
import m004 from './004-place-bookmarks';
import m005 from './005-tags';
import m006 from './006-annotations';
import m007 from './007-feeds-links-and-lead-images';
import m008 from './008-books';
import m009 from './009-search-without-prefix-index-and-pending';
import m010 from './010-book-locators';
import m011 from './011-sync';
import m012 from './012-sync-bodies';
import m013 from './013-library-counts-index';
import m014 from './014-sync-packs-unsent';
import m015 from './015-search-fields';
import m016 from './016-book-title-direction';
import m017 from './017-article-leads';
import m018 from './018-sync-feeds-and-shard-clocks';
import m019 from './019-book-sections-indexed-apart';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016, m017, m018, m019];
