import type { Page } from '@playwright/test';
import { makeEpub, makePdf } from '../books-fixtures';
import { expect, screenshot, test } from './fixtures';

/** Selects `phrase` in the reader's body with the mouse. */
async function dragOver(app: Page, phrase: string) {
  const box = await app.evaluate((p) => {
    const walker = document.createTreeWalker(document.querySelector('.article-body')!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.nodeValue!.indexOf(p);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + p.length);
      const rects = [...r.getClientRects()];
      return { x1: rects[0]!.left + 1, y: rects[0]!.top + rects[0]!.height / 2, x2: rects.at(-1)!.right - 1 };
    }
    throw new Error(`"${p}" is not in the book`);
  }, phrase);
  await app.mouse.move(box.x1, box.y);
  await app.mouse.down();
  await app.mouse.move(box.x2, box.y, { steps: 8 });
  await app.mouse.up();
  await expect.poll(() => app.evaluate(() => window.getSelection()!.toString())).toBe(phrase);
}

const highlighted = (app: Page, color: string) =>
  app.evaluate((c) => [...(CSS.highlights.get(`annot-${c}`) ?? [])].map((r) => (r as Range).toString()), color);

test('an EPUB imported by the file input reads as its chapters; a highlight in it comes back after a reload', async ({ app }) => {
  await app.getByTestId('import-input').setInputFiles({ name: 'moby.epub', mimeType: 'application/epub+zip', buffer: Buffer.from(makeEpub()) });
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Moby-Dick' }).click();
  await expect(app.locator('.article h1')).toHaveText('Moby-Dick');
  await expect(app.locator('.article-body h2')).toHaveText(['Loomings', 'The Carpet-Bag']);
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

test('search finds a word on page 2 of a PDF and opens it', async ({ app }) => {
  const pdf = makePdf({ pages: [['Hello from page one,', 'a second line.'], ['Page two has the word albatross.']], title: 'Two Pages' });
  await app.getByTestId('import-input').setInputFiles({ name: 'two.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await expect(app.getByRole('dialog', { name: 'Import finished' })).toBeVisible();
  await app.keyboard.press('Escape');
  await app.keyboard.press('Control+k');
  await app.keyboard.type('albatross');
  const results = app.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option')).toHaveCount(1);
  await expect(results.getByRole('option').first()).toContainText('Two Pages');
  await results.getByRole('option').first().click();
  await expect(app.locator('.article-body h2')).toHaveText(['Page 1', 'Page 2']);
  await screenshot(app, 'book-pdf-reader');
});
