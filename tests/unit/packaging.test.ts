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
  });
  const targets = (os: string) => (config[os] as { target: { target: string; arch: string[] }[] }).target;
  assert.deepEqual(targets('linux').map((t) => t.target), ['AppImage', 'deb']);
  assert.deepEqual(targets('win').map((t) => t.target), ['nsis']);
  assert.deepEqual(targets('mac').map((t) => t.target), ['dmg', 'zip']);
  for (const os of ['linux', 'win', 'mac']) for (const t of targets(os)) assert.deepEqual(t.arch, ['x64', 'arm64']);
  assert.ok(!/token|secret|password/i.test(JSON.stringify(config.publish)), 'no secret in the publish settings');
});

/** Minimal glob → RegExp for electron-builder's `files` patterns (`**`, `*`). */
function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*');
  return new RegExp(`^${re}$`);
}
const packaged = (file: string) => (config.files as string[]).some((g) => globToRegExp(g).test(file));

test('everything the app loads at run time is packaged', () => {
  const main = path.join(ROOT, pkg.main);
  assert.ok(fs.existsSync(main), `${pkg.main} is built (npm run build runs before the unit tests)`);
  const needed = [
    pkg.main,
    'dist/preload/preload.cjs',
    'dist/renderer/index.html',
    ...fs.readdirSync(path.join(ROOT, 'dist/renderer/assets')).map((f) => `dist/renderer/assets/${f}`),
    ...SAMPLE_FILES.map(([file]) => `assets/library/${file}`),
    'package.json',
  ];
  for (const file of needed) {
    assert.ok(fs.existsSync(path.join(ROOT, file)), `${file} exists`);
    assert.ok(packaged(file), `${file} is inside what electron-builder packages`);
  }
  assert.ok(!packaged('tests/fixtures/article.html') && !packaged('main/node/cli/cli.ts'), 'sources and tests stay out');
  // The migrations travel inside the main bundle.
  const bundle = fs.readFileSync(main, 'utf8');
  assert.match(bundle, /CREATE TABLE articles/);
  assert.match(bundle, /CREATE VIRTUAL TABLE search_index/);
  // Every module the main bundle requires at run time is Electron, Node's own, or a production dependency.
  const required = [...bundle.matchAll(/(?:require|import)\("([^"./][^"]*)"\)/g)].map((m) => m[1]!);
  for (const id of new Set(required)) {
    const name = id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]!;
    const ok = name === 'electron' || builtinModules.includes(name.replace(/^node:/, '')) || name in pkg.dependencies;
    assert.ok(ok, `main.cjs requires ${id}, which is not a production dependency`);
  }
  // The icons electron-builder is pointed at exist.
  for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) assert.ok(fs.existsSync(path.join(ROOT, `assets/icons/${size}x${size}.png`)));
  assert.ok(fs.existsSync(path.join(ROOT, 'assets/icon.png')));
});
