/**
 * Changes to many articles at once (archive, read, star, tag, delete) and the deletion of an
 * annotation, each undoable. Before a change, the rows it will touch are copied; undo puts
 * those copies back. The copies live in memory for the session: undo is for the moment after
 * a slip, not a history. So this module writes article, tag and annotation rows too, beside
 * articles.ts, tags.ts and annotations.ts.
 */
import type { BulkAction } from '../../common/contract';
import { transaction, type Db, type Tx } from './db';
import type { TagStore } from './tags';

type Row = Record<string, unknown>;

/** Everything that belongs to an article, in the order it must be written back. */
const ARTICLE_TABLES = [
  { table: 'articles', where: 'id = ?' },
  { table: 'article_bodies', where: 'article_id = ?' },
  { table: 'book_sections', where: 'article_id = ?' },
  { table: 'article_tags', where: 'article_id = ?' },
  { table: 'bookmarks', where: 'article_id = ?' },
  { table: 'annotations', where: 'article_id = ?' },
  { table: 'annotation_tags', where: 'annotation_id IN (SELECT id FROM annotations WHERE article_id = ?)' },
] as const;
type ArticleTable = (typeof ARTICLE_TABLES)[number]['table'];

/** Copied rows, by table, each with the article it belongs to. */
type Copies = { table: ArticleTable; rows: { articleId: number; row: Row }[] }[];

type Snapshot = { action: BulkAction['kind']; ids: number[]; copies: Copies } | { action: 'delete-annotation'; annotation: Row; tags: Row[] };

const KEEP_UNDOS = 50;

export class BulkEdits {
  private readonly undos = new Map<number, Snapshot>();
  private nextUndo = 1;

  constructor(private readonly db: Db, private readonly tags: TagStore) {}

  /** Applies `action` to the articles in one transaction; returns how many changed and the undo handle. */
  apply(ids: number[], action: BulkAction, now: string): { changed: number; undoId: number } {
    const unique = [...new Set(ids)];
    return transaction(this.db, (tx) => {
      const tables = action.kind === 'delete' ? ARTICLE_TABLES : ARTICLE_TABLES.filter((t) => t.table === (action.kind === 'tag' || action.kind === 'untag' ? 'article_tags' : 'articles'));
      const copies = this.copy(tx, unique, tables);
      const changed = this.change(tx, unique, action, now);
      return { changed, undoId: this.remember({ action: action.kind, ids: unique, copies }) };
    });
  }

  /** Deletes one annotation; undo brings it back with its tags. Null when there is none. */
  deleteAnnotation(id: number): { undoId: number } | null {
    return transaction(this.db, (tx) => {
      const annotation = tx.prepare('SELECT * FROM annotations WHERE id = ?').get(id) as Row | undefined;
      if (!annotation) return null;
      const tags = tx.prepare('SELECT * FROM annotation_tags WHERE annotation_id = ?').all(id) as Row[];
      tx.prepare('DELETE FROM annotations WHERE id = ?').run(id);
      return { undoId: this.remember({ action: 'delete-annotation', annotation, tags }) };
    });
  }

  /** Puts the copied rows back. Returns how many articles (or annotations) were restored, or null if the undo is unknown. */
  undo(undoId: number): number | null {
    const snapshot = this.undos.get(undoId);
    if (!snapshot) return null;
    this.undos.delete(undoId);
    return transaction(this.db, (tx) => {
      if (snapshot.action === 'delete-annotation') return this.restoreAnnotation(tx, snapshot.annotation, snapshot.tags);
      if (snapshot.action === 'delete') return this.restoreDeleted(tx, snapshot.ids, snapshot.copies);
      return this.restoreChanged(tx, snapshot.ids, snapshot.copies);
    });
  }

  private remember(snapshot: Snapshot): number {
    const undoId = this.nextUndo++;
    this.undos.set(undoId, snapshot);
    if (this.undos.size > KEEP_UNDOS) this.undos.delete(this.undos.keys().next().value!);
    return undoId;
  }

  private change(tx: Tx, ids: number[], action: BulkAction, now: string): number {
    const each = (sql: string, params: Row = {}) => {
      const statement = tx.prepare(sql);
      return ids.reduce((n, id) => n + statement.run({ ...params, id }).changes, 0);
    };
    switch (action.kind) {
      case 'state':
        return each('UPDATE articles SET state = @state, updated_at = @now WHERE id = @id AND state != @state', { state: action.state, now });
      case 'star':
        return each('UPDATE articles SET starred = @starred, updated_at = @now WHERE id = @id AND starred != @starred', { starred: action.starred ? 1 : 0, now });
      case 'tag':
        return this.tags.add(tx, ids, action.tag);
      case 'untag':
        return this.tags.remove(tx, ids, action.tag);
      case 'delete':
        return each('DELETE FROM articles WHERE id = @id');
    }
  }

  private copy(tx: Tx, ids: number[], tables: readonly (typeof ARTICLE_TABLES)[number][]): Copies {
    return tables.map(({ table, where }) => {
      const select = tx.prepare(`SELECT * FROM ${table} WHERE ${where}`);
      return { table, rows: ids.flatMap((articleId) => (select.all(articleId) as Row[]).map((row) => ({ articleId, row }))) };
    });
  }

  private insert(tx: Tx, table: string, row: Row): void {
    const columns = Object.keys(row);
    tx.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
  }

  private exists(table: 'articles' | 'tags', id: unknown): boolean {
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  }

  private restoreDeleted(tx: Tx, ids: number[], copies: Copies): number {
    let restored = 0;
    for (const id of ids) {
      // An article imported since may have been given a deleted article's id: that one stays deleted.
      if (this.exists('articles', id)) continue;
      for (const { table, rows } of copies) {
        for (const { articleId, row } of rows) {
          if (articleId !== id) continue;
          // A tag deleted since the delete is not brought back for one article.
          if ((table === 'article_tags' || table === 'annotation_tags') && !this.exists('tags', row.tag_id)) continue;
          this.insert(tx, table, row);
        }
      }
      restored++;
    }
    return restored;
  }

  private restoreChanged(tx: Tx, ids: number[], copies: Copies): number {
    for (const { table, rows } of copies) {
      if (table === 'articles') {
        const put = tx.prepare('UPDATE articles SET state = @state, starred = @starred, updated_at = @updated_at WHERE id = @id');
        for (const { row } of rows) put.run(row);
      } else {
        const clear = tx.prepare('DELETE FROM article_tags WHERE article_id = ?');
        for (const id of ids) clear.run(id);
        const put = tx.prepare(
          `INSERT INTO article_tags (article_id, tag_id) SELECT @article_id, @tag_id
           WHERE EXISTS (SELECT 1 FROM tags WHERE id = @tag_id) AND EXISTS (SELECT 1 FROM articles WHERE id = @article_id)`,
        );
        for (const { row } of rows) put.run(row);
      }
    }
    return ids.length;
  }

  private restoreAnnotation(tx: Tx, annotation: Row, tags: Row[]): number {
    // Its article may have gone since: then there is nothing to hang it on.
    if (!this.exists('articles', annotation.article_id)) return 0;
    this.insert(tx, 'annotations', annotation);
    for (const t of tags) if (this.exists('tags', t.tag_id)) this.insert(tx, 'annotation_tags', t);
    return 1;
  }
}
