/**
 * What a book reader (EPUB: epub/EpubReader.tsx, PDF: pdf/PdfReader.tsx) is given: the same as
 * the article reader (components/Reader.tsx), for an article that is a book.
 */
import type { Annotation, Article, Settings } from '../../main/common/contract';
import type { ReaderActions } from '../commands';
import type { JumpTo } from '../state/state';

export interface BookReaderProps {
  /** A book: `kind` 'epub' or 'pdf', its `original` among the assets, its `sections`, its `locator`. */
  article: Article;
  /** The book's annotations. */
  annotations: Annotation[];
  settings: Settings;
  /** Words to mark, from the search that opened the book; the first is shown. */
  marks: string[] | null;
  /** A place to show when the book opens: a place bookmark, or an annotation. */
  jumpTo: JumpTo | null;
  knownTags: string[];
  /** The tag field is open (the `t` key opens it). */
  tagEditing: boolean;
  /** Filled with what the reader's own commands (b, h, n, Ctrl/Cmd+F) do. */
  actions: React.RefObject<ReaderActions | null>;
}
