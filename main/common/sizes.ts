/** File sizes as people read them, and the one message for a file over the import limit. */
import { MAX_IMPORT_FILE_BYTES } from './contract';

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** Why a file of `size` bytes cannot be imported, or null when it can. */
export function tooLargeReason(size: number): string | null {
  return size > MAX_IMPORT_FILE_BYTES
    ? `the file is ${formatBytes(size)}; Lectern imports files up to ${formatBytes(MAX_IMPORT_FILE_BYTES)}`
    : null;
}
