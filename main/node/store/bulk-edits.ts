/**
 * Changes to many articles at once (archive, read, star, tag, delete), each undoable. Before a
 * change, the rows it will touch are copied; undo puts those copies back. The copies live in
 * memory for the session: undo is for the moment after a slip, not a history.
 */
import type { BulkAction } from '../../common/contract';
import type { Db } from './database';
import type { TagStore } from './tags';

type Row = Record<string, unknown>;

/** Everything that belongs to an article, in the order it must be written back. */
const ARTICLE_TABLES = [
  { table: 'articles', key: 'id' },
  { table: 'article_bodies', key: 'article_id' },
  { table: 'article_tags', key: 'article_id' },
  { table: 'bookmarks', key: 'article_id' },
  { table: 'annotations', key: 'article_id' },
] as const;

interface Snapshot {
  action: BulkAction['kind'];
  ids: number[];
  rows: { table: string; rows: Row[] }[];
}

const KEEP_UNDOS = 50;

export class BulkEdits {
  private readonly undos = new Map<number, Snapshot>();
  private nextUndo = 1;

  constructor(private readonly db: Db, private readonly tags: TagStore) {}

  /** Applies `action` to the articles in one transaction; returns how many changed and the undo handle. */
  apply(ids: number[], action: BulkAction, now: string): { changed: number; undoId: number } {
    const unique = [...new Set(ids)];
    return this.db.transaction(() => {
      const snapshot: Snapshot = { action: action.kind, ids: unique, rows: this.copy(unique, action.kind === 'delete' ? this.presentTables() : this.touchedTables(action)) };
      const changed = this.change(unique, action, now);
      const undoId = this.nextUndo++;
      this.undos.set(undoId, snapshot);
      if (this.undos.size > KEEP_UNDOS) this.undos.delete(this.undos.keys().next().value!);
      return { changed, undoId };
    }).immediate();
  }

  /** Puts the copied rows back. Returns how many articles were restored, or null if the undo is unknown. */
  undo(undoId: number): number | null {
    const snapshot = this.undos.get(undoId);
    if (!snapshot) return null;
    this.undos.delete(undoId);
    return this.db.transaction(() => (snapshot.action === 'delete' ? this.restoreDeleted(snapshot) : this.restoreChanged(snapshot))).immediate();
  }

  private change(ids: number[], action: BulkAction, now: string): number {
    const each = (sql: string, params: Row = {}) => {
      const statement = this.db.prepare(sql);
      return ids.reduce((n, id) => n + statement.run({ ...params, id }).changes, 0);
    };
    switch (action.kind) {
      case 'state':
        return each('UPDATE articles SET state = @state, updated_at = @now WHERE id = @id AND state != @state', { state: action.state, now });
      case 'star':
        return each('UPDATE articles SET starred = @starred, updated_at = @now WHERE id = @id AND starred != @starred', { starred: action.starred ? 1 : 0, now });
      case 'tag':
        return this.tags.add(ids, action.tag);
      case 'untag':
        return this.tags.remove(ids, action.tag);
      case 'delete':
        return each('DELETE FROM articles WHERE id = @id');
    }
  }

  private touchedTables(action: BulkAction): (typeof ARTICLE_TABLES)[number][] {
    return ARTICLE_TABLES.filter((t) => (action.kind === 'tag' || action.kind === 'untag' ? t.table === 'article_tags' : t.table === 'articles'));
  }

  private presentTables(): (typeof ARTICLE_TABLES)[number][] {
    const names = new Set((this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    return ARTICLE_TABLES.filter((t) => names.has(t.table));
  }

  private copy(ids: number[], tables: readonly { table: string; key: string }[]): Snapshot['rows'] {
    return tables.map(({ table, key }) => {
      const select = this.db.prepare(`SELECT * FROM ${table} WHERE ${key} = ?`);
      return { table, rows: ids.flatMap((id) => select.all(id) as Row[]) };
    });
  }

  private insert(table: string, row: Row): void {
    const columns = Object.keys(row);
    this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
  }

  private restoreDeleted(snapshot: Snapshot): number {
    let restored = 0;
    for (const id of snapshot.ids) {
      // An article imported since may have been given a deleted article's id: that one stays deleted.
      if (this.db.prepare('SELECT 1 FROM articles WHERE id = ?').get(id)) continue;
      for (const { table, rows } of snapshot.rows) {
        const key = table === 'articles' ? 'id' : 'article_id';
        for (const row of rows) {
          if (row[key] !== id) continue;
          // A tag deleted since the delete is not brought back for one article.
          if (table === 'article_tags' && !this.db.prepare('SELECT 1 FROM tags WHERE id = ?').get(row.tag_id)) continue;
          this.insert(table, row);
        }
      }
      restored++;
    }
    return restored;
  }

  private restoreChanged(snapshot: Snapshot): number {
    for (const { table, rows } of snapshot.rows) {
      if (table === 'articles') {
        const put = this.db.prepare('UPDATE articles SET state = @state, starred = @starred, updated_at = @updated_at WHERE id = @id');
        for (const row of rows) put.run(row);
      } else {
        const clear = this.db.prepare('DELETE FROM article_tags WHERE article_id = ?');
        for (const id of snapshot.ids) clear.run(id);
        const put = this.db.prepare(
          `INSERT INTO article_tags (article_id, tag_id) SELECT @article_id, @tag_id
           WHERE EXISTS (SELECT 1 FROM tags WHERE id = @tag_id) AND EXISTS (SELECT 1 FROM articles WHERE id = @article_id)`,
        );
        for (const row of rows) put.run(row);
      }
    }
    return snapshot.ids.length;
  }
}
