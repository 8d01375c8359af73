/**
 * A PDF page's canonical text from pdf.js's text items, the same at import (Node) and in the
 * reader (Chromium), where each text-layer span is one item: one line per line pdf.js reports,
 * whitespace runs collapsed to one space, empty lines dropped — so pages stay apart by blank
 * lines only. Each item's range in that text lets a selection in the text layer become offsets.
 */
export interface PdfTextItem {
  str: string;
  hasEOL?: boolean;
}

export function pdfPageText(items: readonly PdfTextItem[]): { text: string; ranges: { start: number; end: number }[] } {
  let text = '';
  // What separates the next visible character from the text so far: nothing, a space or a line break.
  let pending: '' | ' ' | '\n' = '';
  const ranges: { start: number; end: number }[] = [];
  for (const item of items) {
    let start = -1;
    for (const ch of item.str) {
      if (/\s/.test(ch)) {
        if (text && !pending) pending = ' ';
        continue;
      }
      if (text && pending) text += pending;
      pending = '';
      if (start < 0) start = text.length;
      text += ch;
    }
    if (item.hasEOL && text) pending = '\n';
    ranges.push(start < 0 ? { start: text.length, end: text.length } : { start, end: text.length });
  }
  return { text, ranges };
}
