/** CSV exports: parsed with csv-parse, header names matched without regard to case or spaces. */
import { parse } from 'csv-parse/sync';
import { ImportError } from '../errors';

export type Row = Record<string, string>;

export function readCsv(text: string): { header: string[]; rows: Row[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (err) {
    throw new ImportError(`the CSV could not be read: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new ImportError('the CSV is empty');
  const header = records[0]!.map((h) => h.trim().toLowerCase());
  return { header, rows: records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()]))) };
}

export const hasColumns = (header: string[], ...names: string[]) => names.every((n) => header.includes(n));
