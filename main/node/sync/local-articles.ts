/**
 * Articles as the library file holds them, read as plain records (to fold into the documents)
 * and written from records (to project remote changes). Writes run inside the projection's
 * transaction with sync_guard set, so they do not queue themselves as local edits.
 */
import { transaction, type Db, type Tx } from '../store/db';
import type { TagStore } from '../store/tags';
import { tagKey, type AnnotationRecord, type ArticleRecord, type BookmarkRecord } from './documents';

interface ArticleRow {
  id: number;
  url: string | null;
  canonical_url: string | null;
  content_hash: string;
  title: string;
  author: string | null;
  site: string | null;
  published_at: string | null;
  saved_at: string;
  lang: string | null;
  excerpt: string | null;
  word_count: number;
  link_only: number;
  state: ArticleRecord['state'];
  starred: number;
  progress: number;
  position: number;
}

/** A transaction of the documents' writes: sync_guard is set throughout, so they do not queue themselves as local edits. */
export function applying<T>(db: Db, fn: (tx: Tx) => T): T {
  return transaction(db, (tx) => {
    tx.prepare('INSERT INTO sync_guard (applying) VALUES (1)').run();
    const result = fn(tx);
    tx.prepare('DELETE FROM sync_guard').run();
    return result;
  });
}

/** The last local edit queued for sync (0 when none). */
export function lastPending(db: Db): number {
  return (db.prepare('SELECT max(seq) FROM sync_pending').pluck().get() as number | null) ?? 0;
}

const tagsOf = (joined: string | null): string[] => (joined ? joined.split('\x1f') : []);

/** The article with this sync id, or null when it is not (or no longer) in the library. */
export function readArticle(db: Db, syncId: string): (ArticleRecord & { id: number }) | null {
  const row = db
    .prepare(
      `SELECT a.* FROM articles a WHERE a.sync_id = ?`,
    )
    .get(syncId) as ArticleRow | undefined;
  if (!row) return null;
  const tags = db.prepare('SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?').pluck().all(row.id) as string[];
  const bookmarks: Record<string, BookmarkRecord> = {};
  for (const b of db.prepare('SELECT sync_id, block, label, created_at FROM bookmarks WHERE article_id = ?').all(row.id) as { sync_id: string; block: number; label: string; created_at: string }[]) {
    bookmarks[b.sync_id] = { block: b.block, label: b.label, createdAt: b.created_at };
  }
  const annotations: Record<string, AnnotationRecord> = {};
  const rows = db
    .prepare(
      `SELECT n.*, (SELECT group_concat(t.name, char(31)) FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = n.id) AS tag_names
       FROM annotations n WHERE n.article_id = ?`,
    )
    .all(row.id) as (Omit<AnnotationRecord, 'tags' | 'createdAt' | 'updatedAt'> & { uuid: string; created_at: string; updated_at: string; tag_names: string | null })[];
  for (const n of rows) {
    annotations[n.uuid] = {
      color: n.color, note: n.note, exact: n.exact, prefix: n.prefix, suffix: n.suffix, start: n.start, end: n.end,
      createdAt: n.created_at, updatedAt: n.updated_at, tags: tagsOf(n.tag_names),
    };
  }
  return {
    id: row.id,
    meta: {
      url: row.url, canonicalUrl: row.canonical_url, contentHash: row.content_hash, title: row.title, author: row.author, site: row.site,
      publishedAt: row.published_at, savedAt: row.saved_at, lang: row.lang, excerpt: row.excerpt, wordCount: row.word_count, linkOnly: row.link_only === 1,
    },
    state: row.state,
    starred: row.starred === 1,
    progress: row.progress,
    position: row.position,
    tags,
    bookmarks,
    annotations,
  };
}

/** The article's text and HTML, to put into a body pack. */
export function readBody(db: Db, syncId: string): { html: string; text: string } {
  return db.prepare('SELECT b.html, b.text FROM article_bodies b JOIN articles a ON a.id = b.article_id WHERE a.sync_id = ?').get(syncId) as { html: string; text: string };
}

/** Sync ids of the library's articles (books stay on their computer: their originals are files). */
export function syncedArticleIds(db: Db): string[] {
  return db.prepare(`SELECT sync_id FROM articles WHERE kind = 'article' ORDER BY id`).pluck().all() as string[];
}

