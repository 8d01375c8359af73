import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { Repo, cbor, type AutomergeUrl, type DocHandle, type PeerId } from '@automerge/automerge-repo';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { WebSocketServer } from 'ws';
import { TokenWebSocketClientAdapter } from '../../main/node/sync/client';
import { runRound, SyncRoundError } from '../../main/node/sync/round';
import { newToken, startSyncServer, type SyncServer } from '../../main/node/sync/server';
import { decodeSyncCode, encodeSyncCode, SyncCodeError } from '../../main/node/sync/sync-code';
import { tempDir } from '../helpers';

type Doc = { items: string[] };

/** Every file under a folder, with its size: what a server has stored. */
function stored(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** A client Repo with file storage, connected through the token adapter; one round over the given documents. */
async function round(dir: string, url: string, token: string, work: (repo: Repo) => Promise<DocHandle<Doc>[]>, timeoutMs = 10_000) {
  const adapter = new TokenWebSocketClientAdapter(url, token);
  const repo = new Repo({ storage: new NodeFSStorageAdapter(dir), network: [adapter], sharePolicy: async () => true });
  try {
    const handles = await work(repo);
    return await runRound({ step: async () => ({ sent: 0, received: 0 }), documents: () => handles }, repo, adapter, { timeoutMs });
  } finally {
    await repo.shutdown();
  }
}

async function withServer<T>(fn: (server: SyncServer, token: string, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = tempDir();
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir, token });
  try {
    return await fn(server, token, dataDir);
  } finally {
    await server.close();
  }
}

/** The raw upgrade answer for a handshake with the given Authorization header (or none). */
function upgrade(port: number, authorization?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, path: '/',
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...(authorization ? { Authorization: authorization } : {}),
      },
    });
    req.on('response', (res) => resolve(res.statusCode!));
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
}

