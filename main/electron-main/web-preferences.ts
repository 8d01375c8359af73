/**
 * The security baseline of the one window (Electron's security checklist). Kept in a file of
 * its own, with no Electron value import, so tests under plain Node can assert it.
 */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
    // Middle-click would open links outside the navigation guards.
    disableBlinkFeatures: 'Auxclick',
  };
}

/** The renderer is served from here; IPC from any other origin is refused. */
export const APP_ORIGIN = 'lectern://app';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Only the app's own pages may be navigated to; everything else is refused. (Node's URL gives
 * custom schemes an opaque "null" origin, so scheme and host are compared instead.)
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'lectern:' && u.host === 'app' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** IPC is answered only for the app's main frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl);
}

/** The one permission the app uses, and only for its own pages. */
export function isGranted(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}
