import { electronBinary, ensureElectronSqlite } from '../../scripts/electron-native.mjs';

/**
 * Runs once, before any worker: the Electron build of better-sqlite3 is made here (never by two
 * workers at once) and handed to every Electron launch through LECTERN_SQLITE_BINDING, which
 * Playwright passes on to the workers.
 */
export default function globalSetup(): void {
  const electron = electronBinary();
  if (electron.binary) {
    process.env.LECTERN_SQLITE_BINDING = ensureElectronSqlite();
    console.log(`[e2e] Electron project: running against ${electron.binary}`);
  } else {
    console.log(`[e2e] Electron project NOT RUN: ${electron.reason}. Only the Chromium (harness) project runs here; desktop.spec.ts (second launch, --version, window options) needs Electron and did not run.`);
  }
}
