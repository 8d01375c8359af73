/**
 * Updates through electron-updater, only in a packaged app built with a publish target
 * (electron-builder then ships app-update.yml beside the app); otherwise nothing runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';

export function startUpdater(): void {
  if (!app.isPackaged || !fs.existsSync(path.join(process.resourcesPath, 'app-update.yml'))) return;
  // electron-updater is CommonJS and defines `autoUpdater` as a getter, which Node's named-export
  // detection does not see: only the default export (module.exports) has it.
  void import('electron-updater')
    .then(({ default: updater }) => updater.autoUpdater.checkForUpdatesAndNotify())
    .catch((err: unknown) => console.error('[lectern] update check failed:', err));
}
