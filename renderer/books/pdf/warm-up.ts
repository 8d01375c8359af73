/**
 * A one-page PDF read and drawn off screen once pdf.js is loaded ahead of a first open: the
 * engine compiles a function when it first runs, so a first PDF paid for compiling pdf.js's
 * parser, its page interpreter and its text layer code on its way to page 1 (~0.3–0.4 s on two
 * busy cores) — this pays it before the click. The document is destroyed after; the worker stays.
 */
type Lib = typeof import('pdfjs-dist');
type Options = Omit<Parameters<Lib['getDocument']>[0] & object, 'data' | 'url' | 'range'>;

/** One page, one line of Helvetica (pdf.js's standard-font path, as most PDFs made without embedding take). */
function onePagePdf(): Uint8Array {
  const text = 'BT /F1 12 Tf 72 720 Td (Lectern) Tj ET';
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

/** Reads, draws and lays out the text of a one-page PDF with the options a book is read with, nothing shown; failures are of no matter (the open does it all anyway). */
export async function warmUp(lib: Lib, options: Options): Promise<void> {
  const task = lib.getDocument({ ...options, data: onePagePdf() });
  try {
    const page = await (await task.promise).getPage(1);
    const viewport = page.getViewport({ scale: 0.25 });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    await page.render({ canvas, viewport }).promise;
    canvas.width = canvas.height = 0;
    await new lib.TextLayer({ textContentSource: page.streamTextContent(), container: document.createElement('div'), viewport }).render();
  } catch {
    // Nothing to undo: the real open reads its own document.
  } finally {
    await task.destroy();
  }
}
