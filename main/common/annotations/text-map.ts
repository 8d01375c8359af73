/**
 * Between offsets in an article's canonical text and places in its DOM. The canonical text
 * (canonical-text.ts) keeps every visible character but collapses whitespace and separates
 * blocks, so the two are aligned on their non-whitespace characters, which appear in both in
 * the same order. Runs on any DOM: Chromium in the reader, jsdom in the tests.
 */
import { SKIPPED_ELEMENTS } from '../canonical-text';

const SPACE = /\s/;

export class TextMap {
  /** The text nodes, in document order. */
  readonly nodes: Text[] = [];
  /** For each node, the canonical offset of each of its characters (-1 for whitespace). */
  private readonly offsets: Int32Array[] = [];
  /** For each canonical offset of a non-whitespace character: its node and offset there. */
  private readonly nodeOf: Int32Array;
  private readonly offsetIn: Int32Array;

  constructor(root: Node, readonly text: string) {
    this.nodeOf = new Int32Array(text.length).fill(-1);
    this.offsetIn = new Int32Array(text.length).fill(-1);
    let cursor = 0;
    const walk = (node: Node) => {
      if (node.nodeType === 3) {
        const value = node.nodeValue ?? '';
        const map = new Int32Array(value.length).fill(-1);
        const index = this.nodes.length;
        for (let i = 0; i < value.length; i++) {
          if (SPACE.test(value[i]!)) continue;
          while (cursor < text.length && SPACE.test(text[cursor]!)) cursor++;
          if (cursor >= text.length || text[cursor] !== value[i]) continue; // text from another rendering: left unmapped
          map[i] = cursor;
          this.nodeOf[cursor] = index;
          this.offsetIn[cursor] = i;
          cursor++;
        }
        this.nodes.push(node as Text);
        this.offsets.push(map);
        return;
      }
      if (node.nodeType === 1 && SKIPPED_ELEMENTS.has(node.nodeName.toUpperCase())) return;
      for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
    };
    walk(root);
  }

  /** A DOM range over `text[start, end)`, or null when none of it is on the page. */
  toRange(start: number, end: number, doc: Document): Range | null {
    let first = start;
    while (first < end && this.nodeOf[first] === -1) first++;
    let last = end - 1;
    while (last >= first && this.nodeOf[last] === -1) last--;
    if (first >= end || last < first) return null;
    const range = doc.createRange();
    range.setStart(this.nodes[this.nodeOf[first]!]!, this.offsetIn[first]!);
    range.setEnd(this.nodes[this.nodeOf[last]!]!, this.offsetIn[last]! + 1);
    return range;
  }

  /** The canonical offsets a DOM range covers, or null when it covers no mapped character. */
  fromRange(range: Range): { start: number; end: number } | null {
    let start = -1;
    let end = -1;
    for (let n = 0; n < this.nodes.length; n++) {
      const node = this.nodes[n]!;
      if (!range.intersectsNode(node)) continue;
      const map = this.offsets[n]!;
      const from = node === range.startContainer ? range.startOffset : 0;
      const to = node === range.endContainer ? range.endOffset : map.length;
      for (let i = from; i < to; i++) {
        if (map[i] === -1) continue;
        if (start === -1) start = map[i]!;
        end = map[i]! + 1;
      }
    }
    return start === -1 ? null : { start, end };
  }

  /** The canonical offset at a DOM point (a click), or null. */
  offsetAtPoint(node: Node, offset: number): number | null {
    const n = this.nodes.indexOf(node as Text);
    if (n === -1) return null;
    const map = this.offsets[n]!;
    for (let i = Math.min(offset, map.length - 1); i >= 0; i--) if (map[i] !== -1) return map[i]!;
    return null;
  }
}
