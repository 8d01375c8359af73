/** Place bookmarks: a block of an article, with an optional label. */
import type { Bookmark } from '../../common/contract';
import type { Db } from './db';

const COLUMNS = `b.id, b.article_id AS articleId, a.title AS articleTitle, b.block, b.locator, b.label, b.created_at AS createdAt`;

export class BookmarkStore {
  constructor(private readonly db: Db) {}

  /** `locator` marks a place in a book (its block is then 0). */
  add(articleId: number, block: number, label: string, now: string, locator?: string): Bookmark | null {
    const info = this.db
      .prepare('INSERT INTO bookmarks (article_id, block, locator, label, created_at) SELECT id, ?, ?, ?, ? FROM articles WHERE id = ?')
      .run(block, locator ?? null, label.trim(), now, articleId);
    return info.changes ? this.get(Number(info.lastInsertRowid)) : null;
  }

  get(id: number): Bookmark | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM bookmarks b JOIN articles a ON a.id = b.article_id WHERE b.id = ?`).get(id) as Bookmark | undefined) ?? null;
  }

  list(articleId?: number): Bookmark[] {
    return articleId === undefined
      ? (this.db.prepare(`SELECT ${COLUMNS} FROM bookmarks b JOIN articles a ON a.id = b.article_id ORDER BY b.created_at DESC, b.id DESC`).all() as Bookmark[])
      : (this.db.prepare(`SELECT ${COLUMNS} FROM bookmarks b JOIN articles a ON a.id = b.article_id WHERE b.article_id = ? ORDER BY b.block, b.id`).all(articleId) as Bookmark[]);
  }

  rename(id: number, label: string): Bookmark | null {
    this.db.prepare('UPDATE bookmarks SET label = ? WHERE id = ?').run(label.trim(), id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM bookmarks WHERE id = ?').run(id).changes === 1;
  }
}
