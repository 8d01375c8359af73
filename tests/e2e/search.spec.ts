import { expect, screenshot, test } from './fixtures';

test('search as you type: highlighted snippets, typo notice, keyboard, and the match marked in the article', async ({ app }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  await app.keyboard.press('Control+k');
  await expect(app.getByRole('searchbox', { name: 'Search your library' })).toBeFocused();
  await app.keyboard.type('povrty reduction');
  const results = app.getByRole('listbox', { name: 'Search results' });
  await expect(app.locator('.corrections')).toHaveText(/Showing results for poverty as well as “povrty”/);
  await expect(results.getByRole('option').first()).toContainText('Chinese envoy calls for effective poverty reduction');
  const marks = results.getByRole('option').first().locator('mark');
  await expect(marks.first()).toHaveText(/^(poverty|reduction)$/i);
  await screenshot(app, 'search');

  // Arrow keys move from the field into the results; Enter opens.
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  const reader = app.getByRole('main', { name: 'Reader' });
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(/Chinese envoy calls/);
  const marked = await app.evaluate(() => {
    const h = CSS.highlights.get('search-match');
    return h ? [...h].map((r) => (r as Range).toString().toLowerCase()) : [];
  });
  expect(marked.length).toBeGreaterThan(2);
  expect(new Set(marked)).toEqual(new Set(['poverty', 'reduction']));

  // j moves to the next result.
  await app.locator('.article-body').click();
  await app.keyboard.press('j');
  await expect(reader.getByRole('heading', { level: 1 })).not.toHaveText(/Chinese envoy calls/);
});

test('field scoping, filters, no-result and error states', async ({ app }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  const box = app.getByRole('searchbox', { name: 'Search your library' });
  await app.keyboard.press('/');
  await expect(box).toBeFocused();
  await box.fill('title:webinar');
  const options = app.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await expect(options).toHaveCount(2);
  await expect(app.locator('.result-count')).toHaveText('2 results');

  await app.getByRole('combobox', { name: 'State' }).selectOption('archived');
  await expect(app.getByText('No articles match “title:webinar”')).toBeVisible();
  await app.getByRole('combobox', { name: 'State' }).selectOption('');
  await app.getByRole('combobox', { name: 'Source' }).selectOption('Lectern.md');
  await expect(app.getByText('No articles match “title:webinar”')).toBeVisible();
  await app.getByRole('combobox', { name: 'Source' }).selectOption('');
  await expect(options).toHaveCount(2);

  await box.fill('title:');
  await expect(app.getByRole('alert')).toContainText('Could not read the query');

  await box.fill('zzqx nothing-like-this');
  await expect(app.getByText(/No articles match/)).toBeVisible();

  // Esc leaves the search and brings the library back.
  await box.press('Escape');
  await expect(app.locator('.list-header h2')).toHaveText('Inbox');
});

test('the results in view are read ahead: opening one shows its text without asking the library for it', async ({ app }) => {
  await expect(app.locator('.row')).toHaveCount(9);
  const asked: number[] = [];
  app.on('request', (r) => {
    if (new URL(r.url()).pathname === '/ipc/getArticle') asked.push((JSON.parse(r.postData() ?? '{}') as { arg: { id: number } }).arg.id);
  });
  const query = 'title:webinar';
  const searched = app.waitForResponse((r) => new URL(r.url()).pathname === '/ipc/search' && (JSON.parse(r.request().postData() ?? '{}') as { arg: { query: string } }).arg.query === query);
  await app.getByRole('searchbox', { name: 'Search your library' }).fill(query);
  const ids = ((await (await searched).json()) as { value: { results: { id: number }[] } }).value.results.map((r) => r.id);
  const options = app.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await expect(options).toHaveCount(2);
  expect(ids).toHaveLength(2);
  // The list's own rows are read ahead too, whenever the page is first idle (late on a busy machine): only the results' reads are counted.
  const reads = () => ids.map((id) => asked.filter((a) => a === id).length);
  await expect.poll(reads, { message: 'both results read once the page is idle' }).toEqual([1, 1]);
  await options.nth(1).click();
  await expect(app.getByRole('main', { name: 'Reader' }).getByRole('heading', { level: 1 })).toHaveText(/webinar/i);
  expect(reads(), 'the opened result was not read again').toEqual([1, 1]);
});
