// better-sqlite3 is a native addon and Node and Electron need different builds of it. The Node
// build stays in node_modules (tests, CLI, harness); the Electron build is made once per Electron
// version into .electron-native/ and handed to the app through LECTERN_SQLITE_BINDING, so
// `npm start` and `npm test` work in either order without rebuilding each time (the end-to-end
// run builds it once, in Playwright's global setup, before any worker starts).
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

/**
 * How to run npx on `platform`. On Windows it is npx.cmd, which Node (since 20.12.2) refuses to
 * start without a shell; the arguments passed through it are plain words, so nothing needs quoting.
 */
export function npxCommand(platform = process.platform) {
  return platform === 'win32' ? { command: 'npx.cmd', shell: true } : { command: 'npx', shell: false };
}

export function ensureElectronSqlite() {
  const version = require('electron/package.json').version;
  const dir = path.join(root, '.electron-native', `electron-${version}-${process.platform}-${process.arch}`);
  const binding = path.join(dir, 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;

  console.log(`Building better-sqlite3 for Electron ${version} (once per Electron version)…`);
  fs.mkdirSync(path.join(root, '.electron-native'), { recursive: true });
  const work = fs.mkdtempSync(path.join(root, '.electron-native', 'work-'));
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), work, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
  });
  const run = (cmd, args, shell = false) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit', shell });
  try {
    run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`]);
  } catch {
    const npx = npxCommand();
    run(npx.command, ['--yes', 'node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${version}`, '--dist-url=https://electronjs.org/headers'], npx.shell);
  }
  fs.mkdirSync(dir, { recursive: true });
  // Copied then renamed, so a reader never sees half a binary.
  const partial = path.join(work, 'better_sqlite3.node.partial');
  fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), partial);
  fs.renameSync(partial, binding);
  fs.rmSync(work, { recursive: true, force: true });
  return binding;
}