test('sync code: round trip, and each kind of bad code refused with its reason', () => {
  const code = { server: 'wss://sync.example.org/', token: newToken(), root: 'automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ' as AutomergeUrl };
  const text = encodeSyncCode(code);
  assert.match(text, /^lectern-sync:[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeSyncCode(text), code);
  // Line breaks from a mail client are not part of the code.
  assert.deepEqual(decodeSyncCode(`  ${text.slice(0, 30)}\n${text.slice(30)} `), code);
  const body = (o: object) => 'lectern-sync:' + Buffer.from(JSON.stringify(o)).toString('base64url');
  const bad: [string, RegExp][] = [
    ['https://example.org', /not a Lectern sync code/],
    [text.slice(0, text.length - 12), /damaged or cut short|damaged/],
    ['lectern-sync:abc$def', /outside its alphabet/],
    [body({ ...code, v: 2 }), /newer Lectern/],
    [body({ ...code }), /no version/],
    [body({ ...code, v: 1, root: 'automerge:nope' }), /no valid library address/],
    [body({ ...code, v: 1, server: 'http://example.org' }), /must start with ws:\/\/ or wss:\/\//],
    [body({ ...code, v: 1, token: 'short' }), /too short/],
  ];
  for (const [input, reason] of bad) assert.throws(() => decodeSyncCode(input), (e: Error) => e instanceof SyncCodeError && reason.test(e.message), input);
});

test('a wrong or missing token is refused at the upgrade with 401, and the server stores nothing', async () => {
  await withServer(async (server, token, dataDir) => {
    const before = stored(dataDir);
    assert.equal(await upgrade(server.port), 401);
    assert.equal(await upgrade(server.port, `Bearer ${newToken()}`), 401);
    assert.equal(await upgrade(server.port, `Bearer ${token}x`), 401);
    assert.equal(await upgrade(server.port, token), 401, 'the token alone, without the Bearer scheme');
    assert.equal(await upgrade(server.port, `Bearer ${token}`), 101, 'the right token opens the WebSocket');

    // A real client with a wrong token: a clear reason, and its document never reaches the server.
    const err = await round(tempDir(), server.url, newToken(), async (repo) => [repo.create<Doc>({ items: ['secret'] })]).catch((e: Error) => e);
    assert.ok(err instanceof SyncRoundError, String(err));
    assert.match(err.message, /refused the access token \(401\)/);
    assert.deepEqual(stored(dataDir), before);
  });
});

test('two clients exchange a document through the server; the round ends when the server acknowledged it', async () => {
  await withServer(async (server, token) => {
    const a = tempDir();
    let url!: AutomergeUrl;
    const first = await round(a, server.url, token, async (repo) => {
      const h = repo.create<Doc>({ items: ['from A'] });
      url = h.url;
      return [h];
    });
    assert.equal(first.steps.length, 2);

    const b = tempDir();
    let seen: string[] = [];
    await round(b, server.url, token, async (repo) => {
      const h = await repo.find<Doc>(url);
      h.change((d) => void d.items.push('from B'));
      return [h];
    });
    await round(a, server.url, token, async (repo) => {
      const h = await repo.find<Doc>(url);
      return [h];
    });
    // A's own storage now holds B's edit, with no server running.
    const offline = new Repo({ storage: new NodeFSStorageAdapter(a) });
    const h = await offline.find<Doc>(url);
    seen = [...h.doc().items];
    await offline.shutdown();
    assert.deepEqual(seen, ['from A', 'from B']);
  });
});

test('server down: the round fails with the reason, and the next round sends what was queued', async () => {
  const dataDir = tempDir();
  const token = newToken();
  const probe = await startSyncServer({ port: 0, dataDir, token });
  const port = probe.port;
  await probe.close();

  const a = tempDir();
  let url!: AutomergeUrl;
  const started = Date.now();
  const err = await round(a, `ws://127.0.0.1:${port}`, token, async (repo) => {
    const h = repo.create<Doc>({ items: ['queued'] });
    url = h.url;
    return [h];
  }).catch((e: Error) => e);
  assert.ok(err instanceof SyncRoundError, String(err));
  assert.match(err.message, /connection refused.*is the sync server running/);
  assert.ok(Date.now() - started < 5000, 'a refused connection fails at once, not at the timeout');

  const server = await startSyncServer({ port, dataDir, token });
  try {
    await round(a, server.url, token, async (repo) => [await repo.find<Doc>(url)]);
    const b = tempDir();
    let items: string[] = [];
    await round(b, server.url, token, async (repo) => {
      const h = await repo.find<Doc>(url);
      items = [...h.doc().items];
      return [h];
    });
    assert.deepEqual(items, ['queued']);
  } finally {
    await server.close();
  }
});

test('a server that answers with malformed messages: the round is refused with the reason, the document unchanged', async () => {
  const token = newToken();
  const cases: [string, (peer: PeerId, docId: string) => Uint8Array | Buffer][] = [
    ['not CBOR', () => Buffer.from([0xff, 0xfe, 0xfd])],
    ['unknown type', (peer) => cbor.encode({ type: 'takeover', senderId: 'evil', targetId: peer })],
    ['bad sync data', (peer, docId) => cbor.encode({ type: 'sync', senderId: 'evil', targetId: peer, documentId: docId, data: new Uint8Array([1, 2, 3, 4]) })],
    ['malformed document id', (peer) => cbor.encode({ type: 'sync', senderId: 'evil', targetId: peer, documentId: '../../etc', data: new Uint8Array([0x42]) })],
  ];
  for (const [name, hostile] of cases) {
    // A hostile "server": a proper handshake, then one bad message in answer to the first sync.
    const httpServer = http.createServer();
    const wss = new WebSocketServer({ server: httpServer });
    wss.on('connection', (ws) => {
      ws.on('message', (raw) => {
        const m = cbor.decode(new Uint8Array(raw as Buffer)) as { type: string; senderId: PeerId; documentId?: string };
        if (m.type === 'join') ws.send(cbor.encode({ type: 'peer', senderId: 'evil', targetId: m.senderId, selectedProtocolVersion: '1', peerMetadata: { storageId: 'x', isEphemeral: false } }));
        else if (m.documentId) ws.send(hostile(m.senderId, m.documentId));
      });
    });
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    const { port } = httpServer.address() as { port: number };
    const dir = tempDir();
    let url!: AutomergeUrl;
    try {
      const err = await round(dir, `ws://127.0.0.1:${port}`, token, async (repo) => {
        const h = repo.create<Doc>({ items: ['mine'] });
        url = h.url;
        return [h];
      }, 5000).catch((e: Error) => e);
      assert.ok(err instanceof SyncRoundError, `${name}: ${String(err)}`);
      assert.match(err.message, /the server sent .*; the connection was closed and nothing of it was applied/, name);
    } finally {
      wss.close();
      httpServer.close();
    }
    const offline = new Repo({ storage: new NodeFSStorageAdapter(dir) });
    assert.deepEqual([...(await offline.find<Doc>(url)).doc().items], ['mine'], name);
    await offline.shutdown();
  }
});
