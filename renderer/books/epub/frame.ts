/**
 * book.html's script: the EPUB rendered by foliate-js, offered to the app page as
 * `window.lecternBook` (frame-api.ts). Offsets are into each section's canonical text, which is
 * the stored text of that chapter (the import walks the same markup the same way), so a
 * TextPosition here plus the section's start is one in `show <id> --text`.
 */
import { anchor, describe } from '../../../main/common/annotations/anchor';
import { TextMap } from '../../../main/common/annotations/text-map';
import { canonicalText } from '../../../main/common/canonical-text';
import { createView, drawHighlight, epubFromBytes, isFixedPage, mixesLayouts, readAsHtml, type FoliateTocItem, type FoliateView } from '../foliate';
import { declaredSize, FIXED_PAGE_CLASS, fitPage, settleViewport } from './fixed-page';
import { PageHighlights } from './page-highlights';
import { PAGE_KEYS, type BookStyle, type BookWindow, type EpubFrame, type FrameEvents, type FrameRect, type Placement, type Relocation, type TocEntry } from './frame-api';
import literata from '@fontsource-variable/literata/files/literata-latin-wght-normal.woff2?url';
import inter from '@fontsource-variable/inter/files/inter-latin-wght-normal.woff2?url';
import './book.css';

/** foliate draws values with this prefix as outlines, with no draw-annotation event. */
const MARK_PREFIX = 'foliate-search:';

interface Loaded {
  doc: Document;
  map: TextMap;
  /** A fixed-layout page's own highlight layer (foliate gives such a page no overlay). */
  page: PageHighlights | null;
}

let view: FoliateView | null = null;
let events: FrameEvents | null = null;
let lastRelocation: Relocation | null = null;
const loaded = new Map<number, Loaded>();
/** Drawn highlights by CFI: their annotation's key and colour, and the section they are in. */
const drawn = new Map<string, { key: number; color: string; index: number }>();
const marks = new Map<number, string[]>();

const flatten = (items: FoliateTocItem[] | undefined, depth = 0): TocEntry[] =>
  (items ?? []).flatMap((t) => [{ label: (t.label ?? '').trim(), href: t.href, depth }, ...flatten(t.subitems ?? undefined, depth + 1)]);

/** A rectangle inside a section's document, in book.html's viewport. */
function inFrame(doc: Document, r: DOMRect): FrameRect {
  const at = (doc.defaultView?.frameElement as HTMLElement | null)?.getBoundingClientRect();
  return { top: r.top + (at?.top ?? 0), left: r.left + (at?.left ?? 0), bottom: r.bottom + (at?.top ?? 0), right: r.right + (at?.left ?? 0) };
}

function forwardKey(e: KeyboardEvent): void {
  if (!events || !view) return;
  // Page keys turn pages here; every other key is the app's.
  const turn = PAGE_KEYS[e.key];
  if (turn && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    void api[turn]();
  } else if (events.key({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey })) e.preventDefault();
}

function onSectionLoad(doc: Document, index: number): void {
  if (!view || !events) return;
  // foliate sizes a fixed-layout page right after this event.
  if (view.isFixedLayout) settleViewport(doc);
  const size = !view.isFixedLayout && isFixedPage(view.book, index) ? declaredSize(doc, view.book.rendition?.viewport) : null;
  if (size) fitPage(doc, size, view.book.sections[index]?.pageSpread);
  const page = view.isFixedLayout
    ? new PageHighlights(doc, (value, range) => {
        const d = drawn.get(value);
        if (d) events?.activate(d.key, inFrame(doc, range.getBoundingClientRect()));
      })
    : null;
  loaded.set(index, { doc, map: new TextMap(doc.body, canonicalText(doc.body)), page });
  doc.addEventListener('keydown', forwardKey);
  doc.addEventListener('mouseup', () => setTimeout(() => reportSelection(doc, index)));
  // A reflowable section can be drawn on once its overlay exists (foliate's create-overlay); a
  // fixed-layout page gets none, and is ready now.
  if (view.isFixedLayout) announce(index);
}

function announce(index: number): void {
  const got = loaded.get(index);
  if (view && events && got) events.load({ index, id: view.book.sections[index]!.id, text: got.map.text, notWellFormed: readAsHtml(view.book, index) });
}

