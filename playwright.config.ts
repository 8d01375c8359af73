/**
 * End-to-end specs. The "chromium" project drives the renderer served by the harness over the
 * real services in Debian's Chromium. The "electron" project runs the same specs against the
 * real app, and exists only where Electron's binary does: global-setup says plainly when not.
 */
import fs from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { Options } from './tests/e2e/fixtures';
import { chromiumLaunch } from './tests/e2e/chromium';
import { electronBinary } from './scripts/electron-native.mjs';

const chromium = chromiumLaunch(process.platform, process.env);
if (chromium.executablePath && !fs.existsSync(chromium.executablePath)) {
  throw new Error(`Chromium not found at ${chromium.executablePath}: install Debian's chromium (apt-get install -y chromium) or set LECTERN_CHROMIUM.`);
}
const electron = electronBinary();

export default defineConfig<Options>({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 30_000,
  workers: 2,
  fullyParallel: true,
  reporter: [['list'], ['./tests/e2e/skip-reasons.ts']],
  outputDir: 'test-results/e2e',
  use: { viewport: { width: 1360, height: 860 }, trace: 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      // The desktop specs need Electron itself.
      testIgnore: 'desktop.spec.ts',
      use: {
        target: 'harness',
        browserName: 'chromium',
        launchOptions: {
          ...chromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
      },
    },
    ...(electron.binary ? [{ name: 'electron', use: { target: 'electron' as const } }] : []),
  ],
});
