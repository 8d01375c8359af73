/**
 * `npx tsx scripts/icons.ts`: renders assets/icon.svg (the one source of the icon) to the PNG
 * sizes electron-builder needs — assets/icon.png (1024 px, for macOS and Windows) and
 * assets/icons/<n>x<n>.png (for Linux) — with Chromium. Run it after changing the SVG and
 * commit the PNGs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(root, 'assets', 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.LECTERN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage();
fs.mkdirSync(path.join(root, 'assets', 'icons'), { recursive: true });
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  const file = size === 1024 ? path.join(root, 'assets', 'icon.png') : path.join(root, 'assets', 'icons', `${size}x${size}.png`);
  await page.screenshot({ path: file, omitBackground: true });
  if (size === 1024) fs.copyFileSync(file, path.join(root, 'assets', 'icons', '1024x1024.png'));
}
await browser.close();
console.log('icons written to assets/icon.png and assets/icons/');
