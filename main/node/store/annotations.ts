/**
 * Annotations: a highlighted passage of an article, in a colour, with an optional note and
 * tags (deleting one, so that it can be undone, is bulk-edits.ts's). Positions are offsets into
 * the article's canonical text (`show <id> --text`), kept true by re-anchoring whenever that
 * text changes. The notebook's search index over them is kept by triggers (migration 6).
 */
import { randomUUID } from 'node:crypto';
import { anchor, type Selectors } from '../../common/annotations/anchor';
import type { Annotation, AnnotationColor, AnnotationFilter } from '../../common/contract';
import { transaction, type Db, type Tx } from './db';
import type { TagStore } from './tags';

export interface NewAnnotation extends Selectors {
  articleId: number;
  color: AnnotationColor;
  note?: string;
  tags?: string[];
  /** In a book, the FragmentSelector's value (an EPUB CFI range, a PDF 'page=N'). */
  fragment?: string | null;
  /** Kept when an exported annotation comes back. */
  uuid?: string;
  createdAt?: string;
  updatedAt?: string;
}

const COLUMNS = `n.id, n.uuid, n.article_id AS articleId, a.title AS articleTitle, a.url AS articleUrl, n.color, n.note,
  n.exact, n.prefix, n.suffix, n.start, n.end, n.fragment, n.orphaned, n.created_at AS createdAt, n.updated_at AS updatedAt,
  (SELECT group_concat(t.name, char(31)) FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = n.id) AS tags`;

type Row = Omit<Annotation, 'tags' | 'orphaned'> & { tags: string | null; orphaned: number };

const toAnnotation = (r: Row): Annotation => ({
  ...r,
  orphaned: r.orphaned === 1,
  tags: r.tags ? r.tags.split('\x1f').sort((x, y) => x.localeCompare(y)) : [],
});

export class AnnotationStore {
  constructor(private readonly db: Db, private readonly tags: TagStore) {}

  /**
   * Adds an annotation, anchored against the article's stored text (so its offsets are that
   * text's, whatever DOM it was made on); one that does not anchor is kept as orphaned.
   * Returns null when the article does not exist.
   */
  add(a: NewAnnotation, now: string): Annotation | null {
    return transaction(this.db, (tx) => {
      const text = this.articleText(a.articleId);
      if (text === null) return null;
      const found = anchor(text, a);
      const existing = a.uuid ? (tx.prepare('SELECT id FROM annotations WHERE uuid = ?').get(a.uuid) as { id: number } | undefined) : undefined;
      const row = {
        uuid: a.uuid ?? randomUUID(),
        articleId: a.articleId,
        color: a.color,
        note: a.note ?? '',
        exact: a.exact,
        prefix: a.prefix ?? '',
        suffix: a.suffix ?? '',
        start: found?.start ?? a.start ?? 0,
        end: found?.end ?? a.end ?? a.start ?? 0,
        fragment: a.fragment ?? null,
        orphaned: found ? 0 : 1,
        createdAt: a.createdAt ?? now,
        updatedAt: a.updatedAt ?? now,
      };
      let id: number;
      if (existing) {
        id = existing.id;
        tx
          .prepare(
            `UPDATE annotations SET article_id = @articleId, color = @color, note = @note, exact = @exact, prefix = @prefix, suffix = @suffix,
               start = @start, end = @end, fragment = @fragment, orphaned = @orphaned, updated_at = @updatedAt WHERE id = @id`,
          )
          .run({ ...row, id });
        tx.prepare('DELETE FROM annotation_tags WHERE annotation_id = ?').run(id);
      } else {
        id = Number(
          tx
            .prepare(
              `INSERT INTO annotations (uuid, article_id, color, note, exact, prefix, suffix, start, end, fragment, orphaned, created_at, updated_at)
               VALUES (@uuid, @articleId, @color, @note, @exact, @prefix, @suffix, @start, @end, @fragment, @orphaned, @createdAt, @updatedAt)`,
            )
            .run(row).lastInsertRowid,
        );
      }
      for (const tag of a.tags ?? []) this.tag(tx, id, tag);
      return this.get(id);
    });
  }

