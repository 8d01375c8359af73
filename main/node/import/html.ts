/**
 * HTML pages: metadata from the head, the article body from @mozilla/readability on linkedom
 * (7× faster than jsdom for the same text). When Readability finds no article — a short or
 * broken page — the page's body is kept instead, so a readable page is never refused.
 * `extractHtmlPage` does the same in a worker of the extraction pool (extract-pool.ts), and
 * sanitizes the article in the same job: one round trip a page, where the importer's call to
 * sanitize it made a second.
 */
import { parseHTML } from './linkedom-patch';
import type { Extracted } from './draft';
import { baseName } from './draft';
import { ImportError } from './errors';
import { runExtractJob } from './extract-pool';
import { draftTitle } from './new-article';
import { readArticle } from './readability-linkedom';
import { sanitizeHere } from './sanitize';

type Metas = Map<string, Element>;

/**
 * Each name or property a <meta> carries, to the first such <meta> in document order: one walk
 * over the page, where a selector per name walked the whole page once each.
 */
function metasOf(doc: Document): Metas {
  const metas: Metas = new Map();
  for (const el of doc.getElementsByTagName('meta')) {
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = el.getAttribute(attr);
      if (key !== null && !metas.has(key)) metas.set(key, el);
    }
  }
  return metas;
}

/** The content of the first <meta> found for each name in turn, if not blank. */
function meta(metas: Metas, ...names: string[]): string | null {
  for (const n of names) {
    const v = metas.get(n)?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

function absoluteHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

function resolveUrl(raw: string, base: string): string | null {
  try {
    return new URL(raw, base).href;
  } catch {
    return null;
  }
}

function isoDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** `pageUrl`: links and images are resolved against it. */
function parsePage(text: string, pageUrl: string | undefined): Document {
  let doc: Document;
  try {
    doc = parseHTML(text).document as unknown as Document;
  } catch (err) {
    throw new ImportError(`the HTML could not be parsed (${(err as Error).message})`);
  }
  if (pageUrl) {
    for (const [selector, attr] of [['a[href]', 'href'], ['img[src]', 'src']] as const) {
      for (const el of doc.querySelectorAll(selector)) {
        const absolute = resolveUrl(el.getAttribute(attr)!, pageUrl);
        if (absolute) el.setAttribute(attr, absolute);
        else el.removeAttribute(attr);
      }
    }
  }
  return doc;
}

/** `pageUrl`: where the page was fetched from; its links and images are resolved against it. */
export function parseHtmlPage(text: string, fileName: string, pageUrl?: string): Extracted {
  let doc = parsePage(text, pageUrl);
  const metas = metasOf(doc);
  const resolve = (raw: string | null | undefined) => (raw && pageUrl ? resolveUrl(raw, pageUrl) : raw);
  const canonicalUrl = absoluteHttpUrl(resolve(doc.querySelector('link[rel="canonical"]')?.getAttribute('href'))) ??
    absoluteHttpUrl(resolve(meta(metas, 'og:url')));
  const lang = doc.documentElement?.getAttribute('lang')?.trim() || null;
  const headTitle = doc.querySelector('title')?.textContent?.trim() || null;
  const published = isoDate(meta(metas, 'article:published_time', 'datePublished', 'date', 'dc.date', 'DC.date.issued'));

  let article: ReturnType<typeof readArticle>['article'] = null;
  try {
    ({ article, doc } = readArticle(doc, () => parsePage(text, pageUrl), { charThreshold: 200 }));
  } catch {
    article = null;
  }
  // Readability takes the document apart as it reads: the rare fallback parses the page again
  // rather than every page paying to serialize its whole body up front.
  const html = article?.content?.trim() ? article.content : (parsePage(text, pageUrl).body?.innerHTML ?? '');
  if (!html.replace(/<[^>]*>/g, '').trim()) throw new ImportError('the page has no readable text');

  // Readability takes elements out as it reads: what is asked after it is looked up again.
  let after: Metas | undefined;
  const metaAfter = (...names: string[]) => meta((after ??= metasOf(doc)), ...names);
  const site = article?.siteName?.trim() || metaAfter('og:site_name') || (canonicalUrl ? new URL(canonicalUrl).hostname : null);
  return {
    source: { kind: 'file', name: fileName, intro: null },
    articles: [
      {
        title: article?.title?.trim() || headTitle || baseName(fileName),
        html,
        url: canonicalUrl ?? (pageUrl ? absoluteHttpUrl(pageUrl) : null),
        canonicalUrl: canonicalUrl ?? (pageUrl ? absoluteHttpUrl(pageUrl) : null),
        ...(pageUrl && { pageUrl, leadImage: absoluteHttpUrl(resolve(metaAfter('og:image', 'twitter:image'))) }),
        author: article?.byline?.trim() || metaAfter('author', 'article:author') || null,
        site,
        publishedAt: isoDate(article?.publishedTime) ?? published,
        lang: article?.lang?.trim() || lang,
        excerpt: article?.excerpt?.trim() || metaAfter('description', 'og:description') || null,
      },
    ],
  };
}

/** `parseHtmlPage`, its draft carrying the sanitizing the importer would ask for next: the extraction pool's page job. */
export function readHtmlPage(text: string, fileName: string, pageUrl?: string): Extracted {
  const extracted = parseHtmlPage(text, fileName, pageUrl);
  const [draft] = extracted.articles;
  if (!draft?.html) return extracted;
  const title = draftTitle(draft);
  try {
    return { ...extracted, articles: [{ ...draft, sanitized: { title, result: sanitizeHere(draft.html, title) } }] };
  } catch {
    // Sanitized again by the importer, on its own, where its error is reported as before.
    return extracted;
  }
}

/** `readHtmlPage` in a worker of the extraction pool, leaving this thread free. */
export function extractHtmlPage(text: string, fileName: string, pageUrl?: string): Promise<Extracted> {
  return runExtractJob({ kind: 'page', text, fileName, ...(pageUrl && { pageUrl }) });
}
