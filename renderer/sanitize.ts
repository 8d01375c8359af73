/**
 * Defence in depth: article HTML was sanitized on import and is sanitized again before display.
 * Display also drops image sources outside the library (the CSP would block them anyway): a
 * reader makes no request to the network, not even one the browser refuses.
 */
import DOMPurify from 'dompurify';
import { SANITIZE_POLICY } from '../main/common/sanitize-policy';

const LIBRARY_IMAGE = /^(lectern:|data:image\/(png|jpe?g|gif|webp|avif);)/i;

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'IMG' && !LIBRARY_IMAGE.test(node.getAttribute('src') ?? '')) {
    node.removeAttribute('src');
    node.setAttribute('class', 'missing');
  }
});

export function safeArticleHtml(html: string): string {
  return DOMPurify.sanitize(html, SANITIZE_POLICY);
}
