/** Which export a file is, by its name and its first bytes; null when it is no export Lectern knows. */
import { ImportError } from '../errors';
import { hasColumns, readCsv } from './csv';
import type { Entry, Migration } from './entry';
import { instapaperEntry } from './instapaper';
import { parseOmnivoreZip } from './omnivore';
import { looksLikePocketHtml, parsePocketHtml, pocketCsvEntry } from './pocket';
import { readwiseEntry } from './readwise';
import { looksLikeWallabag, parseWallabag } from './wallabag';

const CSV_FORMATS: { service: string; columns: string[]; entry: (row: Record<string, string>, file: string) => Entry }[] = [
  { service: 'Readwise Reader', columns: ['title', 'url', 'document tags', 'saved date', 'location'], entry: readwiseEntry },
  { service: 'Instapaper', columns: ['url', 'title', 'selection', 'folder'], entry: instapaperEntry },
  { service: 'Pocket', columns: ['title', 'url', 'time_added', 'status'], entry: pocketCsvEntry },
];

export function readCsvExport(text: string, file: string): Migration {
  const { header, rows } = readCsv(text);
  const format = CSV_FORMATS.find((f) => hasColumns(header, ...f.columns));
  if (!format) {
    throw new ImportError(`the CSV's columns (${header.slice(0, 8).join(', ')}) are not those of a Pocket, Instapaper or Readwise Reader export`);
  }
  const entries: Entry[] = [];
  const failed: Migration['failed'] = [];
  rows.forEach((row, i) => {
    const entry = format.entry(row, file);
    if (!entry.url) failed.push({ item: `${file}: row ${i + 2}${row.title ? ` (${row.title})` : ''}`, reason: `its URL "${(row.url ?? '').slice(0, 80)}" is not a web address` });
    else entries.push(entry);
  });
  return { service: format.service, entries, failed };
}

export function readJsonExport(text: string, file: string): Migration {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`the JSON could not be read: ${(err as Error).message}`);
  }
  if (looksLikeWallabag(doc)) return parseWallabag(doc, file);
  throw new ImportError('this JSON is not a Wallabag export (a list of entries with is_archived and is_starred)');
}

export { looksLikePocketHtml, parseOmnivoreZip, parsePocketHtml };
