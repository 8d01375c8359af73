/**
 * The one setting that cannot live in a library: which library to open. Kept as JSON in the
 * app's own folder; `--library` and LECTERN_LIBRARY still win over it.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface AppConfig {
  libraryDir?: string;
}

export function readAppConfig(userDataDir: string): AppConfig {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(userDataDir, 'lectern.json'), 'utf8')) as unknown;
    return value && typeof value === 'object' && typeof (value as AppConfig).libraryDir === 'string' ? { libraryDir: (value as AppConfig).libraryDir } : {};
  } catch {
    return {};
  }
}

export function writeAppConfig(userDataDir: string, config: AppConfig): void {
  fs.mkdirSync(userDataDir, { recursive: true });
  const file = path.join(userDataDir, 'lectern.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(config, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
