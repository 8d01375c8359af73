/**
 * `npm run test:package`: packages the app as the release does (`electron-builder --linux dir`,
 * with electron-builder.yml), offline, and inspects what a user would install. Electron's binary
 * cannot be downloaded here, so `electronDist` points at a stand-in distribution whose executable
 * carries the fuse wire, and `npmRebuild` is off (better-sqlite3 stays the Node build, which lets
 * the packaged dependencies be loaded under Node below). Real installers are built by the release
 * workflow.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants';
import type { LinuxPackager } from 'app-builder-lib';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper';
import { Arch, build, Platform, type AfterPackContext } from 'electron-builder';
import { load as loadYaml } from 'js-yaml';
import { SAMPLE_FILES } from '../../main/node/library/first-run';
import { ROOT, tempDir } from '../helpers';
import { shippedFuse, writeStandInElectron } from './stand-in-electron';

const MB = 1024 * 1024;
// The app's own budget, and beside it pdf.js's (books/pdf.ts: its Node build, the fake worker,
// character maps and fonts; the reader's browser build, viewer and worker — the price of reading
// PDFs: 8.9 MiB) and sync's (Automerge's ES modules and nodejs WASM, and automerge-repo's
// dependencies: 9.3 MiB). The app itself is 9.8 MiB, since import stopped needing jsdom.
const BUDGET = { asar: 11 * MB, pdfjs: 10 * MB, sync: 10 * MB, unpacked: 3 * MB };

const require = createRequire(import.meta.url);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const config = loadYaml(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  electronFuses: Record<string, boolean>;
};
const electronVersion: string = require('electron/package.json').version;

const work = tempDir('lectern-package-');
let appOutDir = '';
let asar = '';
let entries: string[] = [];
let desktopEntry = '';

/** Every file below `dir`, relative to it, with '/' separators. */
function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}
const sizeOf = (dir: string) => filesBelow(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MiB`;

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, pkg.main)), `${pkg.main} is built (npm run test:package builds first)`);
  const electronDist = writeStandInElectron(path.join(work, 'electron-dist'), electronVersion);
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    // Merged over electron-builder.yml, as `-c.key=value` on the command line would be.
    config: {
      electronDist,
      electronVersion,
      npmRebuild: false,
      directories: { output: path.join(work, 'release') },
      // The deb target writes its desktop entry with this helper and its options (linux + deb).
      afterPack: async (context: AfterPackContext) => {
        const packager = context.packager as LinuxPackager;
        const options = { ...packager.platformSpecificBuildOptions, ...packager.config.deb };
        desktopEntry = await new LinuxTargetHelper(packager).computeDesktopEntry(options);
      },
    },
  });
  appOutDir = path.join(work, 'release', 'linux-unpacked');
  asar = path.join(appOutDir, 'resources', 'app.asar');
  entries = listPackage(asar, { isPack: false }).map((e) => e.split(path.sep).join('/').replace(/^\//, ''));
}, { timeout: 300_000 });

after(() => fs.rmSync(work, { recursive: true, force: true }));

test('the asar holds every file the app loads, and no harness', () => {
  const inAsar = new Set(entries);
  const needed = [
    'package.json',
    ...['main', 'preload', 'renderer'].flatMap((d) => filesBelow(path.join(ROOT, 'dist', d)).map((f) => `dist/${d}/${f}`)),
    ...SAMPLE_FILES.map(([file]) => `assets/library/${file}`),
  ];
  for (const file of ['dist/main/main.cjs', 'dist/preload/preload.cjs', 'dist/renderer/index.html']) assert.ok(needed.includes(file), `${file} is built`);
  const missing = needed.filter((f) => !inAsar.has(f));
  assert.deepEqual(missing, [], 'every built bundle file and sample file is packaged');
  // The migrations travel inside the main bundle.
  const main = fs.readFileSync(path.join(ROOT, 'dist/main/main.cjs'), 'utf8');
  assert.match(main, /CREATE TABLE articles/);
  assert.deepEqual(entries.filter((e) => /^(dist\/harness|main|renderer|preload|tests|scripts)\//.test(e)), [], 'no sources, tests or harness');
});

test("better-sqlite3's binary is unpacked beside the asar, loadable by the app", () => {
  const binary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  assert.ok(fs.existsSync(path.join(`${asar}.unpacked`, binary)), `${binary} is in app.asar.unpacked`);
  assert.equal((statFile(asar, binary) as { unpacked?: boolean }).unpacked, true, 'the asar marks it unpacked');
});

test('every module the main bundles require at run time loads from the package (under Node, as they load it)', () => {
  const extracted = path.join(work, 'extracted');
  extractAll(asar, extracted);
  // main.cjs and the HTML extraction worker beside it.
  const bundles = path.join(extracted, 'dist/main');
  const main = fs.readdirSync(bundles).filter((f) => f.endsWith('.cjs')).map((f) => fs.readFileSync(path.join(bundles, f), 'utf8')).join('\n');
  const external = (kind: string) => [...new Set([...main.matchAll(new RegExp(`${kind}\\("([^"./][^"]*)"\\)`, 'g'))].map((m) => m[1]!))]
    .filter((id) => id !== 'electron' && !builtinModules.includes(id.replace(/^node:/, '')));
  const required = external('require');
  const imported = external('import');
  assert.ok(required.includes('better-sqlite3') && imported.includes('electron-updater'), 'the externals are found in the bundles');
  // A probe beside main.cjs resolves each module exactly as main.cjs does, then uses the heavy ones.
  const probe = path.join(extracted, 'dist/main/probe.mjs');
  fs.writeFileSync(probe, `
    import { createRequire } from 'node:module';
    import { fileURLToPath } from 'node:url';
    const require = createRequire(import.meta.url);
    const where = {};
    for (const id of ${JSON.stringify(required)}) { require(id); where[id] = require.resolve(id); }
    for (const id of ${JSON.stringify(imported)}) { await import(id); where[id] = fileURLToPath(import.meta.resolve(id)); }
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    if (db.prepare('select 1 + 1 as two').get().two !== 2) throw new Error('better-sqlite3 does not run');
    const parse5 = require('parse5');
    const tree = parse5.parseFragment('<p>ok<img src=x></p>');
    if (parse5.serialize(tree) !== '<p>ok<img src="x"></p>') throw new Error('parse5: ' + parse5.serialize(tree));
    const { parseHTML } = require('linkedom');
    if (parseHTML('<p>hi</p>').document.querySelector('p').textContent !== 'hi') throw new Error('linkedom');
    const { z } = require('zod');
    if (z.object({ a: z.string() }).safeParse({ a: 1 }).success) throw new Error('zod');
    const { parse } = require('csv-parse/sync');
    if (parse('a,b\\n1,2', { columns: true })[0].b !== '2') throw new Error('csv-parse');
    console.log(JSON.stringify(where));
  `);
  const run = spawnSync(process.execPath, [probe], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
  assert.equal(run.status, 0, run.stderr);
  const where = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, string>;
  assert.deepEqual(Object.keys(where).sort(), [...required, ...imported].sort());
  for (const [id, file] of Object.entries(where)) {
    assert.ok(path.resolve(file).startsWith(extracted + path.sep), `${id} resolves inside the package, not elsewhere (${file})`);
  }
});

test('the fuses read back as electron-builder.yml sets them', async () => {
  const wire = await getCurrentFuseWire(path.join(appOutDir, 'lectern'));
  const { resetAdHocDarwinSignature, ...fuses } = config.electronFuses;
  assert.equal(resetAdHocDarwinSignature, true, 'macOS builds without an identity are ad-hoc signed after the flip');
  assert.equal(Object.keys(fuses).length, 7);
  for (const [key, on] of Object.entries(fuses)) {
    const name = (key[0]!.toUpperCase() + key.slice(1)) as keyof typeof FuseV1Options;
    const index = FuseV1Options[name];
    assert.notEqual(index, undefined, `${key} is a fuse`);
    const expected = on ? FuseState.ENABLE : FuseState.DISABLE;
    assert.notEqual(shippedFuse(name), expected, `${key} differs from Electron's default, so the read-back shows the flip`);
    assert.equal(wire[index], expected, `${key} is ${on}`);
  }
});

