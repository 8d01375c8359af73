/** Markdown: rendered with marked (raw HTML in it is sanitized like any page); the first heading is the title. */
import { marked } from 'marked';
import type { Extracted } from './draft';
import { baseName } from './draft';

export function parseMarkdown(text: string, fileName: string): Extracted {
  const heading = /^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$/m.exec(text);
  const title = heading ? heading[1]!.replace(/[*_`]/g, '') : baseName(fileName);
  const html = marked.parse(text, { async: false, gfm: true });
  return {
    source: { kind: 'file', name: fileName, intro: null },
    articles: [{ title, html }],
  };
}
