/**
 * The pages of a PDF in a scrolling container, only those near the view in the DOM: pdf.js's
 * page views (canvas, text layer, annotation layer) for the pages in view and one either side,
 * the room the others take kept by the viewer's padding (page-layout.ts). pdf.js's own PDFViewer
 * makes a box for every page before it draws one, which made a 1,000-page book open ~0.2–0.7 s
 * later than a short one; here opening costs the same whatever the length.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { PageLayout, type PageSize } from './page-layout';

type Lib = typeof import('pdfjs-dist');
type ViewerLib = typeof import('pdfjs-dist/web/pdf_viewer.mjs');
type PageView = InstanceType<ViewerLib['PDFPageView']>;
type Bus = InstanceType<ViewerLib['EventBus']>;
type Links = InstanceType<ViewerLib['PDFLinkService']>;

export type Zoom = 'page-width' | 'page-fit' | number;

/**
 * Page boxes kept beyond those in view, on each side. Only the one the view moves towards is drawn
 * ahead (as pdf.js's own viewer does): the next one is ready as it scrolls in, and a jump to a page
 * does not draw the one before it, which the reader has not asked for. Measured reading a 1,000-page
 * PDF ten pages at a time: a page drawn costs the renderer more than its canvas, mostly garbage
 * that stays until the engine collects it.
 */
const KEEP_AROUND = 1;
/** What fit width and fit page leave around a page, as pdf.js's viewer does (a scroll bar; a little above and below). */
const FIT_SIDE = 40;
const FIT_ENDS = 5;

export interface PageStripOptions {
  lib: Lib;
  viewerLib: ViewerLib;
  doc: PDFDocumentProxy;
  first: PDFPageProxy;
  /** Scrolls; the viewer element is its first child. */
  container: HTMLDivElement;
  bus: Bus;
  links: Links;
  pageColors: { background: string; foreground: string } | undefined;
  maxCanvasPixels: number;
  zoom: Zoom;
  /** The page shown first, at the top of the view: the pages before it are not drawn on the way. */
  start: number;
  /** The page the reader is on changed. */
  onPage: (page: number) => void;
}

export class PageStrip {
  readonly layout: PageLayout;
  private readonly views = new Map<number, PageView>();
  private readonly viewer: HTMLElement;
  private readonly cssUnits: number;
  private current = 1;
  private zoomNow: Zoom;
  /** The page view being drawn: pdf.js draws one page at a time, those in view first. */
  private busy: PageView | null = null;
  private frameAsked = 0;
  /** Which way the view last moved (down at first: a book is read forward), and where it was. */
  private down = true;
  private lastTop = 0;
  /** A page's top border: where its content starts. */
  private border = 0;
  private readonly resize: ResizeObserver;
  private readonly l10n: InstanceType<ViewerLib['GenericL10n']>;
  private readonly layers: object;

