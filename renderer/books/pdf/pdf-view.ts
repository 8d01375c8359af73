/**
 * A PDF on screen, without React: pdf.js's page views near the view (page-strip.ts), with their
 * text layer, and nothing active. No scripting manager is made
 * and scripting is off, so neither the document's OpenAction nor a link's JavaScript ever runs
 * (pdf.sandbox is never loaded); form fields are drawn, not filled in; WebAssembly decoders are
 * off (the CSP has no 'wasm-unsafe-eval': pdf.js's JavaScript decoders read JPX and JBIG2). The
 * worker, character maps and standard fonts come from the app itself (scripts/build.ts copies
 * them to pdfjs/), so a PDF makes no request of its own. Links to the web go to `onExternalLink`.
 */
import 'pdfjs-dist/web/pdf_viewer.css';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { itemBoundaries, pdfPageText } from '../../../main/common/books/pdf-text';
import { PageStrip, type Zoom } from './page-strip';
import { warmUp } from './warm-up';

export type { Zoom };

type Lib = typeof import('pdfjs-dist');
type ViewerLib = typeof import('pdfjs-dist/web/pdf_viewer.mjs');

type Loaded = { lib: Lib; viewer: ViewerLib; worker: InstanceType<Lib['PDFWorker']> };
let loading: Promise<Loaded> | null = null;

/**
 * pdf.js, once. One worker serves every document: starting one (1.3 MB of script) is most of the
 * time a first PDF takes to open, so the next PDF opened skips it. A failed load is tried again
 * at the next call.
 */
