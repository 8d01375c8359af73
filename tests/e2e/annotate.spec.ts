import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { validateAnnotation } from '../../main/node/annotations/web-annotation';
import { expect, screenshot, test } from './fixtures';
import { dragOver, highlighted, phraseBox } from './selection';

const ARTICLE = 'China key contributor to global human rights cause';

async function openArticle(app: Page) {
  await app.getByRole('option', { name: new RegExp(ARTICLE) }).click();
  await expect(app.locator('.article h1')).toHaveText(ARTICLE);
}

test('select with the mouse, highlight in a colour, reload: the highlight is on the same words; a note is edited', async ({ app }) => {
  await openArticle(app);
  await dragOver(app, 'poverty reduction miracle');
  const popover = app.getByRole('toolbar', { name: 'Highlight the selection' });
  await expect(popover).toBeVisible();
  await screenshot(app, 'annotate-selection');
  await popover.getByRole('button', { name: 'Highlight green' }).click();
  await expect.poll(() => highlighted(app, 'green')).toEqual(['poverty reduction miracle']);
  await expect(app.getByRole('button', { name: 'Annotations (1)' })).toBeVisible();

  await app.reload();
  await openArticle(app);
  await expect.poll(() => highlighted(app, 'green')).toEqual(['poverty reduction miracle']);

  // A click on the highlight opens it: the note is written and kept.
  const box = await phraseBox(app, 'reduction miracle');
  await app.mouse.click(box.x1 + 20, box.y1);
  const editor = app.getByRole('dialog', { name: 'Annotation' });
  await editor.getByRole('textbox', { name: 'Note' }).fill('The claim the article rests on.');
  await editor.getByRole('button', { name: 'Colour blue' }).click();
  await expect.poll(() => highlighted(app, 'blue')).toEqual(['poverty reduction miracle']);
  await screenshot(app, 'annotate-editor');
  await editor.getByRole('button', { name: 'Done' }).click();
  await app.reload();
  await openArticle(app);
  await app.getByRole('button', { name: 'Annotations (1)' }).click();
  const panel = app.getByRole('complementary', { name: 'Annotations in this article' });
  await expect(panel.locator('.note-item')).toHaveText(['poverty reduction miracleThe claim the article rests on.']);
  await expect.poll(() => highlighted(app, 'blue')).toEqual(['poverty reduction miracle']);
});

test('h highlights in the last colour, n opens a note, overlaps are kept, delete is undone', async ({ app }) => {
  await openArticle(app);
  await dragOver(app, 'human rights progress');
  await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight pink' }).click();
  await expect.poll(() => highlighted(app, 'pink')).toEqual(['human rights progress']);
  // h: the last colour (pink), over a selection that overlaps the first highlight.
  await dragOver(app, 'rights progress, poverty');
  await app.keyboard.press('h');
  await expect.poll(() => highlighted(app, 'pink')).toEqual(['human rights progress', 'rights progress, poverty']);
  // n: highlighted, and the note field is ready.
  await dragOver(app, 'Xinjiang');
  await app.keyboard.press('n');
  const note = app.getByRole('dialog', { name: 'Annotation' }).getByRole('textbox', { name: 'Note' });
  await expect(note).toBeFocused();
  await note.fill('Region named');
  await app.keyboard.press('Control+Enter');
  await app.getByRole('button', { name: 'Annotations (3)' }).click();
  const panel = app.getByRole('complementary', { name: 'Annotations in this article' });
  await expect(panel.locator('.note-quote')).toHaveText(['human rights progress', 'rights progress, poverty', 'Xinjiang']);
  await screenshot(app, 'annotate-panel');

  // Delete from the editor; the toast's Undo brings it back with its note.
  await panel.getByRole('button', { name: /Xinjiang/ }).click();
  const box = await phraseBox(app, 'Xinjiang');
  await app.mouse.click((box.x1 + box.x2) / 2, box.y1);
  await app.getByRole('dialog', { name: 'Annotation' }).getByRole('button', { name: 'Delete' }).click();
  await expect(panel.locator('.note-quote')).toHaveCount(2);
  await app.locator('.undo-toast').getByRole('button', { name: 'Undo' }).click();
  await expect(panel.locator('.note-quote')).toHaveCount(3);
  await expect(panel.locator('.note-text')).toHaveText(['Region named']);
});

test('the Notebook lists, filters and opens annotations; exports validate; the JSON-LD comes back in', async ({ app, answerDialog }) => {
  await openArticle(app);
  for (const [phrase, colour] of [['poverty reduction miracle', 'green'], ['Xinjiang', 'yellow']] as const) {
    await dragOver(app, phrase);
    await app.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: `Highlight ${colour}` }).click();
    await expect.poll(() => highlighted(app, colour)).toEqual([phrase]);
  }
  await app.locator('.sidebar .view', { hasText: 'Notebook' }).click();
  await expect(app.locator('.sidebar .view', { hasText: 'Notebook' }).locator('.count')).toHaveText('2');
  const notebook = app.locator('.notebook');
  await expect(notebook.getByRole('region', { name: ARTICLE }).locator('.note-quote')).toHaveText(['Xinjiang', 'poverty reduction miracle']);
  await app.getByRole('combobox', { name: 'Colour' }).selectOption('yellow');
  await expect(notebook.locator('.note-quote')).toHaveText(['Xinjiang']);
  await app.getByRole('combobox', { name: 'Colour' }).selectOption('');
  await app.getByRole('searchbox', { name: 'Search the notebook' }).fill('miracle');
  await expect(notebook.locator('.note-quote')).toHaveText(['poverty reduction miracle']);
  await screenshot(app, 'notebook');
  await notebook.getByRole('button', { name: /poverty reduction miracle/ }).click();
  await expect(app.locator('.article h1')).toHaveText(ARTICLE);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-export-'));
  const exports = { md: path.join(dir, 'notes.md'), jsonld: path.join(dir, 'notes.jsonld'), csv: path.join(dir, 'notes.csv') };
  for (const [format, label] of [['md', 'Markdown'], ['jsonld', 'JSON-LD'], ['csv', 'CSV']] as const) {
    await answerDialog(exports[format]);
    await app.locator('.notebook-actions').getByRole('button', { name: label, exact: true }).click();
    await expect(app.locator('.notice-toast')).toContainText(`Exported 2 annotations to ${exports[format]}`);
  }
  expect(fs.readFileSync(exports.md, 'utf8')).toContain('> poverty reduction miracle');
  expect(fs.readFileSync(exports.csv, 'utf8').split('\r\n')[0]).toBe('article_id,article_title,article_url,color,quote,note,tags,start,end,orphaned,created,updated,id,chapter,page');
  const doc = JSON.parse(fs.readFileSync(exports.jsonld, 'utf8')) as { '@context': string; first: { items: unknown[] } };
  expect(doc.first.items).toHaveLength(2);
  for (const item of doc.first.items) expect(validateAnnotation({ '@context': doc['@context'], ...(item as object) })).toEqual([]);

  // Back in: the same ids, so brought up to date rather than doubled.
  await answerDialog(exports.jsonld);
  await app.locator('.notebook-actions').getByRole('button', { name: 'Import…' }).click();
  await expect(app.locator('.notice-toast')).toContainText('Imported 0 annotations; 2 updated');
  await expect(app.locator('.sidebar .view', { hasText: 'Notebook' }).locator('.count')).toHaveText('2');
});
