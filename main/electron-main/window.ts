/**
 * The one window: security options, navigation guards, and its size and position remembered
 * in the library's settings.
 */
import { BrowserWindow, screen, shell, type Rectangle } from 'electron';
import { externalUrl } from '../common/urls';
import type { SettingsStore } from '../node/store/articles';
import { APP_ENTRY, isAppUrl, isGranted, secureWebPreferences } from './web-preferences';

interface WindowState extends Partial<Rectangle> {
  maximized?: boolean;
}
const KEY = 'window';

function savedState(settings: SettingsStore): WindowState {
  try {
    const state = JSON.parse(settings.get(KEY) ?? '{}') as WindowState;
    const { x, y, width, height } = state;
    if (x === undefined || y === undefined || !width || !height) return { maximized: state.maximized };
    // Only restore a position that is still on a connected screen.
    const visible = screen.getAllDisplays().some(({ workArea: a }) =>
      x < a.x + a.width && x + width > a.x && y < a.y + a.height && y + height > a.y);
    return visible ? state : { width, height, maximized: state.maximized };
  } catch {
    return {};
  }
}

export function createMainWindow(preload: string, settings: () => SettingsStore): BrowserWindow {
  const state = savedState(settings());
  // webPreferences come from secureWebPreferences (context isolation, sandbox, no Node, Auxclick
  // off), asserted by tests/unit/security.test.ts and, in Electron, desktop.spec.ts.
  const win = new BrowserWindow({ // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    width: state.width ?? 1280,
    height: state.height ?? 820,
    x: state.x,
    y: state.y,
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Lectern',
    backgroundColor: '#f7f4ee',
    webPreferences: secureWebPreferences(preload),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const remember = () => {
    if (win.isDestroyed()) return;
    settings().set(KEY, JSON.stringify({ ...win.getNormalBounds(), maximized: win.isMaximized() }));
  };
  win.on('close', remember);

  win.webContents.setWindowOpenHandler(({ url }) => {
    const safe = externalUrl(url);
    if (safe) void shell.openExternal(safe.toString()); // eng-disable OPEN_EXTERNAL_JS_CHECK (validated above)
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  // "Copy quote" writes to the clipboard; every other permission is refused, to every origin.
  const { session } = win.webContents;
  session.setPermissionRequestHandler((_wc, permission, callback, details) => callback(isGranted(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => isGranted(permission, requestingOrigin));

  void win.loadURL(APP_ENTRY);
  return win;
}
