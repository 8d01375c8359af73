/**
 * The release workflow runs only on GitHub, on three systems: what can be known about it
 * beforehand is checked here. It is linted against the workflow schema (action-validator, the
 * SchemaStore schema compiled into the package, offline), and the commands it runs exist and
 * work the same under cmd.exe, PowerShell and bash.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { validateWorkflow } from '@action-validator/core';
import { load as loadYaml } from 'js-yaml';
import { npxCommand } from '../../scripts/electron-native.mjs';
import { chromiumLaunch } from '../e2e/chromium';
import { ROOT } from '../helpers';

const source = fs.readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

interface Step { name?: string; if?: string; run?: string; uses?: string; env?: Record<string, string> }
interface Job { needs?: string | string[]; if?: string; 'runs-on': string; steps: Step[]; strategy?: { matrix: { include: Record<string, string>[] } } }
const workflow = loadYaml(source) as { jobs: Record<string, Job> };
const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []));

test('release.yml passes the workflow linter, which fails a broken workflow', () => {
  assert.deepEqual(validateWorkflow(source).errors, []);
  const broken = source.replace('runs-on: ${{ matrix.os }}', 'runs_on: ${{ matrix.os }}');
  assert.notEqual(broken, source);
  assert.ok(validateWorkflow(broken).errors.length > 0, 'the linter finds an unknown key');
});

test('every npm command the workflow runs is a script of package.json, and each script it chains to exists', () => {
  const commands = Object.values(workflow.jobs).flatMap(runs).join('\n');
  const named = (text: string) => [...text.matchAll(/\bnpm (?:run (\S+)|(test)\b)/g)].map((m) => m[1] ?? m[2]!);
  const used = named(commands);
  for (const expected of ['test', 'test:package', 'dist']) assert.ok(used.includes(expected), `the workflow runs npm ${expected}`);
  const seen = new Set<string>();
  const visit = (script: string) => {
    if (seen.has(script)) return;
    seen.add(script);
    assert.ok(script in pkg.scripts, `npm run ${script} is in package.json`);
    named(pkg.scripts[script]!).forEach(visit);
  };
  used.forEach(visit);
  assert.ok(seen.has('test:unit') && seen.has('build'), 'npm test and dist chain to test:unit and build');
});

test('no npm script relies on the shell to expand a glob (cmd.exe does not)', () => {
  for (const [name, command] of Object.entries(pkg.scripts)) {
    const unquoted = command.replace(/'[^']*'|"[^"]*"/g, '');
    assert.doesNotMatch(unquoted, /[*?[]/, `npm run ${name}: ${command}`);
  }
  assert.equal(pkg.scripts['test:unit'], 'node scripts/run-unit-tests.mjs');
});

test('no Chromium path is assumed off Linux, in the workflow or the Playwright config', () => {
  assert.doesNotMatch(source, /\/usr\/bin\/|C:\\\\|\/Applications\//, 'the workflow names no system path');
  assert.deepEqual(chromiumLaunch('win32', {}), {});
  assert.deepEqual(chromiumLaunch('darwin', {}), {});
  assert.deepEqual(chromiumLaunch('linux', {}), { executablePath: '/usr/bin/chromium' });
  assert.deepEqual(chromiumLaunch('win32', { LECTERN_CHROMIUM: 'C:\\chrome.exe' }), { executablePath: 'C:\\chrome.exe' });
});

test("npx is started through a shell on Windows, where it is a .cmd Node refuses to spawn directly", () => {
  assert.deepEqual(npxCommand('win32'), { command: 'npx.cmd', shell: true });
  assert.deepEqual(npxCommand('linux'), { command: 'npx', shell: false });
});

test('one job creates the draft release and the builds, which need it, only upload', () => {
  const creators = Object.entries(workflow.jobs).filter(([, job]) => runs(job).some((r) => /gh release create/.test(r)));
  assert.deepEqual(creators.map(([name]) => name), ['create-release']);
  assert.ok(runs(creators[0]![1]).some((r) => /--draft/.test(r)));
  const build = workflow.jobs.build!;
  assert.equal(build.needs, 'create-release');
  assert.match(build.if ?? '', /needs\.create-release\.result != 'failure'/, 'a failed release job stops the builds; a skipped one (run by hand) does not');
  const publishing = Object.entries(workflow.jobs).filter(([, job]) => runs(job).some((r) => /--publish/.test(r)));
  assert.deepEqual(publishing.map(([name]) => name), ['build']);
});

test('Electron starts on Ubuntu 24.04 runners: user namespaces are allowed before the tests', () => {
  const steps = workflow.jobs.build!.steps;
  const sysctl = steps.findIndex((s) => /kernel\.apparmor_restrict_unprivileged_userns=0/.test(s.run ?? ''));
  const tests = steps.findIndex((s) => s.name === 'Tests');
  assert.ok(sysctl >= 0 && sysctl < tests, 'the sysctl step runs before the tests');
  assert.equal(steps[sysctl]!.if, "runner.os == 'Linux'");
});

test('each Linux arch is built on a runner of that arch; macOS and Windows build both in one job', () => {
  const include = workflow.jobs.build!.strategy!.matrix.include;
  assert.equal(workflow.jobs.build!['runs-on'], '${{ matrix.os }}');
  const linux = include.filter((e) => e.dist!.startsWith('--linux'));
  assert.deepEqual(linux.map((e) => [/-arm$/.test(e.os!) ? 'arm64' : 'x64', e.dist]), [['x64', '--linux --x64'], ['arm64', '--linux --arm64']]);
  assert.deepEqual(include.filter((e) => !e.dist!.startsWith('--linux')).map((e) => e.dist), ['--win', '--mac']);
  assert.match(source, /prebuilt binary/, 'the workflow says where the other arch\'s native module comes from');
});
