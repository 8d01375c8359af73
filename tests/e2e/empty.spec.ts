import path from 'node:path';
import { FIXTURES } from '../helpers';
import { expect, screenshot, test } from './fixtures';

test.use({ emptyLibrary: true });

test('an empty library says what to do, and the first import fills it', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'Nothing to read yet' })).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Your articles will open here' })).toBeVisible();
  await screenshot(app, 'empty-library');
  await app.getByRole('button', { name: 'Starred' }).click();
  await expect(app.getByRole('heading', { name: 'No starred articles' })).toBeVisible();
  await app.getByRole('button', { name: 'Inbox' }).click();
  await app.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'digest.txt'));
  const dialog = app.getByRole('dialog', { name: 'Import finished' });
  await expect(dialog.locator('.summary')).toHaveText(/3 imported/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(app.locator('.row')).toHaveCount(3);
  await expect(app.locator('.view[aria-current="page"] .count')).toHaveText('3');
});