  hasUuid(uuid: string): boolean {
    return this.db.prepare('SELECT 1 FROM annotations WHERE uuid = ?').get(uuid) !== undefined;
  }

  get(id: number): Annotation | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.id = ?`).get(id) as Row | undefined;
    return row ? toAnnotation(row) : null;
  }

  update(id: number, change: { color?: AnnotationColor; note?: string; tags?: string[]; fragment?: string }, now: string): Annotation | null {
    return transaction(this.db, (tx) => {
      const info = tx
        .prepare('UPDATE annotations SET color = coalesce(@color, color), note = coalesce(@note, note), fragment = coalesce(@fragment, fragment), updated_at = @now WHERE id = @id')
        .run({ id, now, color: change.color ?? null, note: change.note ?? null, fragment: change.fragment ?? null });
      if (info.changes === 0) return null;
      if (change.tags) {
        tx.prepare('DELETE FROM annotation_tags WHERE annotation_id = ?').run(id);
        for (const tag of change.tags) this.tag(tx, id, tag);
      }
      return this.get(id);
    });
  }

  private tag(tx: Tx, id: number, name: string): void {
    tx.prepare('INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)').run(id, this.tags.ensure(name));
  }

  /** One article's annotations in document order (orphans last), or the notebook, filtered. */
  list(filter: AnnotationFilter = {}): Annotation[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const add = (sql: string, name: string, value: unknown) => {
      if (value === undefined) return;
      where.push(sql);
      params[name] = value;
    };
    add('n.article_id = @articleId', 'articleId', filter.articleId);
    add('n.color = @color', 'color', filter.color);
    add('n.id IN (SELECT x.annotation_id FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE t.name = @tag)', 'tag', filter.tag);
    add('n.created_at >= @from', 'from', filter.from);
    add('n.created_at < @to', 'to', filter.to);
    add('n.id IN (SELECT rowid FROM annotation_index WHERE annotation_index MATCH @match)', 'match', filter.query ? ftsWords(filter.query) : undefined);
    // Ties broken by what every copy of the library shares — the title, then the ids synced
    // computers share (sync_id, uuid) — so two libraries, synced or exported and imported, list alike.
    const order = filter.articleId !== undefined ? 'n.orphaned, n.start, n.end, n.uuid' : 'a.saved_at DESC, a.title, a.sync_id, n.orphaned, n.start, n.end, n.uuid';
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM annotations n JOIN articles a ON a.id = n.article_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`)
      .all(params) as Row[];
    return rows.map(toAnnotation);
  }

  /** Anchors an article's annotations again after its text changed, in the same transaction. Returns how many are orphaned. */
  reanchor(tx: Tx, articleId: number, now: string): number {
    const text = this.articleText(articleId) ?? '';
    const put = tx.prepare('UPDATE annotations SET start = ?, end = ?, orphaned = ?, updated_at = ? WHERE id = ?');
    let orphans = 0;
    for (const a of this.list({ articleId })) {
      const found = anchor(text, a);
      if (!found) orphans++;
      if (found ? found.start !== a.start || found.end !== a.end || a.orphaned : !a.orphaned) put.run(found?.start ?? a.start, found?.end ?? a.end, found ? 0 : 1, now, a.id);
    }
    return orphans;
  }

  private articleText(articleId: number): string | null {
    const row = this.db.prepare('SELECT text FROM article_bodies WHERE article_id = ?').get(articleId) as { text: string } | undefined;
    return row ? row.text : null;
  }
}

/** The notebook search box takes plain words: each must appear (as a prefix), in any field. */
function ftsWords(query: string): string | undefined {
  const words = query.match(/[\p{L}\p{N}]+/gu);
  return words ? words.map((w) => `"${w}"*`).join(' ') : undefined;
}
