/**
 * Fetching from the web for saving pages, images and feeds: http(s) only, redirects followed by
 * hand (at most 5, loops named), a time limit on the whole answer, a size cap enforced while
 * reading, and the content type checked. Every refusal is an ImportError saying what and why.
 */
import { ImportError } from '../import/errors';

export const FETCH_TIMEOUT_MS = 20_000;
export const MAX_PAGE_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const USER_AGENT = 'Lectern/0.1 (a desktop reader; +https://github.com/lectern-reader)';

export interface Fetched {
  /** Where the answer came from, after redirects. */
  url: string;
  status: number;
  contentType: string;
  /** The charset the Content-Type header names, if any. */
  charset: string | null;
  bytes: Uint8Array;
  etag: string | null;
  lastModified: string | null;
}

export interface FetchOptions {
  /** Accepted content types, by prefix (e.g. "text/html", "image/"). */
  accept: string[];
  /** The most bytes read, or the most for the content type the server answers with. */
  maxBytes?: number | ((mime: string) => number);
  timeoutMs?: number;
  /** Conditional GET: a 304 answer returns null. */
  etag?: string | null;
  lastModified?: string | null;
}

export function httpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ImportError(`"${raw.slice(0, 100)}" is not a web address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ImportError(`only http and https addresses are fetched, not ${url.protocol}`);
  return url;
}

export async function fetchUrl(raw: string, options: FetchOptions): Promise<Fetched | null> {
  const timeout = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  let url = httpUrl(raw);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  const seen = new Set<string>();
  try {
    for (let hop = 0; ; hop++) {
      seen.add(url.href);
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: options.accept.join(', ') || '*/*' };
      if (options.etag) headers['if-none-match'] = options.etag;
      if (options.lastModified) headers['if-modified-since'] = options.lastModified;
      let res: Response;
      try {
        res = await fetch(url, { redirect: 'manual', signal: controller.signal, headers });
      } catch (err) {
        if (controller.signal.aborted) throw new ImportError(`${url.host} did not answer within ${timeout / 1000} s`);
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new ImportError(`${url.host} could not be reached (${cause?.code ?? cause?.message ?? (err as Error).message}); check the address or the connection`);
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.headers.get('location');
        await res.body?.cancel();
        if (!location) throw new ImportError(`${url.host} answered ${res.status} without saying where to go`);
        const next = httpUrl(new URL(location, url).href);
        if (seen.has(next.href)) throw new ImportError(`${url.host} redirects in a loop (${[...seen, next.href].slice(-3).join(' → ')})`);
        if (hop + 1 > MAX_REDIRECTS) throw new ImportError(`more than ${MAX_REDIRECTS} redirects from ${raw}`);
        url = next;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new ImportError(`${url.host} answered ${res.status} ${res.statusText || ''}`.trim());
      }
      const type = res.headers.get('content-type') ?? '';
      const mime = type.split(';')[0]!.trim().toLowerCase();
      if (options.accept.length && !options.accept.some((a) => mime.startsWith(a))) {
        await res.body?.cancel();
        throw new ImportError(`${url.href} is ${mime || 'of no stated type'}, not ${options.accept.join(' or ')}`);
      }
      const maxBytes = typeof options.maxBytes === 'function' ? options.maxBytes(mime) : (options.maxBytes ?? MAX_PAGE_BYTES);
      const declared = Number(res.headers.get('content-length'));
      if (declared > maxBytes) {
        await res.body?.cancel();
        throw new ImportError(`${url.href} is ${(declared / 1048576).toFixed(1)} MB; Lectern fetches up to ${(maxBytes / 1048576).toFixed(0)} MB`);
      }
      const bytes = await readCapped(res, maxBytes, url.href);
      return {
        url: url.href,
        status: res.status,
        contentType: mime,
        charset: /charset=["']?([\w-]+)/i.exec(type)?.[1] ?? null,
        bytes,
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
      };
    }
  } catch (err) {
    if (controller.signal.aborted && !(err instanceof ImportError)) throw new ImportError(`${url.host} did not finish within ${timeout / 1000} s`);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(res: Response, maxBytes: number, where: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ImportError(`${where} is larger than ${(maxBytes / 1048576).toFixed(0)} MB; Lectern stopped reading it`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
