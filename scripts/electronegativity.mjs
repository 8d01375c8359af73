// `npm run security`: Electronegativity over the app's sources (main, preload, renderer), offline.
// Its release check needs the network, and its version probe only reports the version: both are
// excluded; every other finding fails the run.
// Reviewed exceptions are marked in the code with `eng-disable <CHECK>` and a reason beside it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './electron-native.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-eng-'));
const input = path.join(work, 'app');
for (const entry of ['main', 'preload', 'renderer', 'package.json']) fs.cpSync(path.join(root, entry), path.join(input, entry), { recursive: true });
const electron = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const sarif = path.join(work, 'result.sarif');
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', input, '-o', sarif, '-r', '-e', electron, '-x', 'AvailableSecurityFixesGlobalCheck,ElectronVersionJSONCheck', '-v', 'false'],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
const results = JSON.parse(fs.readFileSync(sarif, 'utf8')).runs[0].results;
fs.rmSync(work, { recursive: true, force: true });
for (const r of results) {
  const where = r.locations?.[0]?.physicalLocation;
  console.log(`${r.level} ${r.ruleId} ${where?.artifactLocation?.uri ?? ''}:${where?.region?.startLine ?? ''} ${r.message?.text ?? ''}`);
}
console.log(`Electronegativity (Electron ${electron}, offline): ${results.length} finding(s) in main, preload and renderer`);
process.exitCode = results.length === 0 ? 0 : 1;
