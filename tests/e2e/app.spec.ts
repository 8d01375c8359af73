import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, SAMPLE_DIGEST_TITLES } from '../helpers';
import { expect, screenshot, test } from './fixtures';

test('opens on the sample library: the welcome article, then the digest', async ({ app }) => {
  const rows = app.locator('.row .row-title');
  await expect(rows).toHaveCount(9);
  await expect(rows.first()).toHaveText('Welcome to Lectern');
  await expect(rows).toHaveText(['Welcome to Lectern', ...SAMPLE_DIGEST_TITLES]);
  await expect(app.locator('.view[aria-current="page"] .count')).toHaveText('9');
  await expect(app.locator('.row.unread')).toHaveCount(9);
  await screenshot(app, 'library-light');
});

test('an article opens and reads, with the digest introduction kept', async ({ app }) => {
  await app.getByRole('option', { name: /China key contributor/ }).click();
  const reader = app.getByRole('main', { name: 'Reader' });
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(SAMPLE_DIGEST_TITLES[0]!);
  await expect(reader.locator('.article-body')).toContainText('The 45th session of the UN Human Rights Council concluded in Geneva recently.');
  await expect(reader.locator('.article-body')).not.toContainText('[more..]');
  await reader.getByText('From the introduction of Sample news digest').click();
  await expect(reader.locator('.digest-intro')).toContainText('On September 14th, the 45th session');
  // Opening marks it read.
  await expect(app.locator('.row.unread')).toHaveCount(8);
  await screenshot(app, 'reader-light');
});

test('a file imported through the UI appears and reads; a bad one is named with its reason', async ({ app }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  await app.getByTestId('import-input').setInputFiles([
    { name: 'article.html', mimeType: 'text/html', buffer: fs.readFileSync(path.join(FIXTURES, 'article.html')) },
    { name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from([0, 1, 2, 3, 0, 0, 9]) },
  ]);
  const dialog = app.getByRole('dialog', { name: 'Import finished' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.summary')).toHaveText(/1 imported · 0 already in the library · 1 failed/);
  await expect(dialog.locator('.failed')).toContainText('broken.txt — this is a binary file, not HTML, Markdown or text');
  await screenshot(app, 'import-summary');
  await dialog.getByRole('button', { name: 'The Quiet Art of Reading Slowly' }).click();
  await expect(dialog).toBeHidden();
  const reader = app.getByRole('main', { name: 'Reader' });
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('The Quiet Art of Reading Slowly');
  await expect(reader.locator('.kicker')).toHaveText('Field Notes');
  await expect(reader.locator('.byline')).toContainText('Ada Marsh');
  await expect(reader.locator('.article-body')).toContainText('There is a kind of reading that happens only at a desk');
  await expect(app.locator('.row')).toHaveCount(10);
});

test('dropping a file on the window imports it', async ({ app }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  const text = fs.readFileSync(path.join(FIXTURES, 'essay.txt'), 'utf8');
  const transfer = await app.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'essay.txt', { type: 'text/plain' }));
    return dt;
  }, text);
  await app.dispatchEvent('.app', 'dragover', { dataTransfer: transfer });
  await expect(app.locator('.drop-overlay')).toBeVisible();
  await app.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
  const dialog = app.getByRole('dialog', { name: 'Import finished' });
  await expect(dialog.locator('.summary')).toHaveText(/1 imported/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(app.locator('.row .row-title').first()).toHaveText('On Walking Home');
});

test('dark mode: follows the OS, switches by hand, and is remembered', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.getByRole('option', { name: /Stability and development/ }).click();
  await expect(app.locator('.article h1')).toBeVisible();
  await screenshot(app, 'reader-dark');
  await app.getByRole('button', { name: 'Switch to light mode' }).click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('keyboard: j and k move through the list and open articles', async ({ app }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  await app.keyboard.press('j');
  await expect(app.locator('.article h1')).toHaveText('Welcome to Lectern');
  await app.keyboard.press('j');
  await expect(app.locator('.article h1')).toHaveText(SAMPLE_DIGEST_TITLES[0]!);
  await app.keyboard.press('k');
  await expect(app.locator('.article h1')).toHaveText('Welcome to Lectern');
});

test('links in articles never navigate the app; unsafe ones are refused', async ({ app, harness }) => {
  await app.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'article.html'));
  await app.getByRole('dialog').getByRole('button', { name: 'The Quiet Art of Reading Slowly' }).click();
  const before = app.url();
  await app.getByRole('link', { name: 'the marginalia archive' }).click();
  expect(app.url()).toBe(before);
  if (harness) await expect.poll(() => harness.openedExternally).toEqual(['https://example.org/marginalia']);
  // The javascript: link was stripped on import, so "a mark" is plain text now.
  await expect(app.getByRole('link', { name: 'a mark' })).toHaveCount(0);
});

