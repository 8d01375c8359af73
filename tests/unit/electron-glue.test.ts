/**
 * The Electron glue, run as built (dist/main/main.cjs) under plain Node against a recording
 * stand-in for `electron` (tests/electron-standin). Each scenario is a fresh app process.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { importablePaths, LaunchQueue, secondLaunchPaths } from '../../main/electron-main/launch-paths';
import { Library } from '../../main/node/library/library';
import { isNativeModuleFailure } from '../../main/node/library/native-module';
import { ipcEvent } from '../../main/common/bridge';
import type { ImportReport } from '../../main/common/contract';
import { ensureBuilt, launchApp, type AppRecording, type AppUnderTest } from '../electron-standin/launch';
import { ROOT, tempDir } from '../helpers';

before(() => ensureBuilt());

/** A folder of files to open: notes/alpha.md, beta.txt, and a file Lectern does not import. */
function documents(): string {
  const dir = tempDir('lectern-docs-');
  fs.mkdirSync(path.join(dir, 'notes'));
  fs.writeFileSync(path.join(dir, 'notes', 'alpha.md'), '# Alpha note\n\nThe first file handed to Lectern.\n');
  fs.writeFileSync(path.join(dir, 'beta.txt'), 'Beta text\n\nThe second file handed to Lectern.\n');
  fs.writeFileSync(path.join(dir, 'picture.png'), 'not imported');
  return dir;
}

const imports = (r: AppRecording): ImportReport[] =>
  r.sent.filter((s) => s.channel === ipcEvent('importFinished')).map((s) => s.payload as ImportReport);
const importedTitles = (r: AppRecording) => imports(r).flatMap((report) => report.imported.map((a) => a.title)).sort();
const before_ = (log: string[], a: string, b: string) => {
  assert.ok(log.includes(a), `${a} is in ${log.join(', ')}`);
  assert.ok(log.includes(b), `${b} is in ${log.join(', ')}`);
  return log.indexOf(a) < log.indexOf(b);
};

describe('launch paths (the pure part)', () => {
  test('paths are resolved against the launch folder; file:// URIs, flags and unknown types are handled', () => {
    const docs = documents();
    const other = tempDir();
    assert.deepEqual(
      importablePaths(['notes/alpha.md', pathToFileURL(path.join(docs, 'beta.txt')).href, '--flag', 'picture.png', 'missing.md', 'file://server/share/x.md'], docs),
      [path.join(docs, 'notes', 'alpha.md'), path.join(docs, 'beta.txt')],
    );
    assert.deepEqual(importablePaths(['notes/alpha.md'], other), [], 'relative to another folder, the file is not there');
    assert.deepEqual(secondLaunchPaths({ args: ['beta.txt'], workingDirectory: docs }), [path.join(docs, 'beta.txt')]);
    for (const junk of [null, undefined, 'beta.txt', { args: 'beta.txt', workingDirectory: docs }, { args: ['beta.txt'] }, { argv: ['beta.txt'], workingDirectory: docs }]) {
      assert.deepEqual(secondLaunchPaths(junk), [], JSON.stringify(junk));
    }
  });

  test('launch files wait for the window, then pass straight through', () => {
    const queue = new LaunchQueue();
    const delivered: string[][] = [];
    queue.add(['/a.md']);
    queue.add([]);
    queue.add(['/b.md']);
    assert.equal(delivered.length, 0, 'nothing before the window has loaded');
    queue.open((paths) => delivered.push(paths));
    queue.add(['/c.md']);
    assert.deepEqual(delivered, [['/a.md', '/b.md'], ['/c.md']]);
  });

  test('a module that will not load is told apart from a library that will not open', () => {
    const dlopen = Object.assign(new Error('/x/better_sqlite3.node: invalid ELF header'), { code: 'ERR_DLOPEN_FAILED' });
    const abi = new Error("The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 127. This version of Node.js requires NODE_MODULE_VERSION 115.");
    const missing = new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node');
    const missingPath = Object.assign(new Error("Cannot find module '/x/better_sqlite3.node'"), { code: 'MODULE_NOT_FOUND' });
    for (const err of [dlopen, abi, missing, missingPath]) assert.ok(isNativeModuleFailure(err), err.message);
    const damaged = Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
    const missingJs = Object.assign(new Error("Cannot find module 'zod'"), { code: 'MODULE_NOT_FOUND' });
    for (const err of [damaged, missingJs, new Error('disk I/O error'), 'ERR_DLOPEN_FAILED']) assert.equal(isNativeModuleFailure(err), false, String(err));
  });
});

