/** Defence in depth: article HTML was sanitized on import and is sanitized again before display. */
import DOMPurify from 'dompurify';

export function safeArticleHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'class', 'id', 'srcset'],
  });
}
