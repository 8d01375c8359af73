// better-sqlite3 is a native addon and Node and Electron need different builds of it. The Node
// build stays in node_modules (tests, CLI, harness); the Electron build is made once per Electron
// version into .electron-native/ and handed to the app through LECTERN_SQLITE_BINDING, so
// `npm start` and `npm test` work in either order without rebuilding each time.
// Packaged apps need none of this: electron-builder rebuilds node_modules for Electron.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary, or why there is none. */
export function electronBinary() {
  try {
    const binary = require('electron');
    if (typeof binary === 'string' && fs.existsSync(binary)) return { binary };
    return { reason: `Electron's binary is missing at ${binary}` };
  } catch (err) {
    return { reason: `Electron's binary is not installed (${String(err.message).split('\n')[0]})` };
  }
}

export function ensureElectronSqlite() {
  const version = require('electron/package.json').version;
  const dir = path.join(root, '.electron-native', `electron-${version}-${process.platform}-${process.arch}`);
  const binding = path.join(dir, 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;

  console.log(`Building better-sqlite3 for Electron ${version} (once per Electron version)…`);
  const work = path.join(root, '.electron-native', 'work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), work, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
  });
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit' });
  try {
    run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`]);
  } catch {
    run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', 'node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${version}`, '--dist-url=https://electronjs.org/headers']);
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), binding);
  fs.rmSync(work, { recursive: true, force: true });
  return binding;
}
