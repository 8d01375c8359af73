/**
 * Electron entry. Opens the library (`--library DIR`, LECTERN_LIBRARY, the folder chosen in
 * Settings, else userData), seeds it on first run, and wires the window, menus, protocol and
 * IPC to the plain-Node services. A library that cannot be opened gets a recovery dialog.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, net, shell } from 'electron';
import { ipcEvent } from '../common/bridge';
import type { EventMap, EventName } from '../common/contract';
import { SUPPORTED_EXTENSIONS } from '../node/import/sources';
import { Runs } from '../node/ipc/runs';
import { readAppConfig, writeAppConfig } from '../node/library/app-config';
import { seedOnFirstRun } from '../node/library/first-run';
import { createHandlers, type FileChoice } from '../node/library/handlers';
import { LIBRARY_FILE, resolveLibraryDir, takeLibraryFlag } from '../node/library/paths';
import { LibrarySession } from '../node/library/session';
import { listBackups, restoreLibrary, setAside } from '../node/library/safety';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';
import { scheduleBackgroundReading } from '../node/feeds/schedule';
import { handleProtocol, registerSchemeAsPrivileged } from './protocol';
import { startUpdater } from './updater';
import { createMainWindow } from './window';

// The bundle is dist/main/main.cjs; the app root holds dist/ and assets/.
const root = path.resolve(__dirname, '..', '..');
const args = () => process.argv.slice(app.isPackaged ? 1 : 2);

if (process.argv.includes('--version')) {
  process.stdout.write(`Lectern ${app.getVersion()}\n`);
  app.exit(0);
} else if (!app.requestSingleInstanceLock({ argv: process.argv })) {
  app.quit();
} else {
  registerSchemeAsPrivileged();
  void app.whenReady().then(start);
}

/** Files named on the command line or handed over by the OS, that Lectern can import. */
function importablePaths(argv: string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && SUPPORTED_EXTENSIONS.includes(path.extname(a).toLowerCase()) && fs.existsSync(a));
}

async function openSession(dir: string): Promise<LibrarySession | null> {
  const options = { nativeBinding: process.env.LECTERN_SQLITE_BINDING || undefined };
  for (;;) {
    try {
      return new LibrarySession(dir, options);
    } catch (err) {
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
  const { dir } = takeLibraryFlag(args());
  const libraryDir = resolveLibraryDir(dir, process.env, readAppConfig(userData).libraryDir ?? userData);
  const session = await openSession(libraryDir);
  if (!session) return app.quit();
  await seedOnFirstRun(session.library, path.join(root, 'assets'));

  handleProtocol(path.join(root, 'dist', 'renderer'), () => session.library.dir);
  const win = createMainWindow(path.join(root, 'dist', 'preload', 'preload.cjs'), () => session.library.settings);
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
    ),
    emit,
  );

  const importPaths = async (paths: string[]) => {
    if (paths.length === 0) return;
    emit('importFinished', await runs.start('importProgress', (signal, onProgress) => session.library.importer.importPaths(paths, { signal, onProgress })));
  };
  const importFromDialog = async () => {
    const chosen = await dialog.showOpenDialog(win, {
      title: 'Import into Lectern',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Articles', extensions: SUPPORTED_EXTENSIONS.map((e) => e.slice(1)) }],
    });
    if (!chosen.canceled) await importPaths(chosen.filePaths);
  };
  app.setAboutPanelOptions({ applicationName: 'Lectern', applicationVersion: app.getVersion(), copyright: 'A local-first reader' });
  buildMenu((command) => emit('menuCommand', command), () => void importFromDialog());

  // Files given at start, by a second launch, or by the OS (macOS "Open With") are imported.
  win.webContents.once('did-finish-load', () => void importPaths(importablePaths(args())));
  app.on('second-instance', (_event, argv) => {
    if (win.isMinimized()) win.restore();
    win.focus();
    void importPaths(importablePaths(argv.slice(1)));
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void importPaths(importablePaths([file]));
  });
  const stopReading = scheduleBackgroundReading(session, () => emit('libraryChanged', { reason: 'import' }), () => net.isOnline());
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    stopReading();
    session.close();
  });
  startUpdater();
}
