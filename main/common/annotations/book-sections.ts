/**
 * Where an offset of a book's canonical text falls: its chapter or page (the book's sections are
 * ranges of that text, in order). Search hits and find matches open there; exports name it.
 */
import type { BookSection } from '../contract';

/** The section holding `offset` (binary search on starts), or null before the first. */
export function sectionAt(sections: readonly BookSection[], offset: number): BookSection | null {
  let lo = 0;
  let hi = sections.length - 1;
  let found: BookSection | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid]!.start <= offset) {
      found = sections[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The chapter (EPUB) or page (PDF) a passage starting at `offset` is in; both null for an article. */
export function placeOf(sections: readonly BookSection[], offset: number): { chapter: string | null; page: number | null } {
  const s = sectionAt(sections, offset);
  if (!s) return { chapter: null, page: null };
  return s.page !== undefined ? { chapter: null, page: s.page } : { chapter: s.label.replace(/\s+/g, ' ').trim() || null, page: null };
}
