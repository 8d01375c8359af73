/**
 * A pre-paginated spine item inside a book that foliate pages as reflowable text (a book that
 * mixes layouts: foliate-js has one renderer a book). The item is laid out at the size it
 * declares and scaled to fit the reader's page, as one page: its body is taken out of the
 * paginator's columns (fixed to the frame's viewport, which the paginator sizes to its pages)
 * and scaled, so the paginator counts one page and the next turn leaves the item.
 */

/** The marker on a fitted page's root: Lectern's reading styles leave such a page as it is. */
export const FIXED_PAGE_CLASS = 'lectern-fixed-page';

interface Size {
  width: number;
  height: number;
}

/**
 * Width and height from a viewport meta's content: the first of each (EPUB 3.3 has a repeated
 * declaration ignored), a unit after the number dropped (`1000px` is 1000).
 */
const parseViewport = (content: string | null | undefined): Partial<Size> => {
  const size: Partial<Size> = {};
  for (const [k, v] of (content ?? '').split(/[,;\s]+/).map((pair) => pair.split('=').map((s) => s.trim()))) {
    if ((k === 'width' || k === 'height') && size[k] === undefined && v && Number.isFinite(parseFloat(v))) size[k] = parseFloat(v);
  }
  return size;
};

/**
 * A fixed-layout book's page: foliate-js reads its viewport meta itself once the page is
 * loaded, and there the last repeated `width=` wins; the meta is rewritten first to the size
 * EPUB means.
 */
export function settleViewport(doc: Document): void {
  const meta = doc.querySelector('meta[name="viewport"]');
  const { width, height } = parseViewport(meta?.getAttribute('content'));
  if (meta && width && height) meta.setAttribute('content', `width=${width}, height=${height}`);
}

/**
 * The size the item is laid out at, as EPUB's fixed layouts say: its viewport meta, an SVG's
 * viewBox, the book's rendition:viewport, else the size of the picture that is the page.
 */
export function declaredSize(doc: Document, bookViewport: string | undefined): Size | null {
  const root = doc.documentElement;
  const candidates: Partial<Size>[] = [];
  if (root.localName === 'svg') {
    const [, , w, h] = (root.getAttribute('viewBox') ?? '').trim().split(/[\s,]+/).map(parseFloat);
    candidates.push({ width: w, height: h });
  }
  candidates.push(parseViewport(doc.querySelector('meta[name="viewport"]')?.getAttribute('content')), parseViewport(bookViewport));
  const img = doc.images.length === 1 ? doc.images[0]! : null;
  if (img) candidates.push({ width: img.naturalWidth, height: img.naturalHeight });
  const found = candidates.find((c) => (c.width ?? 0) > 0 && (c.height ?? 0) > 0);
  return found ? { width: found.width!, height: found.height! } : null;
}

/**
 * Lays the page out at `size`, scaled to the paginator's page and centred in it — or, on a
 * landscape page (shown as a two-page spread) for an item with a page-spread side, in that
 * half. Kept so when
 * the paginator lays the document out again (a resize, new styles), which it does through the
 * root's and the pictures' style attributes.
 */
export function fitPage(doc: Document, size: Size, side?: 'left' | 'right' | 'center'): void {
  const root = doc.documentElement;
  const body = doc.body;
  if (!body) return;
  root.classList.add(FIXED_PAGE_CLASS);
  const fit = () => {
    // The paginator gives the root the page's height, then the page's width (one page wide).
    const fullWidth = parseFloat(root.style.width) || doc.defaultView!.innerWidth;
    const pageHeight = parseFloat(root.style.height) || doc.defaultView!.innerHeight;
    const half = (side === 'left' || side === 'right') && fullWidth > pageHeight;
    const pageWidth = half ? fullWidth / 2 : fullWidth;
    const offset = half && side === 'right' ? pageWidth : 0;
    // Rounded, so that writing the same layout again leaves the attribute as it is (no loop).
    const scale = Math.floor(Math.min(pageWidth / size.width, pageHeight / size.height) * 1e4) / 1e4;
    const want: Record<string, string> = {
      position: 'fixed',
      margin: '0',
      left: `${offset + Math.max(0, Math.round((pageWidth - size.width * scale) / 2))}px`,
      top: `${Math.max(0, Math.round((pageHeight - size.height * scale) / 2))}px`,
      width: `${size.width}px`,
      height: `${size.height}px`,
      overflow: 'hidden',
      transform: `scale(${scale})`,
      'transform-origin': '0 0',
    };
    for (const [k, v] of Object.entries(want)) if (body.style.getPropertyValue(k) !== v) body.style.setProperty(k, v, 'important');
    // The paginator caps pictures at its page's height; on a page they keep the size it gives them.
    for (const el of body.querySelectorAll<HTMLElement>('img, svg, video'))
      for (const k of ['max-height', 'max-width']) if (el.style.getPropertyValue(k)) el.style.removeProperty(k);
  };
  fit();
  new MutationObserver(fit).observe(root, { attributes: true, attributeFilter: ['style'], subtree: true });
}