test('keyboard: s stars, e archives, u marks unread, ? lists every shortcut', async ({ app }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  await app.keyboard.press('j');
  await expect(app.locator('.article h1')).toHaveText('Welcome to Lectern');
  await app.keyboard.press('s');
  await expect(app.getByRole('button', { name: '★ Starred' })).toBeVisible();
  await expect(app.locator('.view', { hasText: 'Starred' }).locator('.count')).toHaveText('1');
  await app.keyboard.press('u');
  await expect(app.locator('.row.unread')).toHaveCount(9);
  await app.keyboard.press('e');
  await expect(app.locator('.view', { hasText: 'Archive' }).locator('.count')).toHaveText('1');
  await expect(app.locator('.row')).toHaveCount(8);
  await app.keyboard.press('?');
  const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('tr')).toHaveCount(25);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the list sorts by saved date, published date, title and length', async ({ app }) => {
  await app.getByTestId('import-input').setInputFiles(path.join(FIXTURES, 'article.html'));
  await app.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  const first = app.locator('.row .row-title').first();
  await expect(first).toHaveText('The Quiet Art of Reading Slowly');
  await app.getByRole('combobox', { name: 'Sort by' }).selectOption('title');
  await expect(first).toHaveText('China holds webinar on Xinjiang’s population and human rights to rebut smears');
  await app.getByRole('combobox', { name: 'Sort by' }).selectOption('published');
  await expect(app.locator('.row .row-title').last()).toHaveText('The Quiet Art of Reading Slowly');
  await app.getByRole('combobox', { name: 'Sort by' }).selectOption('length');
  // The shortest entry of the digest (58 words) first, the longest article last.
  await expect(first).toHaveText('Chinese, foreign social organizations discuss poverty alleviation');
  await expect(app.locator('.row .row-title').last()).toHaveText(/Welcome to Lectern|The Quiet Art of Reading Slowly/);
});

test('a long library renders only the rows in view, and every row is reachable', async ({ app }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  // 300 more articles, through the same bridge the UI uses.
  const report = await app.evaluate(async () => {
    const files = Array.from({ length: 300 }, (_, i) => ({
      name: `bulk-${i}.txt`,
      dataBase64: btoa(`Bulk article ${String(i).padStart(3, '0')}\n\nA short text numbered ${i}, written to fill the list.\n`),
    }));
    const { lectern } = window as unknown as { lectern: { importFiles(a: unknown): Promise<{ ok: boolean; value: { imported: unknown[] } }> } };
    // A request carries at most 200 files.
    let imported = 0;
    for (const part of [files.slice(0, 150), files.slice(150)]) {
      const answer = await lectern.importFiles({ files: part });
      if (!answer.ok) return -1;
      imported += answer.value.imported.length;
    }
    return imported;
  });
  expect(report).toBe(300);
  await expect(app.locator('.view[aria-current="page"] .count')).toHaveText('309');
  const options = app.getByRole('listbox', { name: 'Articles' }).getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-setsize', '309');
  expect(await options.count()).toBeLessThan(30);
  await app.getByRole('listbox', { name: 'Articles' }).hover();
  for (let i = 0; i < 20; i++) await app.mouse.wheel(0, 3000);
  // The oldest article, last in the list.
  await expect(app.locator('.row .row-title').last()).toHaveText(SAMPLE_DIGEST_TITLES[7]!);
  expect(await options.count()).toBeLessThan(30);
  // Keyboard moves follow into rows that were not rendered before.
  await app.getByRole('option', { name: /Welcome to Lectern/ }).click();
  for (let i = 0; i < 12; i++) await app.keyboard.press('j');
  await expect(app.locator('.article h1')).toHaveText(/^China/);
});