  constructor(private readonly o: PageStripOptions) {
    this.viewer = o.container.firstElementChild as HTMLElement;
    this.cssUnits = o.lib.PixelsPerInch.PDF_TO_CSS_UNITS;
    this.layout = new PageLayout(o.doc.numPages, this.sizeOf(o.first), 0);
    this.zoomNow = o.zoom;
    // One localization for every page view (each would make its own), for their landmark names ("Page 3").
    this.l10n = new o.viewerLib.GenericL10n(undefined);
    void this.l10n.translate(o.container);
    const { doc } = o;
    // What pdf.js's viewer gives its pages' annotation layers: links through the link service, no scripting, no editing.
    this.layers = {
      get annotationStorage() {
        return doc.annotationStorage;
      },
      get fieldObjectsPromise() {
        return doc.getFieldObjects();
      },
      get hasJSActionsPromise() {
        return doc.hasJSActions();
      },
      enableScripting: false,
      linkService: o.links,
    };
    if (o.pageColors) this.viewer.style.setProperty('--page-bg-color', o.pageColors.background);
    this.layout.scale = this.fit(o.zoom);
    this.viewer.style.setProperty('--scale-factor', String(this.layout.scale * this.cssUnits));
    o.container.addEventListener('scroll', this.onScroll, { passive: true });
    this.current = Math.min(Math.max(1, o.start), this.layout.count);
    // The room of every page first, so the view can be at the start page before any page is made.
    this.viewer.style.paddingBottom = `${this.layout.total}px`;
    o.container.scrollTop = this.layout.top(this.current);
    this.update();
    // The frame (borders, gap) as the style sheet draws it, read from the first page laid out.
    const [n, first] = [...this.views][0] ?? [];
    if (n && first) {
      const css = getComputedStyle(first.div);
      this.border = parseFloat(css.borderTopWidth) || 0;
      // Its box beyond the page's own height (borders, unless the box is sized with them), and its margins.
      this.layout.setFrame(first.div.offsetHeight - this.layout.height(n) + (parseFloat(css.marginTop) || 0) + (parseFloat(css.marginBottom) || 0));
      if (this.current > 1) this.goTo(this.current);
      else this.update();
    }
    this.resize = new ResizeObserver(() => {
      if (typeof this.zoomNow !== 'number') this.zoom = this.zoomNow;
      else this.update();
    });
    this.resize.observe(o.container);
  }

  get page(): number {
    return this.current;
  }

  get scale(): number {
    return this.layout.scale;
  }

  set zoom(zoom: Zoom) {
    this.zoomNow = zoom;
    const scale = this.fit(zoom);
    if (Math.abs(scale - this.layout.scale) < 1e-4) return;
    // The place read stays in view: the same share of the same page.
    const { container } = this.o;
    const at = this.layout.pageAt(container.scrollTop);
    const share = (container.scrollTop - this.layout.top(at)) / Math.max(1, this.layout.top(at + 1) - this.layout.top(at));
    this.layout.scale = scale;
    this.viewer.style.setProperty('--scale-factor', String(scale * this.cssUnits));
    for (const view of this.views.values()) view.update({ scale });
    this.update();
    container.scrollTop = this.layout.top(at) + share * (this.layout.top(at + 1) - this.layout.top(at));
    this.update();
  }

  /** Scrolls page `n`'s top to the top of the view and makes it the page the reader is on. */
  goTo(n: number): void {
    const page = Math.min(Math.max(1, n), this.layout.count);
    this.current = page;
    this.o.onPage(page);
    this.o.container.scrollTop = this.layout.top(page) + this.border;
    this.update();
  }

  /** Page `n`'s element while it is near the view (else null: it is not in the document). */
  element(n: number): HTMLElement | null {
    return this.views.get(n)?.div ?? null;
  }

  /** Whether a page near the view is being drawn now. */
  get drawing(): boolean {
    return this.busy !== null;
  }

  destroy(): void {
    this.o.container.removeEventListener('scroll', this.onScroll);
    this.resize.disconnect();
    if (this.frameAsked) cancelAnimationFrame(this.frameAsked);
    for (const view of this.views.values()) {
      view.destroy();
      view.div.remove();
    }
    this.views.clear();
    this.viewer.style.paddingTop = this.viewer.style.paddingBottom = '';
  }

  private readonly onScroll = () => {
    this.frameAsked ||= requestAnimationFrame(() => {
      this.frameAsked = 0;
      this.update();
    });
  };

