/**
 * `app` is a page showing Lectern on a fresh library: in the harness project, the renderer served
 * over the real services in Chromium; in the electron project, the real app's window.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, _electron, type ElectronApplication, type Page } from '@playwright/test';
import { startHarness, type Harness } from '../../main/node/harness/server';
import { Library } from '../../main/node/library/library';
import { root } from '../../scripts/electron-native.mjs';
import { electronEnv } from './electron-env';

export interface Options {
  target: 'harness' | 'electron';
  /** Start on a library whose first run is already past, so it stays empty. */
  emptyLibrary: boolean;
}

export const SCREENSHOTS = path.join(root, 'test-results', 'screenshots');

/** Answers the app's next native file dialog with `path` (harness: its queue; Electron: a stub in main). */
export type AnswerDialog = (path: string) => Promise<void>;


export const test = base.extend<Options & { app: Page; harness: Harness | null; libraryDir: string; userDataDir: string; electronApp: ElectronApplication | null; answerDialog: AnswerDialog }>({
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
  userDataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-userdata-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  harness: async ({ target, libraryDir }, use) => {
    if (target !== 'harness') return use(null);
    const harness = await startHarness({ libraryDir, root });
    await use(harness);
    await harness.close();
  },
  electronApp: async ({ target, libraryDir, userDataDir }, use) => {
    if (target !== 'electron') return use(null);
    const app = await _electron.launch({ args: [root, '--library', libraryDir], env: electronEnv(userDataDir) });
    await use(app);
    await app.close();
  },
  app: async ({ harness, electronApp, page }, use) => {
    if (electronApp) return use(await electronApp.firstWindow());
    await page.goto(harness!.url);
    await use(page);
  },
  answerDialog: async ({ harness, electronApp }, use) => {
    await use(async (answer) => {
      if (harness) return void harness.dialogAnswers.push(answer);
      await electronApp!.evaluate(({ dialog }, file) => {
        // Once per app: the dialogs answer from a queue in main, "cancel" when it is empty.
        const g = globalThis as unknown as { lecternAnswers?: string[] };
        if (!g.lecternAnswers) {
          const answers: string[] = (g.lecternAnswers = []);
          const d = dialog as unknown as Record<string, unknown>;
          d.showSaveDialog = async () => {
            const f = answers.shift();
            return f ? { canceled: false, filePath: f } : { canceled: true };
          };
          d.showOpenDialog = async () => {
            const f = answers.shift();
            return f ? { canceled: false, filePaths: [f] } : { canceled: true, filePaths: [] };
          };
        }
        g.lecternAnswers.push(file);
      }, answer);
    });
  },
});

export const expect = test.expect;

/** axe's WCAG 2.1 A/AA and best-practice violations on the page (or inside `include`), one line each. */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  const result = await (include ? builder.include(include) : builder).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
