import { expect, screenshot, test } from './fixtures';

const long = `A long read\n\n${Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}. ${'The river bends slowly through the valley and the reader follows it page by page. '.repeat(4)}`).join('\n\n')}\n`;

/** The index of the first paragraph (or list item) still visible under the reader's toolbar. */
function paragraphAtTop(app: import('@playwright/test').Page): Promise<number> {
  return app.evaluate(() => {
    const r = document.querySelector('.reader')!;
    const ps = [...document.querySelectorAll('.article-body p, .article-body li')];
    return ps.findIndex((p) => (p as HTMLElement).offsetTop + (p as HTMLElement).offsetHeight > r.scrollTop + 80);
  });
}

async function importLong(app: import('@playwright/test').Page) {
  await app.getByTestId('import-input').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(long) });
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'A long read' }).click();
  await expect(app.locator('.article h1')).toHaveText('A long read');
}

test('the reading position is saved as you read and restored to the paragraph', async ({ app }) => {
  await importLong(app);
  const reader = app.getByRole('main', { name: 'Reader' });
  await app.locator('.article-body p').nth(30).scrollIntoViewIfNeeded();
  await reader.evaluate((el) => el.scrollBy(0, 40));
  await expect(app.getByRole('progressbar', { name: 'Reading progress' })).not.toHaveAttribute('aria-valuenow', '0');
  const top = await paragraphAtTop(app);
  await app.waitForTimeout(600); // the position is saved 300 ms after scrolling stops
  await app.reload();
  await app.getByRole('option', { name: /A long read/ }).click();
  await expect(app.locator('.article h1')).toHaveText('A long read');
  // The same paragraph is at the top again.
  await expect.poll(() => paragraphAtTop(app)).toBe(top);
});

test('typography settings apply at once and persist; reaching the end can mark read', async ({ app }) => {
  await app.keyboard.press('Control+,');
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('radio', { name: 'Sepia' }).check();
  await dialog.getByRole('radio', { name: 'Sans-serif' }).check();
  const size = dialog.getByRole('slider', { name: /Text size/ });
  await size.focus();
  for (let i = 0; i < 4; i++) await size.press('ArrowRight');
  await expect(size).toHaveValue('23');
  const width = dialog.getByRole('slider', { name: /Line width/ });
  await width.focus();
  for (let i = 0; i < 13; i++) await width.press('ArrowLeft');
  await expect(width).toHaveValue('55');
  await dialog.getByRole('combobox', { name: /Mark an article read/ }).selectOption('end');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await importLong(app);
  const article = app.locator('.article');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'sepia');
  await expect(article).toHaveClass(/font-sans/);
  await expect(article).toHaveCSS('font-size', '23px');
  await screenshot(app, 'reader-sepia');
  // Opened but not finished: still unread.
  await expect(app.locator('.row.unread', { hasText: 'A long read' })).toHaveCount(1);
  await app.getByRole('main', { name: 'Reader' }).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(app.locator('.row.unread', { hasText: 'A long read' })).toHaveCount(0);

  await app.reload();
  await app.getByRole('option', { name: /A long read/ }).click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'sepia');
  await expect(app.locator('.article')).toHaveCSS('font-size', '23px');
  await expect(app.locator('.article')).toHaveCSS('--reader-width', '55ch');
});

test('find in the article counts and steps through matches; next and previous articles', async ({ app }) => {
  await app.getByRole('option', { name: /Welcome to Lectern/ }).click();
  await expect(app.locator('.article h1')).toHaveText('Welcome to Lectern');
  await app.keyboard.press('Control+f');
  const find = app.getByRole('searchbox', { name: 'Find in article' });
  await expect(find).toBeFocused();
  await find.fill('library');
  const count = app.locator('.find-count');
  const total = await app.locator('.article-body').evaluate((el) => (el.textContent!.match(/library/gi) ?? []).length);
  expect(total).toBeGreaterThan(2);
  await expect(count).toHaveText(`1 of ${total}`);
  await find.press('Enter');
  await expect(count).toHaveText(`2 of ${total}`);
  await find.press('Shift+Enter');
  await find.press('Shift+Enter');
  await expect(count).toHaveText(`${total} of ${total}`);
  const marked = await app.evaluate(() => CSS.highlights.get('find-match')?.size ?? 0);
  expect(marked).toBe(total);
  await find.fill('zzzz');
  await expect(count).toHaveText('No matches');
  await find.press('Escape');
  await expect(find).toBeHidden();

  await app.getByRole('button', { name: 'Next article' }).click();
  await expect(app.locator('.article h1')).toHaveText('China key contributor to global human rights cause');
  await app.getByRole('button', { name: 'Previous article' }).click();
  await expect(app.locator('.article h1')).toHaveText('Welcome to Lectern');
});

test('place bookmarks: b marks the paragraph, a label is kept, the Bookmarks view goes back there', async ({ app }) => {
  await importLong(app);
  await app.locator('.article-body p').nth(20).evaluate((p) => {
    const reader = document.querySelector('.reader')!;
    reader.scrollTop = (p as HTMLElement).offsetTop - 70;
  });
  await app.keyboard.press('b');
  const places = app.getByRole('dialog', { name: 'Places' });
  await expect(places.locator('li')).toHaveCount(1);
  const label = places.getByRole('textbox');
  await expect(label).toHaveAccessibleName('Label for the place at paragraph 21');
  // The new place's label takes the focus: typing names it.
  await expect(label).toBeFocused();
  await label.fill('Where the river bends');
  await label.press('Enter');
  await app.getByRole('button', { name: 'Places (1)' }).click();

  // Star something too, then read elsewhere.
  await app.keyboard.press('s');
  await app.getByRole('main', { name: 'Reader' }).evaluate((el) => el.scrollTo(0, 0));
  await app.getByRole('button', { name: /^Bookmarks/ }).click();
  await expect(app.locator('.list-header h2')).toHaveText('Bookmarks');
  await expect(app.locator('.list-header .muted')).toHaveText('1 starred · 1 place');
  await app.getByRole('button', { name: /Where the river bends/ }).click();
  await expect.poll(() => paragraphAtTop(app)).toBe(20);
  await screenshot(app, 'bookmarks');
  // Deleting it empties the list of places.
  await app.getByRole('button', { name: 'Places (1)' }).click();
  await app.getByRole('button', { name: 'Delete the place at paragraph 21' }).click();
  await expect(app.getByRole('button', { name: 'Places (0)' })).toBeVisible();
});

test('the OS font size scales the app and the reader; reduced motion stops transitions', async ({ app }) => {
  // What Chromium (and Electron) take from the OS or browser setting: the default font size.
  const cdp = await app.context().newCDPSession(app);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 20 } });
  await app.reload();
  await expect(app.locator('body')).toHaveCSS('font-size', '18.75px');
  await expect(app.locator('.list .row').first()).toHaveCSS('height', '165px');
  await app.keyboard.press('j');
  // The reader's size setting (19 by default) is relative to that default too.
  await expect(app.locator('.article')).toHaveCSS('font-size', '23.75px');
  await expect(app.locator('.reader-toolbar .progress > div')).not.toHaveCSS('transition-duration', '0s');
  await app.emulateMedia({ reducedMotion: 'reduce' });
  await expect(app.locator('.reader-toolbar .progress > div')).toHaveCSS('transition-duration', '0s');
});
