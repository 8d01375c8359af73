/**
 * HTTP Range requests for the library's files (RFC 9110 §14), shared by the harness and the
 * app's `lectern://asset` handler: pdf.js reads a long PDF by parts (its cross-reference table,
 * then the pages as they come near) instead of waiting for the whole file. One range per request,
 * as pdf.js asks; a set of several is answered with the whole file, which the RFC allows.
 */
import fs from 'node:fs';

/** The part of a file to send: the whole (200), one range (206), or none that fits (416). */
export type ByteRange = { status: 200 | 206; start: number; end: number } | { status: 416 };

const SPEC = /^(\d*)-(\d*)$/;

/** Reads a `Range` header against a file of `size` bytes; `end` is inclusive. */
export function parseRange(header: string | undefined, size: number): ByteRange {
  const whole: ByteRange = { status: 200, start: 0, end: size - 1 };
  if (header === undefined) return whole;
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return { status: 416 };
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length > 1) return whole;
  const spec = SPEC.exec(specs[0]!);
  if (!spec || (spec[1] === '' && spec[2] === '')) return { status: 416 };
  const [first, last] = [spec[1] ? Number(spec[1]) : null, spec[2] ? Number(spec[2]) : null];
  if (first === null) {
    // `bytes=-N`: the last N bytes.
    if (last === 0 || size === 0) return { status: 416 };
    return { status: 206, start: Math.max(0, size - last!), end: size - 1 };
  }
  if (first >= size || (last !== null && last < first)) return { status: 416 };
  return { status: 206, start: first, end: Math.min(last ?? size - 1, size - 1) };
}

/** The headers that go with a range's answer (the content type and policy are the caller's). */
export function rangeHeaders(range: ByteRange, size: number): Record<string, string> {
  const headers: Record<string, string> = { 'accept-ranges': 'bytes' };
  if (range.status === 416) return { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' };
  headers['content-length'] = String(range.end - range.start + 1);
  if (range.status === 206) headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
  return headers;
}

export interface FilePart {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** Null for a 416, and for an empty file. */
  body: fs.ReadStream | null;
}

/**
 * Read and sent in parts of this size: at the stream's default, 64 KB, a 4.3 MB PDF took 66 turns
 * of the event loop and ~50 ms to serve on a loaded machine, against ~10–15 ms in 1 MB parts.
 */
const PART = 1024 * 1024;

/** A file's answer to a request with this `Range` header (or none); rejects when the file is not there. */
export async function readFilePart(file: string, header: string | undefined): Promise<FilePart> {
  const { size } = await fs.promises.stat(file);
  const range = parseRange(header, size);
  const headers = rangeHeaders(range, size);
  if (range.status === 416 || size === 0) return { status: range.status, headers, body: null };
  return { status: range.status, headers, body: fs.createReadStream(file, { start: range.start, end: range.end, highWaterMark: PART }) };
}