/** The article another library's `record` duplicates here (same canonical URL, else same content). */
export function findDuplicate(db: Db, record: ArticleRecord): { id: number; syncId: string } | null {
  const row = record.meta.canonicalUrl
    ? db.prepare('SELECT id, sync_id AS syncId FROM articles WHERE canonical_url = ?').get(record.meta.canonicalUrl)
    : db.prepare('SELECT id, sync_id AS syncId FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1').get(record.meta.contentHash);
  return (row as { id: number; syncId: string } | undefined) ?? null;
}

/**
 * Makes the library's article `syncId` equal to `record`, creating it when new. Returns its id.
 * Its text, when new or another, is listed as wanted from the pack `body` (a new article is
 * empty until then; a changed one keeps its old text until then).
 */
export function writeArticle(tx: Tx, tags: TagStore, syncId: string, r: ArticleRecord, body: string, now: string): number {
  const m = r.meta;
  const values = {
    syncId, url: m.url, canonicalUrl: m.canonicalUrl, contentHash: m.contentHash, title: m.title, author: m.author, site: m.site,
    publishedAt: m.publishedAt, savedAt: m.savedAt, lang: m.lang, excerpt: m.excerpt, wordCount: m.wordCount, linkOnly: m.linkOnly ? 1 : 0,
    state: r.state, starred: r.starred ? 1 : 0, progress: r.progress, position: r.position, now,
  };
  const existing = tx.prepare('SELECT a.id, a.content_hash AS hash FROM articles a WHERE a.sync_id = ?').get(syncId) as { id: number; hash: string } | undefined;
  let id: number;
  if (existing) {
    id = existing.id;
    tx.prepare(
      `UPDATE articles SET url = @url, canonical_url = @canonicalUrl, content_hash = @contentHash, title = @title, author = @author, site = @site,
         published_at = @publishedAt, saved_at = @savedAt, lang = @lang, excerpt = @excerpt, word_count = @wordCount, link_only = @linkOnly,
         state = @state, starred = @starred, progress = @progress, position = @position,
         updated_at = CASE WHEN state != @state OR starred != @starred OR content_hash != @contentHash THEN @now ELSE updated_at END
       WHERE id = @id`,
    ).run({ ...values, id });
    if (existing.hash !== m.contentHash) wantBody(tx, id, m.contentHash, body);
  } else {
    id = Number(
      tx.prepare(
        `INSERT INTO articles (sync_id, url, canonical_url, content_hash, title, author, site, published_at, saved_at, lang, excerpt, word_count,
           link_only, state, starred, progress, position, updated_at)
         VALUES (@syncId, @url, @canonicalUrl, @contentHash, @title, @author, @site, @publishedAt, @savedAt, @lang, @excerpt, @wordCount,
           @linkOnly, @state, @starred, @progress, @position, @now)`,
      ).run(values).lastInsertRowid,
    );
    tx.prepare(`INSERT INTO article_bodies (article_id, html, text) VALUES (?, '', '')`).run(id);
    wantBody(tx, id, m.contentHash, body);
  }
  writeTags(tx, tags, id, r.tags);
  writeBookmarks(tx, id, r.bookmarks);
  writeAnnotations(tx, tags, id, r.annotations);
  return id;
}

function wantBody(tx: Tx, id: number, contentHash: string, pack: string): void {
  tx.prepare('INSERT INTO sync_bodies_wanted (article_id, content_hash, pack) VALUES (?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET content_hash = excluded.content_hash, pack = excluded.pack').run(id, contentHash, pack);
}

/** The texts wanted from a pack: [article id, content hash]. */
export function wantedFrom(db: Db, pack: string): { articleId: number; contentHash: string }[] {
  return db.prepare('SELECT article_id AS articleId, content_hash AS contentHash FROM sync_bodies_wanted WHERE pack = ?').all(pack) as { articleId: number; contentHash: string }[];
}

export function writeBody(tx: Tx, articleId: number, body: { html: string; text: string }): void {
  tx.prepare('UPDATE article_bodies SET html = ?, text = ? WHERE article_id = ?').run(body.html, body.text, articleId);
  tx.prepare('DELETE FROM sync_bodies_wanted WHERE article_id = ?').run(articleId);
}

