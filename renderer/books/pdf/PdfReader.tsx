/**
 * Placeholder until the PDF reader lands (renderer/books/pdf/PdfReader.tsx, exporting
 * `PdfReader(props: BookReaderProps)`): while this is null, a PDF opens in the article reader
 * as its interim text view (components/Reader.tsx).
 */
import type { ComponentType } from 'react';
import type { BookReaderProps } from '../types';

export const PdfReader: ComponentType<BookReaderProps> | null = null;
