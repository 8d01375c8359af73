/**
 * One app under test: a child process that loads the built main bundle (dist/main/main.cjs)
 * with `electron` and `electron-updater` resolved to the stand-ins, on the system the scenario
 * names, then does what the test process asks over IPC (launch.ts is the other end).
 */
import fs from 'node:fs';
import Module, { createRequire, register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Op, Scenario } from './launch';

// Loaded through app-process.cjs as CommonJS (see there): no import.meta here.
const here = path.dirname(process.argv[1]!);
const root = path.resolve(here, '..', '..');
const standins: Record<string, string> = {
  electron: path.join(here, 'electron.ts'),
  'electron-updater': path.join(here, 'electron-updater.cjs'),
};
const scenario = JSON.parse(process.env.LECTERN_STANDIN_SCENARIO!) as Scenario;

// require() from the bundle, and import() (electron-updater is loaded that way), both reach the stand-ins.
const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]) {
  return standins[request] ?? resolveFilename.call(this, request, ...rest);
};
register(pathToFileURL(path.join(here, 'resolve-hooks.mjs')), {
  data: Object.fromEntries(Object.entries(standins).map(([name, file]) => [name, pathToFileURL(file).href])),
});

const require = createRequire(path.join(here, 'app-process.ts'));
const electron = require(standins.electron!) as typeof import('./electron');
const updater = require(standins['electron-updater']!) as { checks: string[] };

function writeRecording(): void {
  fs.writeFileSync(scenario.recordFile, JSON.stringify({ ...electron.recording, updateChecks: updater.checks }));
}
electron.configure({
  isPackaged: scenario.isPackaged,
  version: '9.8.7',
  appData: scenario.appData,
  messageBoxResponses: [...scenario.messageBoxResponses],
  // Like Electron's app.exit: the process ends now, whatever output is still queued.
  onExit: (code) => {
    writeRecording();
    process.exit(code);
  },
});

Object.defineProperty(process, 'platform', { value: scenario.platform });
Object.defineProperty(process, 'resourcesPath', { value: scenario.resourcesPath });
if (scenario.platform === 'win32') {
  // On Windows, writes to a console through process.stdout are asynchronous (Node's "A note on
  // process I/O"); the stand-in keeps that, so output lost to an early exit is lost here too.
  const write = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array) => boolean;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    setImmediate(() => write(chunk));
    return true;
  }) as typeof process.stdout.write;
}
// Electron's argv: the executable, then (running from source) the app folder, then the arguments.
process.argv = [process.execPath, ...(scenario.isPackaged ? [] : [root]), ...scenario.args];

async function perform(op: Op): Promise<unknown> {
  const window = () => {
    const w = electron.windows.at(-1);
    if (!w) throw new Error('no window was created');
    return w;
  };
  switch (op.op) {
    case 'ready':
      return electron.app.becomeReady();
    case 'open-file': {
      let defaultPrevented = false;
      electron.app.emit('open-file', { preventDefault: () => (defaultPrevented = true) }, op.path);
      return { defaultPrevented };
    }
    case 'second-instance':
      electron.app.emit('second-instance', { preventDefault() {} }, op.argv, op.workingDirectory, op.additionalData);
      return null;
    case 'finish-load':
      window().emit('ready-to-show');
      window().webContents.emit('did-finish-load');
      return null;
    case 'protocol': {
      const handler = electron.protocolHandlers.get(new URL(op.url).protocol.slice(0, -1));
      if (!handler) throw new Error(`no handler for ${op.url}`);
      const res = await handler(new Request(op.url));
      return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
    }
    case 'permission': {
      const { session } = window().webContents;
      const wc = window().webContents as unknown as Electron.WebContents;
      if (op.kind === 'check') return session.checkHandler ? session.checkHandler(wc, op.permission, op.origin, { isMainFrame: true, requestingUrl: op.url }) : null;
      if (!session.requestHandler) return null;
      const handler = session.requestHandler;
      return new Promise<boolean>((resolve) => handler(wc, op.permission, resolve, { isMainFrame: true, requestingUrl: op.url }));
    }
    case 'recording':
      return { ...electron.recording, updateChecks: updater.checks };
  }
}

process.on('message', (message: { id: number } & Op) => {
  perform(message).then(
    (result) => process.send!({ id: message.id, result }),
    (err: unknown) => process.send!({ id: message.id, error: err instanceof Error ? err.stack : String(err) }),
  );
});

/**
 * The bundle is compiled as Node compiles it, not through tsx's require hook, which rewrites
 * import() into its own interop and so would hide what Electron really gets from electron-updater.
 */
function loadAsNodeDoes(file: string): void {
  const internals = Module as unknown as { _nodeModulePaths(dir: string): string[]; _cache: Record<string, unknown> };
  const mod = new Module(file) as Module & { _compile(source: string, filename: string): void };
  mod.filename = file;
  mod.paths = internals._nodeModulePaths(path.dirname(file));
  internals._cache[file] = mod;
  mod._compile(fs.readFileSync(file, 'utf8'), file);
  mod.loaded = true;
}

loadAsNodeDoes(path.join(root, 'dist', 'main', 'main.cjs'));
process.send!({ loaded: true });
