// `npm start`: the app in Electron, on the built bundles, with the Electron build of better-sqlite3.
import { spawn } from 'node:child_process';
import { electronBinary, ensureElectronSqlite, root } from './electron-native.mjs';

const electron = electronBinary();
if (!electron.binary) {
  console.error(`Lectern cannot start: ${electron.reason}.
Electron downloads its binary when installed; that step was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD)
or had no network. On a machine with network run:  node node_modules/electron/install.js
Without Electron, \`npm run harness\` serves the same app in your browser on 127.0.0.1.`);
  process.exit(1);
}
const binding = ensureElectronSqlite();
const child = spawn(electron.binary, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, LECTERN_SQLITE_BINDING: binding },
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
