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

export function handleProtocol(rendererDir: string, libraryDir: () => string): void {
  protocol.handle('lectern', async (request) => {
    const url = new URL(request.url);
    let file: string | null = null;
    if (url.host === 'app') {
      const candidate = path.normalize(path.join(rendererDir, decodeURIComponent(url.pathname)));
      file = candidate.startsWith(rendererDir + path.sep) ? candidate : null;
    } else if (url.host === 'asset') {
      file = assetFile(libraryDir(), decodeURIComponent(url.pathname.slice(1)));
    }
    if (!file) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
