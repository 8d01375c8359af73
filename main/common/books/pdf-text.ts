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

/**
 * For each boundary between UTF-16 units of an item's string (0…str.length), its offset in the
 * page text, given where the item starts there (`pdfPageText`'s range start): a selection's end
 * inside a text-layer span becomes a page offset, and back. A boundary in a whitespace run sits
 * after the last visible character, as the collapsed text has it.
 */
export function itemBoundaries(str: string, start: number): number[] {
  const out: number[] = [];
  let at = start;
  let seen = false;
  let pending = false;
  for (const ch of str) {
    const space = /\s/.test(ch);
    if (!space && seen && pending) at += 1;
    for (let k = 0; k < ch.length; k++) out.push(space ? at : at + k);
    if (space) pending = seen;
    else {
      at += ch.length;
      seen = true;
      pending = false;
    }
  }
  out.push(at);
  return out;
}
