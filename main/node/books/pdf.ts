/**
 * A PDF under Node with pdf.js (its legacy build, which runs on Node 20 and Electron's Node):
 * the text of each page and the metadata, and nothing active: a PDF's JavaScript runs only in
 * pdf.js's scripting sandbox (pdf.sandbox.mjs), which is never loaded here; pdf.js 6 has no
 * eval path left (the `isEvalSupported` option is gone) and actions are only read, never followed.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pdfPageText } from '../../common/books/pdf-text';
import { tooLargeReason } from '../../common/sizes';
import { ImportError } from '../import/errors';
import { baseName } from '../import/draft';
import { joinSections, original, type BookDraft } from './book-draft';
import { BookPasswordError } from './errors';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

/** pdf.js 6 uses Promise.withResolvers, which Node 20 lacks (Node 22 and Electron have it). */
function loadPdfJs(): Promise<PdfJs> {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= function withResolvers<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/**
 * pdf.js's data folders: Adobe's character maps (CJK PDFs without embedded ones need them for
 * their text) and the standard fonts (whose tables map a non-embedded font's glyphs to letters).
 */
function pdfJsDir(name: 'cmaps' | 'standard_fonts'): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), name) + path.sep;
}

export async function readPdf(bytes: Uint8Array, file: string, options: { password?: string } = {}): Promise<BookDraft> {
  const tooLarge = tooLargeReason(bytes.length);
  if (tooLarge) throw new ImportError(`${file}: ${tooLarge}`);
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    // pdf.js transfers (detaches) the buffer it is given, so it gets a copy; a plain Uint8Array
    // even when given a Buffer (a file read from disk), which pdf.js refuses.
    data: new Uint8Array(bytes),
    password: options.password,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    cMapUrl: pdfJsDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: pdfJsDir('standard_fonts'),
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy();
    if (err instanceof lib.PasswordException) throw new BookPasswordError(file, err.code === lib.PasswordResponses.INCORRECT_PASSWORD);
    throw new ImportError(`${file} is not a readable PDF (${(err as Error).message})`);
  }
  try {
    const labels = await doc.getPageLabels().catch(() => null);
    const parts = [];
    for (let n = 1; n <= doc.numPages; n++) {
      parts.push({ page: n, label: labels?.[n - 1]?.trim() || String(n), text: await pageText(doc, n) });
    }
    const { text, sections } = joinSections(parts);
    const meta = await metadata(doc);
    return {
      kind: 'pdf',
      title: meta.title ?? baseName(file),
      author: meta.author,
      lang: meta.lang,
      publisher: null,
      identifier: null,
      text,
      sections,
      original: original(bytes, 'pdf'),
    };
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${file} is not a readable PDF (${(err as Error).message})`);
  } finally {
    await task.destroy();
  }
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

async function pageText(doc: PdfDocument, n: number): Promise<string> {
  const page = await doc.getPage(n);
  try {
    const content = await page.getTextContent();
    return pdfPageText(content.items.filter((item) => 'str' in item)).text;
  } finally {
    page.cleanup();
  }
}

/** The title from XMP first, as pdf.js's viewer does, then the info dictionary. */
async function metadata(doc: PdfDocument): Promise<{ title: string | null; author: string | null; lang: string | null }> {
  const { info, metadata: xmp } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
  const dict = info as Record<string, unknown>;
  const pick = (...values: unknown[]) => {
    for (const v of values) {
      const s = (Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '').replace(/\s+/g, ' ').trim();
      if (s) return s;
    }
    return null;
  };
  return {
    title: pick(xmp?.get('dc:title'), dict.Title),
    // The info dictionary's Author first: some producers write junk into XMP's dc:creator ("ARRAY(0x…)").
    author: pick(dict.Author, xmp?.get('dc:creator')),
    lang: pick(dict.Language, xmp?.get('dc:language')),
  };
}
