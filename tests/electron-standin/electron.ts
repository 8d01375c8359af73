/**
 * A recording stand-in for the `electron` module, for running the built main bundle under plain
 * Node. Each export is checked against Electron's own declarations (`satisfies` / `implements`
 * a pick of the real types), so a change in Electron's API breaks the typecheck here rather than
 * passing silently. It records what the glue asks of Electron; app-process.ts drives the events.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  App,
  BaseWindow,
  BrowserWindow as RealBrowserWindow,
  BrowserWindowConstructorOptions,
  CustomScheme,
  Dialog,
  IpcMain,
  Menu as RealMenu,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  MessageBoxReturnValue,
  Net,
  OpenDialogOptions,
  OpenDialogReturnValue,
  Protocol,
  SaveDialogOptions,
  SaveDialogReturnValue,
  Screen,
  Session,
  Shell,
  WebContents,
} from 'electron';

/** What the app under test was asked to do, in a form that survives JSON. */
export interface Recording {
  /** Chronological: `listen <event>`, `ready`, `setPath <name>`, `requestSingleInstanceLock`, `quit`, `exit <code>`. */
  log: string[];
  lockData: unknown;
  paths: Record<string, string>;
  windows: { options: BrowserWindowConstructorOptions; url: string | null }[];
  privilegedSchemes: CustomScheme[];
  handledSchemes: string[];
  dialogs: { kind: 'messageBox' | 'errorBox' | 'open' | 'save'; options: unknown }[];
  /** The application menu's structure: roles and labels, no click handlers. */
  menu: MenuShape[] | null;
  sent: { channel: string; payload: unknown }[];
  ipcChannels: string[];
  openedExternally: string[];
  exitCode: number | null;
}

export interface MenuShape {
  role?: string;
  label?: string;
  type?: string;
  accelerator?: string;
  submenu?: MenuShape[];
}

/** What differs between scenarios: the system, packaging, and the answers dialogs get. */
export interface StandinConfig {
  isPackaged: boolean;
  version: string;
  /** Electron's appData; userData defaults to appData/Lectern as Electron derives it from productName. */
  appData: string;
  /** Answers for showMessageBox, in order; when they run out, the box is cancelled (cancelId). */
  messageBoxResponses: number[];
  /** Called when the app exits, with the recording (app-process.ts writes it out). */
  onExit: (code: number) => void;
}

export const recording: Recording = {
  log: [],
  lockData: null,
  paths: {},
  windows: [],
  privilegedSchemes: [],
  handledSchemes: [],
  dialogs: [],
  menu: null,
  sent: [],
  ipcChannels: [],
  openedExternally: [],
  exitCode: null,
};

let config: StandinConfig = {
  isPackaged: false,
  version: '0.0.0',
  appData: '/nonexistent',
  messageBoxResponses: [],
  onExit: (code) => process.exit(code),
};

export function configure(c: StandinConfig): void {
  config = c;
  app.isPackaged = c.isPackaged;
}

// ---- app ----

class StandinApp extends EventEmitter implements Pick<App, 'whenReady' | 'isReady' | 'quit' | 'exit' | 'getPath' | 'setPath' | 'getVersion' | 'requestSingleInstanceLock' | 'setAboutPanelOptions' | 'showAboutPanel' | 'isPackaged'> {
  isPackaged = false;
  private ready = false;
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;

  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }

  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    recording.log.push(`listen ${String(event)}`);
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override once(event: string | symbol, listener: (...args: never[]) => void): this {
    recording.log.push(`listen ${String(event)}`);
    return super.once(event, listener as (...args: unknown[]) => void);
  }

  /** Driven by the test: Electron's `ready`. */
  becomeReady(): void {
    recording.log.push('ready');
    this.ready = true;
    this.emit('ready', { preventDefault() {} }, {});
    this.resolveReady();
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  isReady(): boolean {
    return this.ready;
  }

  quit(): void {
    recording.log.push('quit');
    // As in Electron: quitting is asynchronous and says will-quit before the process ends.
    setImmediate(() => {
      this.emit('will-quit', { preventDefault() {} });
      this.exit(0);
    });
  }

  exit(exitCode = 0): void {
    recording.log.push(`exit ${exitCode}`);
    recording.exitCode = exitCode;
    config.onExit(exitCode);
  }

  getPath(name: Parameters<App['getPath']>[0]): string {
    if (recording.paths[name]) return recording.paths[name]!;
    if (name === 'appData') return config.appData;
    if (name === 'userData') return path.join(config.appData, 'Lectern');
    return path.join(config.appData, name);
  }

  setPath(name: string, value: string): void {
    recording.log.push(`setPath ${name}`);
    recording.paths[name] = value;
  }

  getVersion(): string {
    return config.version;
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    recording.log.push('requestSingleInstanceLock');
    recording.lockData = additionalData ?? null;
    return true;
  }

  setAboutPanelOptions(): void {}
  showAboutPanel(): void {}
}

export const app = new StandinApp();

// ---- windows ----

class StandinSession implements Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> {
  requestHandler: Parameters<Session['setPermissionRequestHandler']>[0] = null;
  checkHandler: Parameters<Session['setPermissionCheckHandler']>[0] = null;

  setPermissionRequestHandler(handler: Parameters<Session['setPermissionRequestHandler']>[0]): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: Parameters<Session['setPermissionCheckHandler']>[0]): void {
    this.checkHandler = handler;
  }
}

