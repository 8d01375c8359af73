/**
 * Highlights on a fixed-layout page. foliate-js's fixed-layout renderer gives its pages no
 * overlay to draw on (as its paginator does), so a page's highlights are drawn in the page
 * itself: a layer of boxes over the text's lines, pinned to the page's viewport (a fixed-layout
 * page never scrolls), that lets clicks through; a click on one is found by its boxes.
 */
const LAYER_CLASS = 'lectern-highlights';

export class PageHighlights {
  private readonly ranges = new Map<string, { range: Range; color: string }>();
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
      for (const [value, { range }] of this.ranges) {
        const hit = [...range.getClientRects()].some((r) => e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom);
        if (hit) return onClick(value, range);
      }
    });
  }

  add(value: string, range: Range, color: string): void {
    this.ranges.set(value, { range, color });
    this.draw();
  }

  remove(value: string): void {
    if (this.ranges.delete(value)) this.draw();
  }

  private draw(): void {
    this.layer.replaceChildren(
      ...[...this.ranges.values()].flatMap(({ range, color }) =>
        [...range.getClientRects()].map((r) => {
          const box = this.doc.createElement('div');
          Object.assign(box.style, { position: 'absolute', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px`, background: color, opacity: '0.4', mixBlendMode: 'multiply' });
          return box;
        }),
      ),
    );
  }
}
