/**
 * Bytes of a file → text, refusing what is not text. Order matters: size and emptiness first
 * (cheap), then known binary signatures, then the encoding: BOM, a declared HTML charset,
 * UTF-8, and windows-1252 as browsers do for undeclared legacy pages.
 */
import { tooLargeReason } from '../../common/sizes';
import { ImportError } from './errors';

const SIGNATURES: [string, number[]][] = [
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['an executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['an executable', [0x4d, 0x5a]],
  ['a SQLite database', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65]],
];

export function checkSize(size: number): void {
  if (size === 0) throw new ImportError('the file is empty');
  const tooLarge = tooLargeReason(size);
  if (tooLarge) throw new ImportError(tooLarge);
}

/** `charset`: what an HTTP Content-Type header said; it wins over the page's own declaration. */
export function decodeText(bytes: Uint8Array, opts: { html: boolean; charset?: string | null }): string {
  checkSize(bytes.length);
  for (const [what, sig] of SIGNATURES) {
    if (sig.every((b, i) => bytes[i] === b)) {
      throw new ImportError(`this is ${what}, not HTML, Markdown or text`);
    }
  }
  const bom = bomEncoding(bytes);
  if (bom) return new TextDecoder(bom).decode(bytes);
  if (looksBinary(bytes)) throw new ImportError('this is a binary file, not HTML, Markdown or text');

  const declared = opts.charset ?? (opts.html ? declaredCharset(bytes) : null);
  if (declared) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(declared);
    } catch {
      throw new ImportError(`the page declares the unknown character encoding "${declared}"`);
    }
    return decoder.decode(bytes);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * A book by its first bytes, whatever its name: a PDF header, or the EPUB signature (a ZIP
 * whose first entry is the stored "mimetype" file), which an export's ZIP never has.
 */
export function sniffedBook(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 58)).toString('latin1');
  return head.startsWith('%PDF-') || (head.startsWith('PK\x03\x04') && head.slice(30) === 'mimetypeapplication/epub+zip');
}

/** A file's text, refused when there is none. */
export function decodeFile(bytes: Uint8Array, opts: { html: boolean }): string {
  const text = decodeText(bytes, opts);
  if (!text.trim()) throw new ImportError('the file holds only whitespace');
  return text;
}

function bomEncoding(b: Uint8Array): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** NUL bytes or many control characters in the first 8 KB: text files have neither. */
function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return control / n > 0.05;
}

/** `<meta charset>` or `http-equiv` Content-Type in the first 2 KB, as the HTML spec's prescan. */
function declaredCharset(b: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 2048));
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([^\s"';]+)/i.exec(head);
  return m ? m[1]!.trim().toLowerCase() : null;
}
