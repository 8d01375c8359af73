/** Plain text: a short first line is the title, the rest are paragraphs. */
import type { Extracted } from './draft';
import { baseName, splitParagraphs } from './draft';

export function parsePlainText(text: string, fileName: string): Extracted {
  const paragraphs = splitParagraphs(text);
  const first = paragraphs[0];
  const hasTitleLine = first !== undefined && !first.includes('\n') && first.length <= 120 && paragraphs.length > 1;
  const title = hasTitleLine ? first : baseName(fileName);
  const body = hasTitleLine ? paragraphs.slice(1) : paragraphs;
  return {
    source: { kind: 'file', name: fileName, intro: null },
    articles: [{ title, paragraphs: body }],
  };
}