export function deleteArticle(tx: Tx, syncId: string): boolean {
  return tx.prepare('DELETE FROM articles WHERE sync_id = ?').run(syncId).changes === 1;
}

/** Only what differs is written, so the search index's triggers fire only for real changes. */
function writeTags(tx: Tx, tags: TagStore, id: number, names: string[]): void {
  const have = new Map((tx.prepare('SELECT t.id, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?').all(id) as { id: number; name: string }[]).map((t) => [tagKey(t.name), t.id]));
  const want = new Set(names.map(tagKey));
  for (const [name, tagId] of have) if (!want.has(name)) tx.prepare('DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?').run(id, tagId);
  for (const name of names) if (!have.has(tagKey(name))) tx.prepare('INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)').run(id, tags.ensure(name));
}

function writeBookmarks(tx: Tx, id: number, bookmarks: Record<string, BookmarkRecord>): void {
  const have = new Set(tx.prepare('SELECT sync_id FROM bookmarks WHERE article_id = ?').pluck().all(id) as string[]);
  for (const syncId of have) if (!(syncId in bookmarks)) tx.prepare('DELETE FROM bookmarks WHERE sync_id = ?').run(syncId);
  for (const [syncId, b] of Object.entries(bookmarks)) {
    tx.prepare(
      `INSERT INTO bookmarks (sync_id, article_id, block, label, created_at) VALUES (@syncId, @id, @block, @label, @createdAt)
       ON CONFLICT(sync_id) DO UPDATE SET article_id = excluded.article_id, block = excluded.block, label = excluded.label, created_at = excluded.created_at`,
    ).run({ syncId, id, ...b });
  }
}

function writeAnnotations(tx: Tx, tags: TagStore, id: number, annotations: Record<string, AnnotationRecord>): void {
  const have = new Set(tx.prepare('SELECT uuid FROM annotations WHERE article_id = ?').pluck().all(id) as string[]);
  for (const uuid of have) if (!(uuid in annotations)) tx.prepare('DELETE FROM annotations WHERE uuid = ?').run(uuid);
  for (const [uuid, a] of Object.entries(annotations)) {
    const row = { uuid, id, color: a.color, note: a.note, exact: a.exact, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end, createdAt: a.createdAt, updatedAt: a.updatedAt };
    const current = tx.prepare('SELECT id, color, note, exact, prefix, suffix, start, end, created_at AS createdAt, updated_at AS updatedAt, article_id AS articleId FROM annotations WHERE uuid = ?').get(uuid) as
      | (Omit<AnnotationRecord, 'tags'> & { id: number; articleId: number })
      | undefined;
    let annotationId: number;
    if (!current) {
      annotationId = Number(
        tx.prepare(
          `INSERT INTO annotations (uuid, article_id, color, note, exact, prefix, suffix, start, end, created_at, updated_at)
           VALUES (@uuid, @id, @color, @note, @exact, @prefix, @suffix, @start, @end, @createdAt, @updatedAt)`,
        ).run(row).lastInsertRowid,
      );
    } else {
      annotationId = current.id;
      const same = current.articleId === id && current.color === a.color && current.note === a.note && current.exact === a.exact && current.prefix === a.prefix &&
        current.suffix === a.suffix && current.start === a.start && current.end === a.end && current.createdAt === a.createdAt && current.updatedAt === a.updatedAt;
      if (!same) {
        tx.prepare(
          `UPDATE annotations SET article_id = @id, color = @color, note = @note, exact = @exact, prefix = @prefix, suffix = @suffix, start = @start, end = @end,
             created_at = @createdAt, updated_at = @updatedAt WHERE uuid = @uuid`,
        ).run(row);
      }
    }
    const haveTags = new Map((tx.prepare('SELECT t.id, t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = ?').all(annotationId) as { id: number; name: string }[]).map((t) => [tagKey(t.name), t.id]));
    const want = new Set(a.tags.map(tagKey));
    for (const [name, tagId] of haveTags) if (!want.has(name)) tx.prepare('DELETE FROM annotation_tags WHERE annotation_id = ? AND tag_id = ?').run(annotationId, tagId);
    for (const name of a.tags) if (!haveTags.has(tagKey(name))) tx.prepare('INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)').run(annotationId, tags.ensure(name));
  }
}
