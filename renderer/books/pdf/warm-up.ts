/**
 * A one-page PDF read and shown off screen once pdf.js is loaded ahead of a first open: the
 * engine compiles a function when it first runs, so a first PDF paid for compiling pdf.js's
 * parser, its page interpreter, the viewer's page view, its text and link layers (the links'
 * pattern alone, built at its first use, ~15–25 ms) on its way to page 1. This pays it before
 * the click, through the reader's own code (pdf-view.ts), in a box nobody sees or reaches. The
 * document is destroyed after; the worker stays.
 */
/** One page, one line of Helvetica (pdf.js's standard-font path, as most PDFs made without embedding take) with a web address in it (the links found in text). */
function onePagePdf(): Uint8Array {
  const text = 'BT /F1 12 Tf 72 720 Td (Lectern at https://example.org) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

/** How long the warm-up may take before it is let go (a loaded machine): the open does it all anyway. */
const GIVE_UP_MS = 10_000;

/**
 * Shows the one-page PDF with `show` in an off-screen box until page 1's last layer (its links,
 * found in its text after the text layer) is in place, then lets it go. The box is inside a
 * closed shadow root: the document's own queries (the reader's, a test's `.page` of page 1) never
 * meet this page. Failures are of no matter: the real open does it all anyway.
 */
export async function warmUp(show: (container: HTMLDivElement, pdf: Uint8Array, onLinks: () => void) => Promise<{ destroy(): void }>): Promise<void> {
  const host = document.createElement('div');
  host.className = 'pdf-warm-up';
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  const box = document.createElement('div');
  // The document's style sheets stop at the shadow root: the box scrolls, as the reader's does, by its own style.
  Object.assign(box.style, { position: 'absolute', inset: '0', overflow: 'auto' });
  box.append(document.createElement('div'));
  host.attachShadow({ mode: 'closed' }).append(box);
  document.body.append(host);
  let linked = () => {};
  const done = new Promise<void>((resolve) => {
    linked = resolve;
    setTimeout(resolve, GIVE_UP_MS);
  });
  const view = await show(box, onePagePdf(), () => linked()).catch(() => null);
  if (view) await done;
  view?.destroy();
  host.remove();
}
