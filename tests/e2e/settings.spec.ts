import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { FIXTURES } from '../helpers';
import { expect, screenshot, test } from './fixtures';

test('Settings: theme, back up, restore a backup, check — the library comes back as it was', async ({ app, answerDialog }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  await app.keyboard.press('Control+,');
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.library-path')).toContainText('library.sqlite');
  await expect(dialog).toContainText('9 articles');

  await dialog.getByRole('radio', { name: 'Dark' }).check();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await dialog.getByRole('radio', { name: 'Light' }).check();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');

  const backup = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-backup-')), 'my backup.sqlite');
  await answerDialog(backup);
  await dialog.getByRole('button', { name: 'Back up…' }).click();
  await expect(dialog.locator('p.status')).toContainText(`Backed up to ${backup}`);
  await screenshot(app, 'settings');
  await dialog.getByRole('button', { name: 'Done' }).click();

  // A new article after the backup…
  await app.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'essay.txt'));
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Done' }).click();
  await expect(app.locator('.row')).toHaveCount(10);

  // …is gone after restoring it, and the replaced library is listed as a backup.
  await app.getByRole('button', { name: 'Settings' }).click();
  await answerDialog(backup);
  await dialog.getByRole('button', { name: 'Restore…' }).click();
  await expect(dialog.locator('p.status')).toContainText('Restored 9 articles');
  await expect(dialog.locator('.backups li')).toHaveCount(1);
  await expect(app.locator('.row')).toHaveCount(9);

  // Restoring that listed backup brings the tenth article back.
  app.once('dialog', (d) => void d.accept());
  await dialog.locator('.backups li').first().getByRole('button', { name: 'Restore' }).click();
  await expect(dialog.locator('p.status')).toContainText('Restored 10 articles');
  await expect(app.locator('.row')).toHaveCount(10);

  await dialog.getByRole('button', { name: 'Check now' }).click();
  await expect(dialog.locator('p.status')).toHaveText('The library is healthy.');
  await dialog.getByRole('button', { name: 'Rebuild search index' }).click();
  await expect(dialog.locator('p.status')).toHaveText('The search index was rebuilt from 10 articles.');

  // A file that is not a library is refused, and nothing changes.
  await answerDialog(path.join(FIXTURES, 'essay.txt'));
  await dialog.getByRole('button', { name: 'Restore…' }).click();
  await expect(dialog.getByRole('alert')).toContainText('essay.txt');
  await expect(app.locator('.row')).toHaveCount(10);
});
