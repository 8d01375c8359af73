/**
 * `lectern://app/…` serves the built renderer with the CSP header; `lectern://asset/…` serves
 * images kept in the library. Nothing else is reachable through the scheme.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../node/security/csp';
import { assetFile } from '../node/library/assets';

export function registerSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'lectern', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Every answer of the scheme carries the CSP, errors included: a page is a page whatever its status. */
function withPolicy(body: BodyInit | null, init: ResponseInit): Response {
  const headers = new Headers(init.headers);
  headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
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
      const file = fileFor(new URL(request.url), rendererDir, libraryDir);
      if (file) {
        const res = await net.fetch(pathToFileURL(file).toString());
        return withPolicy(res.body, { status: res.status, headers: res.headers });
      }
    } catch {
      // A malformed escape in the path, or a file that is not there (net.fetch rejects): not found.
    }
    return withPolicy('not found', { status: 404 });
  });
}
