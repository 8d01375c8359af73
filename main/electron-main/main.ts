/**
 * Electron entry. Opens the library (`--library DIR`, LECTERN_LIBRARY, the folder chosen in
 * Settings, else userData), seeds it on first run, and wires the window, menus, protocol and
 * IPC to the plain-Node services. A library that cannot be opened gets a recovery dialog; an
 * engine that cannot be loaded is told apart from it, and leaves the library alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, net, shell, type BrowserWindow } from 'electron';
import { ipcEvent } from '../common/bridge';
import type { EventMap, EventName } from '../common/contract';
import { SUPPORTED_EXTENSIONS } from '../node/import/sources';
import { Runs } from '../node/ipc/runs';
import { readAppConfig, writeAppConfig } from '../node/library/app-config';
import { seedOnFirstRun } from '../node/library/first-run';
import { createHandlers, type FileChoice } from '../node/library/handlers';
import { OpenedFiles } from '../node/library/opened-files';
import { LIBRARY_FILE, resolveLibraryDir, takeLibraryFlag } from '../node/library/paths';
import { isNativeModuleFailure, nativeModuleAdvice } from '../node/library/native-module';
import { LibrarySession } from '../node/library/session';
import { listBackups, restoreLibrary, setAside } from '../node/library/safety';
import { registerIpc } from './ipc';
import { importablePaths, LaunchQueue, secondLaunchPaths, type LaunchData } from './launch-paths';
import { buildMenu } from './menu';
import { scheduleBackgroundReading } from '../node/feeds/schedule';
import { handleProtocol, registerSchemeAsPrivileged } from './protocol';
import { startUpdater } from './updater';
import { createMainWindow } from './window';

// The bundle is dist/main/main.cjs; the app root holds dist/ and assets/.
const root = path.resolve(__dirname, '..', '..');
const args = () => process.argv.slice(app.isPackaged ? 1 : 2);
/** Variables for development and tests; a packaged app takes neither its profile nor native code from the environment. */
const devEnv = (name: string): string | undefined => (app.isPackaged ? undefined : process.env[name] || undefined);

/** Files from the command line, a second launch or the OS, imported once the window has loaded. */
const launches = new LaunchQueue();
let mainWindow: BrowserWindow | null = null;

if (process.argv.includes('--version')) {
  printVersion();
} else {
  // Before the lock: the lock lives in userData, so each test profile has its own.
  const userData = devEnv('LECTERN_USER_DATA');
  if (userData) app.setPath('userData', path.resolve(userData));
  const launch: LaunchData = { args: args(), workingDirectory: process.cwd() };
  if (!app.requestSingleInstanceLock(launch)) {
    app.quit();
  } else {
    // Both events can come before `ready` (macOS sends open-file for the file that launched the app).
    app.on('open-file', (event, file) => {
      event.preventDefault();
      launches.add(importablePaths([file], process.cwd()));
    });
    app.on('second-instance', (_event, _argv, _workingDirectory, additionalData) => {
      if (mainWindow && !mainWindow.isDestroyed()) {
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.focus();
      }
      launches.add(secondLaunchPaths(additionalData));
    });
    registerSchemeAsPrivileged();
    app.whenReady().then(start).catch(failedToStart);
  }
}

/**
 * On Windows the app is a GUI program: Electron attaches it to the console it was started from,
 * but process.stdout is asynchronous there and exiting right away loses the line. A synchronous
 * write is out before the exit on every system.
 */
function printVersion(): void {
  try {
    fs.writeSync(1, `Lectern ${app.getVersion()}\n`);
  } catch {
    // No console and no redirection (started from a shortcut): there is nowhere to print.
  }
  app.exit(0);
}

/** Anything that stops start-up is said in a dialog; the app does not linger without a window. */
function failedToStart(err: unknown): void {
  console.error('[lectern] start-up failed:', err);
  dialog.showErrorBox('Lectern could not start', err instanceof Error ? (err.stack ?? err.message) : String(err));
  app.exit(1);
}

