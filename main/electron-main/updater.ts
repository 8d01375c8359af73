/**
 * Updates through electron-updater, only in a packaged app built with a publish target
 * (electron-builder then ships app-update.yml beside the app); otherwise nothing runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';

export function startUpdater(): void {
  if (!app.isPackaged || !fs.existsSync(path.join(process.resourcesPath, 'app-update.yml'))) return;
  void import('electron-updater')
    .then(({ autoUpdater }) => autoUpdater.checkForUpdatesAndNotify())
    .catch((err: Error) => console.warn(`[lectern] update check failed: ${err.message}`));
}
