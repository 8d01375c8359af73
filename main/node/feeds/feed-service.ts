/**
 * Subscriptions: a feed is added by its address or by a page that announces one; refreshing
 * asks with the last ETag / Last-Modified (a 304 costs nothing), adds only new items, and keeps
 * an error per feed so one broken feed never stops the others. OPML in and out.
 */
import { generateOpml, parseOpml } from 'feedsmith';
import type { FeedInfo, ImportReport, RefreshReport, RunProgress } from '../../common/contract';
import { LecternError } from '../../common/errors';
import { ImportError } from '../import/errors';
import { decodeText } from '../import/decode';
import type { ImportService } from '../import/import-service';
import { toReport } from '../import/ingest';
import type { ArticleStore } from '../store/articles';
import type { Db } from '../store/db';
import { fetchUrl, httpUrl } from '../web/fetch';
import { feedItems } from './feed-items';
import { discoverFeeds, parseFeedText, type ParsedFeed } from './parse';

export interface FeedRunOptions {
  /** Stops after the item (following) or the feed (refreshing) in hand; what is left comes with the next refresh. */
  signal?: AbortSignal;
  onProgress?: (p: Omit<RunProgress, 'runId'>) => void;
}

const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/feed+json', 'application/json', 'application/xml', 'text/xml', 'text/html', 'application/xhtml+xml', 'text/plain'];

const COLUMNS = `f.id, f.url, f.title, f.site_url AS siteUrl, f.full_text AS fullText, f.checked_at AS checkedAt, f.error,
  (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.state = 'unread') AS unread,
  (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) AS articles`;

type FeedRowInfo = Omit<FeedInfo, 'fullText'> & { fullText: number };
const toInfo = (f: FeedRowInfo): FeedInfo => ({ ...f, fullText: f.fullText === 1 });

interface FeedRow {
  id: number;
  url: string;
  etag: string | null;
  last_modified: string | null;
  full_text: number;
}

export class FeedService {
  constructor(
    private readonly db: Db,
    private readonly importer: ImportService,
    private readonly articles: ArticleStore,
  ) {}

