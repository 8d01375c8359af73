/**
 * Where each page of a PDF sits in the scrolling view, without a box for every page: the pages
 * stand one under the other, each its height at the zoom plus the same frame (border and gap).
 * A page's size is known once pdf.js has read that page; until then it is taken to be page 1's,
 * and corrected as the page comes near. No DOM here: the view (page-strip.ts) asks it which pages
 * are in view and how much room the pages before and after them take.
 */
export interface PageSize {
  /** CSS pixels at 100 %. */
  width: number;
  height: number;
}

export class PageLayout {
  private readonly sizes: PageSize[];
  private readonly known: boolean[];
  /** tops[i]: the top of page i + 1 at the current scale; tops[count]: the height of all pages. */
  private readonly tops: Float64Array;
  private scaleNow = 1;

  /**
   * @param frame the height each page adds beyond its own (its borders and the gap to the next),
   *   in CSS pixels, whatever the zoom.
   */
  constructor(
    readonly count: number,
    first: PageSize,
    private frame: number,
  ) {
    this.sizes = Array.from({ length: count }, () => first);
    this.known = Array.from({ length: count }, (_, i) => i === 0);
    this.tops = new Float64Array(count + 1);
    this.measure();
  }

  get scale(): number {
    return this.scaleNow;
  }

  set scale(scale: number) {
    this.scaleNow = scale;
    this.measure();
  }

  setFrame(frame: number): void {
    if (frame === this.frame) return;
    this.frame = frame;
    this.measure();
  }

  /** Page `n`'s size at 100 % (page 1's until its own is known). */
  size(n: number): PageSize {
    return this.sizes[n - 1]!;
  }

  isKnown(n: number): boolean {
    return this.known[n - 1]!;
  }

  /** Page `n`'s own size, read from the document: what the pages after it move by (0 when unchanged). */
  setSize(n: number, size: PageSize): number {
    this.known[n - 1] = true;
    const before = this.height(n);
    this.sizes[n - 1] = size;
    this.measure();
    return this.height(n) - before;
  }

  /** Page `n`'s height on screen at the current scale, without its frame (pdf.js rounds it the same way). */
  height(n: number): number {
    return Math.round(this.sizes[n - 1]!.height * this.scaleNow);
  }

  /** The top of page `n`'s frame; `top(count + 1)` is the bottom of the last page. */
  top(n: number): number {
    return this.tops[Math.min(Math.max(n, 1), this.count + 1) - 1]!;
  }

  get total(): number {
    return this.tops[this.count]!;
  }

  /** The page at height `y` (the first when above it, the last when below). */
  pageAt(y: number): number {
    let lo = 1;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.top(mid) <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The first and last page with some part between `top` and `top + height`. */
  inView(top: number, height: number): { first: number; last: number } {
    const first = this.pageAt(top);
    const last = this.pageAt(Math.max(top, top + height - 1));
    return { first, last };
  }

  /**
   * The page the reader is on: `current` while it is wholly in view, else the one showing the
   * largest share of itself (the first of equals), as pdf.js's viewer counts it.
   */
  pageInView(top: number, height: number, current: number): number {
    const { first, last } = this.inView(top, height);
    let best = first;
    let bestShare = -1;
    for (let n = first; n <= last; n++) {
      const from = this.top(n);
      const to = this.top(n + 1);
      const shown = Math.max(0, Math.min(to, top + height) - Math.max(from, top));
      const share = shown / Math.max(1, to - from);
      if (n === current && share >= 0.999) return n;
      if (share > bestShare + 1e-6) {
        best = n;
        bestShare = share;
      }
    }
    return best;
  }

  private measure(): void {
    let y = 0;
    for (let i = 0; i < this.count; i++) {
      this.tops[i] = y;
      y += Math.round(this.sizes[i]!.height * this.scaleNow) + this.frame;
    }
    this.tops[this.count] = y;
  }
}
