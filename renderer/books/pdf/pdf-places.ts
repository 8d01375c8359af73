/**
 * Places in a PDF, as the library keeps them: a reading position or place bookmark is
 * 'page=N&offset=M' (M into page N's canonical text), a highlight's FragmentSelector 'page=N'
 * (RFC 8118) beside TextPosition offsets into the whole book's text, where page N is the
 * section { page: N, start, end }. No DOM here: the reader maps these to the text layer.
 */
import { anchor } from '../../../main/common/annotations/anchor';
import { sectionAt } from '../../../main/common/annotations/book-sections';
import type { Annotation, BookSection } from '../../../main/common/contract';

export interface PagePlace {
  page: number;
  offset: number;
}

export function parseLocator(locator: string | null | undefined): PagePlace | null {
  const m = /^page=(\d+)&offset=(\d+)$/.exec(locator ?? '');
  return m ? { page: Number(m[1]), offset: Number(m[2]) } : null;
}

export const formatLocator = (p: PagePlace) => `page=${p.page}&offset=${p.offset}`;

export function fragmentPage(fragment: string | null | undefined): number | null {
  const m = /^page=(\d+)$/.exec(fragment ?? '');
  return m ? Number(m[1]) : null;
}

/** Where page `n` starts in the book's text (0 when the book has no such section). */
export function pageStart(sections: readonly BookSection[], n: number): number {
  return sections.find((s) => s.page === n)?.start ?? 0;
}

/**
 * An annotation where it starts (offsets into that page's text) and, page by page, what it
 * covers (one part, or one per page when it runs onto the next); `found` false where its quote
 * is not there.
 */
export interface PdfPlaced {
  annotation: Annotation;
  page: number;
  start: number;
  end: number;
  parts: Hit[];
  found: boolean;
}

/**
 * Pages `first`…`last` as the book's text joins them (a blank line between pages with text), so
 * an offset into it is an offset into the book's text less where page `first` starts; and each
 * page's range in it.
 */
export async function joinPages(first: number, last: number, pageText: (n: number) => Promise<string>): Promise<{ text: string; pages: Hit[] }> {
  let text = '';
  const pages: Hit[] = [];
  for (let n = first; n <= last; n++) {
    const page = await pageText(n).catch(() => '');
    if (page && text) text += '\n\n';
    pages.push({ page: n, start: text.length, end: text.length + page.length });
    text += page;
  }
  return { text, pages };
}

/** The parts of [start, end) of joined pages that fall on each page, in offsets into that page's text. */
export function splitByPage(pages: readonly Hit[], start: number, end: number): Hit[] {
  return pages.flatMap((p) => (Math.max(start, p.start) < Math.min(end, p.end) ? [{ page: p.page, start: Math.max(start, p.start) - p.start, end: Math.min(end, p.end) - p.start }] : []));
}

/**
 * Anchors an annotation from the page its fragment names (else the page of its position) to the
 * page its position ends on, by position then quote, as articles are anchored.
 */
export async function placeOnPage(a: Annotation, sections: readonly BookSection[], pageText: (n: number) => Promise<string>): Promise<PdfPlaced> {
  const page = fragmentPage(a.fragment) ?? sectionAt(sections, a.start)?.page ?? 1;
  const ends = sectionAt(sections, Math.max(a.start, a.end - 1))?.page ?? page;
  // Running onto a later page: as far as its quote could reach from the end of its first page, in case a newer edition moved it.
  const last = ends > page ? Math.max(ends, sectionAt(sections, (sections.find((x) => x.page === page)?.end ?? 0) + a.exact.length)?.page ?? ends) : page;
  const base = pageStart(sections, page);
  const joined = await joinPages(page, last, pageText);
  const at = anchor(joined.text, { exact: a.exact, prefix: a.prefix, suffix: a.suffix, start: a.start - base, end: a.end - base });
  const parts = at ? splitByPage(joined.pages, at.start, at.end) : [];
  return parts[0] ? { annotation: a, ...parts[0], parts, found: true } : { annotation: a, page, start: -1, end: -1, parts: [], found: false };
}

export interface Hit {
  page: number;
  start: number;
  end: number;
}

/** Every match in pages 1…count, in order; `matches` finds them in one page's text (book-text.ts). */
export async function findInPages(count: number, pageText: (n: number) => Promise<string>, matches: (text: string) => [number, number][]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (let n = 1; n <= count; n++) for (const [start, end] of matches(await pageText(n))) hits.push({ page: n, start, end });
  return hits;
}
