/** One entry for book files: the format is told by the bytes (a ZIP or %PDF), not the name. */
import { ImportError } from '../import/errors';
import type { BookDraft } from './book-draft';
import { readEpub } from './epub';
import { readPdf } from './pdf';

export function bookKind(bytes: Uint8Array): 'epub' | 'pdf' | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.startsWith('PK\x03\x04')) return 'epub';
  // The PDF header may follow some junk within the first 1024 bytes (as pdf.js and Acrobat allow).
  if (head.includes('%PDF-')) return 'pdf';
  return null;
}

export async function readBook(bytes: Uint8Array, file: string, options: { password?: string } = {}): Promise<BookDraft> {
  switch (bookKind(bytes)) {
    case 'epub':
      return readEpub(bytes, file);
    case 'pdf':
      return readPdf(bytes, file, options);
    default:
      throw new ImportError(`${file} is neither an EPUB nor a PDF`);
  }
}
