import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePdf } from '../books-fixtures';
import { PNG, send, startWeb } from '../web-server';
import { expect, screenshot, test } from './fixtures';

const page = (title: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${'A page worth keeping, with a picture in it. '.repeat(12)}</p><p><img src="/picture.png" alt="A picture" width="40" height="40"></p><p>${'And more words after the picture. '.repeat(8)}</p></article></body></html>`;

test('save a page by address: its text and image read offline; follow a feed: it lists with its unread count', async ({ app }) => {
  const web = await startWeb({
    '/essay': send('text/html', page('A Page With a Picture')),
    '/picture.png': send('image/png', PNG),
    '/feed.xml': send('application/rss+xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>Picture Feed</title><link>/</link>
      <item><title>Feed item one</title><guid>f1</guid><link>/one</link><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;The first item, in full.&lt;/p&gt;</content:encoded></item>
      <item><title>Feed item two</title><guid>f2</guid><link>/two</link><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;The second item, in full.&lt;/p&gt;</content:encoded></item></channel></rss>`),
  });
  await expect(app.locator('.list .row')).toHaveCount(9);
  await app.keyboard.press('Control+n');
  const add = app.getByRole('dialog', { name: 'Add to your library' });
  await add.getByRole('textbox', { name: 'Web address' }).fill(`${web.url}/essay`);
  await screenshot(app, 'add-dialog');
  await add.getByRole('button', { name: 'Save page' }).click();
  const done = app.getByRole('dialog', { name: 'Import finished' });
  await done.getByRole('button', { name: 'A Page With a Picture' }).click({ timeout: 20_000 });
  await expect(app.locator('.article h1')).toHaveText('A Page With a Picture');
  const picture = app.locator('.article-body img');
  await expect(picture).toHaveAttribute('src', /^\/asset\/[a-f0-9]{64}\.png$/);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  // Follow a feed, then go offline: the saved page still reads whole.
  await app.keyboard.press('Control+n');
  await add.getByRole('textbox', { name: 'Web address' }).fill(`${web.url}/feed.xml`);
  await add.getByRole('radio', { name: 'Follow its feed' }).check();
  await add.getByRole('button', { name: 'Follow' }).click();
  // The feed's items are cleaned by the HTML workers, which may still be starting on a busy machine.
  await expect(app.getByRole('dialog', { name: 'Import finished' }).locator('.summary')).toContainText('2 imported', { timeout: 20_000 });
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Done' }).click();
  const feeds = app.getByRole('region', { name: 'Feeds' });
  await expect(feeds.locator('.view')).toHaveText(['Picture Feed2']);
  await feeds.getByRole('button', { name: /Picture Feed/ }).click();
  await expect(app.locator('.list .row-title')).toHaveText(['Feed item one', 'Feed item two']);
  await screenshot(app, 'feeds');

  await web.close();
  await app.reload();
  await app.locator('.sidebar .view', { hasText: 'All articles' }).click();
  await app.getByRole('option', { name: /A Page With a Picture/ }).click();
  await expect.poll(() => app.locator('.article-body img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
});

test('a Pocket export comes in as links; the reader says so and offers to fetch the text', async ({ app }) => {
  const csv = 'title,url,time_added,tags,status\nSaved in Pocket,http://127.0.0.1:1/gone,1609459200,later|reading,unread\n';
  await app.getByTestId('import-input').setInputFiles({ name: 'pocket.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await app.getByRole('dialog', { name: 'Import finished' }).getByRole('button', { name: 'Saved in Pocket' }).click();
  await expect(app.locator('.article h1')).toHaveText('Saved in Pocket');
  await expect(app.locator('.article .tag-chip')).toHaveText(['#later×', '#reading×']);
  const banner = app.getByRole('status').filter({ hasText: 'Only the link to this article is saved so far' });
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: 'Fetch the text now' }).click();
  await expect(app.locator('.toast[role="alert"]')).toContainText('could not be reached');
});

test('a locked PDF opened with Lectern asks its password in the import dialog, and the rest of what was opened is in', async ({ app, harness }) => {
  test.skip(!harness, 'opens files as the harness stands in for a second launch; desktop.spec.ts launches Electron twice');
  await expect(app.locator('.list .row')).toHaveCount(9);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-opened-'));
  const locked = path.join(dir, 'locked.pdf');
  const notes = path.join(dir, 'notes.txt');
  fs.writeFileSync(locked, makePdf({ pages: [['The locked book speaks of herons.']], title: 'Opened Herons', password: 'heron-4' }));
  fs.writeFileSync(notes, 'Opened notes\n\nA text file opened with Lectern beside the locked book.\n');
  await harness!.openFiles([locked, notes]);

  const dialog = app.getByRole('dialog', { name: 'Import finished' });
  const form = dialog.getByRole('form', { name: 'Password needed' });
  await expect(form).toContainText(`“${locked}” is protected by a password`);
  await expect(dialog.locator('.imported')).toHaveText('Opened notes');
  await screenshot(app, 'opened-pdf-password-asked');
  await form.getByLabel('Password').fill('not-it');
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('alert')).toHaveText('That password is not right. Try again.');
  await form.getByLabel('Password').fill('heron-4');
  await app.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(dialog.locator('.summary')).toHaveText('2 imported · 0 already in the library · 0 failed');
  await expect(dialog.locator('.imported li')).toHaveText(['Opened notes', 'Opened Herons']);
  await screenshot(app, 'opened-pdf-password-given');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(app.locator('.list .row', { hasText: 'Opened Herons' })).toBeVisible();
});
