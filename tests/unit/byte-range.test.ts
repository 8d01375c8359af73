/**
 * Range requests for the library's files: the header read (byte-range.ts), and a book's original
 * served by parts over real HTTP by the harness, as pdf.js asks for it.
 * Needs `npm run build` (the harness serves the renderer bundle): `npm test` builds first.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseRange, rangeHeaders } from '../../main/node/library/byte-range';
import { startHarness, type Harness } from '../../main/node/harness/server';
import { ASSET_CONTENT_SECURITY_POLICY } from '../../main/node/security/csp';
import { makePdf } from '../books-fixtures';
import { ROOT, tempDir } from '../helpers';

test('a Range header is read as one part of the file, the whole, or none that fits', () => {
  const size = 1000;
  assert.deepEqual(parseRange(undefined, size), { status: 200, start: 0, end: 999 });
  assert.deepEqual(parseRange('bytes=0-99', size), { status: 206, start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=900-', size), { status: 206, start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', size), { status: 206, start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-5000', size), { status: 206, start: 0, end: 999 });
  // A last byte past the end is cut at the end (RFC 9110 §14.1.2).
  assert.deepEqual(parseRange('bytes=990-5000', size), { status: 206, start: 990, end: 999 });
  assert.deepEqual(parseRange('BYTES = 5-5', size), { status: 206, start: 5, end: 5 });
  // Several ranges: the whole file, which the RFC allows and pdf.js never asks.
  assert.deepEqual(parseRange('bytes=0-1, 5-6', size), { status: 200, start: 0, end: 999 });
  for (const bad of ['bytes=1000-', 'bytes=1000-1001', 'bytes=50-10', 'bytes=-0', 'bytes=-', 'bytes=a-b', 'bytes=1-2-3', 'items=0-1', 'bytes=0x10-20', '']) {
    assert.deepEqual(parseRange(bad, size), { status: 416 }, bad);
  }
  assert.deepEqual(parseRange('bytes=0-', 0), { status: 416 });
  assert.deepEqual(rangeHeaders({ status: 206, start: 10, end: 19 }, size), { 'accept-ranges': 'bytes', 'content-length': '10', 'content-range': 'bytes 10-19/1000' });
  assert.deepEqual(rangeHeaders({ status: 416 }, size), { 'accept-ranges': 'bytes', 'content-range': 'bytes */1000', 'content-length': '0' });
  assert.deepEqual(rangeHeaders({ status: 200, start: 0, end: 999 }, size), { 'accept-ranges': 'bytes', 'content-length': '1000' });
});

let harness: Harness;
let pdf: Uint8Array;
let assetUrl: string;
before(async () => {
  harness = await startHarness({ libraryDir: tempDir(), root: ROOT });
  pdf = makePdf({ pages: Array.from({ length: 40 }, (_, i) => [`Page ${i + 1} of a book read by parts.`]), title: 'By Parts' });
  const report = await harness.session.library.importer.importItems([{ name: 'parts.pdf', bytes: pdf }]);
  const original = harness.session.library.articles.get(report.imported[0]!.id)!.original!;
  assetUrl = `${harness.url}/asset/${original}`;
});
after(() => harness?.close());

test('the harness serves a book\'s original by ranges: 206 with its part, 416 past the end, 200 whole without a Range', async () => {
  const whole = await fetch(assetUrl);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.equal(whole.headers.get('content-length'), String(pdf.length));
  assert.equal(whole.headers.get('content-type'), 'application/pdf');
  assert.equal(whole.headers.get('content-security-policy'), ASSET_CONTENT_SECURITY_POLICY);
  assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), pdf);

  const part = await fetch(assetUrl, { headers: { range: 'bytes=100-1123' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 100-1123/${pdf.length}`);
  assert.equal(part.headers.get('content-length'), '1024');
  assert.equal(part.headers.get('content-security-policy'), ASSET_CONTENT_SECURITY_POLICY);
  assert.deepEqual(new Uint8Array(await part.arrayBuffer()), pdf.subarray(100, 1124));

  // The end of the file, where a PDF's cross-reference table is.
  const tail = await fetch(assetUrl, { headers: { range: 'bytes=-64' } });
  assert.equal(tail.status, 206);
  assert.deepEqual(new Uint8Array(await tail.arrayBuffer()), pdf.subarray(pdf.length - 64));
  assert.match(Buffer.from(pdf.subarray(pdf.length - 64)).toString('latin1'), /%%EOF/);

  const past = await fetch(assetUrl, { headers: { range: `bytes=${pdf.length}-` } });
  assert.equal(past.status, 416);
  assert.equal(past.headers.get('content-range'), `bytes */${pdf.length}`);
  assert.equal((await past.arrayBuffer()).byteLength, 0);

  const backwards = await fetch(assetUrl, { headers: { range: 'bytes=500-100' } });
  assert.equal(backwards.status, 416);
  await backwards.arrayBuffer();

  const missing = await fetch(`${harness.url}/asset/${'0'.repeat(64)}.pdf`, { headers: { range: 'bytes=0-10' } });
  assert.equal(missing.status, 404);
  await missing.arrayBuffer();
});
