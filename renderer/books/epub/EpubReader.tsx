/**
 * Placeholder until the EPUB reader lands: while this is null, an EPUB opens in the article
 * reader as its interim text view (components/Reader.tsx).
 */
import type { ComponentType } from 'react';
import type { BookReaderProps } from '../types';

export const EpubReader: ComponentType<BookReaderProps> | null = null;
