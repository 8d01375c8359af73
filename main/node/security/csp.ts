/**
 * The renderer's Content-Security-Policy, sent with every renderer file by Electron's protocol
 * handler and by the harness. Scripts come only from the app itself, nothing loads from the
 * network, and article markup cannot bring styles, frames, forms or plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: lectern:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
