/**
 * Where a library lives. `--library DIR` beats `LECTERN_LIBRARY`, which beats the default:
 * Electron's userData folder for the app ("Lectern" under the OS's app-data folder), computed
 * the same way here so the CLI finds the app's library without Electron.
 */
import os from 'node:os';
import path from 'node:path';

export const LIBRARY_FILE = 'library.sqlite';
export const APP_NAME = 'Lectern';

export function defaultUserDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** Finds `--library DIR` (or `--library=DIR`) in argv; returns the dir and argv without it. */
export function takeLibraryFlag(argv: string[]): { dir: string | null; rest: string[] } {
  const rest: string[] = [];
  let dir: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--library') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error('--library needs a folder');
      dir = value;
      i++;
    } else if (a.startsWith('--library=')) {
      dir = a.slice('--library='.length);
    } else {
      rest.push(a);
    }
  }
  return { dir, rest };
}

export function resolveLibraryDir(flag: string | null, env: NodeJS.ProcessEnv, fallback: string): string {
  return path.resolve(flag ?? (env.LECTERN_LIBRARY || fallback));
}