function reportSelection(doc: Document, index: number): void {
  const got = loaded.get(index);
  const sel = doc.getSelection();
  if (!view || !events || !got) return;
  const range = sel && sel.rangeCount > 0 && !sel.isCollapsed ? sel.getRangeAt(0) : null;
  const at = range && range.toString().trim() ? got.map.fromRange(range) : null;
  if (!range || !at || at.end <= at.start) return events.select(null);
  const { exact, prefix, suffix } = describe(got.map.text, at.start, at.end);
  events.select({ index, cfi: view.getCFI(index, range), start: at.start, end: at.end, exact, prefix, suffix, rect: inFrame(doc, range.getBoundingClientRect()) });
}

async function open(url: string, on: FrameEvents, lastLocation: string | null) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`the book's file could not be read (${res.status})`);
  const book = await epubFromBytes(new Uint8Array(await res.arrayBuffer()));
  events = on;
  view = createView(document);
  const v = view;
  v.addEventListener('load', (e) => {
    const { doc, index } = (e as CustomEvent<{ doc: Document; index: number }>).detail;
    onSectionLoad(doc, index);
  });
  v.addEventListener('create-overlay', (e) => announce((e as CustomEvent<{ index: number }>).detail.index));
  v.addEventListener('relocate', (e) => {
    const d = (e as CustomEvent<{ cfi: string; fraction?: number; section?: { current: number }; tocItem?: { label?: string } | null }>).detail;
    lastRelocation = { cfi: d.cfi, fraction: d.fraction ?? 0, index: d.section?.current ?? 0, tocLabel: d.tocItem?.label?.trim() ?? null };
    on.relocate(lastRelocation);
  });
  v.addEventListener('external-link', (e) => {
    e.preventDefault();
    on.externalLink((e as CustomEvent<{ href: string }>).detail.href);
  });
  v.addEventListener('draw-annotation', (e) => {
    const { draw, annotation } = (e as CustomEvent<{ draw: (f: typeof drawHighlight, o: object) => void; annotation: { value: string } }>).detail;
    const d = drawn.get(annotation.value);
    if (d) draw(drawHighlight, { color: d.color });
  });
  v.addEventListener('show-annotation', (e) => {
    const { value, range, index } = (e as CustomEvent<{ value: string; range: Range; index: number }>).detail;
    const d = drawn.get(value);
    const doc = loaded.get(index)?.doc;
    if (d && doc) on.activate(d.key, inFrame(doc, range.getBoundingClientRect()));
  });
  document.addEventListener('keydown', forwardKey);
  document.body.append(v);
  await v.open(book);
  // The package's language and direction are not its chapters': one that declares neither keeps
  // the defaults (as EPUB 3.3 asks of reading systems), where foliate would give it the package's.
  v.language = {};
  // A reflowable book is paged unless it asks to scroll (rendition:flow scrolled-doc or
  // scrolled-continuous; foliate scrolls one section at a time either way). A book with
  // pre-paginated pages among its chapters is paged: those pages are never scrolled (EPUB 3.3
  // has rendition:flow ignored for them), and foliate has one flow a book.
  if (!v.isFixedLayout) v.renderer.setAttribute('flow', /^scrolled/.test(book.rendition?.flow ?? '') && !mixesLayouts(book) ? 'scrolled' : 'paginated');
  await v.init({ lastLocation, showTextStart: !lastLocation });
  return { toc: flatten(book.toc), sectionIds: book.sections.map((s) => s.id), fixedLayout: v.isFixedLayout };
}

function setStyle(s: BookStyle): void {
  document.documentElement.classList.toggle('dark-pages', s.dark && view?.isFixedLayout === true);
  document.documentElement.style.setProperty('--book-bg', s.background);
  if (!view || view.isFixedLayout) return;
  // The book's own layout stays; Lectern's face, size, leading and colours are laid over it.
  // Each chapter is a document of its own: the app's faces are declared in it again. A
  // pre-paginated page in a reflowable book (fixed-page.ts) keeps its own look.
  // (:where keeps each rule's specificity what it was without that condition.)
  const root = `html:where(:not(.${FIXED_PAGE_CLASS}))`;
  const text = `:where(html:not(.${FIXED_PAGE_CLASS}))`;
  const face = (family: string, url: string) => `@font-face { font-family: '${family}'; src: url(${new URL(url, location.href).href}) format('woff2'); font-weight: 100 900; }`;
  view.renderer.setStyles(`
    ${face('Literata Variable', literata)}
    ${face('Inter Variable', inter)}
    ${root} { color-scheme: ${s.dark ? 'dark' : 'light'}; --theme-bg-color: ${s.background}; }
    ${root}, ${text} body { color: ${s.color} !important; background: ${s.background} !important; }
    ${text} body { font-family: ${s.fontFamily} !important; font-size: ${s.fontSize}px !important; }
    ${text} :is(p, li, blockquote, dd, div) { font-family: ${s.fontFamily} !important; line-height: ${s.lineHeight} !important; }
    ${text} a:any-link { color: ${s.link} !important; }
    ${text} :is(img, svg) { max-width: 100%; height: auto; }
  `);
  view.renderer.setAttribute('max-inline-size', `${Math.round(s.width * s.fontSize * 0.5)}px`);
  view.renderer.setAttribute('gap', '6%');
}