function loadPdfJs(): Promise<Loaded> {
  loading ??= (async () => {
    const { lib, viewer } = await import('./pdfjs');
    lib.GlobalWorkerOptions.workerSrc = appUrl('pdfjs/pdf.worker.js');
    return { lib, viewer, worker: new lib.PDFWorker() };
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

let prepared = false;

/**
 * Loads pdf.js and starts its worker ahead of a first open, when a PDF is in view in the list,
 * then reads and shows a one-page PDF off screen through the reader's own code (warm-up.ts): the
 * click finds pdf.js, its viewer's page views, text and link layers compiled (a cold open took
 * ~0.7 s, most of it this). A session whose list shows no PDF never loads them.
 */
export function preparePdfJs(): void {
  if (prepared) return;
  prepared = true;
  void warmUp((container, data, onLinks) =>
    loadPdfJs().then((loaded) =>
      PdfView.show(loaded, { data }, { container, dark: false, zoom: 'page-width', page: 1, askPassword: async () => null, onExternalLink: () => {}, onPage: () => {}, onTextLayer: () => {}, onLinks }),
    ),
  );
}

const appUrl = (p: string) => new URL(p, document.baseURI).href;

/**
 * A PDF up to this size is read whole, in one request; a larger one from this much, then by
 * ranges as pdf.js needs them (its cross-reference table at the end, the page tree, each page as
 * it comes near), so a long scanned book is not read whole before page 1. Measured on a 4.3 MB,
 * 1,000-page book: pdf.js fetches every page's dictionary of a flat page tree up front, so by
 * ranges it read the whole file anyway, in three round trips instead of one, and opened
 * 0.3–1 s later on a loaded machine.
 */
const WHOLE_UP_TO = 8 * 1024 * 1024;
/** The ranges pdf.js asks for past the first part (its default, 64 KB, made 66 requests of that book). */
const RANGE_CHUNK = 1024 * 1024;

/** The first part of the file, and its whole size when the server answers by ranges (null: this is the whole file). */
async function fetchFirstPart(url: string): Promise<{ bytes: Uint8Array; size: number | null }> {
  const res = await fetch(url, { headers: { range: `bytes=0-${WHOLE_UP_TO - 1}` } });
  if (!res.ok) throw new Error(`the file is missing from the library (${res.status})`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const size = res.status === 206 ? Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1]) : NaN;
  return { bytes, size: size > bytes.length ? size : null };
}

/**
 * What pdf.js reads the document from: the bytes when they are the whole file, else a transport
 * that asks the server for each range pdf.js wants. (pdf.js's own range loading takes only
 * http(s) addresses, and the app serves the library as lectern://.)
 */
function source(lib: Lib, url: string, first: { bytes: Uint8Array; size: number | null }) {
  if (first.size === null) return { data: first.bytes };
  const range = new lib.PDFDataRangeTransport(first.size, first.bytes);
  range.requestDataRange = (begin: number, end: number) => {
    void fetch(url, { headers: { range: `bytes=${begin}-${end - 1}` } })
      .then(async (res) => {
        if (res.status !== 206) throw new Error(`bytes ${begin}-${end - 1} of ${url}: ${res.status}`);
        range.onDataRange(begin, new Uint8Array(await res.arrayBuffer()));
      })
      // The file left the library while it was read: pdf.js waits for the part, and the page stays blank.
      .catch((err: unknown) => console.error(err));
  };
  return { range };
}


/** The reader was asked for a PDF's password and gave none. */
export class PasswordCancelled extends Error {
  constructor() {
    super('no password was given');
    this.name = 'PasswordCancelled';
  }
}

export interface TocEntry {
  label: string;
  page: number;
  children: TocEntry[];
}

/** A page's canonical text and, for each text-layer span in order, the page offsets of its string's boundaries. */
export interface PageText {
  text: string;
  /** One per non-empty text item, as the text layer has one span per non-empty item. */
  spans: number[][];
}

export interface PdfViewOptions {
  /** Scrolls; pdf.js wants it absolutely positioned. */
  container: HTMLDivElement;
  /** The original in the library (lectern://asset/…, or /asset/… over the harness). */
  url: string;
  dark: boolean;
  /** The zoom the first page is drawn at (set later, it would draw page 1 twice). */
  zoom: Zoom;
  /** The page shown first (where the reader was): going there after, page 1 would be drawn on the way. */
  page: number;
  /**
   * A PDF that opens only with a password: asked for one (again when `wrong`, the one given did
   * not open it); null when the reader gave up, and the open fails with `PasswordCancelled`.
   */
  askPassword: (wrong: boolean) => Promise<string | null>;
  onExternalLink: (url: string) => void;
  /** The page at the top of the view changed. */
  onPage: (page: number) => void;
  /** A page's text layer is (re)drawn, at first and after each zoom. */
  onTextLayer: (page: number) => void;
  /** A page's links are in place, the addresses found in its text too: the last of its layers. */
  onLinks?: (page: number) => void;
}

/** Page colours for the dark theme: pdf.js draws text and lines in the foreground, page in the background. */
const DARK_PAGE = { background: '#1f1e1c', foreground: '#e6e1d8' };

/** A page's canvas at most this many pixels (32 MB): above it, as at 300 % on a large screen, pdf.js draws the page at this size, scaled up. */
const MAX_CANVAS_PIXELS = 8 * 1024 * 1024;

/**
 * After this many pages drawn, once none is being drawn, the document's caches are emptied
 * (the worker's parsed pages and resources, the pages' operator lists): read through, a long PDF
 * would otherwise keep every page it has shown.
 */
const CLEANUP_EVERY = 12;

export class PdfView {
  private readonly texts = new Map<number, Promise<PageText>>();
  /** Where `goTo` was asked to go inside a page whose text layer was not drawn yet. */
  private pending: { page: number; offset: number } | null = null;
  private cleanup: () => void = () => {};

  private constructor(
    readonly doc: PDFDocumentProxy,
    private readonly container: HTMLDivElement,
  ) {}

  private strip: PageStrip | null = null;

  static async open(options: PdfViewOptions): Promise<PdfView> {
    const [loaded, first] = await Promise.all([loadPdfJs(), fetchFirstPart(options.url)]);
    performance.mark('pdf: file read');
    return PdfView.show(loaded, source(loaded.lib, options.url, first), options);
  }

  /** The document read from `from` (its bytes, or a transport of ranges) shown in `options.container`. */
  static async show({ lib, viewer: v, worker }: Loaded, from: ReturnType<typeof source>, options: Omit<PdfViewOptions, 'url'>): Promise<PdfView> {
    const task = lib.getDocument({
      ...from,
      rangeChunkSize: RANGE_CHUNK,
      worker,
      cMapUrl: appUrl('pdfjs/cmaps/'),
      cMapPacked: true,
      standardFontDataUrl: appUrl('pdfjs/standard_fonts/'),
      useWasm: false,
      enableXfa: false,
      verbosity: lib.VerbosityLevel.ERRORS,
      // Pages are asked for only as they come near the view, not all of them once the first is
      // drawn (a 1,000-page book's pages all parsed and kept).
      disableAutoFetch: true,
    });
    let cancelled = false;
    task.onPassword = (answer: (password: string) => void, reason: number) => {
      void options.askPassword(reason === lib.PasswordResponses.INCORRECT_PASSWORD).then((password) => {
        if (password !== null) return answer(password);
        cancelled = true;
        void task.destroy();
      });
    };
    const doc = await task.promise.catch((err: unknown) => {
      throw cancelled ? new PasswordCancelled() : err;
    });
    performance.mark('pdf: document loaded');
    const page1 = await doc.getPage(1);
    const bus = new v.EventBus();
    const links = new v.PDFLinkService({ eventBus: bus });
    const view = new PdfView(doc, options.container);
    let texts = 0;
    const onText = ({ pageNumber }: { pageNumber: number }) => {
      if (++texts === 1) performance.mark('pdf: first text layer drawn');
      if (view.pending?.page === pageNumber) {
        void view.scrollToOffset(pageNumber, view.pending.offset);
        view.pending = null;
      }
      options.onTextLayer(pageNumber);
    };
    let drawn = 0;
    const onDrawn = ({ cssTransform }: { cssTransform?: boolean }) => {
      if (cssTransform) return;
      if (++drawn === 1) performance.mark('pdf: first page drawn');
      if (drawn % CLEANUP_EVERY !== 0) return;
      // After the page's own work (its text layer) and only while nothing is drawn: pdf.js refuses to clean up under a drawing page.
      setTimeout(() => {
        if (!view.strip?.drawing) doc.cleanup(true).catch(() => {});
      }, 500);
    };
    const onLinks = ({ pageNumber }: { pageNumber: number }) => options.onLinks?.(pageNumber);
    bus.on('textlayerrendered', onText);
    bus.on('pagerendered', onDrawn);
    bus.on('linkannotationsadded', onLinks);
    // Link annotations and auto-linked addresses are <a href> in the annotation layer; a web one
    // opens in the system browser, never here. Links inside the document keep pdf.js's handling.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element).closest?.('a[href]');
      if (!(a instanceof HTMLAnchorElement) || a.getAttribute('href')?.startsWith('#')) return;
      e.preventDefault();
      e.stopPropagation();
      if (/^(https?|mailto):/i.test(a.href)) options.onExternalLink(a.href);
    };
    options.container.addEventListener('click', onClick, true);
    // What the link service needs of a viewer to follow a link inside the document.
    links.setViewer({
      get currentPageNumber() {
        return view.page;
      },
      set currentPageNumber(n: number) {
        view.goTo(n);
      },
      pagesRotation: 0,
      isInPresentationMode: false,
      scrollPageIntoView: ({ pageNumber }: { pageNumber: number }) => view.goTo(pageNumber),
    });
    links.setDocument(doc);
    view.strip = new PageStrip({
      lib,
      viewerLib: v,
      doc,
      first: page1,
      container: options.container,
      bus,
      links,
      pageColors: options.dark ? DARK_PAGE : undefined,
      maxCanvasPixels: MAX_CANVAS_PIXELS,
      zoom: options.zoom,
      start: options.page,
      onPage: options.onPage,
    });
    performance.mark('pdf: pages laid out');
    view.cleanup = () => {
      options.container.removeEventListener('click', onClick, true);
      bus.off('textlayerrendered', onText);
      bus.off('pagerendered', onDrawn);
      bus.off('linkannotationsadded', onLinks);
      view.strip?.destroy();
      void task.destroy();
    };
    return view;
  }

  get pageCount(): number {
    return this.doc.numPages;
  }

  get page(): number {
    return this.strip?.page ?? 1;
  }

  /** Shows page `n` (from 1), at `offset` of its text when given and its text layer is there. */
  goTo(n: number, offset?: number): void {
    const page = Math.min(Math.max(1, Math.round(n)), this.pageCount);
    this.strip?.goTo(page);
    this.pending = null;
    if (!offset) return;
    if (this.spans(page).length) void this.scrollToOffset(page, offset);
    else this.pending = { page, offset };
  }

  private async scrollToOffset(page: number, offset: number): Promise<void> {
    const rects = await this.rects(page, offset, offset + 1);
    if (rects.length === 0) return;
    const box = this.container.getBoundingClientRect();
    this.container.scrollTop += rects[0]!.top - box.top - 40;
  }

  set zoom(zoom: Zoom) {
    if (this.strip) this.strip.zoom = zoom;
  }

  /** The scale now, 1 = 100 %. */
  get scale(): number {
    return this.strip?.scale ?? 1;
  }

  /** The outline, each entry at its page; entries pointing nowhere in the document are left out. */
  async toc(): Promise<TocEntry[]> {
    const outline = await this.doc.getOutline().catch(() => null);
    if (!outline) return [];
    const walk = async (items: typeof outline): Promise<TocEntry[]> => {
      const out: TocEntry[] = [];
      for (const item of items) {
        const page = await this.destinationPage(item.dest).catch(() => null);
        const children = await walk(item.items);
        if (page) out.push({ label: item.title.trim() || `Page ${page}`, page, children });
        else out.push(...children);
      }
      return out;
    };
    return walk(outline);
  }

  private async destinationPage(dest: string | unknown[] | null): Promise<number | null> {
    const explicit = typeof dest === 'string' ? await this.doc.getDestination(dest) : dest;
    const target = explicit?.[0];
    if (typeof target === 'number') return target + 1;
    if (target && typeof target === 'object') return (await this.doc.getPageIndex(target as { num: number; gen: number })) + 1;
    return null;
  }

  /** Page `n`'s canonical text, the same as the import's (one builder, main/common/books/pdf-text.ts). */
  pageText(n: number): Promise<PageText> {
    let text = this.texts.get(n);
    if (!text) {
      text = this.doc
        .getPage(n)
        .then((page) => page.getTextContent())
        .then((content) => {
          const items = content.items.filter((item) => 'str' in item);
          const built = pdfPageText(items);
          const spans = items.flatMap((item, i) => (item.str ? [itemBoundaries(item.str, built.ranges[i]!.start)] : []));
          return { text: built.text, spans };
        });
      this.texts.set(n, text);
    }
    return text;
  }

  /** The page element of page `n` (from 1), once laid out. */
  pageElement(n: number): HTMLElement | null {
    return this.strip?.element(n) ?? null;
  }

  /** The pages whose text layer is in the document: a few near the view, however long the book. */
  textPages(): number[] {
    return [...this.container.querySelectorAll('.page[data-page-number] .textLayer')].map((layer) => Number(layer.closest<HTMLElement>('.page')!.dataset.pageNumber));
  }

  /** The text layer's spans of page `n`, in item order; empty until it is drawn. */
  spans(n: number): HTMLElement[] {
    return [...(this.pageElement(n)?.querySelectorAll<HTMLElement>('.textLayer span[role="presentation"]') ?? [])];
  }

  /** The page offset of a DOM boundary inside page `n`'s text layer, or null when it is elsewhere. */
  async offsetAt(n: number, node: Node, offset: number): Promise<number | null> {
    const layer = this.pageElement(n)?.querySelector('.textLayer');
    if (!layer?.contains(node)) return null;
    const { text, spans: maps } = await this.pageText(n);
    const spans = this.spans(n);
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const span = el?.closest<HTMLElement>('span[role="presentation"]');
    const i = span ? spans.indexOf(span) : -1;
    if (span && i >= 0 && maps[i]) {
      const within = node.nodeType === Node.TEXT_NODE ? offset : offset === 0 ? 0 : (span.textContent ?? '').length;
      return boundary(maps[i], within, (span.textContent ?? '').length);
    }
    // Between spans (a line break, the layer itself): the start of the next span, or the end of the page.
    const point = document.createRange();
    point.setStart(node, offset);
    const next = spans.findIndex((s) => point.comparePoint(s, 0) >= 0);
    return next < 0 ? text.length : (maps[next]?.[0] ?? text.length);
  }

  /** Rectangles (in the viewport) covering page offsets [start, end) of page `n`, line by line. */
  async rects(n: number, start: number, end: number): Promise<DOMRect[]> {
    const { spans: maps } = await this.pageText(n);
    const spans = this.spans(n);
    const out: DOMRect[] = [];
    spans.forEach((span, i) => {
      const map = maps[i];
      const node = span.firstChild;
      if (!map || !node || node.nodeType !== Node.TEXT_NODE || map.at(-1)! <= start || map[0]! >= end) return;
      const length = (node.nodeValue ?? '').length;
      const from = unitAt(map, start, length);
      const to = unitAt(map, end, length);
      if (to <= from) return;
      const range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      out.push(...range.getClientRects());
    });
    return out;
  }

  destroy(): void {
    this.cleanup();
  }
}

/**
 * The page offset at unit `k` of a span's text. The span shows pdf.js's string before Unicode
 * normalization and the page text is built after it, so when a ligature made the two differ in
 * length the unit is placed in proportion.
 */
function boundary(map: number[], k: number, shownLength: number): number {
  const units = map.length - 1;
  const at = shownLength === units ? k : Math.round((k * units) / Math.max(1, shownLength));
  return map[Math.min(Math.max(0, at), units)]!;
}

/** The unit of a span's text where page offset `offset` falls (the first boundary at or after it). */
function unitAt(map: number[], offset: number, shownLength: number): number {
  const units = map.length - 1;
  let k = map.findIndex((o) => o >= offset);
  if (k < 0) k = units;
  return shownLength === units ? k : Math.round((k * shownLength) / Math.max(1, units));
}
