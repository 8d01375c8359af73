import { expect, screenshot, test } from './fixtures';
import type { Page } from '@playwright/test';

const rows = (app: Page) => app.locator('.list .row');
const count = (app: Page, view: string) => app.locator('.sidebar .view', { hasText: view }).locator('.count');

test('tags: t adds with autocomplete, the sidebar filters by tag, search finds it, rename merges, delete', async ({ app }) => {
  await expect(rows(app)).toHaveCount(9);
  await app.keyboard.press('j');
  await expect(app.locator('.article h1')).toHaveText('Welcome to Lectern');
  await app.keyboard.press('t');
  const field = app.getByRole('combobox', { name: 'Add a tag' });
  await expect(field).toBeFocused();
  await field.fill('Getting started');
  await field.press('Enter');
  await expect(app.locator('.article .tag-chip')).toHaveText(['#Getting started×']);
  // The second article: the known tag is offered as you type.
  await app.keyboard.press('Escape');
  await app.keyboard.press('j');
  await expect(app.locator('.article h1')).toHaveText('China key contributor to global human rights cause');
  await app.keyboard.press('t');
  await expect(app.locator('datalist option')).toHaveAttribute('value', 'Getting started');
  await field.fill('rights');
  await field.press('Enter');
  await field.fill('#Policy ');
  await field.press('Enter');
  await expect(app.locator('.article .tag-chip')).toHaveText(['#Policy×', '#rights×']);
  await expect(app.locator('.row[aria-selected="true"] .row-tags')).toHaveText(' #Policy #rights');

  const tags = app.getByRole('region', { name: 'Tags' });
  await expect(tags.locator('.view')).toHaveText(['#Getting started1', '#Policy1', '#rights1']);
  await tags.getByRole('button', { name: '#rights' }).click();
  await expect(app.locator('.list-header h2')).toHaveText('#rights');
  await expect(rows(app)).toHaveCount(1);

  // Tags are searched like words.
  await app.getByRole('searchbox', { name: 'Search your library' }).fill('tags:policy');
  await expect(app.getByRole('listbox', { name: 'Search results' }).getByRole('option')).toHaveCount(1);
  await app.getByRole('searchbox', { name: 'Search your library' }).fill('');

  // Rename "Policy" to "RIGHTS": the two merge into the existing tag.
  await tags.getByRole('button', { name: 'Manage' }).click();
  const dialog = app.getByRole('dialog', { name: 'Tags' });
  await dialog.getByRole('textbox', { name: 'Name of the tag Policy' }).fill('RIGHTS');
  await dialog.getByRole('button', { name: 'Merge into “rights”' }).click();
  await expect(dialog.getByRole('textbox')).toHaveCount(2);
  await dialog.getByRole('textbox', { name: 'Name of the tag Getting started' }).fill('Start here');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(tags.locator('.view')).toHaveText(['#rights1', '#Start here1']);
  await screenshot(app, 'tags-dialog');
  await dialog.getByRole('button', { name: 'Delete the tag Start here' }).click();
  await dialog.getByRole('button', { name: 'Delete from 1 article' }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(tags.locator('.view')).toHaveText(['#rights1']);
  // The open article lost the merged tag's old name and kept one "rights".
  await expect(app.locator('.article .tag-chip')).toHaveText(['#rights×']);
  await app.locator('.article .tag-chip').getByRole('button', { name: 'Remove the tag rights' }).click();
  await expect(tags.getByText('Press t in an article to tag it.')).toBeVisible();
});

test('multi-select: Ctrl+click and Shift+click check rows; bulk archive and delete, each undone', async ({ app }) => {
  await expect(rows(app)).toHaveCount(9);
  await rows(app).nth(1).click();
  await rows(app).nth(3).click({ modifiers: ['Control'] });
  await expect(app.locator('.row[aria-checked="true"]')).toHaveCount(2);
  await rows(app).nth(5).click({ modifiers: ['Shift'] });
  await expect(app.locator('.row[aria-checked="true"]')).toHaveCount(3);
  const bar = app.getByRole('toolbar', { name: 'Checked articles' });
  await expect(bar.getByRole('status')).toHaveText('3 selected');
  await screenshot(app, 'bulk-select');
  await bar.getByRole('button', { name: 'Archive' }).click();
  await expect(rows(app)).toHaveCount(6);
  await expect(count(app, 'Archive')).toHaveText('3');
  const toast = app.locator('.undo-toast');
  await expect(toast).toContainText('Archived 3 articles');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(rows(app)).toHaveCount(9);
  await expect(count(app, 'Archive')).toHaveText('0');
  await expect(toast).toContainText('Undone');

  // Ctrl+A checks all, x unchecks the focused one; tag them all; Delete; Ctrl+Z brings them back.
  await rows(app).first().focus();
  await app.keyboard.press('Control+a');
  await expect(app.locator('.row[aria-checked="true"]')).toHaveCount(9);
  await app.keyboard.press('x');
  await expect(app.locator('.row[aria-checked="true"]')).toHaveCount(8);
  await app.keyboard.press('t');
  const tagField = bar.getByRole('combobox', { name: 'Tag to add' });
  await tagField.fill('digest');
  await tagField.press('Enter');
  await expect(app.getByRole('region', { name: 'Tags' }).locator('.view')).toHaveText(['#digest8']);
  await rows(app).nth(1).click();
  await rows(app).nth(2).click({ modifiers: ['Shift'] });
  await app.keyboard.press('Delete');
  await expect(rows(app)).toHaveCount(7);
  await expect(count(app, 'All articles')).toHaveText('7');
  await app.keyboard.press('Control+z');
  await expect(rows(app)).toHaveCount(9);
  await expect(app.getByRole('region', { name: 'Tags' }).locator('.view')).toHaveText(['#digest8']);
  // Restored articles are searchable again.
  await app.getByRole('searchbox', { name: 'Search your library' }).fill('tags:digest');
  await expect(app.getByRole('listbox', { name: 'Search results' }).getByRole('option')).toHaveCount(8);
});

test('the context menu acts on a row, or on the checked rows; the keyboard opens it too', async ({ app }) => {
  await expect(rows(app)).toHaveCount(9);
  await rows(app).nth(2).click({ button: 'right' });
  const menu = app.getByRole('menu', { name: 'Article' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Openo', 'Stars', 'Mark read', 'Archivee', 'Tag…t', 'DeleteDel']);
  await expect(menu.getByRole('menuitem', { name: 'Open' })).toBeFocused();
  await screenshot(app, 'context-menu');
  await menu.getByRole('menuitem', { name: 'Star' }).click();
  await expect(menu).toBeHidden();
  await expect(count(app, 'Starred')).toHaveText('1');
  await expect(rows(app).nth(2).locator('.star')).toBeVisible();

  // From the keyboard: Shift+F10 on the focused row, arrows, Enter.
  await rows(app).nth(4).click();
  await rows(app).nth(4).press('Shift+F10');
  await expect(menu).toBeVisible();
  await app.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(rows(app).nth(4)).toBeFocused();

  // o and Enter open the focused row.
  await rows(app).nth(5).focus();
  await app.keyboard.press('o');
  await expect(rows(app).nth(5)).toHaveAttribute('aria-selected', 'true');
  await rows(app).nth(6).focus();
  await app.keyboard.press('Enter');
  await expect(rows(app).nth(6)).toHaveAttribute('aria-selected', 'true');

  // On checked rows it acts on all of them.
  await rows(app).nth(7).click({ modifiers: ['Control'] });
  await rows(app).nth(7).click({ button: 'right' });
  const many = app.getByRole('menu', { name: '2 articles' });
  await many.getByRole('menuitem', { name: 'Archive' }).click();
  await expect(count(app, 'Archive')).toHaveText('2');
  await expect(rows(app)).toHaveCount(7);
});

test('views by source, Esc clears the selection, and the bulk bar says how many', async ({ app }) => {
  const sources = app.getByRole('region', { name: 'Sources' });
  await expect(sources.locator('.view')).toHaveCount(2);
  await sources.getByRole('button', { name: /Sample news digest/ }).click();
  await expect(rows(app)).toHaveCount(8);
  await expect(app.locator('.list-header h2')).toHaveText('Sample news digest');
  await rows(app).first().click();
  await app.keyboard.press('x');
  await rows(app).nth(1).focus();
  await app.keyboard.press('x');
  await expect(app.getByRole('toolbar', { name: 'Checked articles' }).getByRole('status')).toHaveText('2 selected');
  await app.keyboard.press('Escape');
  await expect(app.getByRole('toolbar', { name: 'Checked articles' })).toBeHidden();
  await app.locator('.sidebar .view', { hasText: 'Inbox' }).click();
  await expect(rows(app)).toHaveCount(9);
});
