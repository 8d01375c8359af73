/**
 * Defence in depth: article HTML was sanitized on import and is sanitized again before display.
 * Display also drops image sources outside the library (the CSP would block them anyway): a
 * reader makes no request to the network, not even one the browser refuses.
 */
import DOMPurify from 'dompurify';
import { SANITIZE_POLICY } from '../main/common/sanitize-policy';

const LIBRARY_IMAGE = /^(lectern:\/\/asset\/|data:image\/(png|jpe?g|gif|webp|avif);)/i;
/** The app serves library images as lectern://asset/; the browser harness, over HTTP, as /asset/. */
const ASSET_BASE = location.protocol === 'lectern:' ? 'lectern://asset/' : '/asset/';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName !== 'IMG') return;
  const src = node.getAttribute('src') ?? '';
  if (!LIBRARY_IMAGE.test(src)) {
    node.removeAttribute('src');
    node.setAttribute('class', 'missing');
  } else if (src.startsWith('lectern://asset/')) {
    node.setAttribute('src', ASSET_BASE + src.slice('lectern://asset/'.length));
  }
});

/**
 * As nodes, not as a string: the reader inserts them as they are, so the body is not serialized
 * here and parsed again by innerHTML (and no reparse can read the markup differently from the
 * sanitizer).
 */
const AS_FRAGMENT = { ...SANITIZE_POLICY, RETURN_DOM_FRAGMENT: true } as const;

export function safeArticleFragment(html: string): DocumentFragment {
  return DOMPurify.sanitize(html, AS_FRAGMENT);
}
