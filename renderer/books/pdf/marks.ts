/**
 * What the PDF reader draws over a page: highlights, search hits, find matches — boxes over the
 * text-layer spans, in a layer of the page's own, placed in percent of the page so a zoom keeps
 * them over their words until the text layer is drawn again and they are redrawn.
 */
import type { PdfView } from './pdf-view';

export interface Mark {
  start: number;
  end: number;
  /** Class names of its boxes, e.g. 'pdf-mark annot-yellow'. */
  className: string;
  /** Set on its boxes: which annotation a click on them opens. */
  annotationId?: number;
}

const LAYER = 'lectern-marks';

/** Replaces what is drawn on page `n` with `marks` (offsets into the page's text). */
export async function drawMarks(view: PdfView, n: number, marks: Mark[]): Promise<void> {
  const page = view.pageElement(n);
  if (!page || view.spans(n).length === 0) return;
  const boxes = await Promise.all(marks.map(async (m) => ({ m, rects: await view.rects(n, m.start, m.end) })));
  const frame = page.getBoundingClientRect();
  // Percentages of the padding box, where an absolutely placed child is laid out.
  const left = frame.left + page.clientLeft;
  const top = frame.top + page.clientTop;
  const width = page.clientWidth || 1;
  const height = page.clientHeight || 1;
  const layer = document.createElement('div');
  layer.className = LAYER;
  layer.setAttribute('aria-hidden', 'true');
  for (const { m, rects } of boxes) {
    for (const r of rects) {
      if (r.width === 0 || r.height === 0) continue;
      const box = document.createElement('div');
      box.className = m.className;
      if (m.annotationId !== undefined) box.dataset.annotationId = String(m.annotationId);
      box.style.left = `${((r.left - left) / width) * 100}%`;
      box.style.top = `${((r.top - top) / height) * 100}%`;
      box.style.width = `${(r.width / width) * 100}%`;
      box.style.height = `${(r.height / height) * 100}%`;
      layer.append(box);
    }
  }
  page.querySelector(`:scope > .${LAYER}`)?.remove();
  page.append(layer);
}

/** The annotation whose box is under the point, the smallest when boxes overlap (boxes take no pointer events, so by their rectangles). */
export function annotationAt(root: HTMLElement, x: number, y: number): number | null {
  let best: { id: number; area: number } | null = null;
  for (const box of root.querySelectorAll<HTMLElement>('.pdf-mark[data-annotation-id]')) {
    const r = box.getBoundingClientRect();
    if (x < r.left || x > r.right || y < r.top || y > r.bottom) continue;
    const area = r.width * r.height;
    if (!best || area < best.area) best = { id: Number(box.dataset.annotationId), area };
  }
  return best?.id ?? null;
}
