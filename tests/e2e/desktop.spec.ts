/**
 * What only the desktop app does: a second launch handing its files to the running window,
 * `--version`, the window's security options. The Electron project runs this file; the
 * Chromium project has no desktop to test and leaves it out (see playwright.config.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { electronBinary, root } from '../../scripts/electron-native.mjs';
import { FIXTURES } from '../helpers';
import { electronEnv } from './electron-env';
import { expect, test } from './fixtures';

test('a second launch focuses the window and imports the files it was given', async ({ app, libraryDir, userDataDir }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  // The same userData as the running app: that is where the single-instance lock lives.
  const second = spawn(electronBinary().binary!, [root, '--library', libraryDir, path.join(FIXTURES, 'note.md')], { env: electronEnv(userDataDir) });
  await new Promise((resolve) => second.on('exit', resolve));
  const dialog = app.getByRole('dialog', { name: 'Import finished' });
  await expect(dialog.locator('.summary')).toHaveText(/1 imported/);
  await expect(dialog).toContainText('Notes on Margins');
});

test('--version prints the version', ({ userDataDir }) => {
  const out = execFileSync(electronBinary().binary!, [root, '--version'], { encoding: 'utf8', env: electronEnv(userDataDir) });
  expect(out).toMatch(/^Lectern \d+\.\d+\.\d+/);
});

test('the window runs with context isolation, a sandbox and no Node', async ({ app, electronApp }) => {
  const prefs = await electronApp!.evaluate(({ BrowserWindow }) => {
    const wc = BrowserWindow.getAllWindows()[0]!.webContents;
    return (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
  });
  expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  expect(await app.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await app.evaluate(() => Object.keys((window as unknown as { lectern: object }).lectern).length)).toBeGreaterThan(5);
});
