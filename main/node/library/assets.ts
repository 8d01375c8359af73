/**
 * Files kept for offline reading (images, and books' original files) live in `<library>/assets/`, named by content hash.
 * Only names of that exact form resolve, so a crafted URL cannot reach any other file.
 * A saved page's images are fetched once, on saving, and its HTML points at them by
 * `lectern://asset/<name>` (the app's protocol; the harness serves the same names).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { fetchUrl } from '../web/fetch';

const ASSET_NAME = /^[a-f0-9]{64}\.(png|jpe?g|gif|webp|avif|epub|pdf)$/;
export const ASSET_URL = 'lectern://asset/';
const MAX_IMAGES = 60;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const CONCURRENCY = 4;

const ASSET_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  epub: 'application/epub+zip',
  pdf: 'application/pdf',
};

/** The Content-Type an asset is served with, by its name's extension. */
export const assetType = (name: string): string => ASSET_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

export function assetFile(libraryDir: string, name: string): string | null {
  return ASSET_NAME.test(name) ? path.join(libraryDir, 'assets', name) : null;
}

/** The image format by its first bytes; SVG and anything else is not kept. */
function imageType(b: Uint8Array): string | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'gif';
  if (b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'webp';
  if (b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70 && b[8] === 0x61 && b[9] === 0x76) return 'avif';
  return null;
}

/** Saves image bytes under their hash; returns the asset name, or null when they are not an image Lectern keeps. */
export function saveAsset(libraryDir: string, bytes: Uint8Array): string | null {
  const type = imageType(bytes);
  if (!type) return null;
  return keep(libraryDir, bytes, `${createHash('sha256').update(bytes).digest('hex')}.${type}`);
}

/** A book's original file, beside the images: `<sha256>.epub|.pdf`. */
export function saveOriginal(libraryDir: string, original: { bytes: Uint8Array; sha256: string; ext: 'epub' | 'pdf' }): string {
  return keep(libraryDir, original.bytes, `${original.sha256}.${original.ext}`);
}

/** Written whole or not at all (a .part renamed), once: the name is the content's hash. */
function keep(libraryDir: string, bytes: Uint8Array, name: string): string {
  const file = path.join(libraryDir, 'assets', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.part`, bytes);
    fs.renameSync(`${file}.part`, file);
  }
  return name;
}

/**
 * Fetches the images of sanitized article HTML (whose sources are absolute, resolved against
 * the page) into the library and points the HTML at them. An image that cannot be fetched is
 * dropped from the article rather than left pointing at the web. Returns the new HTML and how
 * many images were kept.
 */
export async function localizeImages(libraryDir: string, html: string, leadImage?: string | null): Promise<{ html: string; kept: number; failed: number; leadImage: string | null }> {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const images = [...document.querySelectorAll('img')].slice(0, MAX_IMAGES);
  for (const extra of [...document.querySelectorAll('img')].slice(MAX_IMAGES)) extra.remove();
  let kept = 0;
  let failed = 0;
  const fetchOne = async (src: string): Promise<string | null> => {
    try {
      const got = await fetchUrl(src, { accept: ['image/'], maxBytes: MAX_IMAGE_BYTES, timeoutMs: 15_000 });
      return got ? saveAsset(libraryDir, got.bytes) : null;
    } catch {
      return null;
    }
  };
  const queue = [...images];
  const work = async () => {
    for (let img = queue.shift(); img; img = queue.shift()) {
      const src = img.getAttribute('src') ?? '';
      const name = /^https?:/i.test(src) ? await fetchOne(src) : null;
      if (name) {
        img.setAttribute('src', ASSET_URL + name);
        kept++;
      } else {
        img.remove();
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, work));
  const lead = leadImage ? await fetchOne(leadImage) : null;
  return { html: document.body.innerHTML, kept, failed, leadImage: lead ? ASSET_URL + lead : null };
}
