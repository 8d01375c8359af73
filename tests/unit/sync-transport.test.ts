import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { Repo, cbor, generateAutomergeUrl, type AutomergeUrl, type DocHandle, type PeerId } from '@automerge/automerge-repo';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { WebSocketServer } from 'ws';
import { TokenWebSocketClientAdapter } from '../../main/node/sync/client';
import { newToken, startSyncServer, type SyncServer } from '../../main/node/sync/server';
import { decodeSyncCode, encodeSyncCode, SyncCodeError } from '../../main/node/sync/sync-code';
import type { BulkAction } from '../../main/common/contract';
import { Library } from '../../main/node/library/library';
import { runRound, syncLibrary, syncStatus, SyncRoundError } from '../../main/node/sync/round';
import { cliBundle, openTempLibrary, ROOT, snapshot, tempDir } from '../helpers';
import { addArticle, cuttingProxy } from '../sync-helpers';

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

test('the server closes and lets its process end: stopped at once after it started, or after a client asked for a document it does not have', async () => {
  // Timers and sockets left behind are what kept a stopped server's process alive.
  const left = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r.startsWith('TCP')).sort();
  const before = left();
  // What the server left behind: resources of each kind beyond those running before (an earlier test's timers may end meanwhile).
  const added = () => [...new Set(left())].filter((kind) => left().filter((r) => r === kind).length > before.filter((r) => r === kind).length);
  const quick = await startSyncServer({ port: 0, dataDir: tempDir(), token: newToken() });
  await quick.close();
  // The listening socket's handle is released a few turns after close.
  for (let waited = 0; waited < 2000 && added().length > 0; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(added(), [], 'nothing left running by a server stopped right after it started');

  await withServer(async (server, token) => {
    const repo = new Repo({ network: [new TokenWebSocketClientAdapter(server.url, token)] });
    try {
      await assert.rejects(repo.find(generateAutomergeUrl()), /unavailable/);
    } finally {
      await repo.shutdown();
    }
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

/** A hostile "server" on `port`: a proper handshake, then one bad message in answer to each document message. */
async function hostileServer(hostile: (peer: PeerId, docId: string) => Uint8Array | Buffer, port = 0) {
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws) => {
    ws.on('message', (raw) => {
      const m = cbor.decode(new Uint8Array(raw as Buffer)) as { type: string; senderId: PeerId; documentId?: string };
      if (m.type === 'join') ws.send(cbor.encode({ type: 'peer', senderId: 'evil', targetId: m.senderId, selectedProtocolVersion: '1', peerMetadata: { storageId: 'x', isEphemeral: false } }));
      else if (m.documentId) ws.send(hostile(m.senderId, m.documentId));
    });
  });
  await new Promise<void>((r) => httpServer.listen(port, '127.0.0.1', r));
  return {
    port: (httpServer.address() as { port: number }).port,
    close: () => new Promise<void>((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      httpServer.close(() => r());
    }),
  };
}

test('a server that answers with malformed messages: the round is refused with the reason, the document unchanged', async () => {
  const token = newToken();
  const cases: [string, (peer: PeerId, docId: string) => Uint8Array | Buffer][] = [
    ['not CBOR', () => Buffer.from([0xff, 0xfe, 0xfd])],
    ['unknown type', (peer) => cbor.encode({ type: 'takeover', senderId: 'evil', targetId: peer })],
    ['bad sync data', (peer, docId) => cbor.encode({ type: 'sync', senderId: 'evil', targetId: peer, documentId: docId, data: new Uint8Array([1, 2, 3, 4]) })],
    ['malformed document id', (peer) => cbor.encode({ type: 'sync', senderId: 'evil', targetId: peer, documentId: '../../etc', data: new Uint8Array([0x42]) })],
  ];
  for (const [name, hostile] of cases) {
    const { port, close } = await hostileServer(hostile);
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
      await close();
    }
    const offline = new Repo({ storage: new NodeFSStorageAdapter(dir) });
    assert.deepEqual([...(await offline.find<Doc>(url)).doc().items], ['mine'], name);
    await offline.shutdown();
  }
});

// ——— Through the `lectern` command, on real libraries (needs `npm run build`) ———

const LECTERN = () => cliBundle();
const SAMPLE = path.join(ROOT, 'assets/library/sample-news-digest.txt');

function cli(lib: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [LECTERN(), '--library', lib, ...args], { encoding: 'utf8', env: { ...process.env, LECTERN_LIBRARY: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ok(lib: string, ...args: string[]): string {
  const r = cli(lib, ...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
  return r.out;
}

/** `lectern sync-server` as a child process, on the port it reports. */
async function serverProcess(dataDir: string, port = 0): Promise<{ url: string; port: number; child: ChildProcess; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [LECTERN(), 'sync-server', '--port', String(port), '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`sync-server exited (${code}): ${out}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode) return child.exitCode;
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    return code;
  };
  return { url, port: Number(new URL(url).port), child, stop };
}

/** What two computers must agree on: the articles as listed (ids are each library's own) and the notebook. */
function view(lib: string) {
  // Ids are each library's own, and `source` is where this computer imported the article from.
  const list = (JSON.parse(ok(lib, 'list', '--json')) as { id: number; source: string | null; title: string; state: string; starred: boolean }[])
    .map(({ id: _id, source: _source, ...a }) => a)
    .sort((x, y) => x.title.localeCompare(y.title));
  const library = Library.open(lib);
  try {
    const tags = Object.fromEntries(library.articles.list('all').map((a) => [a.title, [...(a.tags ?? [])].sort()]));
    const annotations = library.annotations.list({}).map((a) => ({ article: a.articleTitle, uuid: a.uuid, exact: a.exact, note: a.note, color: a.color }))
      .sort((x, y) => x.uuid.localeCompare(y.uuid));
    return { list, tags, annotations };
  } finally {
    library.close();
  }
}

function withLibrary<T>(lib: string, fn: (library: Library) => T): T {
  const library = Library.open(lib);
  try {
    return fn(library);
  } finally {
    library.close();
  }
}

function highlight(library: Library, articleId: number, phrase: string, note = '') {
  const text = library.articles.text(articleId)!;
  const start = text.indexOf(phrase);
  assert.ok(start >= 0, `"${phrase}" is in article ${articleId}`);
  return library.annotations.add({ articleId, color: 'yellow', note, exact: phrase, prefix: text.slice(Math.max(0, start - 20), start), suffix: text.slice(start + phrase.length, start + phrase.length + 20), start, end: start + phrase.length }, new Date().toISOString())!;
}

/** The edits the app makes (the store's bulk edits), on a closed library folder. */
function edit(lib: string, title: string, ...actions: BulkAction[]) {
  withLibrary(lib, (library) => {
    for (const action of actions) library.edits.apply([idOf(lib, title)], action, new Date().toISOString());
  });
}

const idOf = (lib: string, title: string) => (JSON.parse(ok(lib, 'list', '--json')) as { id: number; title: string }[]).find((a) => a.title === title)!.id;

test('two computers through the CLI: the issue\'s story, offline edits on both sides, both libraries end equal', async () => {
  const dataDir = path.join(tempDir(), 'srv');
  const server = await serverProcess(dataDir);
  try {
    const a = tempDir();
    const b = tempDir();
    ok(a, 'import', SAMPLE);
    const [t1, t2, t3] = (JSON.parse(ok(a, 'list', '--json')) as { title: string }[]).map((x) => x.title) as [string, string, string];
    const wordsOf = (lib: Library, id: number) => lib.articles.text(id)!.split(/\s+/).filter((w) => /^[a-z]{5,}$/.test(w));
    // The seeded library: note 1 on article 2, another note on article 3, highlight H2 on article 1.
    const { n1, n2, h2, h1Words } = withLibrary(a, (lib) => ({
      n1: highlight(lib, idOf(a, t2), wordsOf(lib, idOf(a, t2))[0]!, 'note one'),
      n2: highlight(lib, idOf(a, t3), wordsOf(lib, idOf(a, t3))[0]!, 'note two'),
      h2: highlight(lib, idOf(a, t1), wordsOf(lib, idOf(a, t1))[2]!, ''),
      h1Words: wordsOf(lib, idOf(a, t1))[0]!,
    }));

    const first = JSON.parse(ok(a, 'sync', '--server', server.url, '--token-file', path.join(dataDir, 'token'), '--json'));
    assert.match(first.code, /^lectern-sync:[A-Za-z0-9_-]+$/);
    assert.deepEqual(Object.keys(first).sort(), ['code', 'conflicts', 'received', 'sent']);
    const again = JSON.parse(ok(a, 'sync', '--json'));
    assert.equal(again.code, undefined, 'the code is shown once');
    assert.ok(!ok(a, 'sync', 'status', '--json').includes(first.code.slice(14, 40)), 'status never shows the code');

    const joined = JSON.parse(ok(b, 'sync', '--join', first.code, '--json'));
    assert.equal(joined.code, undefined);
    assert.deepEqual(view(b), view(a), 'B joined with everything A had');

    // Offline on A: tag X, archive article 1, edit note 1, add H1.
    edit(a, t1, { kind: 'tag', tag: 'X' }, { kind: 'state', state: 'archived' });
    withLibrary(a, (lib) => {
      lib.annotations.update(lib.annotations.list({}).find((n) => n.uuid === n1.uuid)!.id, { note: 'note one, edited on A' }, new Date().toISOString());
      highlight(lib, idOf(a, t1), h1Words, 'H1');
    });
    // Offline on B: tag Y, star article 1, edit another note, delete H2, add H3 over H1's words.
    edit(b, t1, { kind: 'tag', tag: 'Y' }, { kind: 'star', starred: true });
    withLibrary(b, (lib) => {
      lib.annotations.update(lib.annotations.list({}).find((n) => n.uuid === n2.uuid)!.id, { note: 'note two, edited on B' }, new Date().toISOString());
      lib.edits.deleteAnnotation(lib.annotations.list({}).find((n) => n.uuid === h2.uuid)!.id);
      highlight(lib, idOf(b, t1), h1Words, 'H3');
    });

    ok(a, 'sync', '--json');
    ok(b, 'sync', '--json');
    ok(a, 'sync', '--json');
    const va = view(a);
    assert.deepEqual(view(b), va, 'both libraries equal');
    const article1 = va.list.find((x) => x.title === t1)!;
    assert.equal(article1.state, 'archived');
    assert.equal(article1.starred, true);
    assert.deepEqual(va.tags[t1], ['X', 'Y']);
    assert.deepEqual(va.annotations.map((n) => n.note).sort(), ['H1', 'H3', 'note one, edited on A', 'note two, edited on B']);
    assert.ok(!va.annotations.some((n) => n.uuid === h2.uuid), 'H2 is gone on both');
    // Each export is a new collection (its own id), in this library's order; an article without an address
    // is named by this library's id (lectern://article/N), here replaced by its title.
    const exportOf = (lib: string) => {
      const titles = new Map((JSON.parse(ok(lib, 'list', '--json')) as { id: number; title: string }[]).map((x) => [`lectern://article/${x.id}`, x.title]));
      const text = ok(lib, 'annotations', 'export', '--format', 'jsonld').replace(/lectern:\/\/article\/\d+/g, (iri) => titles.get(iri)!);
      const { first, ...collection } = JSON.parse(text);
      return { ...collection, id: 'the collection', items: (first.items as { id: string }[]).sort((x, y) => x.id.localeCompare(y.id)) };
    };
    const exported = exportOf(a);
    assert.equal(exported.items.length, 4);
    assert.deepEqual(exportOf(b), exported, 'identical annotation exports');
    for (const lib of [a, b]) assert.equal(JSON.parse(ok(lib, 'check', '--json')).ok, true);
  } finally {
    await server.stop();
  }
});

test('sync-server and sync: usage and refusals with reasons (wrong token, server down, bad code)', async () => {
  const dataDir = path.join(tempDir(), 'srv');
  const server = await serverProcess(dataDir);
  const lib = tempDir();
  ok(lib, 'import', SAMPLE);
  const before = ok(lib, 'list', '--json');
  try {
    assert.equal((fs.statSync(path.join(dataDir, 'token')).mode & 0o777).toString(8), '600');
    const wrong = path.join(tempDir(), 'wrong-token');
    fs.writeFileSync(wrong, `${newToken()}\n`);
    const stored0 = stored(path.join(dataDir, 'documents'));
    const refused = cli(lib, 'sync', '--server', server.url, '--token-file', wrong, '--json');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /refused the access token \(401\)/);
    assert.deepEqual(stored(path.join(dataDir, 'documents')), stored0, 'nothing stored for a wrong token');
    assert.equal(JSON.parse(ok(lib, 'sync', 'status', '--json')).syncing, false);

    const bad = cli(lib, 'sync', '--join', 'lectern-sync:bm9wZQ');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /sync code is damaged/);
    assert.equal(cli(lib, 'sync').code, 1, 'a plain sync before starting');
    assert.match(cli(lib, 'sync').err, /does not sync yet/);
    assert.equal(cli(lib, 'sync', '--server', server.url).code, 2, 'a server without its token file is a usage error');
  } finally {
    assert.equal(await server.stop(), 0, 'the server stops cleanly on SIGTERM');
  }
  assert.equal(ok(lib, 'list', '--json'), before, 'the library is unchanged');
});

test('server down, then killed and restarted mid-way: each failure has its reason, nothing is lost or doubled', async () => {
  const dataDir = path.join(tempDir(), 'srv');
  let server = await serverProcess(dataDir);
  const tokenFile = path.join(dataDir, 'token');
  const a = tempDir();
  const b = tempDir();
  ok(a, 'import', SAMPLE, ...manyArticles(150));
  const code = JSON.parse(ok(a, 'sync', '--server', server.url, '--token-file', tokenFile, '--json')).code as string;
  const { port } = server;

  // Down: A edits offline; the round fails at once with the reason; the edits stay queued.
  await server.stop();
  const t = (JSON.parse(ok(a, 'list', '--json')) as { id: number; title: string }[])[0]!;
  edit(a, t.title, { kind: 'tag', tag: 'queued' }, { kind: 'star', starred: true });
  const before = view(a);
  const down = cli(a, 'sync', '--json');
  assert.equal(down.code, 1);
  assert.match(down.err, /connection refused.*is the sync server running/);
  assert.deepEqual(view(a), before, 'the failed round changed nothing');
  const status = JSON.parse(ok(a, 'sync', 'status', '--json'));
  assert.ok(status.pending > 0 && /connection refused/.test(status.lastError), JSON.stringify(status));

  // Killed (kill -9) while B joins the whole library, then restarted on the same data.
  server = await serverProcess(dataDir, port);
  ok(a, 'sync', '--json');
  const joining = spawn(process.execPath, [LECTERN(), '--library', b, 'sync', '--join', code, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  joining.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise((r) => setTimeout(r, 700));
  server.child.kill('SIGKILL');
  const [exit] = (await once(joining, 'exit')) as [number | null];
  server = await serverProcess(dataDir, port);
  try {
    if (exit !== 0) assert.match(err, /connection|closed|cut|refused/, err);
    if (exit !== 0) {
      const retry = cli(b, 'sync', ...(JSON.parse(ok(b, 'sync', 'status', '--json')).syncing ? [] : ['--join', code]), '--json');
      assert.equal(retry.code, 0, retry.err);
    }
    ok(b, 'sync', '--json');
    ok(a, 'sync', '--json');
    assert.deepEqual(view(b), view(a));
    assert.deepEqual(view(b).tags[t.title], ['queued']);
    for (const lib of [a, b]) assert.equal(JSON.parse(ok(lib, 'check', '--json')).ok, true);
  } finally {
    await server.stop();
  }
});

test('kill -9 of a syncing CLI at random points: the library passes check, and after the next round no change is lost or doubled', async () => {
  const dataDir = path.join(tempDir(), 'srv');
  const server = await serverProcess(dataDir);
  const a = tempDir();
  const b = tempDir();
  try {
    ok(a, 'import', SAMPLE, ...manyArticles(100));
    const code = JSON.parse(ok(a, 'sync', '--server', server.url, '--token-file', path.join(dataDir, 'token'), '--json')).code as string;
    ok(b, 'sync', '--join', code, '--json');
    const titles = (JSON.parse(ok(a, 'list', '--json')) as { title: string }[]).map((x) => x.title);
    // Random points across a whole round, as long as one takes on this machine (start-up included).
    const started = Date.now();
    ok(a, 'sync', '--json');
    const roundMs = Date.now() - started;
    const delays = [0.2, 0.4, 0.6, 0.75, 0.9].map((f) => Math.round(roundMs * (f + Math.random() * 0.1)));
    for (const [i, delay] of delays.entries()) {
      // Edits on both sides each time, so both kinds of work (sending, receiving) are cut.
      edit(a, titles[i]!, { kind: 'tag', tag: `a${i}` });
      withLibrary(a, (lib) => highlight(lib, idOf(a, titles[i]!), lib.articles.text(idOf(a, titles[i]!))!.split(/\s+/).find((w) => w.length > 5)!, `a${i}`));
      edit(b, titles[i + 10]!, { kind: 'tag', tag: `b${i}` });
      const victim = i % 2 ? a : b;
      const child = spawn(process.execPath, [LECTERN(), '--library', victim, 'sync', '--json'], { stdio: 'ignore' });
      // Listened for before the wait: a round quicker than the one measured has exited by then.
      const exited = once(child, 'exit');
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      assert.equal(JSON.parse(ok(victim, 'check', '--json')).ok, true, `check after kill -9 at ${delay} ms`);
    }
    for (const lib of [a, b, a, b]) ok(lib, 'sync', '--json');
    const va = view(a);
    assert.deepEqual(view(b), va);
    for (const i of delays.keys()) {
      assert.deepEqual(va.tags[titles[i]!], [`a${i}`]);
      assert.deepEqual(va.tags[titles[i + 10]!], [`b${i}`]);
      assert.equal(va.annotations.filter((n) => n.note === `a${i}`).length, 1, `highlight a${i} exactly once`);
    }
    assert.equal(va.list.length, titles.length, 'no article lost or doubled');
  } finally {
    await server.stop();
  }
});

/** Markdown files of a few hundred words each, so a round takes long enough to be cut. */
function manyArticles(n: number): string[] {
  const dir = tempDir();
  const words = 'reading slowly quiet library margin lantern river harbor orchard meadow winter letters'.split(' ');
  for (let i = 0; i < n; i++) {
    const body = Array.from({ length: 400 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ');
    fs.writeFileSync(path.join(dir, `article-${i}.md`), `# Article number ${i}\n\n${body}\n`);
  }
  return [dir];
}

test('a library syncing with a server that turned hostile: the round is refused with the reason, the library unchanged', async () => {
  const lib = tempDir();
  ok(lib, 'import', SAMPLE);
  const token = newToken();
  const honest = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const first = Library.open(lib);
  try {
    await syncLibrary(first, { start: { server: honest.url, token } }, { timeoutMs: 60_000 });
  } finally {
    first.close();
    await honest.close();
  }
  edit(lib, (JSON.parse(ok(lib, 'list', '--json')) as { title: string }[])[0]!.title, { kind: 'tag', tag: 'waiting' });

  const evil = await hostileServer((peer, docId) => cbor.encode({ type: 'sync', senderId: 'evil', targetId: peer, documentId: docId, data: new Uint8Array([0x42, 1, 2, 3]) }), honest.port);
  try {
    const library = Library.open(lib);
    try {
      // What the user has; the round itself may fold the waiting edit into this computer's documents (sent next time).
      const state = () => ({ rows: snapshot(library), tags: library.articles.list('all').map((x) => x.tags) });
      const before = state();
      assert.ok((await syncStatus(library)).pending > 0);
      await assert.rejects(syncLibrary(library, 'resume', { timeoutMs: 30_000 }), /the server sent a sync message whose data is not an Automerge sync message/);
      assert.deepEqual(state(), before);
      assert.match((await syncStatus(library)).lastError ?? '', /not an Automerge sync message/);
    } finally {
      library.close();
    }
  } finally {
    await evil.close();
  }
});

test('a start whose first round is cut keeps its code for the next round, and that round sends the texts the server never got', async () => {
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const proxy = await cuttingProxy(server.port);
  const first = openTempLibrary();
  const second = openTempLibrary();
  try {
    addArticle(first, 'The old mill', 'The old mill ground grain into flour until the river changed its course.', 'https://example.org/mill');
    await assert.rejects(syncLibrary(first, { start: { server: proxy.url, token } }, { timeoutMs: 30_000 }), (err: Error) => err instanceof SyncRoundError && /the next `sync` that succeeds prints its code/.test(err.message));
    assert.equal((await syncStatus(first)).syncing, true, 'the library started syncing before the connection was cut');
    proxy.cutting = false;
    const report = await syncLibrary(first, 'resume', { timeoutMs: 30_000 });
    assert.ok(report.code, 'the next round that succeeds gives the code');
    await syncLibrary(second, { join: decodeSyncCode(report.code) }, { timeoutMs: 30_000 });
    const id = second.articles.findByUrl('https://example.org/mill')!;
    assert.match(second.articles.text(id) ?? '', /grain into flour/, 'the text came: its pack reached the server');
    assert.equal(second.db.prepare('SELECT count(*) FROM sync_bodies_wanted').pluck().get(), 0);
  } finally {
    first.close();
    second.close();
    await proxy.close();
    await server.close();
  }
});
