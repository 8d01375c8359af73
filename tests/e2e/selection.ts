/** Selecting and reading highlights in the reader's body, as a person does: shared by the specs that annotate. */
import type { Frame, Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * Where `phrase` starts and ends on screen: in the article body, or in a book's chapter (a frame:
 * its positions are the frame's own, offset by where the frame lies in the page).
 */
export async function phraseBox(app: Page, phrase: string, chapter?: Frame) {
  const box = await (chapter ?? app).evaluate(
    ([p, root]) => {
      const walker = document.createTreeWalker(document.querySelector(root)!, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.nodeValue!.indexOf(p);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + p.length);
        const rects = [...r.getClientRects()];
        const first = rects[0]!;
        const last = rects.at(-1)!;
        // A fixed-layout page's frame is scaled to fit the reader: its positions are scaled with it.
        const frame = window.frameElement as HTMLElement | null;
        const k = frame ? frame.getBoundingClientRect().width / frame.offsetWidth : 1;
        return { x1: (first.left + 1) * k, y1: (first.top + first.height / 2) * k, x2: (last.right - 1) * k, y2: (last.top + last.height / 2) * k };
      }
      throw new Error(`"${p}" is not in the ${root === 'body' ? 'chapter' : 'article'}`);
    },
    [phrase, chapter ? 'body' : '.article-body'] as const,
  );
  const at = chapter ? (await (await chapter.frameElement()).boundingBox())! : { x: 0, y: 0 };
  return { x1: at.x + box.x1, y1: at.y + box.y1, x2: at.x + box.x2, y2: at.y + box.y2 };
}

/** Selects `phrase` with the mouse, as a reader does: in the article, or in a book's chapter. */
export async function dragOver(app: Page, phrase: string, chapter?: Frame) {
  const box = await phraseBox(app, phrase, chapter);
  await app.mouse.move(box.x1, box.y1);
  await app.mouse.down();
  await app.mouse.move(box.x2, box.y2, { steps: 8 });
  await app.mouse.up();
  await expect.poll(() => (chapter ?? app).evaluate(() => document.getSelection()!.toString())).toBe(phrase);
}

/** The text under each highlight of a colour, as the page draws it. */
export const highlighted = (app: Page, color: string) =>
  app.evaluate((c) => [...(CSS.highlights.get(`annot-${c}`) ?? [])].map((r) => (r as Range).toString()).sort(), color);
