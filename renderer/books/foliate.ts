/**
 * The one door to foliate-js (pinned at 1.0.1: its API is not stable). A book is built from its
 * bytes here, with fflate, rather than by foliate's makeBook, which would pull its own zip
 * library; only the EPUB reader and its view are used.
 */
import { unzipSync } from 'fflate';
import { EPUB, type FoliateBook, type FoliateManifestItem, type FoliateTocItem } from 'foliate-js/epub.js';
import { Overlayer, type Draw } from 'foliate-js/overlayer.js';
import 'foliate-js/view.js';

export type { FoliateBook, FoliateTocItem };
export const drawHighlight: Draw = Overlayer.highlight;
export const drawOutline: Draw = Overlayer.outline;

/** What a range resolved from a CFI gives: the spine index and the range in that section's document. */
export interface Resolved {
  index: number;
  anchor: (doc: Document) => Range;
}

/** The `<foliate-view>` element, as far as Lectern drives it. */
export interface FoliateView extends HTMLElement {
  book: FoliateBook;
  isFixedLayout: boolean;
  /** What foliate gives a chapter that declares no language or direction of its own (from the package's language). */
  language: object;
  renderer: HTMLElement & {
    setStyles(css: string): void;
    getContents(): { doc: Document; index: number }[];
    next(): Promise<void>;
    prev(): Promise<void>;
  };
  open(book: FoliateBook): Promise<void>;
  init(options: { lastLocation?: string | null; showTextStart?: boolean }): Promise<void>;
  goTo(target: string | number): Promise<Resolved | undefined>;
  next(): Promise<void>;
  prev(): Promise<void>;
  /** The page on that side: next or previous by the book's direction. */
  goLeft(): Promise<void>;
  goRight(): Promise<void>;
  getCFI(index: number, range?: Range): string;
  resolveCFI(cfi: string): Resolved;
  addAnnotation(annotation: { value: string }, remove?: boolean): Promise<{ index: number; label: string } | undefined>;
  deleteAnnotation(annotation: { value: string }): Promise<unknown>;
  close(): void;
}

/** An EPUB from its bytes: every entry unzipped once, read by name as the book asks. */
export async function epubFromBytes(bytes: Uint8Array): Promise<FoliateBook> {
  const files = unzipSync(bytes);
  const decoder = new TextDecoder();
  /** Pictures Chromium cannot draw, by path: the manifest fallback to load instead. */
  const drawable = new Map<string, string>();
  const book = await new EPUB({
    loadText: (name) => (files[name] ? decoder.decode(files[name]) : null),
    loadBlob: (name, type) => {
      const file = files[drawable.get(name) ?? name];
      return file ? new Blob([file as Uint8Array<ArrayBuffer>], type ? { type } : {}) : null;
    },
    getSize: (name) => files[name]?.length ?? 0,
  }).init();
  // A spine with no page-progression-direction (or "default") goes the way its language is written.
  if (book.dir !== 'ltr' && book.dir !== 'rtl') book.dir = languageDirection(book.metadata?.language);
  showFallbacks(book, drawable);
  pageMixedLayouts(book);
  declaredTypes.set(book, new Map((book.resources?.manifest ?? []).map((item) => [item, item.mediaType])));
  book.transformTarget?.addEventListener('data', unprefixChapterStyles);
  const navPath = book.resources?.navPath;
  if (navPath && files[navPath]) labelPictures(book.toc ?? [], decoder.decode(files[navPath]));
  return book;
}

/** Each manifest item's media type as the package declares it (foliate changes it, see readAsHtml). */
const declaredTypes = new WeakMap<FoliateBook, Map<FoliateManifestItem, string>>();

/**
 * Whether a section declared XHTML was not well-formed, so that foliate read it as HTML (it does
 * so silently, changing the item's media type as it loads it): the reader says so.
 */
export function readAsHtml(book: FoliateBook, index: number): boolean {
  const item = book.resources?.manifest?.find((i) => i.href === book.sections[index]?.id);
  return !!item && item.mediaType === 'text/html' && declaredTypes.get(book)?.get(item) === 'application/xhtml+xml';
}

/** Spine indices of the pre-paginated items of a book foliate pages as reflowable text (see pageMixedLayouts). */
const fixedPages = new WeakMap<FoliateBook, Set<number>>();

/**
 * The layout of each spine item: the book's rendition:layout unless the itemref overrides it.
 * foliate-js shows a whole book with one renderer, by the book's layout; a book whose items do
 * not all share it is paged as reflowable text instead, its pre-paginated items fitted to the
 * page one each (epub/fixed-page.ts) — so both kinds show as their own layout says.
 */
function pageMixedLayouts(book: FoliateBook): void {
  const global = book.rendition?.layout === 'pre-paginated' ? 'pre-paginated' : 'reflowable';
  const res = book.resources;
  const spine = (res?.spine ?? []).filter((s) => res?.getItemByID?.(s.idref));
  if (spine.length !== book.sections.length) return;
  const layouts = spine.map((s) => (s.properties?.includes('rendition:layout-pre-paginated') ? 'pre-paginated' : s.properties?.includes('rendition:layout-reflowable') ? 'reflowable' : global));
  if (layouts.every((l) => l === global)) return;
  fixedPages.set(book, new Set(layouts.flatMap((l, i) => (l === 'pre-paginated' ? [i] : []))));
  book.rendition = { ...book.rendition, layout: 'reflowable' };
}

