/**
 * The news digest format: entries of a title line, a blank line and one paragraph ending in
 * `[more..]`. Paragraphs before the first entry are the digest's introduction: it is kept on
 * the source and shown with each of its articles, never dropped. A stray paragraph between
 * entries stays with the entry before it.
 */
import type { Extracted } from './draft';
import { splitParagraphs } from './draft';

const MORE = /\s*\[more\s*(?:\.{2,3}|…)\]\s*$/i;
const HAS_MORE = /\[more\s*(?:\.{2,3}|…)\]/i;
const MAX_TITLE = 300;

interface Entry {
  title: string;
  paragraphs: string[];
}

export function parseDigest(text: string, fileName: string): Extracted | null {
  // Most text files are not digests: one scan for the marker spares splitting them twice.
  if (!HAS_MORE.test(text)) return null;
  const blocks = splitParagraphs(text);
  const intro: string[] = [];
  const entries: Entry[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const next = blocks[i + 1];
    const isTitle = !block.includes('\n') && block.length <= MAX_TITLE && !MORE.test(block) && next !== undefined && MORE.test(next);
    if (isTitle) {
      entries.push({ title: block, paragraphs: [next!.replace(MORE, '')] });
      i++;
    } else if (entries.length === 0) {
      intro.push(block);
    } else {
      entries[entries.length - 1]!.paragraphs.push(block.replace(MORE, ''));
    }
  }
  if (entries.length === 0) return null;
  return {
    source: { kind: 'digest', name: fileName, intro: intro.length ? intro.join('\n\n') : null },
    articles: entries.map((e) => ({ title: e.title, paragraphs: e.paragraphs })),
  };
}
