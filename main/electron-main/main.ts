/**
 * Electron entry. Opens the library (userData, or `--library DIR` / LECTERN_LIBRARY), seeds it
 * on first run, and wires the window, menus, protocol and IPC to the plain-Node services.
 */
import path from 'node:path';
import { app, dialog, shell } from 'electron';
import { ipcEvent } from '../common/bridge';
import type { EventMap, EventName } from '../common/contract';
import { readItemsFromPaths, SUPPORTED_EXTENSIONS } from '../node/import/import-service';
import { seedOnFirstRun } from '../node/library/first-run';
import { createHandlers } from '../node/library/handlers';
import { Library } from '../node/library/library';
import { resolveLibraryDir, takeLibraryFlag } from '../node/library/paths';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';
import { handleProtocol, registerSchemeAsPrivileged } from './protocol';
import { createMainWindow } from './window';

// The bundle is dist/main/main.cjs; the app root holds dist/ and assets/.
const root = path.resolve(__dirname, '..', '..');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemeAsPrivileged();
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const { dir } = takeLibraryFlag(process.argv.slice(app.isPackaged ? 1 : 2));
  const libraryDir = resolveLibraryDir(dir, process.env, app.getPath('userData'));
  const library = Library.open(libraryDir, { nativeBinding: process.env.LECTERN_SQLITE_BINDING || undefined });
  await seedOnFirstRun(library, path.join(root, 'assets'));

  handleProtocol(path.join(root, 'dist', 'renderer'), libraryDir);
  const win = createMainWindow(path.join(root, 'dist', 'preload', 'preload.cjs'), library.settings);
  const emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
    if (!win.isDestroyed()) win.webContents.send(ipcEvent(event), payload);
  };
  registerIpc(createHandlers(library, { openExternal: (url) => shell.openExternal(url.toString()), emit }));

  const importFromDialog = async () => {
    const chosen = await dialog.showOpenDialog(win, {
      title: 'Import into Lectern',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Articles', extensions: SUPPORTED_EXTENSIONS.map((e) => e.slice(1)) }],
    });
    if (chosen.canceled) return;
    const { items, failed } = readItemsFromPaths(chosen.filePaths);
    const report = await library.importer.importItems(items, { onProgress: (p) => emit('importProgress', p) });
    report.failed.unshift(...failed);
    emit('importFinished', report);
  };
  buildMenu((command) => emit('menuCommand', { command }), () => void importFromDialog());

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => library.close());
}
