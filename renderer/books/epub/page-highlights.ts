/**
 * Highlights on a fixed-layout page. foliate-js's fixed-layout renderer gives its pages no
 * overlay to draw on (as its paginator does), so a page's highlights are drawn in the page
 * itself: a layer of boxes over the text's lines, pinned to the page's viewport (a fixed-layout
 * page never scrolls), that lets clicks through; a click on a highlight is found by its boxes.
 * Search and find marks are drawn there too, outlined as foliate outlines them on reflowable
 * pages, and take no clicks.
 */
const LAYER_CLASS = 'lectern-highlights';

/** A highlight's fill colour, or a search mark's outline. */
export type PageMark = { fill: string } | 'outline';

export class PageHighlights {
  private readonly ranges = new Map<string, { range: Range; look: PageMark }>();
  private readonly layer: HTMLElement;

  constructor(
    private readonly doc: Document,
    onClick: (value: string, range: Range) => void,
  ) {
    this.layer = doc.createElement('div');
    this.layer.className = LAYER_CLASS;
    this.layer.setAttribute('aria-hidden', 'true');
    Object.assign(this.layer.style, { position: 'fixed', inset: '0', pointerEvents: 'none', zIndex: '2147483647' });
    doc.documentElement.append(this.layer);
    // The page is laid out once its frame is shown and sized: the boxes follow.
    new ResizeObserver(() => this.draw()).observe(doc.documentElement);
    doc.addEventListener('click', (e) => {
      for (const [value, { range, look }] of this.ranges) {
        if (look === 'outline') continue;
        const hit = [...range.getClientRects()].some((r) => e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom);
        if (hit) return onClick(value, range);
      }
    });
  }

  add(value: string, range: Range, look: PageMark): void {
    this.ranges.set(value, { range, look });
    this.draw();
  }

  remove(value: string): void {
    if (this.ranges.delete(value)) this.draw();
  }

  private draw(): void {
    this.layer.replaceChildren(
      ...[...this.ranges.values()].flatMap(({ range, look }) =>
        [...range.getClientRects()].map((r) => {
          const box = this.doc.createElement('div');
          Object.assign(box.style, { position: 'absolute', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
          if (look === 'outline') {
            box.className = 'mark';
            Object.assign(box.style, { outline: '3px solid red', outlineOffset: '1px', borderRadius: '3px' });
          } else Object.assign(box.style, { background: look.fill, opacity: '0.4', mixBlendMode: 'multiply' });
          return box;
        }),
      ),
    );
  }
}
