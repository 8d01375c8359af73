/** Files chosen or dropped by the user, read into the form the import channel takes. */
import type { ImportReport } from '../main/common/contract';
import { tooLargeReason } from '../main/common/sizes';

export interface ReadFile {
  name: string;
  dataBase64: string;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Reads what can be sent; files over the limit are reported here, without reading them. */
export async function readFiles(files: File[]): Promise<{ ready: ReadFile[]; tooLarge: ImportReport['failed'] }> {
  const ready: ReadFile[] = [];
  const tooLarge: ImportReport['failed'] = [];
  for (const f of files) {
    const reason = tooLargeReason(f.size);
    if (reason) {
      tooLarge.push({ item: f.name, code: 'IMPORT_FAILED', reason });
    } else {
      ready.push({ name: f.name, dataBase64: toBase64(new Uint8Array(await f.arrayBuffer())) });
    }
  }
  return { ready, tooLarge };
}
