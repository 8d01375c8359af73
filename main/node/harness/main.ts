/** `npm run harness`: the renderer in a browser over the real services. */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveLibraryDir, takeLibraryFlag } from '../library/paths';
import { startHarness } from './server';

const { dir, rest } = takeLibraryFlag(process.argv.slice(2));
const portFlag = rest.indexOf('--port');
const port = portFlag >= 0 ? Number(rest[portFlag + 1]) : 5199;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const libraryDir = resolveLibraryDir(dir, process.env, path.join(os.tmpdir(), 'lectern-harness'));
const harness = await startHarness({ libraryDir, root, port });
console.log(`Lectern harness on ${harness.url} (library: ${libraryDir}). Ctrl+C stops it.`);
process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));