  /** Page views for the pages near the view, and no others; the room of the rest as padding; the page the reader is on. */
  private update(): void {
    const { container } = this.o;
    if (container.scrollTop !== this.lastTop) {
      this.down = container.scrollTop > this.lastTop;
      this.lastTop = container.scrollTop;
    }
    const { first, last } = this.layout.inView(container.scrollTop, container.clientHeight);
    const from = Math.max(1, first - KEEP_AROUND);
    const to = Math.min(this.layout.count, last + KEEP_AROUND);
    for (const [n, view] of this.views) {
      if (n >= from && n <= to) continue;
      if (this.busy === view) this.busy = null;
      view.destroy();
      view.div.remove();
      this.views.delete(n);
    }
    let next: HTMLElement | null = null;
    for (let n = to; n >= from; n--) {
      let view = this.views.get(n);
      if (!view) {
        view = this.make(n);
        this.viewer.insertBefore(view.div, next);
      }
      next = view.div;
    }
    this.viewer.style.paddingTop = `${this.layout.top(from)}px`;
    this.viewer.style.paddingBottom = `${this.layout.total - this.layout.top(to + 1)}px`;
    const page = this.layout.pageInView(container.scrollTop, container.clientHeight, this.current);
    if (page !== this.current) {
      this.current = page;
      this.o.onPage(page);
    }
    this.pump();
  }

  private make(n: number): PageView {
    const { o } = this;
    const view = new o.viewerLib.PDFPageView({
      // Not put in a container: the strip places it among the others.
      eventBus: o.bus,
      id: n,
      scale: this.layout.scale,
      defaultViewport: o.first.getViewport({ scale: this.layout.scale * this.cssUnits }),
      textLayerMode: 1,
      annotationMode: o.lib.AnnotationMode.ENABLE,
      pageColors: o.pageColors,
      maxCanvasPixels: o.maxCanvasPixels,
      // A page larger than maxCanvasPixels is drawn at that size, not sharpened in a second canvas of the part in view.
      enableDetailCanvas: false,
      l10n: this.l10n,
      layerProperties: this.layers,
    });
    this.views.set(n, view);
    void o.doc.getPage(n).then(
      (page) => {
        if (this.views.get(n) !== view) return;
        const above = this.layout.top(n + 1) <= o.container.scrollTop;
        const moved = this.layout.setSize(n, this.sizeOf(page));
        view.setPdfPage(page);
        // A page wholly above the view came out taller or shorter than guessed: what is read stays put (and the reader did not move).
        if (moved && above) {
          const before = o.container.scrollTop;
          o.container.scrollTop += moved;
          this.lastTop += o.container.scrollTop - before;
        }
        if (moved) this.update();
        else this.pump();
      },
      (err: unknown) => console.error(`page ${n}:`, err),
    );
    return view;
  }

  /** Draws the next page not drawn yet: those in view from the top, then the one the view moves towards. */
  private pump(): void {
    if (this.busy) return;
    const { container } = this.o;
    const { first, last } = this.layout.inView(container.scrollTop, container.clientHeight);
    const order = [...Array.from({ length: last - first + 1 }, (_, i) => first + i), this.down ? last + 1 : first - 1];
    for (const n of order) {
      const view = this.views.get(n);
      if (!view?.pdfPage || view.renderingState !== this.o.viewerLib.RenderingStates.INITIAL) continue;
      this.busy = view;
      void view
        .draw()
        .catch((err: unknown) => console.error(`page ${n}:`, err))
        .finally(() => {
          if (this.busy !== view) return;
          this.busy = null;
          this.pump();
        });
      return;
    }
  }

  /** The scale for a zoom: fit width and fit page by the size of the page the reader is on. */
  private fit(zoom: Zoom): number {
    if (typeof zoom === 'number') return zoom;
    const size = this.layout.size(this.current);
    const { clientWidth, clientHeight } = this.o.container;
    const width = (clientWidth - FIT_SIDE) / size.width;
    // Not laid out (hidden): 100 %.
    if (clientWidth <= FIT_SIDE) return 1;
    return zoom === 'page-width' ? width : Math.min(width, (clientHeight - FIT_ENDS) / size.height);
  }

  private sizeOf(page: PDFPageProxy): PageSize {
    const { width, height } = page.getViewport({ scale: this.cssUnits });
    return { width, height };
  }
}
