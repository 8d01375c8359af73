/**
 * The first start opens on something to read: the welcome article and the sample news
 * digest shipped in assets/library/. Runs once per library (recorded in settings), so a
 * user who deletes the samples does not get them back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportReport } from '../../common/contract';
import type { Library } from './library';

const SEEDED = 'seeded';
/** Files in assets/library/ and the names they are imported under (the name shows as the source). */
export const SAMPLE_FILES: [file: string, name: string][] = [
  ['sample-news-digest.txt', 'Sample news digest.txt'],
  ['welcome-to-lectern.md', 'Lectern.md'],
];

export async function seedOnFirstRun(library: Library, assetsDir: string): Promise<ImportReport | null> {
  if (library.settings.get(SEEDED) !== null) return null;
  const now = Date.now();
  const report: ImportReport = { imported: [], skipped: [], failed: [] };
  // Later files get later saved dates, so the welcome article heads the list.
  for (const [i, [file, name]] of SAMPLE_FILES.entries()) {
    const bytes = fs.readFileSync(path.join(assetsDir, 'library', file));
    const r = await library.importer.importItems([{ name, bytes }], { savedAt: new Date(now - (SAMPLE_FILES.length - 1 - i) * 1000).toISOString() });
    report.imported.push(...r.imported);
    report.skipped.push(...r.skipped);
    report.failed.push(...r.failed);
  }
  library.settings.set(SEEDED, new Date(now).toISOString());
  return report;
}
