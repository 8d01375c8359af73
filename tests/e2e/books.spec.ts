import { makeEpub } from '../books-fixtures';
import { expect, screenshot, test } from './fixtures';
import { dragOver, highlighted } from './selection';

test('an EPUB imported by the file input reads as its chapters; a highlight in it comes back after a reload', async ({ app }) => {
  await app.getByTestId('import-input').setInputFiles({ name: 'moby.epub', mimeType: 'application/epub+zip', buffer: Buffer.from(makeEpub()) });
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Moby-Dick' }).click();
  await expect(app.locator('.article h1')).toHaveText('Moby-Dick');
  await expect(app.locator('.article-body section')).toHaveCount(2);
  await expect(app.locator('.article-body section').nth(1)).toContainText('The Carpet-Bag');
  await expect(app.getByRole('option', { name: /Moby-Dick/ }).locator('.kind-label')).toHaveText('EPUB');
  await screenshot(app, 'book-epub-reader');

  await dragOver(app, 'old carpet-bag');
  await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight green' }).click();
  await expect.poll(() => highlighted(app, 'green')).toEqual(['old carpet-bag']);
  await app.reload();
  await app.getByRole('option', { name: /Moby-Dick/ }).click();
  await expect(app.locator('.article h1')).toHaveText('Moby-Dick');
  await expect.poll(() => highlighted(app, 'green')).toEqual(['old carpet-bag']);
});
