import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Library } from '../../main/node/library/library';
import { checkLibrary } from '../../main/node/library/safety';
import { deadlineIn, SyncLink, syncLibrary } from '../../main/node/sync/round';
import { newToken, startSyncServer } from '../../main/node/sync/server';
import { decodeSyncCode } from '../../main/node/sync/sync-code';
import { fixture, openTempLibrary, ROOT, tempDir } from '../helpers';
import { addArticle, computer, cuttingProxy, twoComputers } from '../sync-helpers';

const FAST = { quietMs: 100, intervalMs: 600, timeoutMs: 20_000 };

async function until(what: string, check: () => boolean, ms = 30_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the background service: an edit goes by itself once edits stop, the other computer receives it and refreshes; a server down shows as offline with the edit kept', async () => {
  const { server, token, a, b, close } = await twoComputers(FAST);
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
    // The round that projected it tells the window once it ends.
    await until('B told its window to refresh', () => b.events.some((e) => e.event === 'libraryChanged'));
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
    await close();
  }
});

test('start refuses a malformed server address or a short token with the reason, and leave makes the library stop syncing', async () => {
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const a = computer(FAST);
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
  const a = computer(FAST);
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

test('closing the session (the app quitting) ends sync: a round under way stops, the edit is kept for next time, and nothing keeps the process alive', async () => {
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const dir = tempDir();
  const a = Library.open(dir);
  addArticle(a, 'The old mill', 'The old mill turned grain into flour until the river changed its course.', 'https://example.org/mill');
  const { code } = await syncLibrary(a, { start: { server: server.url, token } }, { timeoutMs: 30_000 });
  a.close();
  // The app, as main.ts runs it at quit: the service's round (at open, then one for an edit) under way, then the session closes.
  const script = path.join(dir, 'quit.mts');
  fs.writeFileSync(script, `
    import { LibrarySession } from ${JSON.stringify(path.join(ROOT, 'main/node/library/session.ts'))};
    import { SyncService } from ${JSON.stringify(path.join(ROOT, 'main/node/sync/sync-service.ts'))};
    const session = new LibrarySession(${JSON.stringify(dir)});
    const service = new SyncService(session, () => undefined, { quietMs: 3_600_000, intervalMs: 3_600_000, timeoutMs: 60_000 });
    const id = session.library.articles.list('all', {})[0].id;
    session.library.edits.apply([id], { kind: 'star', starred: true }, new Date().toISOString());
    void service.now().catch(() => undefined);
    await new Promise((r) => setTimeout(r, Number(process.argv[2])));
    await session.close();
    process.stdout.write('closed\\n');
  `);
  try {
    for (const delayMs of [0, 150, 400]) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, String(delayMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = await Promise.race([
        new Promise<number | null>((resolve) => child.once('exit', resolve)),
        new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), 20_000)),
      ]);
      if (exited === 'alive') child.kill('SIGKILL');
      assert.equal(exited, 0, `the process ends by itself once the session closed (after ${delayMs} ms); stderr: ${err}`);
      assert.equal(out, 'closed\n');
      const lib = Library.open(dir);
      assert.equal(lib.closedUncleanly, false);
      assert.deepEqual(checkLibrary(lib), { ok: true, problems: [] });
      lib.close();
    }
    // Nothing lost: the next round sends whatever the cut rounds left queued, and another computer gets the star.
    const again = Library.open(dir);
    await syncLibrary(again, 'resume', { timeoutMs: 30_000 });
    assert.equal(again.db.prepare('SELECT count(*) FROM sync_pending').pluck().get(), 0);
    again.close();
    const b = openTempLibrary();
    await syncLibrary(b, { join: decodeSyncCode(code!) }, { timeoutMs: 30_000 });
    assert.equal(b.articles.list('all', {})[0]!.starred, true);
    b.close();
  } finally {
    await server.close();
  }
});

test('shards let go on the open link come back: edits in every shard reach the other computer both ways, each round ending', async () => {
  const { server, token, a, b, close } = await twoComputers(FAST);
  try {
    for (let i = 0; i < 64; i++) addArticle(a.session.library, `Article ${i}`, `Text of article ${i}, about the mill by the river.`, `https://example.org/${i}`);
    const { code } = await a.service.start(`ws://127.0.0.1:${server.port}`, token);
    await b.service.join(code);
    // One article per shard, in the order of their shards: most were let go by both links after the first rounds.
    const bySyncId = (lib: Library, syncId: string) => lib.db.prepare('SELECT id FROM articles WHERE sync_id = ?').pluck().get(syncId) as number | undefined;
    const shards = new Map<string, string>();
    for (const syncId of a.session.library.db.prepare('SELECT sync_id FROM articles ORDER BY sync_id').pluck().all() as string[]) if (!shards.has(syncId[0]!)) shards.set(syncId[0]!, syncId);
    assert.ok(shards.size >= 12, `articles in ${shards.size} shards`);
    let n = 0;
    for (const syncId of shards.values()) {
      const [from, to] = n++ % 2 === 0 ? [a, b] : [b, a];
      const tag = `t${n}`;
      from.session.library.edits.apply([bySyncId(from.session.library, syncId)!], { kind: 'tag', tag }, new Date().toISOString());
      await until(`${tag} (shard ${syncId[0]}) on the other computer`, () => to.session.library.articles.get(bySyncId(to.session.library, syncId)!)!.tags.includes(tag), 20_000);
    }
    // The rounds the app's Sync now runs end, on both sides.
    await Promise.all([a.service.now(), b.service.now()]);
    assert.deepEqual((await a.service.status()).error, null);
    assert.deepEqual((await b.service.status()).error, null);
  } finally {
    await close();
  }
});

test('shards the open link let go and loads again with nothing new: the round ends (the server does not answer heads it already has)', async () => {
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const a = openTempLibrary();
  for (let i = 0; i < 64; i++) addArticle(a, `Article ${i}`, `Text of article ${i}, about the mill by the river.`, `https://example.org/${i}`);
  const link = await SyncLink.open(a, { start: { server: server.url, token } }, deadlineIn(30_000));
  try {
    await link.round(deadlineIn(30_000), { showCode: false });
    // As when another computer's change reached a shard while it left memory: the shard holds it, the
    // server has it, and the projection has not recorded it, so the next step loads the shard again.
    a.db.prepare('UPDATE sync_docs SET clock = NULL WHERE clock IS NOT NULL').run();
    const report = await link.round(deadlineIn(10_000), { showCode: false });
    assert.deepEqual([report.sent, report.received], [0, 0]);
  } finally {
    await link.close();
    await server.close();
    a.close();
  }
});
