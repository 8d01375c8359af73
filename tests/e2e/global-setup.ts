import { electronBinary } from '../../scripts/electron-native.mjs';

export default function globalSetup(): void {
  const electron = electronBinary();
  if (electron.binary) {
    console.log(`[e2e] Electron project: running against ${electron.binary}`);
  } else {
    console.log(`[e2e] Electron project NOT RUN: ${electron.reason}. Only the Chromium (harness) project runs here; desktop.spec.ts (second launch, --version, window options) needs Electron and did not run.`);
  }
}