class StandinWebContents extends EventEmitter implements Pick<WebContents, 'send' | 'setWindowOpenHandler'> {
  readonly session = new StandinSession();
  windowOpenHandler: Parameters<WebContents['setWindowOpenHandler']>[0] | null = null;

  send(channel: string, ...args: unknown[]): void {
    recording.sent.push({ channel, payload: args[0] });
  }

  setWindowOpenHandler(handler: Parameters<WebContents['setWindowOpenHandler']>[0]): void {
    this.windowOpenHandler = handler;
  }
}

export const windows: StandinBrowserWindow[] = [];

export class StandinBrowserWindow extends EventEmitter
  implements Pick<RealBrowserWindow, 'loadURL' | 'isDestroyed' | 'isMinimized' | 'restore' | 'focus' | 'show' | 'maximize' | 'isMaximized' | 'getNormalBounds'> {
  readonly webContents = new StandinWebContents();
  private readonly index: number;

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    this.index = recording.windows.push({ options: JSON.parse(JSON.stringify(options)) as BrowserWindowConstructorOptions, url: null }) - 1;
    windows.push(this);
  }

  loadURL(url: string): Promise<void> {
    recording.windows[this.index]!.url = url;
    return Promise.resolve();
  }

  isDestroyed(): boolean {
    return false;
  }

  isMinimized(): boolean {
    return false;
  }

  restore(): void {
    recording.log.push('window restore');
  }

  focus(): void {
    recording.log.push('window focus');
  }

  show(): void {}
  maximize(): void {}

  isMaximized(): boolean {
    return false;
  }

  getNormalBounds(): Electron.Rectangle {
    return { x: 0, y: 0, width: 1280, height: 820 };
  }
}
export { StandinBrowserWindow as BrowserWindow };

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] as ReturnType<Screen['getAllDisplays']>,
} satisfies Pick<Screen, 'getAllDisplays'>;

// ---- dialogs, menus, shell ----

function messageBox(a: BaseWindow | MessageBoxOptions, b?: MessageBoxOptions): Promise<MessageBoxReturnValue> {
  const options = (b ?? a) as MessageBoxOptions;
  recording.dialogs.push({ kind: 'messageBox', options });
  const response = config.messageBoxResponses.shift() ?? options.cancelId ?? 0;
  return Promise.resolve({ response, checkboxChecked: false });
}

export const dialog = {
  showMessageBox: messageBox,
  showErrorBox: (title: string, content: string) => void recording.dialogs.push({ kind: 'errorBox', options: { title, content } }),
  showOpenDialog: (a: BaseWindow | OpenDialogOptions, b?: OpenDialogOptions): Promise<OpenDialogReturnValue> => {
    recording.dialogs.push({ kind: 'open', options: b ?? a });
    return Promise.resolve({ canceled: true, filePaths: [] });
  },
  showSaveDialog: (a: BaseWindow | SaveDialogOptions, b?: SaveDialogOptions): Promise<SaveDialogReturnValue> => {
    recording.dialogs.push({ kind: 'save', options: b ?? a });
    return Promise.resolve({ canceled: true, filePath: '' });
  },
} satisfies Pick<Dialog, 'showMessageBox' | 'showErrorBox' | 'showOpenDialog' | 'showSaveDialog'>;

function menuShape(items: MenuItemConstructorOptions[]): MenuShape[] {
  return items.map(({ role, label, type, accelerator, submenu }) => ({
    ...(role && { role }),
    ...(label && { label }),
    ...(type && { type }),
    ...(accelerator && { accelerator }),
    ...(Array.isArray(submenu) && { submenu: menuShape(submenu) }),
  }));
}

class StandinMenu {
  constructor(readonly shape: MenuShape[]) {}
}

export const Menu = {
  buildFromTemplate: (template: MenuItemConstructorOptions[]) => new StandinMenu(menuShape(template)) as unknown as RealMenu,
  setApplicationMenu: (menu: RealMenu | null) => void (recording.menu = menu ? (menu as unknown as StandinMenu).shape : null),
} satisfies Pick<typeof RealMenu, 'buildFromTemplate' | 'setApplicationMenu'>;

export const shell = {
  openExternal: (url: string) => Promise.resolve(void recording.openedExternally.push(url)),
} satisfies Pick<Shell, 'openExternal'>;

// ---- IPC, protocol, network ----

export const ipcMain = {
  handle: (channel: string) => void recording.ipcChannels.push(channel),
} satisfies Pick<IpcMain, 'handle'>;

export const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();

export const protocol = {
  registerSchemesAsPrivileged: (schemes: CustomScheme[]) => void recording.privilegedSchemes.push(...schemes),
  handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
    recording.handledSchemes.push(scheme);
    protocolHandlers.set(scheme, handler);
  },
} satisfies Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };

export const net = {
  /** Only file: URLs, as the glue uses it; a missing file rejects, as Electron's net::ERR_FILE_NOT_FOUND does. */
  fetch: async (input: string | Request): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    if (url.protocol !== 'file:') throw new Error(`the stand-in net.fetch reads only file: URLs, not ${url.protocol}`);
    const file = decodeURIComponent(url.pathname);
    const bytes = await fs.promises.readFile(file).catch(() => {
      throw new Error(`net::ERR_FILE_NOT_FOUND ${pathToFileURL(file).href}`);
    });
    return new Response(bytes, { status: 200, headers: { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' } });
  },
  isOnline: () => false,
} satisfies Pick<Net, 'fetch' | 'isOnline'>;
