import assert from 'node:assert/strict';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { load as loadYaml } from 'js-yaml';
import { SAMPLE_FILES } from '../../main/node/library/first-run';
import { ROOT } from '../helpers';

const config = loadYaml(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test("electron-builder.yml is valid against electron-builder's own schema", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  assert.ok(validate(config), JSON.stringify(validate.errors, null, 2));
  assert.equal(validate({ ...config, electronFuses: { runAsNod: false } }), false, 'the schema check can fail');
  // And the settings the release depends on.
  assert.equal(config.productName, 'Lectern');
  assert.equal(config.asar, true);
  assert.deepEqual(config.electronFuses, {
    runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false,
    // Flipping the fuses invalidates the signature; a macOS build without an identity is ad-hoc
    // signed again, or arm64 Macs refuse to launch it.
    resetAdHocDarwinSignature: true,
  });
  assert.equal((config.mac as { identity?: unknown }).identity, undefined, 'a real identity (CSC_LINK) is used when there is one');
  const targets = (os: string) => (config[os] as { target: (string | { target: string; arch: string[] })[] }).target;
  // Linux builds the runner's own arch (the release workflow has a runner per arch); macOS and
  // Windows build both in one job, so one update manifest lists both.
  assert.deepEqual(targets('linux'), ['AppImage', 'deb']);
  for (const [os, names] of [['win', ['nsis']], ['mac', ['dmg', 'zip']]] as const) {
    assert.deepEqual(targets(os), names.map((target) => ({ target, arch: ['x64', 'arm64'] })));
  }
  assert.ok(!/token|secret|password/i.test(JSON.stringify(config.publish)), 'no secret in the publish settings');
});

test('the file associations carry MIME types, so the Linux desktop entry declares them', () => {
  const associations = config.fileAssociations as { ext: string | string[]; mimeType?: string }[];
  const byType = Object.fromEntries(associations.map((a) => [a.mimeType, [a.ext].flat()]));
  assert.deepEqual(byType, {
    'text/html': ['html', 'htm'],
    'application/xhtml+xml': ['xhtml'],
    'text/markdown': ['md', 'markdown'],
    'text/plain': ['txt', 'text'],
    'application/epub+zip': ['epub'],
    'application/pdf': ['pdf'],
  });
});

// What the package holds is checked on a real package by `npm run test:package`
// (tests/package/package.test.ts); here, what decides it.
test('the production dependencies are what the main bundles load at run time, and the lectern command', () => {
  const main = path.join(ROOT, pkg.main);
  assert.ok(fs.existsSync(main), `${pkg.main} is built (npm run build runs before the unit tests)`);
  assert.deepEqual((config.files as unknown[]).slice(0, 5), ['dist/main/**/*', 'dist/preload/**/*', 'dist/renderer/**/*', 'assets/library/**/*', 'package.json']);
  for (const [file] of SAMPLE_FILES) assert.ok(fs.existsSync(path.join(ROOT, 'assets/library', file)), `${file} exists`);
  // main.cjs and what runs beside it (the HTML extraction worker).
  const readBundles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.cjs')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const bundle = readBundles(path.dirname(main));
  // The migrations travel inside the main bundle.
  assert.match(bundle, /CREATE TABLE articles/);
  assert.match(bundle, /CREATE VIRTUAL TABLE search_index/);
  // The production dependencies are exactly the modules the main bundles load at run time
  // (besides Electron and Node's own): what Vite bundled is a development dependency, and so
  // electron-builder does not ship it a second time.
  const packagesLoaded = (code: string) => new Set([...code.matchAll(/(?:require|import)\("([^"./][^"]*)"\)/g)]
    .map((m) => m[1]!)
    .map((id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]!))
    .filter((name) => name !== 'electron' && !builtinModules.includes(name.replace(/^node:/, ''))));
  const loaded = packagesLoaded(bundle);
  // The lectern command (npx lectern) needs a few of its own (the sync server's file storage):
  // production dependencies too, but left out of the app's package, which never loads them.
  const cliOnly = [...packagesLoaded(readBundles(path.join(ROOT, 'dist/cli')))].filter((name) => !loaded.has(name));
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), [...loaded, ...cliOnly].sort());
  for (const name of cliOnly) assert.ok((config.files as string[]).includes(`!**/node_modules/${name}/**`), `${name}, which only the lectern command loads, is left out of the package`);
  // The icons electron-builder is pointed at exist.
  for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) assert.ok(fs.existsSync(path.join(ROOT, `assets/icons/${size}x${size}.png`)));
  assert.ok(fs.existsSync(path.join(ROOT, 'assets/icon.png')));
});
