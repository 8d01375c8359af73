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

/** An annotation on its page: offsets into that page's text; `found` false where its quote is not there. */
export interface PdfPlaced {
  annotation: Annotation;
  page: number;
  start: number;
  end: number;
  found: boolean;
}

/**
 * Anchors an annotation on the page its fragment names (else the page of its position), by
 * position then quote, as articles are anchored.
 */
export async function placeOnPage(a: Annotation, sections: readonly BookSection[], pageText: (n: number) => Promise<string>): Promise<PdfPlaced> {
  const page = fragmentPage(a.fragment) ?? sectionAt(sections, a.start)?.page ?? 1;
  const base = pageStart(sections, page);
  const text = await pageText(page).catch(() => '');
  const at = anchor(text, { exact: a.exact, prefix: a.prefix, suffix: a.suffix, start: a.start - base, end: a.end - base });
  return at ? { annotation: a, page, start: at.start, end: at.end, found: true } : { annotation: a, page, start: -1, end: -1, found: false };
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
