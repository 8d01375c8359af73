/**
 * Property-based fuzzing (fast-check): every IPC channel with random payloads, and every
 * importer with random and mutated files. Whatever arrives, the answer is an envelope or a
 * per-item reason — never a crash, never a hang.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { CHANNELS } from '../../main/common/contract';
import { dispatch } from '../../main/node/ipc/dispatch';
import { createHandlers } from '../../main/node/library/handlers';
import { LibrarySession } from '../../main/node/library/session';
import { FIXTURES, tempDir } from '../helpers';

const CODES = new Set(['BAD_REQUEST', 'UNKNOWN_CHANNEL', 'FORBIDDEN', 'NOT_FOUND', 'IMPORT_FAILED']);

test('every channel answers random payloads with an envelope and a typed error, never a crash', async (t) => {
  // Random payloads can spell real web addresses: the network is cut for this test.
  t.mock.method(globalThis, 'fetch', async () => {
    throw new TypeError('fetch failed', { cause: { code: 'ENETUNREACH' } });
  });
  const session = new LibrarySession(tempDir());
  const opened: string[] = [];
  const handlers = createHandlers(session, {
    openExternal: async (url) => void opened.push(url.toString()),
    emit: () => undefined,
    choosePath: async () => null,
    rememberLibraryDir: () => undefined,
  });
  // Payloads near the valid shapes reach deeper than pure noise.
  const near = fc.oneof(
    fc.anything(),
    fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.string()), view: fc.string(), state: fc.string(), starred: fc.anything() }, { requiredKeys: [] }),
    fc.record({ query: fc.string({ maxLength: 200 }), limit: fc.anything(), filters: fc.anything() }, { requiredKeys: ['query'] }),
    fc.record({ url: fc.oneof(fc.webUrl(), fc.string()) }),
    fc.record({ files: fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 40 }), dataBase64: fc.base64String({ maxLength: 400 }) }), { maxLength: 3 }) }),
    fc.record({ file: fc.string() }),
    fc.record({ theme: fc.string() }),
  );
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.constantFrom(...CHANNELS), fc.string()), near, async (channel, payload) => {
      cases++;
      const answer = await dispatch(handlers, channel, payload, () => undefined);
      assert.equal(typeof answer.ok, 'boolean');
      if (!answer.ok) {
        assert.ok(CODES.has(answer.error.code), `${channel}: ${answer.error.code} ${answer.error.message}`);
        assert.ok(answer.error.message.length > 0);
      }
    }),
    { numRuns: 3000, seed: 20261126 },
  );
  // Only web and mail links ever reached the host.
  for (const url of opened) assert.match(url, /^(https?|mailto):/);
  assert.deepEqual(session.library.db.pragma('integrity_check', { simple: true }), 'ok');
  session.close();
  console.log(`IPC fuzz: ${cases} random calls over ${CHANNELS.length} channels, no crash`);
});

test('every importer survives random and mutated files: a clear reason per bad item, no hang', async () => {
  const session = new LibrarySession(tempDir());
  const seeds = ['article.html', 'broken.html', 'digest.txt', 'essay.txt', 'note.md', 'latin1.html'].map((f) => fs.readFileSync(path.join(FIXTURES, f)));
  // Starts the HTML worker threads (each loads linkedom and Readability): a one-off at the first page, not an item's time.
  await session.library.importer.importItems([{ name: 'warm.html', bytes: seeds[0]! }]);
  const mutate = (bytes: Uint8Array, edits: [number, number][]) => {
    const out = Buffer.from(bytes);
    for (const [at, value] of edits) out[at % out.length] = value;
    return out;
  };
  const file = fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.string({ maxLength: 2000 }).map((s) => Buffer.from(s)),
    fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 })).map(([b, e]) => mutate(b, e)),
    fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([b, n]) => b.subarray(0, n % b.length)),
    fc.array(fc.constantFrom('<div>', '</p>', '<script>', '[more..]', '\n\n', '# ', '<!--', 'Title', '<a href="javascript:x">', '&amp;', '\u0000'), { maxLength: 200 }).map((a) => Buffer.from(a.join(''))),
  );
  let cases = 0;
  let slowest = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('.html', '.md', '.txt', '.htm', '.markdown'), file, async (ext, bytes) => {
      cases++;
      const started = performance.now();
      const report = await session.library.importer.importItems([{ name: `fuzz${ext}`, bytes }]);
      slowest = Math.max(slowest, performance.now() - started);
      for (const f of report.failed) assert.ok(f.reason.length > 5 && !/undefined|\[object/.test(f.reason), f.reason);
      for (const a of report.imported) {
        const html = session.library.articles.get(a.id)!.html;
        // Inside tags only: text that merely mentions them is escaped and harmless.
        assert.ok(!/<script|<[^>]*\son\w+=|<[^>]*=["']?\s*javascript:/i.test(html), html);
      }
    }),
    { numRuns: 1500, seed: 4242 },
  );
  assert.ok(slowest < 5000, `slowest item took ${slowest} ms`);
  assert.equal(session.library.db.pragma('integrity_check', { simple: true }), 'ok');
  session.close();
  console.log(`Importer fuzz: ${cases} random or mutated files, slowest ${slowest.toFixed(0)} ms, no crash`);
});

test('export and feed readers survive random and mutated CSV, JSON, ZIP, Pocket HTML and feeds', async () => {
  const { zipSync, strToU8 } = await import('fflate');
  const { parseFeedText } = await import('../../main/node/feeds/parse');
  const { ImportError } = await import('../../main/node/import/errors');
  const session = new LibrarySession(tempDir());
  const migrate = (f: string) => fs.readFileSync(path.join(FIXTURES, 'migrate', f));
  const omnivore = Buffer.from(zipSync({ 'metadata_0.json': strToU8(JSON.stringify([{ slug: 's', title: 'T', url: 'https://a.example/', state: 'Archived' }])), 'highlights/s.md': strToU8('> quote\n\nnote') }));
  const seeds: [string, Uint8Array][] = [
    ['.csv', migrate('pocket.csv')], ['.csv', migrate('instapaper.csv')], ['.csv', migrate('readwise.csv')],
    ['.json', migrate('wallabag.json')], ['.html', migrate('ril_export.html')], ['.zip', omnivore],
  ];
  const mutate = (bytes: Uint8Array, edits: [number, number][]) => {
    const out = Buffer.from(bytes);
    for (const [at, value] of edits) out[at % out.length] = value;
    return out;
  };
  const input = fc.oneof(
    fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 30 })).map(([[ext, b], e]) => [ext, mutate(b, e)] as const),
    fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([[ext, b], n]) => [ext, b.subarray(0, n % b.length)] as const),
    fc.tuple(fc.constantFrom('.csv', '.json', '.zip'), fc.uint8Array({ maxLength: 1500 })).map(([ext, b]) => [ext, b] as const),
  );
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(input, async ([ext, bytes]) => {
      cases++;
      const report = await session.library.importer.importItems([{ name: `export${ext}`, bytes }]);
      for (const f of report.failed) assert.ok(f.reason.length > 5 && !/undefined|\[object/.test(f.reason), f.reason);
    }),
    { numRuns: 600, seed: 77 },
  );
  const feedSeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>/</link><item><title>I</title><link>/i</link><guid>g</guid><description>d</description></item></channel></rss>`;
  let feeds = 0;
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 800 }), fc.tuple(fc.nat(), fc.string({ maxLength: 20 })).map(([n, s]) => feedSeed.slice(0, n % feedSeed.length) + s + feedSeed.slice(n % feedSeed.length))), (body) => {
      feeds++;
      try {
        const parsed = parseFeedText(body, 'https://example.com/feed');
        for (const item of parsed.items) assert.ok(item.guid);
      } catch (err) {
        assert.ok(err instanceof ImportError, String(err));
      }
    }),
    { numRuns: 1000, seed: 78 },
  );
  assert.equal(session.library.db.pragma('integrity_check', { simple: true }), 'ok');
  session.close();
  console.log(`Export and feed fuzz: ${cases} mutated exports, ${feeds} feeds, no crash; every failure a reason`);
});
