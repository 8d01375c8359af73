import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from '../../main/node/harness/server';
import { ROOT, tempDir } from '../helpers';

/** Needs `npm run build` (the renderer bundle): `npm test` builds before the unit tests. */
let harness: Harness;
before(async () => {
  harness = await startHarness({ libraryDir: tempDir(), root: ROOT });
});
after(() => harness?.close());

const call = (channel: string, arg: unknown, headers: Record<string, string> = {}) =>
  fetch(`${harness.url}/ipc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: harness.url, ...headers },
    body: JSON.stringify({ arg }),
  });

test('the page is served with the strict CSP and the harness bridge', async () => {
  const res = await fetch(harness.url);
  const csp = res.headers.get('content-security-policy')!;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  assert.match(await res.text(), /<script src="\/harness\/bridge.js"><\/script>/);
});

test('IPC over HTTP answers the app, refuses other origins and bad payloads', async () => {
  const ok = await (await call('libraryCounts', undefined)).json();
  assert.deepEqual(ok, { ok: true, value: { articles: 9, inbox: 9, starred: 0, archive: 0, places: 0, annotations: 0 } });
  const foreign = await call('libraryCounts', undefined, { origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal((await foreign.json()).error.code, 'FORBIDDEN');
  const bad = await (await call('getArticle', { id: 'one' })).json();
  assert.equal(bad.error.code, 'BAD_REQUEST');
  const garbage = await fetch(`${harness.url}/ipc/getArticle`, { method: 'POST', headers: { origin: harness.url }, body: '{not json' });
  assert.equal(garbage.status, 400);
  const traversal = await fetch(`${harness.url}/..%2f..%2fpackage.json`);
  assert.equal(traversal.status, 404);
});
