/**
 * Tags: names shared by articles and annotations, compared without case. The one module that
 * writes the tags table.
 */
import type { TagInfo } from '../../common/contract';
import { transaction, type Db, type Tx } from './db';

const COLUMNS = `t.id, t.name, (SELECT count(*) FROM article_tags WHERE tag_id = t.id) AS articles,
  (SELECT count(*) FROM annotation_tags WHERE tag_id = t.id) AS annotations`;

export class TagStore {
  constructor(private readonly db: Db) {}

  /** Every tag with how many articles and annotations carry it, by name. */
  list(): TagInfo[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM tags t ORDER BY t.name COLLATE NOCASE`).all() as TagInfo[];
  }

  /** The tag's id, created when new; an existing tag keeps the spelling it was first given. */
  ensure(name: string): number {
    this.db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT(name) DO NOTHING').run(name);
    return (this.db.prepare('SELECT id FROM tags WHERE name = ?').get(name) as { id: number }).id;
  }

  /** Returns how many articles gained the tag. */
  add(tx: Tx, articleIds: number[], name: string): number {
    const tag = this.ensure(name);
    const insert = tx.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT id, ? FROM articles WHERE id = ?');
    return articleIds.reduce((n, id) => n + insert.run(tag, id).changes, 0);
  }

  /** Returns how many articles lost the tag. */
  remove(tx: Tx, articleIds: number[], name: string): number {
    const remove = tx.prepare('DELETE FROM article_tags WHERE article_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)');
    return articleIds.reduce((n, id) => n + remove.run(id, name).changes, 0);
  }

  /**
   * Renames a tag. When another tag already has the new name, the two are merged: every
   * article of the old tag gets the other one, and the old tag goes.
   */
  rename(id: number, name: string): { tag: TagInfo | null; merged: boolean } {
    return transaction(this.db, (tx) => {
      const other = tx.prepare('SELECT id FROM tags WHERE name = ? AND id != ?').get(name, id) as { id: number } | undefined;
      if (!other) {
        tx.prepare('UPDATE tags SET name = ? WHERE id = ?').run(name, id);
        return { tag: this.get(id), merged: false };
      }
      tx.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT article_id, ? FROM article_tags WHERE tag_id = ?').run(other.id, id);
      tx.prepare('INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) SELECT annotation_id, ? FROM annotation_tags WHERE tag_id = ?').run(other.id, id);
      tx.prepare('DELETE FROM tags WHERE id = ?').run(id);
      return { tag: this.get(other.id), merged: true };
    });
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM tags WHERE id = ?').run(id).changes === 1;
  }

  get(id: number): TagInfo | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM tags t WHERE t.id = ?`).get(id) as TagInfo | undefined) ?? null;
  }
}