async function openSession(dir: string): Promise<LibrarySession | null> {
  const options = { nativeBinding: devEnv('LECTERN_SQLITE_BINDING') };
  for (;;) {
    try {
      return new LibrarySession(dir, options);
    } catch (err) {
      if (isNativeModuleFailure(err)) {
        // Not the library's fault: nothing offered here touches it.
        await dialog.showMessageBox({ type: 'error', title: 'Lectern cannot start', ...nativeModuleAdvice(err as Error), buttons: ['Quit'] });
        return null;
      }
      const backups = listBackups(dir);
      const latest = backups[0];
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: 'Lectern cannot open your library',
        message: 'Lectern cannot open your library.',
        detail: `${path.join(dir, LIBRARY_FILE)}\n${(err as Error).message}\n\n` +
          (latest ? `The latest backup is from ${new Date(latest.savedAt).toLocaleString()}. ` : 'No backup was found beside it. ') +
          'Whatever you choose, the damaged file is kept.',
        buttons: [...(latest ? ['Restore the latest backup'] : []), 'Start a new, empty library', 'Quit'],
        defaultId: 0,
        cancelId: latest ? 2 : 1,
      });
      const choice = latest ? response : response + 1;
      if (choice === 0) restoreLibrary(dir, latest!.file);
      else if (choice === 1) setAside(dir, 'damaged');
      else return null;
    }
  }
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const { dir, rest } = takeLibraryFlag(args());
  launches.add(importablePaths(rest, process.cwd()));
  const libraryDir = resolveLibraryDir(dir, process.env, readAppConfig(userData).libraryDir ?? userData);
  const session = await openSession(libraryDir);
  if (!session) return app.quit();
  await seedOnFirstRun(session.library, path.join(root, 'assets'));

  handleProtocol(path.join(root, 'dist', 'renderer'), () => session.library.dir);
  const win = createMainWindow(path.join(root, 'dist', 'preload', 'preload.cjs'), () => session.library.settings);
  mainWindow = win;
  const emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
    if (!win.isDestroyed()) win.webContents.send(ipcEvent(event), payload);
  };
  const choosePath = async (kind: FileChoice, suggestedName?: string): Promise<string | null> => {
    if (kind === 'save-backup' || kind === 'save-annotations' || kind === 'save-opml') {
      const ext = suggestedName ? path.extname(suggestedName).slice(1) : 'sqlite';
      const r = await dialog.showSaveDialog(win, kind === 'save-backup'
        ? { title: 'Back up library', defaultPath: suggestedName, filters: [{ name: 'Lectern library', extensions: ['sqlite'] }] }
        : { title: kind === 'save-opml' ? 'Export subscriptions' : 'Export annotations', defaultPath: suggestedName, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] });
      return r.canceled || !r.filePath ? null : r.filePath;
    }
    const r = await dialog.showOpenDialog(win, kind === 'open-backup'
      ? { title: 'Restore a library backup', properties: ['openFile'], filters: [{ name: 'Lectern library', extensions: ['sqlite', 'bak'] }] }
      : kind === 'open-annotations'
        ? { title: 'Import annotations', properties: ['openFile'], filters: [{ name: 'Web Annotation JSON-LD', extensions: ['jsonld', 'json'] }] }
        : kind === 'open-opml'
        ? { title: 'Import subscriptions', properties: ['openFile'], filters: [{ name: 'OPML', extensions: ['opml', 'xml'] }] }
        : { title: 'Choose a folder for the library', properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
  const runs = new Runs(emit);
  const opened = new OpenedFiles(session, runs, emit);
  registerIpc(
    createHandlers(
      session,
      {
        // The handler passes only URLs that externalUrl accepted (http, https, mailto).
        openExternal: (url) => shell.openExternal(url.toString()), // eng-disable OPEN_EXTERNAL_JS_CHECK
        emit,
        choosePath,
        rememberLibraryDir: (d) => writeAppConfig(userData, { libraryDir: d }),
      },
      runs,
      opened,
    ),
    emit,
  );

  const importPaths = async (paths: string[]) => {
    try {
      await opened.open(paths);
    } catch (err) {
      console.error('[lectern] import failed:', err);
    }
  };
  const importFromDialog = async () => {
    const chosen = await dialog.showOpenDialog(win, {
      title: 'Import into Lectern',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Articles and books', extensions: SUPPORTED_EXTENSIONS.map((e) => e.slice(1)) }],
    });
    if (!chosen.canceled) await importPaths(chosen.filePaths);
  };
  app.setAboutPanelOptions({ applicationName: 'Lectern', applicationVersion: app.getVersion(), copyright: 'A local-first reader' });
  buildMenu((command) => emit('menuCommand', command), { import: () => void importFromDialog() });

  win.webContents.once('did-finish-load', () => launches.open((paths) => void importPaths(paths)));
  const stopReading = scheduleBackgroundReading(session, () => emit('libraryChanged', { reason: 'import' }), () => net.isOnline());
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // The library closes once what runs on it has ended (a sync round, its connection): then quit again.
    event.preventDefault();
    stopReading();
    void session.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  startUpdater();
}