  list(): FeedInfo[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM feeds f ORDER BY f.title COLLATE NOCASE`).all() as FeedRowInfo[]).map(toInfo);
  }

  get(id: number): FeedInfo | null {
    const f = this.db.prepare(`SELECT ${COLUMNS} FROM feeds f WHERE f.id = ?`).get(id) as FeedRowInfo | undefined;
    return f ? toInfo(f) : null;
  }

  /** Subscribes to a feed, given its address or a page that links to it; its items come in at once. */
  async add(address: string, options: FeedRunOptions & { fullText?: boolean } = {}): Promise<{ feed: FeedInfo; report: ImportReport }> {
    const { url, feed, etag, lastModified } = await this.fetchFeed(httpUrl(address).href);
    if (!feed) throw new ImportError(`${address} answered "not modified" to a first request`);
    const existing = this.db.prepare('SELECT id FROM feeds WHERE url = ?').get(url) as { id: number } | undefined;
    if (existing) throw new LecternError('BAD_REQUEST', `You already follow this feed (${this.get(existing.id)!.title}).`);
    const id = Number(
      this.db
        .prepare('INSERT INTO feeds (url, title, site_url, full_text, etag, last_modified, checked_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(url, feed.title ?? new URL(url).hostname, feed.siteUrl, options.fullText ? 1 : 0, etag, lastModified, new Date().toISOString(), new Date().toISOString()).lastInsertRowid,
    );
    const items = feedItems({ id, fullText: !!options.fullText }, feed.items, this.articles);
    const outcomes = await this.importer.ingest(items, { total: items.length, signal: options.signal, onProgress: options.onProgress });
    return { feed: this.get(id)!, report: toReport(outcomes) };
  }

  /** Refreshes one feed or all; each feed's failure is kept on it and reported, the rest go on. */
  async refresh(feedId?: number, { signal, onProgress }: FeedRunOptions = {}): Promise<RefreshReport> {
    const feeds = (feedId === undefined ? this.db.prepare('SELECT * FROM feeds ORDER BY id').all() : this.db.prepare('SELECT * FROM feeds WHERE id = ?').all(feedId)) as FeedRow[];
    const report: RefreshReport = { feeds: feeds.length, added: 0, failed: [] };
    for (const [i, f] of feeds.entries()) {
      if (signal?.aborted) break;
      const now = new Date().toISOString();
      try {
        const got = await this.fetchFeed(f.url, { etag: f.etag, lastModified: f.last_modified });
        if (got.feed) {
          const added = toReport(await this.importer.ingest(feedItems({ id: f.id, fullText: f.full_text === 1 }, got.feed.items, this.articles), { signal }));
          report.added += added.imported.length;
          report.failed.push(...added.failed.map(({ item, reason }) => ({ item, reason })));
          // Cancelled part-way: the validators stay as they were, so the next refresh reads the items left.
          if (signal?.aborted) break;
          this.db.prepare('UPDATE feeds SET etag = ?, last_modified = ?, site_url = coalesce(?, site_url) WHERE id = ?').run(got.etag, got.lastModified, got.feed.siteUrl, f.id);
        }
        this.db.prepare('UPDATE feeds SET checked_at = ?, error = NULL WHERE id = ?').run(now, f.id);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.db.prepare('UPDATE feeds SET checked_at = ?, error = ? WHERE id = ?').run(now, reason, f.id);
        report.failed.push({ item: this.get(f.id)!.title, reason });
      }
      onProgress?.({ done: i + 1, total: feeds.length, item: f.url });
    }
    return report;
  }

  setFullText(id: number, fullText: boolean): FeedInfo | null {
    this.db.prepare('UPDATE feeds SET full_text = ? WHERE id = ?').run(fullText ? 1 : 0, id);
    return this.get(id);
  }

  /** Unfollows; the articles it brought stay in the library. */
  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM feeds WHERE id = ?').run(id).changes === 1;
  }

  exportOpml(): string {
    return generateOpml({
      head: { title: 'Lectern subscriptions', dateCreated: new Date() },
      body: { outlines: this.list().map((f) => ({ text: f.title, title: f.title, type: 'rss', xmlUrl: f.url, ...(f.siteUrl && { htmlUrl: f.siteUrl }) })) },
    } as Parameters<typeof generateOpml>[0]);
  }

  /** Follows every feed an OPML file lists (folders included); each one's failure is reported alone. */
  async importOpml(text: string): Promise<{ added: number; skipped: number; failed: { item: string; reason: string }[] }> {
    let opml: { body?: { outlines?: Outline[] } };
    try {
      opml = parseOpml(text) as typeof opml;
    } catch (err) {
      throw new LecternError('BAD_REQUEST', `This is not an OPML file: ${(err as Error).message}`);
    }
    const urls: { url: string; title: string }[] = [];
    const walk = (outlines: Outline[] = []) => {
      for (const o of outlines) {
        if (o.xmlUrl) urls.push({ url: o.xmlUrl, title: o.title ?? o.text ?? o.xmlUrl });
        walk(o.outlines);
      }
    };
    walk(opml.body?.outlines);
    const result = { added: 0, skipped: 0, failed: [] as { item: string; reason: string }[] };
    for (const { url, title } of urls) {
      try {
        httpUrl(url);
        if (this.db.prepare('SELECT 1 FROM feeds WHERE url = ?').get(url)) {
          result.skipped++;
          continue;
        }
        // Followed now, read at the next refresh: an import of 500 feeds does not wait for 500 servers.
        this.db.prepare('INSERT INTO feeds (url, title, created_at) VALUES (?, ?, ?)').run(url, title, new Date().toISOString());
        result.added++;
      } catch (err) {
        result.failed.push({ item: title, reason: (err as Error).message });
      }
    }
    return result;
  }

  /** The feed at `url`, or the first one a page at `url` announces. */
  private async fetchFeed(url: string, conditional: { etag?: string | null; lastModified?: string | null } = {}): Promise<{ url: string; feed: ParsedFeed | null; etag: string | null; lastModified: string | null }> {
    const got = await fetchUrl(url, { accept: FEED_TYPES, ...conditional });
    if (!got) return { url, feed: null, etag: conditional.etag ?? null, lastModified: conditional.lastModified ?? null };
    const body = decodeText(got.bytes, { html: false, charset: got.charset });
    if (/html/.test(got.contentType) || /^\s*<!doctype html|^\s*<html/i.test(body)) {
      const [first] = discoverFeeds(body, got.url);
      if (!first) throw new ImportError(`${got.url} is a web page that names no feed (no <link rel="alternate"> to RSS, Atom or JSON Feed)`);
      return this.fetchFeed(first);
    }
    return { url: got.url, feed: parseFeedText(body, got.url), etag: got.etag, lastModified: got.lastModified };
  }
}

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  outlines?: Outline[];
}
