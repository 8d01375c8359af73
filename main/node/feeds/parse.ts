/**
 * RSS 0.9x/1.0/2.0, Atom and JSON Feed, parsed by feedsmith and brought to one shape: what a
 * reader needs of a feed and its items. Relative links resolve against the feed's address.
 */
import { parseFeed } from 'feedsmith';
import { ImportError } from '../import/errors';

export interface FeedItem {
  /** The item's id in the feed: guid, Atom id, JSON id, else its link. */
  guid: string;
  url: string | null;
  title: string | null;
  author: string | null;
  publishedAt: string | null;
  /** Full content when the feed carries it, else the summary; null when neither. */
  html: string | null;
  /** The feed gave a summary only (or nothing): the page holds the article. */
  summaryOnly: boolean;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  siteUrl: string | null;
  items: FeedItem[];
}

type Any = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const text = (v: unknown): string | null => {
  const s = typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as Any).value === 'string' ? (v as Any).value : null;
  return s && s.trim() ? s.trim() : null;
};

function iso(raw: unknown): string | null {
  const s = text(raw);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function absolute(raw: unknown, base: string): string | null {
  const s = text(raw);
  if (!s) return null;
  try {
    const u = new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The item's page among Atom links: rel="alternate" (or no rel) first. */
function atomLink(links: unknown, base: string): string | null {
  const list = Array.isArray(links) ? (links as Any[]) : [];
  const page = list.find((l) => !l.rel || l.rel === 'alternate') ?? list[0];
  return page ? absolute(page.href, base) : null;
}

export function parseFeedText(body: string, feedUrl: string): ParsedFeed {
  let parsed: { format: string; feed: Any };
  try {
    parsed = parseFeed(body) as unknown as { format: string; feed: Any };
  } catch (err) {
    throw new ImportError(`this is not an RSS, Atom or JSON feed (${(err as Error).message})`);
  }
  const f = parsed.feed;
  const item = (guid: string | null, url: string | null, rest: Omit<FeedItem, 'guid' | 'url'>): FeedItem | null => (guid || url ? { guid: (guid ?? url)!, url, ...rest } : null);
  let items: (FeedItem | null)[];
  let siteUrl: string | null;
  switch (parsed.format) {
    case 'atom':
      siteUrl = atomLink(f.links, feedUrl);
      items = ((f.entries ?? []) as Any[]).map((e) => {
        const content = text(e.content);
        return item(text(e.id), atomLink(e.links, feedUrl), {
          title: text(e.title),
          author: text(e.authors?.[0]?.name) ?? text(f.authors?.[0]?.name),
          publishedAt: iso(e.published) ?? iso(e.updated),
          html: content ?? text(e.summary),
          summaryOnly: !content,
        });
      });
      break;
    case 'json':
      siteUrl = absolute(f.home_page_url, feedUrl);
      items = ((f.items ?? []) as Any[]).map((e) => {
        const content = text(e.content_html) ?? (text(e.content_text) ? `<p>${escapeHtml(text(e.content_text)!)}</p>` : null);
        return item(text(e.id) ?? (typeof e.id === 'number' ? String(e.id) : null), absolute(e.url, feedUrl), {
          title: text(e.title),
          author: text(e.authors?.[0]?.name) ?? text(e.author?.name),
          publishedAt: iso(e.date_published) ?? iso(e.date_modified),
          html: content ?? (text(e.summary) ? `<p>${escapeHtml(text(e.summary)!)}</p>` : null),
          summaryOnly: !content,
        });
      });
      break;
    case 'rss':
    case 'rdf':
      siteUrl = absolute(f.link, feedUrl);
      items = ((f.items ?? []) as Any[]).map((e) => {
        const content = text(e.content?.encoded);
        return item(text(e.guid) ?? text(e.rdf?.about), absolute(e.link, feedUrl) ?? (e.guid?.isPermaLink !== false ? absolute(e.guid, feedUrl) : null), {
          title: text(e.title),
          author: text(e.authors?.[0]) ?? text(e.author) ?? text(e.dc?.creators?.[0]) ?? text(e.dc?.creator),
          publishedAt: iso(e.pubDate) ?? iso(e.dc?.dates?.[0]) ?? iso(e.dc?.date),
          html: content ?? text(e.description),
          summaryOnly: !content,
        });
      });
      break;
    default:
      throw new ImportError(`feeds of the form "${parsed.format}" are not read`);
  }
  return { format: parsed.format as ParsedFeed['format'], title: text(f.title), siteUrl, items: items.filter((i): i is FeedItem => i !== null) };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt' }[c]};`);
}

/** Feed addresses a page announces with <link rel="alternate">, best first. */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(2).find((v) => v !== undefined) ?? null;
    if (!/\balternate\b/i.test(attr('rel') ?? '')) continue;
    if (!/^application\/(rss\+xml|atom\+xml|feed\+json|json|rdf\+xml)$/i.test(attr('type') ?? '')) continue;
    const href = absolute(attr('href'), pageUrl);
    if (href && !found.includes(href)) found.push(href);
  }
  return found;
}
