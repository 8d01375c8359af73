/**
 * Mozilla Readability on a linkedom document, without two costs that linkedom makes large and
 * that change nothing in what it returns (tests/unit/readability-linkedom.test.ts holds the
 * result to stock Readability's):
 * - Readability finds elements by tag with `querySelectorAll`, which on linkedom compiles a CSS
 *   selector (css-select) at each of its hundreds of calls a page; for one tag name,
 *   `getElementsByTagName` gives the same list, in the same order, for a fraction of the cost
 *   (linkedom's walks into a <template>'s content where its querySelectorAll does not).
 * - Before its first pass Readability serializes the whole body, to restore it if the pass finds
 *   too little text and it tries again with looser rules, which 3 of Readability's 87 test pages
 *   need. Here the first try skips that copy; a page that asks for the restore is read again
 *   from a fresh document by a try that keeps it.
 */
import { Readability } from '@mozilla/readability';

type Article = ReturnType<Readability['parse']>;

/** What Readability's `querySelectorAll(tagNames.join(','))` gives, on linkedom. */
export function elementsByTag(node: Element | Document, tagNames: string[]): ArrayLike<Element> {
  // Upper case: linkedom matches it against every element of that name, those Readability makes
  // as `createElement('DIV')` included, which keep that case and which lower case misses.
  if (tagNames.length === 1) return node.getElementsByTagName(tagNames[0]!.toUpperCase());
  return node.querySelectorAll(tagNames.join(','));
}

class LinkedomReadability extends Readability {
  _getAllNodesWithTag(node: Element | Document, tagNames: string[]): ArrayLike<Element> {
    return elementsByTag(node, tagNames);
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
