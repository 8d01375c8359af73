/**
 * The reader of a book, by its kind: EPUB (epub/EpubReader.tsx, foliate-js) or PDF
 * (pdf/PdfReader.tsx, pdf.js). A kind whose reader is not there opens in the article reader.
 */
import type { ComponentType } from 'react';
import type { ArticleSummary } from '../../main/common/contract';
import { EpubReader } from './epub/EpubReader';
import { PdfReader } from './pdf/PdfReader';
import type { BookReaderProps } from './types';

const READERS: Record<Exclude<ArticleSummary['kind'], 'article'>, ComponentType<BookReaderProps> | null> = { epub: EpubReader, pdf: PdfReader };

export const hasBookReader = (kind: ArticleSummary['kind']): boolean => kind !== 'article' && READERS[kind] !== null;

export function BookReader(props: BookReaderProps) {
  const Shown = props.article.kind === 'article' ? null : READERS[props.article.kind];
  // Keyed by the book: a reader holds one book's rendering and state from open to close.
  return Shown ? <Shown key={props.article.id} {...props} /> : null;
}
