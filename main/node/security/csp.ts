/**
 * The renderer's Content-Security-Policies, sent with every renderer file by Electron's protocol
 * handler and by the harness (and repeated in each page's meta tag, which tests keep equal).
 * Scripts come only from the app itself and nothing loads from the network.
 */
const policy = (directives: string[]) => directives.join('; ');

/**
 * The app page: article markup cannot bring styles, frames, forms or plugins; the one frame is book.html.
 * The PDF reader runs here: it fetches the original from lectern://asset and runs pdf.js's worker from the app.
 */
export const CONTENT_SECURITY_POLICY = policy([
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: lectern:",
  "font-src 'self'",
  "connect-src 'self' lectern:",
  "worker-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
]);

/**
 * book.html, the frame an EPUB renders in. foliate-js shows each chapter as a blob: document in
 * an iframe, and a blob: document inherits this policy: the book's own styles, fonts and images
 * (all blob: or data:) apply, while its scripts — inline, `src`, handlers, `javascript:` — never
 * run ('self' matches no blob: URL), and no http(s) source is listed, so a book makes no request.
 * The original file is fetched from the library (lectern://asset, or the harness's /asset/).
 */
export const BOOK_CONTENT_SECURITY_POLICY = policy([
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' blob:",
  "img-src 'self' blob: data:",
  "font-src 'self' blob: data:",
  "media-src blob:",
  "connect-src 'self' lectern:",
  "frame-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "object-src 'none'",
]);

/** A file kept in the library (an image, a book's original) is data, never a document of its own. */
export const ASSET_CONTENT_SECURITY_POLICY = 'sandbox';

/** The policy of a renderer file, by its path under the renderer's folder. */
export function policyFor(pathname: string): string {
  return /(^|\/)book\.html$/.test(pathname) ? BOOK_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
}
