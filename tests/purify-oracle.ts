/**
 * The import sanitizer as it was: DOMPurify on jsdom with SANITIZE_POLICY, links made
 * noopener and target-less, a leading heading repeating the title dropped. The tests hold
 * main/node/import/sanitize.ts (parse5, no DOM) to this output byte for byte.
 */
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { canonicalText } from '../main/common/canonical-text';
import { SANITIZE_POLICY } from '../main/common/sanitize-policy';
import type { SanitizedHtml } from '../main/node/import/draft';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function purifyOnJsdom(): (dirty: string, title: string) => SanitizedHtml {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  if (!purify.isSupported) throw new Error('DOMPurify is not supported on jsdom');
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.setAttribute('rel', 'noopener noreferrer');
      node.removeAttribute('target');
    }
  });
  const document = window.document as unknown as Document;
  return (dirty, title) => {
    const fragment = purify.sanitize(dirty, { ...SANITIZE_POLICY, RETURN_DOM_FRAGMENT: true });
    const container = document.createElement('div');
    // DOMPurify returns nothing for a document without a body (a frameset).
    if (fragment) container.appendChild(fragment);
    const first = container.firstElementChild;
    if (first && /^H[12]$/.test(first.nodeName) && squash(first.textContent ?? '') === squash(title)) first.remove();
    return { html: container.innerHTML.trim(), text: canonicalText(container) };
  };
}
