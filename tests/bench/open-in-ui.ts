/**
 * Click to text in the real renderer: the harness over a library of N articles, driven in
 * Chromium. Each sample clicks a row and times, inside the page, until the frame that shows the
 * article's title and body is painted. Also counts the rows in the DOM at the top and the middle
 * of the list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startHarness } from '../../main/node/harness/server';
import { Library } from '../../main/node/library/library';

export interface UiFigures {
  articles: number;
  clickToTextP50: number;
  clickToTextP95: number;
  rowsInDom: number;
  rowsInView: number;
}

const CHROMIUM = process.env.LECTERN_CHROMIUM ?? '/usr/bin/chromium';

export async function openInUi(root: string, libraryDir: string, samples = 30): Promise<UiFigures | null> {
  if (!fs.existsSync(CHROMIUM)) return null;
  // The samples stay out of a benchmark library.
  const library = Library.open(libraryDir);
  library.settings.set('seeded', 'bench');
  const articles = library.articles.counts().articles;
  library.close();

  const harness = await startHarness({ libraryDir, root });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(harness.url);
    // The first listing of a 100,000-article library is given more than Playwright's default 30 s.
    await page.locator('.list .row').first().waitFor({ timeout: 180_000 });
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await clickToText(page, i));
    await page.locator('.list .rows').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.waitForTimeout(100);
    const { inDom, inView } = await page.locator('.list .rows').evaluate((el) => {
      const box = el.getBoundingClientRect();
      const rows = [...el.querySelectorAll('.row')];
      return { inDom: rows.length, inView: rows.filter((r) => { const b = r.getBoundingClientRect(); return b.bottom > box.top && b.top < box.bottom; }).length };
    });
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    return { articles, clickToTextP50: at(0.5), clickToTextP95: at(0.95), rowsInDom: inDom, rowsInView: inView };
  } finally {
    await browser.close();
    await harness.close();
  }
}

/**
 * One sample: the list scrolled to the `i`th place (rows further down each time, as a reader
 * scrolls), the first row fully in view clicked, the time until its text is painted.
 */
export async function clickToText(page: Page, i: number): Promise<number> {
  await page.locator('.list .rows').evaluate((el, top) => (el.scrollTop = top), 300 + i * 1000);
  await page.waitForTimeout(50);
  return page.locator('.list .rows').evaluate(
    (list) =>
      new Promise<number>((resolve, reject) => {
        // The first row fully in view, which is never the article already open.
        const box = list.getBoundingClientRect();
        const el = [...list.querySelectorAll<HTMLElement>('.row:not([aria-selected="true"])')].find((r) => r.getBoundingClientRect().top >= box.top)!;
        const title = el.querySelector('.row-title span:last-child')!.textContent;
        const start = performance.now();
        const timer = setTimeout(() => reject(new Error(`"${title}" was not shown within 10 s`)), 10_000);
        // Inline, not a named helper: tsx would wrap a named one in a helper the page lacks.
        const observer = new MutationObserver(() => {
          if (document.querySelector('.article h1')?.textContent !== title || !document.querySelector('.article-body')?.textContent) return;
          observer.disconnect();
          clearTimeout(timer);
          // The end of the frame that paints it: a message posted from its animation callback
          // is taken after that frame's style, layout and paint.
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now() - start);
            channel.port2.postMessage(null);
          });
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        el.click();
      }),
  );
}

export const libraryOf = (work: string, system: string, n: number) => path.join(work, `${system}-${n}`, 'library');
