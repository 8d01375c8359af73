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

export function safeArticleHtml(html: string): string {
  return DOMPurify.sanitize(html, SANITIZE_POLICY);
}
