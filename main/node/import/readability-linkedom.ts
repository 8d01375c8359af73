/**
 * Mozilla Readability on a linkedom document, without two costs that linkedom makes large and
 * that change nothing in what it returns (tests/unit/readability-linkedom.test.ts holds the
 * result to stock Readability's):
 * - Readability finds elements by tag with `querySelectorAll`, which on linkedom compiles a CSS
 *   selector (css-select) at each of its hundreds of calls a page; a walk over linkedom's
 *   document list gives the same elements, in the same order, for a fraction of the cost.
 * - Before its first pass Readability serializes the whole body, to restore it if the pass finds
 *   too little text and it tries again with looser rules, which 3 of Readability's 87 test pages
 *   need. Here the first try skips that copy; a page that asks for the restore is read again
 *   from a fresh document by a try that keeps it.
 * - For each element it visits, Readability takes the whole text under it (linkedom builds it
 *   anew at each call) to ask whether it is a byline — before the cheap tests that say no to
 *   nearly all — and whether it is empty. Here the byline's text is taken only once the cheap
 *   tests pass, and emptiness stops at the first text that is not blank.
 * - To ask whether an element is hidden, Readability reads its `style`, which linkedom builds on
 *   first use (a Proxy over a Map, registered in a WeakMap) even for the many elements without
 *   a style attribute, whose every property reads as ''. Those skip it.
 */
import { Readability } from '@mozilla/readability';
import { listKeys, type Linked } from './linkedom-patch';

type Article = ReturnType<Readability['parse']>;

/** Readability's lists of tag names, each as the set of both cases of its names. */
const tagSets = new Map<string, Set<string>>();

function tagSet(tagNames: string[]): Set<string> {
  const key = tagNames.join(',');
  let tags = tagSets.get(key);
  // Both cases: the parser gives lower-case names, and Readability makes elements as
  // `createElement('DIV')`, which keep their upper case on linkedom; a selector matches either.
  if (!tags) tagSets.set(key, (tags = new Set(tagNames.flatMap((t) => [t.toLowerCase(), t.toUpperCase()]))));
  return tags;
}

/** What Readability's `querySelectorAll(tagNames.join(','))` gives on linkedom: the same elements, in the same order. */
export function elementsByTag(node: Element | Document, tagNames: string[]): ArrayLike<Element> {
  const keys = listKeys(node);
  if (!keys) return node.querySelectorAll(tagNames.join(','));
  const tags = tagSet(tagNames);
  const found: Element[] = [];
  const { next: NEXT, end: END } = keys;
  const end = (node as unknown as Linked)[END];
  for (let at = (node as unknown as Linked)[NEXT]!; at !== end; at = at[NEXT]!) {
    if (at.nodeType !== 1) continue;
    if (tags.has(at.localName)) found.push(at as unknown as Element);
    // As linkedom's querySelectorAll: a <template>'s content is not searched.
    if (at.localName === 'template') at = at[END]!;
  }
  return found;
}

const NOT_BLANK = /\S/;

/** Whether `node.textContent.trim()` would be empty (`\s` is what trim removes), without building that text. */
export function hasNoText(node: Element): boolean {
  const keys = listKeys(node);
  if (!keys) return !node.textContent!.trim();
  const { next: NEXT, end: END } = keys;
  const end = (node as unknown as Linked)[END];
  for (let at = (node as unknown as Linked)[NEXT]!; at !== end; at = at[NEXT]!) {
    // As linkedom's textContent: text and CDATA sections.
    if ((at.nodeType === 3 || at.nodeType === 4) && NOT_BLANK.test((at as unknown as Node).textContent!)) return false;
  }
  return true;
}

interface ReadabilityInternals {
  ELEMENT_NODE: number;
  REGEXPS: { byline: RegExp };
  _isProbablyVisible(node: Element): boolean;
}

const stockVisible = (Readability.prototype as unknown as ReadabilityInternals)._isProbablyVisible;

class LinkedomReadability extends Readability {
  _getAllNodesWithTag(node: Element | Document, tagNames: string[]): ArrayLike<Element> {
    return elementsByTag(node, tagNames);
  }

  /** Readability's own test, its text taken last. */
  _isValidByline(node: Element, matchString: string): boolean {
    const rel = node.getAttribute('rel');
    const itemprop = node.getAttribute('itemprop');
    if (!(rel === 'author' || itemprop?.includes('author') || (this as unknown as ReadabilityInternals).REGEXPS.byline.test(matchString))) return false;
    const bylineLength = node.textContent!.trim().length;
    return !!bylineLength && bylineLength < 100;
  }

  /** Readability's own test; without a style attribute, `style.display` and `style.visibility` read as ''. */
  _isProbablyVisible(node: Element): boolean {
    if (node.hasAttribute('style')) return stockVisible.call(this, node);
    return (
      !node.hasAttribute('hidden') &&
      // Wikimedia's math images are hidden from screen readers but shown: kept, as Readability keeps them.
      (!node.hasAttribute('aria-hidden') || node.getAttribute('aria-hidden') !== 'true' || !!node.className?.includes?.('fallback-image'))
    );
  }

  /** Readability's own test, its emptiness found without building the text. */
  _isElementWithoutContent(node: Element): boolean {
    return (
      node.nodeType === (this as unknown as ReadabilityInternals).ELEMENT_NODE &&
      hasNoText(node) &&
      (!node.children.length || node.children.length === node.getElementsByTagName('br').length + node.getElementsByTagName('hr').length)
    );
  }
}

const RESTORE_ASKED = Symbol('restore asked');

/**
 * The article Readability finds in `doc`, and the document it was found in: `doc` (taken apart
 * as Readability reads), or one `reread()` gave when the page needed a restore.
 */
export function readArticle(doc: Document, reread: () => Document, options: { charThreshold: number }): { article: Article; doc: Document } {
  const body = doc.body as (HTMLElement & object) | null;
  if (body) {
    Object.defineProperty(body, 'innerHTML', {
      configurable: true,
      get: () => '',
      set: () => {
        throw RESTORE_ASKED;
      },
    });
  }
  try {
    return { article: new LinkedomReadability(doc, options).parse(), doc };
  } catch (err) {
    if (err !== RESTORE_ASKED) throw err;
  } finally {
    if (body) Reflect.deleteProperty(body, 'innerHTML');
  }
  const again = reread();
  return { article: new LinkedomReadability(again, options).parse(), doc: again };
}
