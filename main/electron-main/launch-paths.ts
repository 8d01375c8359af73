/**
 * Files handed to Lectern by a launch: on the command line, by a second launch, or by the OS
 * (macOS "Open With", a Linux desktop entry's `%U`, which passes `file://` URIs). No Electron
 * value import, so tests under plain Node can drive it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPPORTED_EXTENSIONS } from '../node/import/sources';

/** What a second launch hands the running app through `requestSingleInstanceLock`. */
export interface LaunchData {
  /** The second launch's own arguments, without the executable (and app path). */
  args: string[];
  /** Relative paths in `args` are relative to this folder. */
  workingDirectory: string;
}

/** The absolute paths of the importable files among `args`, which may be paths or `file://` URIs. */
export function importablePaths(args: readonly string[], workingDirectory: string, exists = fs.existsSync): string[] {
  const paths: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    let file: string;
    try {
      file = /^file:/i.test(arg) ? fileURLToPath(arg) : path.resolve(workingDirectory, arg);
    } catch {
      continue; // a file: URI with a host, or not a path at all
    }
    if (SUPPORTED_EXTENSIONS.includes(path.extname(file).toLowerCase()) && exists(file)) paths.push(file);
  }
  return paths;
}

/**
 * The files a second launch asked to open. Its `additionalData` is used rather than Electron's
 * `argv`, which may be reordered or extended by Chromium; data from anything else (an older
 * Lectern, another user's launch) opens nothing.
 */
export function secondLaunchPaths(additionalData: unknown, exists = fs.existsSync): string[] {
  const data = additionalData as Partial<LaunchData> | null | undefined;
  if (!data || !Array.isArray(data.args) || typeof data.workingDirectory !== 'string') return [];
  const args = data.args.filter((a): a is string => typeof a === 'string');
  return importablePaths(args, data.workingDirectory, exists);
}

/**
 * Holds launch files until the window has loaded (they can arrive before `ready`), then hands
 * them on as they come.
 */
export class LaunchQueue {
  private pending: string[] = [];
  private deliver: ((paths: string[]) => void) | null = null;

  add(paths: string[]): void {
    if (paths.length === 0) return;
    if (this.deliver) this.deliver(paths);
    else this.pending.push(...paths);
  }

  open(deliver: (paths: string[]) => void): void {
    this.deliver = deliver;
    const waiting = this.pending;
    this.pending = [];
    if (waiting.length) deliver(waiting);
  }
}