test('the real electron-updater hides autoUpdater from named imports: only its default export has it', () => {
  // Plain Node, as Electron's main process imports it (the getter is not called: it would start an updater).
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
    const m = await import('electron-updater');
    const d = Object.getOwnPropertyDescriptor(m.default, 'autoUpdater');
    console.log(JSON.stringify({ named: 'autoUpdater' in m, getter: typeof d?.get }));`], { cwd: ROOT, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { named: false, getter: 'function' }, 'the stand-in (tests/electron-standin/electron-updater.cjs) has this shape');
});

// Each scenario is its own app process, so they can run side by side.
// The apps of the three parts start side by side; the steps within one part run in order.
describe('the built app under the Electron stand-in', { concurrency: 3 }, () => {
  describe('the app on Linux, from source, with its own profile (LECTERN_USER_DATA)', { concurrency: 1 }, () => {
    let app: AppUnderTest;
    let docs: string;
    let profile: string;
    let recording: AppRecording;

    before(async () => {
      docs = documents();
      profile = path.join(tempDir(), 'profile');
      // As a desktop entry's `Exec=lectern %U` and a shell in the documents folder would start it.
      app = await launchApp({ cwd: docs, args: ['notes/alpha.md', pathToFileURL(path.join(docs, 'beta.txt')).href], env: { LECTERN_USER_DATA: profile } });
      await app.start();
      recording = await app.recording();
    });
    after(() => app.stop());

    test('open-file and second-instance are listened to before ready', () => {
      assert.ok(before_(recording.log, 'listen open-file', 'ready'), recording.log.join(', '));
      assert.ok(before_(recording.log, 'listen second-instance', 'ready'), recording.log.join(', '));
    });

    test('LECTERN_USER_DATA moves the profile before the single-instance lock, and the library is made there', () => {
      assert.ok(before_(recording.log, 'setPath userData', 'requestSingleInstanceLock'));
      assert.equal(recording.paths.userData, profile);
      assert.ok(fs.existsSync(path.join(profile, 'library.sqlite')), 'a first run makes a new library in the profile');
    });

    test('files on the command line may be relative to the working folder or file:// URIs', async () => {
      const titles = await app.until('the start-up import', (r) => (imports(r).length ? importedTitles(r) : undefined));
      assert.deepEqual(titles, ['Alpha note', 'Beta text']);
    });

    test("search's books thread starts from its bundle beside main.cjs (a thread that cannot start says so, within a second)", async () => {
      await app.until('the start-up import', (r) => (imports(r).length ? true : undefined));
      await new Promise((r) => setTimeout(r, 1000));
      assert.doesNotMatch(app.stderr, /books thread stopped/);
    });

    test('a second launch passes its arguments and folder; its relative paths and file:// URIs are imported', async () => {
      assert.deepEqual(recording.lockData, { args: ['notes/alpha.md', pathToFileURL(path.join(docs, 'beta.txt')).href], workingDirectory: docs });
      const second = documents();
      fs.renameSync(path.join(second, 'notes', 'alpha.md'), path.join(second, 'notes', 'gamma.md'));
      fs.writeFileSync(path.join(second, 'notes', 'gamma.md'), '# Gamma note\n\nFrom a second launch.\n');
      fs.writeFileSync(path.join(second, 'beta.txt'), 'Delta text\n\nAlso from a second launch.\n');
      const sentBefore = imports(await app.recording()).length;
      await app.send({
        op: 'second-instance',
        // What Electron passes as argv is not to be relied on (reordered, extended, or empty for another user).
        argv: ['/usr/bin/lectern', '--original-process-start-time=1', 'notes/gamma.md'],
        workingDirectory: '/',
        additionalData: { args: ['notes/gamma.md', pathToFileURL(path.join(second, 'beta.txt')).href, '--flag'], workingDirectory: second },
      });
      const titles = await app.until('the second launch import', (r) =>
        imports(r).length > sentBefore ? imports(r).slice(sentBefore).flatMap((x) => x.imported.map((a) => a.title)).sort() : undefined);
      assert.deepEqual(titles, ['Delta text', 'Gamma note']);
      assert.ok((await app.recording()).log.includes('window focus'));
    });

    test('the window is isolated, sandboxed, without Node, and loads the app', () => {
      const [window] = recording.windows;
      assert.equal(recording.windows.length, 1);
      assert.equal(window!.url, 'lectern://app/index.html');
      const prefs = window!.options.webPreferences!;
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.nodeIntegrationInWorker, false);
      assert.equal(prefs.webSecurity, true);
      assert.equal(prefs.webviewTag, false);
      assert.equal(prefs.preload, path.join(ROOT, 'dist', 'preload', 'preload.cjs'));
      assert.deepEqual(recording.privilegedSchemes.map((s) => s.scheme), ['lectern']);
    });

    test('every lectern:// response carries the CSP, errors included', async () => {
      const urls: [string, number][] = [
        ['lectern://app/index.html', 200],
        ['lectern://app/no-such-file.js', 404],
        ['lectern://app/%2e%2e/%2e%2e/package.json', 404],
        ['lectern://app/%E0%A4%A', 404],
        ['lectern://asset/../library.sqlite', 404],
        ['lectern://elsewhere/index.html', 404],
      ];
      for (const [url, status] of urls) {
        const res = await app.protocol(url);
        assert.equal(res.status, status, url);
        assert.match(res.headers['content-security-policy'] ?? '', /default-src 'none'/, `${url} has the CSP`);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      }
      assert.match((await app.protocol('lectern://app/index.html')).body, /<html/i);
      // The book frame has its own policy: chapters as blob: frames, and only the app may frame it.
      const book = await app.protocol('lectern://app/book.html');
      assert.equal(book.status, 200);
      assert.match(book.headers['content-security-policy'] ?? '', /frame-src blob:.*frame-ancestors 'self'/);
      assert.match((await app.protocol('lectern://app/index.html')).headers['content-security-policy'] ?? '', /frame-src 'self'.*frame-ancestors 'none'/);
    });

    test('the one permission granted is clipboard-sanitized-write, and only to the app itself', async () => {
      const ask = (permission: 'clipboard-sanitized-write' | 'clipboard-read' | 'media' | 'notifications', url: string) =>
        app.send({ op: 'permission', kind: 'request', permission, url });
      const check = (permission: 'clipboard-sanitized-write' | 'clipboard-read' | 'media', origin: string) =>
        app.send({ op: 'permission', kind: 'check', permission, origin, url: `${origin}/index.html` });
      assert.equal(await ask('clipboard-sanitized-write', 'lectern://app/index.html'), true);
      assert.equal(await check('clipboard-sanitized-write', 'lectern://app'), true);
      for (const url of ['https://evil.example/', 'lectern://asset/x.png', 'file:///etc/passwd']) {
        assert.equal(await ask('clipboard-sanitized-write', url), false, url);
      }
      assert.equal(await check('clipboard-sanitized-write', 'https://evil.example'), false);
      for (const permission of ['clipboard-read', 'media', 'notifications'] as const) assert.equal(await ask(permission, 'lectern://app/index.html'), false, permission);
      assert.equal(await check('clipboard-read', 'lectern://app'), false);
      assert.equal(await check('media', 'lectern://app'), false);
    });

    test('the menu has no macOS app menu on Linux', () => {
      assert.ok(recording.menu?.length, 'an application menu is set');
      assert.equal(recording.menu.some((m) => m.role === 'appMenu'), false);
    });
  });

  describe('the packaged app on macOS', { concurrency: 1 }, () => {
    let app: AppUnderTest;
    let docs: string;
    let openFile: unknown;
    before(async () => {
      docs = documents();
      const resources = tempDir();
      fs.writeFileSync(path.join(resources, 'app-update.yml'), 'provider: github\nowner: lectern-reader\nrepo: lectern\n');
      app = await launchApp({ platform: 'darwin', isPackaged: true, resourcesPath: resources });
      // Finder's "Open With" on a closed app: open-file arrives before ready.
      openFile = await app.send({ op: 'open-file', path: path.join(docs, 'notes', 'alpha.md') });
      await app.start();
    });
    after(() => app.stop());

    test('a file that launches the app (open-file before ready) is imported once the window has loaded', async () => {
      assert.deepEqual(openFile, { defaultPrevented: true }, 'the app took the file');
      assert.deepEqual(await app.until('the open-file import', (r) => (imports(r).length ? importedTitles(r) : undefined)), ['Alpha note']);
    });

    test('the updater runs: autoUpdater comes from electron-updater\'s default export', async () => {
      const r = await app.until('the update check', (x) => (x.updateChecks.length ? x : undefined));
      assert.deepEqual(r.updateChecks, ['darwin'], 'autoUpdater.checkForUpdatesAndNotify ran once');
      assert.doesNotMatch(app.stderr, /update check failed/);
    });

    test('the menu starts with the app menu', async () => {
      const { menu } = await app.recording();
      assert.equal(menu?.[0]?.role, 'appMenu');
    });
  });

  test('a packaged app takes neither a native module nor a profile from the environment', async () => {
    const injected = path.join(tempDir(), 'injected.node');
    fs.writeFileSync(injected, 'not a native module');
    const profile = path.join(tempDir(), 'profile');
    const app = await launchApp({ isPackaged: true, env: { LECTERN_SQLITE_BINDING: injected, LECTERN_USER_DATA: profile } });
    try {
      await app.start();
      const r = await app.recording();
      assert.deepEqual(r.dialogs, [], 'the library opened with the packaged engine, not the injected one');
      assert.equal(r.paths.userData, undefined, 'the profile stays where Electron puts it');
      assert.equal(fs.existsSync(profile), false);
    } finally {
      app.stop();
    }
  });

  describe('an engine that will not load (a broken or wrong-ABI better-sqlite3)', { concurrency: 1 }, () => {
    function brokenEngine(): string {
      const file = path.join(tempDir(), 'better_sqlite3.node');
      fs.writeFileSync(file, 'this is not a shared library');
      return file;
    }

    test('is named for what it is, and the library is left byte for byte as it was', async () => {
      const dir = tempDir();
      const library = Library.open(dir);
      library.settings.set('kept', 'yes');
      library.close();
      const bytes = fs.readFileSync(path.join(dir, 'library.sqlite'));
      const listing = fs.readdirSync(dir).sort();
      // Answer the first button of every box: in the library dialog that was "Start a new, empty library".
      const app = await launchApp({ env: { LECTERN_LIBRARY: dir, LECTERN_SQLITE_BINDING: brokenEngine() }, messageBoxResponses: [0, 0, 0] });
      await app.send({ op: 'ready' });
      const { code, recording } = await app.exited;
      assert.equal(code, 0, app.stderr);
      assert.deepEqual(fs.readdirSync(dir).sort(), listing, 'nothing was renamed or added');
      assert.ok(fs.readFileSync(path.join(dir, 'library.sqlite')).equals(bytes), 'the library is byte-identical');
      assert.equal(recording!.dialogs.length, 1);
      const box = recording!.dialogs[0]!.options as { message: string; detail: string; buttons: string[] };
      assert.match(box.message, /database engine could not be loaded/);
      assert.match(box.detail, /not with your library/);
      assert.match(box.detail, /reinstall/i);
      assert.deepEqual(box.buttons, ['Quit']);
      assert.equal(recording!.windows.length, 0);
    });

    test('on a first run (no library file yet) it says the same and quits cleanly', async () => {
      const dir = path.join(tempDir(), 'library');
      const app = await launchApp({ env: { LECTERN_LIBRARY: dir, LECTERN_SQLITE_BINDING: brokenEngine() }, messageBoxResponses: [0, 0, 0] });
      await app.send({ op: 'ready' });
      const { code, recording } = await app.exited;
      assert.equal(code, 0, app.stderr);
      assert.doesNotMatch(app.stderr, /ENOENT|Unhandled/);
      assert.match((recording!.dialogs[0]!.options as { message: string }).message, /database engine could not be loaded/);
      assert.equal(fs.existsSync(path.join(dir, 'library.sqlite')), false);
    });
  });

  test('a failure anywhere in start-up is shown in a dialog and ends the app', async () => {
    const app = await launchApp({ args: ['--library'] });
    await app.send({ op: 'ready' });
    const { code, recording } = await app.exited;
    assert.equal(code, 1);
    assert.ok(recording, `the app ended through app.exit, not a crash:\n${app.stderr}`);
    const [box] = recording.dialogs;
    assert.equal(box?.kind, 'errorBox');
    assert.match((box.options as { content: string }).content, /--library needs a folder/);
  });

  // A Windows console is written asynchronously: a line written just before app.exit was lost.
  test('--version prints the version before the app exits, also on Windows', async () => {
    const app = await launchApp({ platform: 'win32', isPackaged: true, args: ['--version'] });
    const { code, recording } = await app.exited;
    assert.equal(code, 0);
    assert.equal(app.stdout, 'Lectern 9.8.7\n');
    assert.deepEqual(recording!.log, ['exit 0'], 'nothing else starts');
  });
});
