// `npm run test:unit`: Node's test runner over every tests/unit/*.test.ts. The files are listed
// here rather than by a glob in package.json, which neither cmd.exe nor Node 20's --test expands
// on Windows. Extra arguments go to the runner (e.g. --test-name-pattern=…).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'tests', 'unit');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join(dir, f));
if (files.length === 0) throw new Error(`no tests in ${dir}`);
// --test-force-exit: a file whose tests all ended is not left waiting on a timer a library keeps
// (automerge-repo's WebSocket server adapter kept a keep-alive interval running after its server
// closed once in CI, and the run hung there); a test that has not ended still fails by itself.
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=spec', ...process.argv.slice(2), ...files], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