test('the Linux desktop entry offers Lectern for web pages, Markdown and text', () => {
  const lines = desktopEntry.split('\n');
  assert.equal(lines[0], '[Desktop Entry]');
  const mime = lines.find((l) => l.startsWith('MimeType='));
  assert.ok(mime, `a MimeType= line in\n${desktopEntry}`);
  assert.deepEqual(mime.slice('MimeType='.length).split(';').filter(Boolean).sort(), ['application/epub+zip', 'application/pdf', 'application/xhtml+xml', 'text/html', 'text/markdown', 'text/plain']);
  // %U hands file:// URIs as well as paths: main accepts both.
  assert.match(desktopEntry, /^Exec=\S+ %U$/m);
});

test('nothing Vite bundled or only the build needs ships', () => {
  // Production dependencies are exactly what main.cjs loads at run time (checked in
  // packaging.test.ts); everything else in package.json is development-only. What ships beyond
  // them must be needed by a production dependency.
  const needed = new Set<string>();
  const visit = (name: string, from: string, optional = false) => {
    // Node's lookup: node_modules/<name> in `from` or the nearest folder above it.
    let dir = from;
    while (!fs.existsSync(path.join(dir, 'node_modules', name, 'package.json'))) {
      if (path.dirname(dir) === dir) return assert.ok(optional, `${name} (needed by ${from}) is installed`);
      dir = path.dirname(dir);
    }
    const home = path.join(dir, 'node_modules', name);
    if (needed.has(home)) return;
    needed.add(home);
    const manifest = JSON.parse(fs.readFileSync(path.join(home, 'package.json'), 'utf8')) as { dependencies?: object; optionalDependencies?: object };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, home);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, home, true);
  };
  for (const name of Object.keys(pkg.dependencies)) visit(name, ROOT);
  const neededNames = new Set([...needed].map((home) => home.split(path.sep).join('/').replace(/^(.*\/)?node_modules\//, '')));
  const shippedNames = new Set(entries.filter((e) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(e))
    .map((e) => e.replace(/^(.*\/)?node_modules\//, '').replace(/\/package\.json$/, '')));
  const extra = [...shippedNames].filter((n) => !neededNames.has(n));
  assert.deepEqual(extra, [], 'every shipped package is needed by a production dependency');
  for (const bundled of ['react', 'react-dom', '@fontsource-variable/inter', '@fontsource-variable/literata', 'approx-string-match']) {
    assert.ok(!shippedNames.has(bundled), `${bundled} is bundled by Vite and does not ship`);
  }
  const everything = [...entries, ...filesBelow(`${asar}.unpacked`)];
  const buildOnly = everything.filter((e) => /\.(c|cc|cpp|h|hpp|gyp|gypi|o|a|mk|map|ts|tsbuildinfo)$|(^|\/)(Makefile|binding\.gyp)$/.test(e)
    || /node_modules\/better-sqlite3\/(deps|src|build\/(deps|Release\/obj[^/]*))\//.test(e));
  assert.deepEqual(buildOnly, [], 'no C sources, object files, TypeScript or source maps');
  // (The asar lists an unpacked file too, so each binary is named twice.)
  assert.deepEqual([...new Set(everything.filter((e) => e.endsWith('.node')).map((e) => e.replace(/^.*node_modules\//, '')))], ['better-sqlite3/build/Release/better_sqlite3.node'],
    "better-sqlite3 is the only native module (cbor-x's optional cbor-extract is left out; cbor-x decodes in JavaScript)");
});

/** A package and the production dependencies it brings, by name (as installed, hoisted). */
function packageClosure(roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) if (fs.existsSync(path.join(ROOT, 'node_modules', dep))) visit(dep);
  };
  roots.forEach(visit);
  return [...seen];
}

test('the package is within its size budget', () => {
  const total = fs.statSync(asar).size;
  const bytesOf = (part: (e: string) => boolean) => entries.filter(part).reduce((sum, e) => sum + ((statFile(asar, e) as { size?: number }).size ?? 0), 0);
  // pdf.js twice: its Node build reads PDFs on import, its browser build and viewer show them.
  const pdfjsBytes = bytesOf((e) => e.startsWith('node_modules/pdfjs-dist/') || e.startsWith('dist/renderer/pdfjs/') || /^dist\/renderer\/assets\/pdf(_viewer)?-[\w-]+\.js$/.test(e));
  // Sync: Automerge (its WASM twice: the ES build automerge-repo loads, the CommonJS one the
  // bundles require) and what automerge-repo and its WebSocket adapter depend on.
  const syncPackages = packageClosure(['@automerge/automerge-repo', '@automerge/automerge-repo-network-websocket']);
  const syncBytes = bytesOf((e) => syncPackages.some((name) => e.startsWith(`node_modules/${name}/`)));
  const asarBytes = total - pdfjsBytes - syncBytes;
  const unpackedBytes = sizeOf(`${asar}.unpacked`);
  console.log(`app.asar ${mb(total)}: the app ${mb(asarBytes)} (budget ${mb(BUDGET.asar)}), pdf.js ${mb(pdfjsBytes)} (budget ${mb(BUDGET.pdfjs)}) and sync ${mb(syncBytes)} (budget ${mb(BUDGET.sync)}); app.asar.unpacked ${mb(unpackedBytes)} (budget ${mb(BUDGET.unpacked)}); ${entries.length} asar entries`);
  assert.ok(pdfjsBytes > 0, 'pdf.js is in the package');
  assert.ok(asarBytes <= BUDGET.asar, `app.asar without pdf.js and sync is ${mb(asarBytes)}, over ${mb(BUDGET.asar)}`);
  assert.ok(pdfjsBytes <= BUDGET.pdfjs, `pdf.js is ${mb(pdfjsBytes)} of app.asar, over ${mb(BUDGET.pdfjs)}`);
  assert.ok(syncBytes <= BUDGET.sync, `sync (Automerge and its dependencies) is ${mb(syncBytes)} of app.asar, over ${mb(BUDGET.sync)}`);
  assert.ok(unpackedBytes <= BUDGET.unpacked, `app.asar.unpacked is ${mb(unpackedBytes)}, over ${mb(BUDGET.unpacked)}`);
});
