import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventMap, EventName } from '../../main/common/contract';
import { LibrarySession } from '../../main/node/library/session';
import { newToken, startSyncServer } from '../../main/node/sync/server';
import { SyncService } from '../../main/node/sync/sync-service';
import { decodeSyncCode } from '../../main/node/sync/sync-code';
import { fixture, tempDir } from '../helpers';
import { cuttingProxy } from '../sync-helpers';

const FAST = { quietMs: 100, intervalMs: 600, timeoutMs: 20_000 };

async function computer() {
  const session = new LibrarySession(tempDir());
  const events: { event: EventName; payload: unknown }[] = [];
  const emit = <E extends EventName>(event: E, payload: EventMap[E]) => void events.push({ event, payload });
  return { session, events, service: new SyncService(session, emit, FAST) };
}

async function until(what: string, check: () => boolean, ms = 30_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the background service: an edit goes by itself once edits stop, the other computer receives it and refreshes; a server down shows as offline with the edit kept', async () => {
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const a = await computer();
  const b = await computer();
  try {
    const report = await a.session.library.importer.importItems([fixture('essay.txt')], {});
    const id = report.imported[0]!.id;
    assert.equal((await a.service.status()).state, 'off');
    const { code } = await a.service.start(`ws://127.0.0.1:${server.port}`, token);
    assert.match(code, /^lectern-sync:/);
    await b.service.join(code);
    assert.equal((await b.service.status()).state, 'connected');
    const bId = () => b.session.library.articles.list('all', {}).find((x) => x.title === a.session.library.articles.get(id)!.title)?.id;
    assert.ok(bId(), 'the article reached the joining computer');

    // An edit on A, with no call to sync: the service sends it, B's periodic round brings it in.
    b.events.length = 0;
    a.session.library.edits.apply([id], { kind: 'star', starred: true }, new Date().toISOString());
    await until('the star on B', () => b.session.library.articles.get(bId()!)!.starred);
    assert.ok(b.events.some((e) => e.event === 'libraryChanged'), 'B told its window to refresh');
    assert.ok(b.events.some((e) => e.event === 'syncStatusChanged'), 'B announced its rounds');
    await until('A quiet', () => a.session.library.db.prepare('SELECT count(*) FROM sync_pending').pluck().get() === 0);

    // The server goes away: an edit on A waits, and the status says offline, with the reason.
    await server.close();
    a.session.library.edits.apply([id], { kind: 'state', state: 'archived' }, new Date().toISOString());
    let status = await a.service.status();
    await until('A offline', () => {
      void a.service.status().then((s) => (status = s));
      return status.state === 'offline';
    });
    assert.ok(status.pending >= 1, 'the edit is kept for the next round');
    assert.ok(status.error, 'the status says why');
    await assert.rejects(a.service.now(), (err: Error & { code?: string }) => err.code === 'UNAVAILABLE');
  } finally {
    a.service.close();
    b.service.close();
    await server.close().catch(() => undefined);
    a.session.close();
    b.session.close();
  }
});

test('start refuses a malformed server address or a short token with the reason, and leave makes the library stop syncing', async () => {
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const a = await computer();
  try {
    await assert.rejects(a.service.start('http://127.0.0.1:1', token), /must start with ws:\/\//);
    await assert.rejects(a.service.start(`ws://127.0.0.1:${server.port}`, 'short'), /too short/);
    assert.equal((await a.service.status()).state, 'off');
    await a.service.start(`ws://127.0.0.1:${server.port}`, token);
    a.service.pause(true);
    assert.equal((await a.service.status()).paused, true);
    await a.service.leave();
    const status = await a.service.status();
    assert.deepEqual([status.state, status.server, status.paused], ['off', null, false]);
    await assert.rejects(a.service.now(), /does not sync yet/);
  } finally {
    a.service.close();
    await server.close();
    a.session.close();
  }
});

test('a start whose first round fails keeps its code: rounds in the background do not take it, the next start gives it', async () => {
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const proxy = await cuttingProxy(server.port);
  const a = await computer();
  try {
    await a.session.library.importer.importItems([fixture('essay.txt')], {});
    await assert.rejects(a.service.start(proxy.url, token), (err: Error & { code?: string }) => err.code === 'UNAVAILABLE' && /start again once the server answers to get its code/.test(err.message));
    proxy.cutting = false;
    // The service's own rounds (every 600 ms here) now succeed.
    let status = await a.service.status();
    await until('a round in the background', () => {
      void a.service.status().then((s) => (status = s));
      return status.lastSyncedAt !== null && status.error === null;
    });
    const { code } = await a.service.start(proxy.url, token);
    assert.equal(decodeSyncCode(code).root, a.session.library.settings.get('sync-root'));
    await assert.rejects(a.service.start(proxy.url, token), /already syncs/, 'the code is given once');
  } finally {
    a.service.close();
    await proxy.close();
    await server.close();
    a.session.close();
  }
});
