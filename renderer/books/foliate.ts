/**
 * The one door to foliate-js (pinned at 1.0.1: its API is not stable). A book is built from its
 * bytes here, with fflate, rather than by foliate's makeBook, which would pull its own zip
 * library; only the EPUB reader and its view are used.
 */
import { unzipSync } from 'fflate';
import { EPUB, type FoliateBook, type FoliateTocItem } from 'foliate-js/epub.js';
import { Overlayer, type Draw } from 'foliate-js/overlayer.js';
import 'foliate-js/view.js';

export type { FoliateBook, FoliateTocItem };
export const drawHighlight: Draw = Overlayer.highlight;
export const drawOutline: Draw = Overlayer.outline;

/** What a range resolved from a CFI gives: the spine index and the range in that section's document. */
export interface Resolved {
  index: number;
  anchor: (doc: Document) => Range;
}

/** The `<foliate-view>` element, as far as Lectern drives it. */
export interface FoliateView extends HTMLElement {
  book: FoliateBook;
  isFixedLayout: boolean;
  renderer: HTMLElement & {
    setStyles(css: string): void;
    getContents(): { doc: Document; index: number }[];
    next(): Promise<void>;
    prev(): Promise<void>;
  };
  open(book: FoliateBook): Promise<void>;
  init(options: { lastLocation?: string | null; showTextStart?: boolean }): Promise<void>;
  goTo(target: string | number): Promise<Resolved | undefined>;
  next(): Promise<void>;
  prev(): Promise<void>;
  getCFI(index: number, range?: Range): string;
  resolveCFI(cfi: string): Resolved;
  addAnnotation(annotation: { value: string }, remove?: boolean): Promise<{ index: number; label: string } | undefined>;
  deleteAnnotation(annotation: { value: string }): Promise<unknown>;
  close(): void;
}

/** An EPUB from its bytes: every entry unzipped once, read by name as the book asks. */
export async function epubFromBytes(bytes: Uint8Array): Promise<FoliateBook> {
  const files = unzipSync(bytes);
  const decoder = new TextDecoder();
  return new EPUB({
    loadText: (name) => (files[name] ? decoder.decode(files[name]) : null),
    loadBlob: (name, type) => (files[name] ? new Blob([files[name] as Uint8Array<ArrayBuffer>], type ? { type } : {}) : null),
    getSize: (name) => files[name]?.length ?? 0,
  }).init();
}

export function createView(doc: Document): FoliateView {
  return doc.createElement('foliate-view') as FoliateView;
}
