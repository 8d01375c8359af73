/**
 * `app` is a page showing Lectern on a fresh library: in the harness project, the renderer served
 * over the real services in Chromium; in the electron project, the real app's window.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, _electron, type Page } from '@playwright/test';
import { startHarness, type Harness } from '../../main/node/harness/server';
import { Library } from '../../main/node/library/library';
import { ensureElectronSqlite, root } from '../../scripts/electron-native.mjs';

export interface Options {
  target: 'harness' | 'electron';
  /** Start on a library whose first run is already past, so it stays empty. */
  emptyLibrary: boolean;
}

export const SCREENSHOTS = path.join(root, 'test-results', 'screenshots');

export const test = base.extend<Options & { app: Page; harness: Harness | null; libraryDir: string }>({
  target: ['harness', { option: true }],
  emptyLibrary: [false, { option: true }],
  libraryDir: async ({ emptyLibrary }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
    if (emptyLibrary) {
      const library = Library.open(dir);
      library.settings.set('seeded', 'by the test');
      library.close();
    }
    await use(dir);
  },
  harness: async ({ target, libraryDir }, use) => {
    if (target !== 'harness') return use(null);
    const harness = await startHarness({ libraryDir, root });
    await use(harness);
    await harness.close();
  },
  app: async ({ target, harness, libraryDir, page }, use) => {
    if (target === 'harness') {
      await page.goto(harness!.url);
      return use(page);
    }
    const app = await _electron.launch({
      args: [root, '--library', libraryDir],
      env: { ...process.env, LECTERN_SQLITE_BINDING: ensureElectronSqlite() } as Record<string, string>,
    });
    const window = await app.firstWindow();
    await use(window);
    await app.close();
  },
});

export const expect = test.expect;

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
