import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function violations(app: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: app }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on the library, reader, search and settings (${scheme})`, async ({ app }) => {
    test.setTimeout(120_000); // four full axe runs take half a minute on two busy cores
    await app.emulateMedia({ colorScheme: scheme });
    await expect(app.locator('html')).toHaveAttribute('data-theme', scheme);
    await expect(app.locator('.row')).toHaveCount(9);
    expect(await violations(app), 'library').toEqual([]);
    await app.getByRole('option', { name: /China key contributor/ }).click();
    await expect(app.locator('.article h1')).toBeVisible();
    expect(await violations(app), 'reader').toEqual([]);
    await app.getByRole('searchbox', { name: 'Search your library' }).fill('povrty');
    await expect(app.locator('.corrections')).toBeVisible();
    expect(await violations(app), 'search').toEqual([]);
    await app.getByRole('button', { name: 'Settings' }).click();
    await expect(app.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    expect(await violations(app), 'settings').toEqual([]);
  });
}
