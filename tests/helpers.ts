/** Shared by the Node tests: real library files in fresh temp folders. */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Library } from '../main/node/library/library';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

/** The eight titled entries of assets/library/sample-news-digest.txt, in order. */
export const SAMPLE_DIGEST_TITLES = [
  'China key contributor to global human rights cause',
  'Chinese envoy calls for effective poverty reduction to facilitate human rights protection',
  'Stability and development underpin human rights protection',
  'Chinese, foreign social organizations discuss poverty alleviation',
  'Experts warn of anti-terrorism challenges amid COVID-19, calling for cooperation',
  'Webinar on poverty alleviation and human rights protection held',
  'Unilateral coercive measures could impact nearly all human rights, warns UN expert',
  'China holds webinar on Xinjiang’s population and human rights to rebut smears',
];

export function tempDir(prefix = 'lectern-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function fixture(name: string): { name: string; bytes: Uint8Array } {
  return { name, bytes: fs.readFileSync(path.join(FIXTURES, name)) };
}

export function openTempLibrary(): Library {
  return Library.open(tempDir());
}

/** Everything a user could lose, to compare before and after a failing operation. */
export function snapshot(library: Library): unknown {
  return {
    rows: library.db.prepare('SELECT * FROM articles JOIN article_bodies ON article_id = id ORDER BY id').all(),
    sources: library.db.prepare('SELECT * FROM sources ORDER BY id').all(),
    integrity: library.db.pragma('integrity_check', { simple: true }),
  };
}

/**
 * The `lectern` command as installed (`npm run build` makes it, and runs before the unit tests).
 * A bundle older than the sources would test yesterday's code: that fails here, by name.
 */
export function cliBundle(): string {
  const bundle = path.join(ROOT, 'dist/cli/lectern.cjs');
  const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
  const newer = (fs.readdirSync(path.join(ROOT, 'main'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .find((f) => fs.statSync(path.join(ROOT, 'main', f)).mtimeMs > built);
  if (!built || newer) throw new Error(`dist/cli/lectern.cjs is ${built ? `older than main/${newer}` : 'not built'}: run npm run build`);
  return bundle;
}

/**
 * The packages a built worker bundle requires that are neither Node's own nor production
 * dependencies of the app (so missing from the installed app): none, when it is right.
 */
export function unpackagedRequires(bundle: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return [...fs.readFileSync(bundle, 'utf8').matchAll(/require\("([^"./][^"]*)"\)/g)]
    .map(([, id]) => (id!.startsWith('@') ? id!.split('/').slice(0, 2).join('/') : id!.split('/')[0]!))
    .filter((name) => !builtinModules.includes(name.replace(/^node:/, '')) && !(name in pkg.dependencies));
}
