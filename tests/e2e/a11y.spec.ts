import { axeViolations, expect, screenshot, test } from './fixtures';

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on the library, reader, selection, menu, annotations, notebook, search and settings (${scheme})`, async ({ app }) => {
    test.setTimeout(200_000); // seven full axe runs take over a minute on two busy cores
    await app.emulateMedia({ colorScheme: scheme });
    await expect(app.locator('html')).toHaveAttribute('data-theme', scheme);
    await expect(app.locator('.row')).toHaveCount(9);
    expect(await axeViolations(app), 'library').toEqual([]);
    await screenshot(app, `library-${scheme}`);
    await app.getByRole('option', { name: /China key contributor/ }).click();
    await expect(app.locator('.article h1')).toBeVisible();
    await app.keyboard.press('t');
    await app.getByRole('combobox', { name: 'Add a tag' }).fill('rights');
    await app.keyboard.press('Enter');
    await app.keyboard.press('Escape');
    await app.locator('.list .row').nth(3).click({ modifiers: ['Control'] });
    await expect(app.getByRole('toolbar', { name: 'Checked articles' })).toBeVisible();
    expect(await axeViolations(app), 'reader, with tags and a selection').toEqual([]);
    await app.locator('.list .row').nth(3).click({ button: 'right' });
    await expect(app.getByRole('menu')).toBeVisible();
    expect(await axeViolations(app), 'context menu').toEqual([]);
    await app.keyboard.press('Escape');
    await app.keyboard.press('Escape');
    // A highlight, its editor and the article's annotations panel.
    await app.evaluate(() => {
      const text = [...document.querySelectorAll('.article-body p')][0]!.firstChild!;
      const range = document.createRange();
      range.setStart(text, 4);
      range.setEnd(text, 16);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    });
    await app.keyboard.press('n');
    await expect(app.getByRole('dialog', { name: 'Annotation' })).toBeVisible();
    await app.getByRole('button', { name: 'Annotations (1)' }).click();
    expect(await axeViolations(app), 'annotation editor and panel').toEqual([]);
    await screenshot(app, `annotations-${scheme}`);
    await app.locator('.sidebar .view', { hasText: 'Notebook' }).click();
    await expect(app.locator('.notebook .note-item')).toHaveCount(1);
    expect(await axeViolations(app), 'notebook').toEqual([]);
    await app.getByRole('searchbox', { name: 'Search your library' }).fill('povrty');
    await expect(app.locator('.corrections')).toBeVisible();
    expect(await axeViolations(app), 'search').toEqual([]);
    await app.getByRole('button', { name: 'Settings' }).click();
    await expect(app.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    expect(await axeViolations(app), 'settings').toEqual([]);
  });
}
