import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startHarness } from '../../main/node/harness/server';
import { newToken, startSyncServer } from '../../main/node/sync/server';
import { root } from '../../scripts/electron-native.mjs';
import { axeViolations, expect, screenshot, test } from './fixtures';
import { dragOver, highlighted } from './selection';

const ARTICLE = 'China key contributor to global human rights cause';

async function openSettings(app: Page) {
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  return dialog;
}

const violations = (app: Page) => axeViolations(app, '.sync-settings');

test.skip(({ target }) => target !== 'harness', 'needs two libraries open side by side: two harness servers here; an Electron app holds one library (the release workflow runs the rest of the specs there)');

test('two computers: start syncing in one through Settings, join in the other with the code, a highlight made in one appears in the other', async ({ app, context }) => {
  test.setTimeout(180_000);
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-sync-')), token });
  const other = await startHarness({ libraryDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-')), root });
  try {
    const appB = await context.newPage();
    await appB.goto(other.url);

    // Computer A starts syncing: the code is shown once.
    await app.emulateMedia({ colorScheme: 'light' });
    let settings = await openSettings(app);
    const sync = settings.getByRole('region', { name: 'Sync' });
    expect(await violations(app), 'sync settings before syncing').toEqual([]);
    await sync.scrollIntoViewIfNeeded();
    await screenshot(app, 'sync-settings-start');
    await sync.getByRole('textbox', { name: 'Server' }).fill(`ws://127.0.0.1:${server.port}`);
    await sync.getByLabel('Access token').fill('too short');
    await sync.getByRole('button', { name: 'Start syncing' }).click();
    await expect(sync.getByRole('alert')).toContainText('the access token is too short');
    await sync.getByLabel('Access token').fill(token);
    await sync.getByRole('button', { name: 'Start syncing' }).click();
    const codeBox = sync.getByRole('textbox', { name: 'Sync code' });
    await expect(codeBox).toHaveValue(/^lectern-sync:/, { timeout: 60_000 });
    const code = await codeBox.inputValue();
    await expect(sync.getByRole('status').first()).toContainText('Synced');
    expect(await violations(app), 'sync settings with the code').toEqual([]);
    await screenshot(app, 'sync-settings-light');
    await app.emulateMedia({ colorScheme: 'dark' });
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await violations(app), 'sync settings, dark').toEqual([]);
    await screenshot(app, 'sync-settings-dark');
    await app.emulateMedia({ colorScheme: 'light' });
    await sync.getByRole('button', { name: 'I have kept it' }).click();
    await expect(codeBox).toHaveCount(0);
    await settings.getByRole('button', { name: 'Done' }).click();
    await expect(app.locator('.sync-line')).toContainText('Synced');

    // Computer B joins with the code: a damaged code is refused with the reason first.
    settings = await openSettings(appB);
    const syncB = settings.getByRole('region', { name: 'Sync' });
    await syncB.getByLabel('Sync code').fill('lectern-sync:@@');
    await syncB.getByRole('button', { name: 'Join' }).click();
    await expect(syncB.getByRole('alert')).toContainText('damaged');
    await syncB.getByLabel('Sync code').fill(code);
    await syncB.getByRole('button', { name: 'Join' }).click();
    await expect(syncB.getByText('Joined: this library now syncs')).toBeVisible({ timeout: 60_000 });
    await expect(syncB.getByText(`Syncs through`)).toContainText(`ws://127.0.0.1:${server.port}`);
    await settings.getByRole('button', { name: 'Done' }).click();
    // The same seeded articles on both computers became one each.
    await expect(appB.locator('.row')).toHaveCount(await app.locator('.row').count());

    // A highlight on A, sent with Sync now; B's Sync now brings it into its open reader.
    await appB.getByRole('option', { name: new RegExp(ARTICLE) }).click();
    await expect(appB.locator('.article h1')).toHaveText(ARTICLE);
    await app.getByRole('option', { name: new RegExp(ARTICLE) }).click();
    await expect(app.locator('.article h1')).toHaveText(ARTICLE);
    await dragOver(app, 'poverty reduction miracle');
    await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight green' }).click();
    await expect.poll(() => highlighted(app, 'green')).toEqual(['poverty reduction miracle']);
    expect(await highlighted(appB, 'green')).toEqual([]);

    settings = await openSettings(app);
    await settings.getByRole('button', { name: 'Sync now' }).click();
    await expect(settings.getByText('Synced.', { exact: true })).toBeVisible({ timeout: 60_000 });
    await settings.getByRole('button', { name: 'Done' }).click();

    settings = await openSettings(appB);
    await settings.getByRole('button', { name: 'Sync now' }).click();
    await expect(settings.getByText('Synced.', { exact: true })).toBeVisible({ timeout: 60_000 });
    await settings.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => highlighted(appB, 'green'), { timeout: 15_000 }).toEqual(['poverty reduction miracle']);
    await screenshot(appB, 'sync-highlight-arrived');

    // Deleted on B while A highlights it (the services' own rounds carry both): it comes back on both, and B says why.
    await appB.getByRole('option', { name: new RegExp(ARTICLE) }).click();
    await appB.keyboard.press('Delete');
    await expect(appB.getByRole('option', { name: new RegExp(ARTICLE) })).toHaveCount(0);
    await dragOver(app, 'sideline meetings');
    await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight yellow' }).click();
    await expect.poll(() => highlighted(app, 'yellow')).toEqual(['sideline meetings']);
    const notice = appB.locator('.notice-toast');
    await expect(notice).toContainText(`Restored “${ARTICLE}”: annotated on another computer`, { timeout: 60_000 });
    await expect(notice).toContainText('deleted on one computer while annotated on another');
    await expect(appB.getByRole('option', { name: new RegExp(ARTICLE) })).toHaveCount(1);
    await appB.getByRole('option', { name: new RegExp(ARTICLE) }).click();
    await expect.poll(() => highlighted(appB, 'yellow'), { timeout: 15_000 }).toEqual(['sideline meetings']);
    await expect(app.getByRole('option', { name: new RegExp(ARTICLE) })).toHaveCount(1);
    await screenshot(appB, 'sync-restored-notice');
  } finally {
    await other.close();
    await server.close();
  }
});
