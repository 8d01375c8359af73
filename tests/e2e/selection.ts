/** Selecting and reading highlights in the reader's body, as a person does: shared by the specs that annotate. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Where `phrase` starts and ends on screen, in the article body. */
export function phraseBox(app: Page, phrase: string) {
  return app.evaluate((p) => {
    const body = document.querySelector('.article-body')!;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.nodeValue!.indexOf(p);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + p.length);
      const rects = [...r.getClientRects()];
      const first = rects[0]!;
      const last = rects.at(-1)!;
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    }
    throw new Error(`"${p}" is not in the article`);
  }, phrase);
}

/** Selects `phrase` with the mouse, as a reader does. */
export async function dragOver(app: Page, phrase: string) {
  const box = await phraseBox(app, phrase);
  await app.mouse.move(box.x1, box.y1);
  await app.mouse.down();
  await app.mouse.move(box.x2, box.y2, { steps: 8 });
  await app.mouse.up();
  await expect.poll(() => app.evaluate(() => window.getSelection()!.toString())).toBe(phrase);
}

/** The text under each highlight of a colour, as the page draws it. */
export const highlighted = (app: Page, color: string) =>
  app.evaluate((c) => [...(CSS.highlights.get(`annot-${c}`) ?? [])].map((r) => (r as Range).toString()).sort(), color);
