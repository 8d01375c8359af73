/**
 * Files kept for offline reading (images) live in `<library>/assets/`, named by content hash.
 * Only names of that exact form resolve, so a crafted URL cannot reach any other file.
 */
import path from 'node:path';

const ASSET_NAME = /^[a-f0-9]{64}\.(png|jpe?g|gif|webp|avif|svg)$/;

export function assetFile(libraryDir: string, name: string): string | null {
  return ASSET_NAME.test(name) ? path.join(libraryDir, 'assets', name) : null;
}
