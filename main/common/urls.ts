/**
 * Links from articles are untrusted. Only web and mail links leave the app, and only
 * through the system browser; `javascript:`, `file:`, `data:` and custom schemes never do.
 */
const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export function externalUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!EXTERNAL_SCHEMES.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  if (url.username || url.password) return null;
  return url;
}