async function showText(index: number, start: number, end: number): Promise<void> {
  if (!view) return;
  await view.goTo(index);
  const got = loaded.get(index);
  const range = got?.map.toRange(start, end, got.doc);
  if (got && range) await view.goTo(view.getCFI(index, range));
}

async function place(index: number, placements: Placement[]): Promise<{ key: number; cfi: string | null }[]> {
  const got = loaded.get(index);
  if (!view || !got) return placements.map((p) => ({ key: p.key, cfi: null }));
  const v = view;
  const found = placements.map((p) => {
    // By CFI while the words there are still the quote; else by the quote, as pages re-anchor.
    if (p.cfi) {
      try {
        const resolved = v.resolveCFI(p.cfi);
        const at = resolved.index === index ? got.map.fromRange(resolved.anchor(got.doc)) : null;
        if (at && got.map.text.slice(at.start, at.end) === p.exact) return { key: p.key, cfi: p.cfi, color: p.color };
      } catch {
        // A CFI that names nothing in this edition: the quote decides.
      }
    }
    const at = anchor(got.map.text, { exact: p.exact, prefix: p.prefix, suffix: p.suffix, ...(p.start !== null && p.end !== null && { start: p.start, end: p.end }) });
    const range = at && got.map.toRange(at.start, at.end, got.doc);
    return { key: p.key, cfi: range ? v.getCFI(index, range) : null, color: p.color };
  });
  for (const f of found) {
    if (!f.cfi) continue;
    drawn.set(f.cfi, { key: f.key, color: f.color, index });
    if (got.page) got.page.add(f.cfi, v.resolveCFI(f.cfi).anchor(got.doc), { fill: f.color });
    else await v.addAnnotation({ value: f.cfi });
  }
  return found.map(({ key, cfi }) => ({ key, cfi }));
}

function unselect(): void {
  for (const { doc } of loaded.values()) doc.getSelection()?.removeAllRanges();
}

function clearPlaced(index: number): void {
  for (const [cfi, d] of drawn) {
    if (d.index !== index) continue;
    drawn.delete(cfi);
    const page = loaded.get(index)?.page;
    if (page) page.remove(cfi);
    else void view?.deleteAnnotation({ value: cfi });
  }
}

function mark(index: number, ranges: [number, number][]): void {
  const got = loaded.get(index);
  if (!view || !got) return;
  for (const value of marks.get(index) ?? []) {
    if (got.page) got.page.remove(value);
    else void view.deleteAnnotation({ value });
  }
  const found = ranges.flatMap(([start, end]) => {
    const range = got.map.toRange(start, end, got.doc);
    return range ? [{ value: MARK_PREFIX + view!.getCFI(index, range), range }] : [];
  });
  marks.set(index, found.map((f) => f.value));
  // foliate outlines its search marks on a reflowable page's overlay; a fixed-layout page has none.
  for (const { value, range } of found) {
    if (got.page) got.page.add(value, range, 'outline');
    else void view.addAnnotation({ value });
  }
}

const api: EpubFrame = {
  open,
  setStyle,
  goTo: async (target) => void (await view?.goTo(target)),
  showText,
  next: async () => view?.next(),
  prev: async () => view?.prev(),
  left: async () => view?.goLeft(),
  right: async () => view?.goRight(),
  place,
  clearPlaced,
  unselect,
  mark,
  current: () => lastRelocation,
  drawn: () =>
    [...drawn].flatMap(([cfi, d]) => {
      const doc = loaded.get(d.index)?.doc;
      return doc && view ? [{ key: d.key, text: view.resolveCFI(cfi).anchor(doc).toString() }] : [];
    }),
};
(window as BookWindow).lecternBook = api;