/** Whether a book has pre-paginated items among reflowable ones (see pageMixedLayouts). */
export const mixesLayouts = (book: FoliateBook): boolean => fixedPages.has(book);

/** Whether a spine item of a reflowable-paged book is a pre-paginated page, to be fitted as one. */
export const isFixedPage = (book: FoliateBook, index: number): boolean => fixedPages.get(book)?.has(index) ?? false;

/**
 * foliate takes the -epub- prefix off properties in a book's style sheets (Chromium knows most of
 * them only unprefixed); this does the same in a chapter's <style> elements and style attributes.
 */
function unprefixChapterStyles(e: Event): void {
  const detail = (e as CustomEvent<{ data: unknown; type: string }>).detail;
  if (detail.type !== 'application/xhtml+xml' && detail.type !== 'text/html') return;
  const unprefix = (css: string) => css.replace(/(?<=^|[{\s;"'])-epub-(?=[a-z-]+\s*:)/gi, '');
  detail.data = Promise.resolve(detail.data).then((data) =>
    typeof data !== 'string'
      ? data
      : data
          .replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi, (_, open: string, css: string, close: string) => open + unprefix(css) + close)
          .replace(/(\sstyle\s*=\s*)("[^"]*"|'[^']*')/gi, (_, attr: string, value: string) => attr + unprefix(value)),
  );
}

const SHOWN_TYPES = new Set(['application/xhtml+xml', 'text/html', 'image/svg+xml']);
const DRAWN_IMAGES = new Set(['image/gif', 'image/jpeg', 'image/png', 'image/svg+xml', 'image/webp', 'image/avif']);

/**
 * A spine item foliate would show as it is while Lectern cannot — of a type no reader draws (JSON,
 * some XML), or scripted (scripts never run here) — is shown as its manifest fallback, the same
 * one the import takes its text from (main/node/books/epub.ts). foliate keeps no fallbacks, so
 * they are read from its package document; the item a section loads is pointed at the fallback.
 */
function showFallbacks(book: FoliateBook, drawable: Map<string, string>): void {
  const res = book.resources;
  if (!res?.opf || !res.manifest) return;
  const fallbackOf = new Map([...res.opf.getElementsByTagNameNS('*', 'item')].map((el) => [el.getAttribute('id'), el.getAttribute('fallback')]));
  for (const section of book.sections) {
    const item = res.manifest.find((i) => i.href === section.id);
    if (!item) continue;
    const seen = new Set<string>();
    let shown = item;
    for (let next = item; next && !seen.has(next.id); next = res.manifest.find((i) => i.id === fallbackOf.get(next!.id))!) {
      seen.add(next.id);
      shown = next;
      const drawn = SHOWN_TYPES.has(next.mediaType) || next.mediaType.startsWith('image/');
      if (drawn && !(next.properties?.includes('scripted') && fallbackOf.get(next.id))) break;
    }
    if (shown === item) continue;
    section.id = shown.href;
    Object.assign(item, { href: shown.href, mediaType: shown.mediaType, properties: shown.properties });
  }
  // A picture in a format Chromium cannot draw (PSD, TIFF…) is loaded as its fallback picture.
  for (const item of res.manifest) {
    const seen = new Set<string>();
    let next: FoliateManifestItem | undefined = item;
    while (next && !seen.has(next.id) && next.mediaType.startsWith('image/') && !DRAWN_IMAGES.has(next.mediaType)) {
      seen.add(next.id);
      const id = fallbackOf.get(next.id);
      next = id ? res.manifest.find((i) => i.id === id) : undefined;
    }
    if (next && next !== item && DRAWN_IMAGES.has(next.mediaType)) drawable.set(item.href, next.href);
  }
}

/**
 * foliate labels a contents entry by its text alone, so one that is a picture has no label: it
 * gets the picture's alt text, found at the same place in the navigation document's toc.
 */
function labelPictures(toc: FoliateTocItem[], navXhtml: string): void {
  const flat = (items: FoliateTocItem[]): FoliateTocItem[] => items.flatMap((t) => [t, ...flat(t.subitems ?? [])]);
  const entries = flat(toc);
  if (entries.every((t) => t.label)) return;
  const doc = new DOMParser().parseFromString(navXhtml, 'application/xhtml+xml');
  const nav = [...doc.getElementsByTagName('nav')].find((n) => /\btoc\b/.test(n.getAttribute('epub:type') ?? '')) ?? doc.getElementsByTagName('nav')[0];
  const labels = [...(nav?.querySelectorAll('li > a, li > span') ?? [])];
  if (labels.length !== entries.length) return;
  entries.forEach((t, i) => {
    if (!t.label) t.label = [...labels[i]!.querySelectorAll('img[alt]')].map((img) => img.getAttribute('alt')!.trim()).join(' ');
  });
}

function languageDirection(lang: unknown): 'ltr' | 'rtl' {
  const first = Array.isArray(lang) ? lang[0] : lang;
  if (typeof first !== 'string' || !first) return 'ltr';
  try {
    const locale = new Intl.Locale(first) as Intl.Locale & { getTextInfo?(): { direction?: string }; textInfo?: { direction?: string } };
    return (locale.getTextInfo?.() ?? locale.textInfo)?.direction === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

export function createView(doc: Document): FoliateView {
  return doc.createElement('foliate-view') as FoliateView;
}
