/**
 * One saved item from another reader's export, mapped faithfully: what Lectern keeps of it
 * whatever service it came from. The import service turns entries into articles (link-only
 * when the export carries no text), tags, states and annotations.
 */
import { ImportError } from '../errors';

export interface Highlight {
  quote: string;
  note?: string;
  createdAt?: string | null;
}

export interface Entry {
  /** How the report names it: "<file>: <title or url>". */
  item: string;
  url: string | null;
  title: string | null;
  savedAt: string | null;
  tags: string[];
  state: 'unread' | 'read' | 'archived';
  starred: boolean;
  /** 0–1. */
  progress: number | null;
  /** The article's HTML when the export has it; null: link only. */
  html: string | null;
  author?: string | null;
  publishedAt?: string | null;
  highlights: Highlight[];
}

/** A parsed export: its entries, and the rows that could not be read (each with a reason). */
export interface Migration {
  service: string;
  entries: Entry[];
  failed: { item: string; reason: string }[];
}

/** Seconds or milliseconds since 1970, or a date string → ISO; null when it is none of these. */
export function isoDate(raw: unknown): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const n = typeof raw === 'number' ? raw : /^\d+(\.\d+)?$/.test(String(raw).trim()) ? Number(raw) : NaN;
  const t = Number.isFinite(n) ? (n < 1e11 ? n * 1000 : n) : Date.parse(String(raw));
  return Number.isFinite(t) && t > 0 ? new Date(t).toISOString() : null;
}

export function webUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.trim()) return null;
  try {
    const u = new URL(raw.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export function cleanTags(tags: unknown[]): string[] {
  const out = new Map<string, string>();
  for (const t of tags) {
    if (typeof t !== 'string') continue;
    const name = t.replace(/\s+/g, ' ').trim().replace(/^#+\s*/, '').slice(0, 64);
    if (name && !/\p{Cc}/u.test(name)) out.set(name.toLowerCase(), out.get(name.toLowerCase()) ?? name);
  }
  return [...out.values()];
}

/** Checks a row has somewhere to point: a web URL, or text to keep. */
export function requireUrlOrText(e: Entry): Entry {
  if (!e.url && !e.html) throw new ImportError('it has neither a web address nor text');
  return e;
}
