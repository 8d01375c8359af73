/**
 * `lectern://app/…` serves the built renderer with each page's CSP header; `lectern://asset/…`
 * serves the images and books' original files kept in the library, typed by their extension and
 * sandboxed. Nothing else is reachable through the scheme.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { ASSET_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY, policyFor } from '../node/security/csp';
import { assetFile, assetType } from '../node/library/assets';
import { readFilePart } from '../node/library/byte-range';
import { APP_ORIGIN } from './web-preferences';

export function registerSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: book.html (lectern://app) fetches a book's original from lectern://asset, another origin.
    { scheme: 'lectern', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/** Every answer of the scheme carries the CSP, errors included: a page is a page whatever its status. */
function withPolicy(body: BodyInit | null, init: ResponseInit, policy = CONTENT_SECURITY_POLICY): Response {
  const headers = new Headers(init.headers);
  headers.set('content-security-policy', policy);
  headers.set('x-content-type-options', 'nosniff');
  return new Response(body, { status: init.status, headers });
}

function fileFor(url: URL, rendererDir: string, libraryDir: () => string): string | null {
  if (url.host === 'app') {
    const candidate = path.normalize(path.join(rendererDir, decodeURIComponent(url.pathname)));
    return candidate.startsWith(rendererDir + path.sep) ? candidate : null;
  }
  if (url.host === 'asset') return assetFile(libraryDir(), decodeURIComponent(url.pathname.slice(1)));
  return null;
}

export function handleProtocol(rendererDir: string, libraryDir: () => string): void {
  protocol.handle('lectern', async (request) => {
    try {
      const url = new URL(request.url);
      const file = fileFor(url, rendererDir, libraryDir);
      if (file && url.host === 'asset') {
        // By parts when asked (byte-range.ts): pdf.js reads a long PDF a range at a time.
        const part = await readFilePart(file, request.headers.get('range') ?? undefined);
        const headers = new Headers(part.headers);
        headers.set('content-type', assetType(file));
        headers.set('access-control-allow-origin', APP_ORIGIN);
        // The app reads these across origins (lectern://app → lectern://asset) to tell a range from the whole.
        headers.set('access-control-expose-headers', 'accept-ranges, content-range, content-length');
        const body = part.body && (Readable.toWeb(part.body) as ReadableStream<Uint8Array>);
        return withPolicy(body, { status: part.status, headers }, ASSET_CONTENT_SECURITY_POLICY);
      }
      if (file) {
        const res = await net.fetch(pathToFileURL(file).toString());
        return withPolicy(res.body, { status: res.status, headers: res.headers }, policyFor(url.pathname));
      }
    } catch {
      // A malformed escape in the path, or a file that is not there (net.fetch and stat reject): not found.
    }
    return withPolicy('not found', { status: 404 });
  });
}
