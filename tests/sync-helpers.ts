/**
 * Sync between libraries in one process: a pair of in-memory network adapters joins two Repos
 * (messages delivered in order, a turn of the event loop later, as a socket would), and a
 * round runs steps until neither side has anything left to send or project.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { NetworkAdapter, type AutomergeUrl, type Message, type PeerId, type PeerMetadata, type Repo } from '@automerge/automerge-repo';
import type { EventMap, EventName } from '../main/common/contract';
import type { Library } from '../main/node/library/library';
import { LibrarySession } from '../main/node/library/session';
import { transaction } from '../main/node/store/db';
import { imm, shardOf } from '../main/node/sync/documents';
import { closeRepo, createRepo } from '../main/node/sync/repo';
import { tolerateSlowDocuments } from '../main/node/sync/slow-documents';
import { LibrarySync, type StepReport } from '../main/node/sync/library-sync';
import { newToken, startSyncServer, type SyncServer } from '../main/node/sync/server';
import { SyncService, type SyncTiming } from '../main/node/sync/sync-service';
import { tempDir } from './helpers';

class PipeAdapter extends NetworkAdapter {
  other!: PipeAdapter;
  private connected = false;
  private closed = false;
  private shaken = false;
  private shake!: () => void;
  private readonly handshake = new Promise<void>((resolve) => (this.shake = resolve));

  /** Ready once the other side is known, as a WebSocket client is once the server has answered. */
  isReady(): boolean {
    return this.shaken;
  }
  whenReady(): Promise<void> {
    return this.handshake;
  }
  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId;
    this.peerMetadata = peerMetadata ?? {};
    this.connected = true;
    if (!this.other.connected) return;
    setImmediate(() => {
      for (const [self, other] of [[this, this.other], [this.other, this]] as const) {
        self.shaken = true;
        self.emit('peer-candidate', { peerId: other.peerId!, peerMetadata: other.peerMetadata! });
        self.shake();
      }
    });
  }
  send(message: Message): void {
    if (this.closed) return;
    setImmediate(() => {
      if (!this.other.closed) this.other.emit('message', message);
    });
  }
  disconnect(): void {
    if (this.closed) return;
    this.closed = true;
    this.other.emit('peer-disconnected', { peerId: this.peerId! });
  }
}

export function pipePair(): [NetworkAdapter, NetworkAdapter] {
  const a = new PipeAdapter();
  const b = new PipeAdapter();
  a.other = b;
  b.other = a;
  return [a, b];
}

export interface Side {
  sync: LibrarySync;
  repo: Repo;
}

/** Two libraries' Repos joined by a pipe; `close` shuts both down (flushing their storage). */
export function connect(a: Library, b: Library): { a: Side; b: Side; close: () => Promise<void> } {
  // As the app does (SyncLink.open): a session closed while a peer's document was still loading leaves automerge-repo's 60 s wait for it to reject.
  tolerateSlowDocuments();
  const [na, nb] = pipePair();
  const ra = createRepo(a, [na]);
  const rb = createRepo(b, [nb]);
  return {
    a: { sync: new LibrarySync(a, ra), repo: ra },
    b: { sync: new LibrarySync(b, rb), repo: rb },
    close: async () => {
      await closeRepo(ra);
      await closeRepo(rb);
    },
  };
}

/** Until the root and every shard either side has loaded have the same heads on both sides (a body pack is dropped once written). */
export async function quiet(a: Side, b: Side, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const agree = (x: Side, y: Side) => x.sync.libraryDocuments().every((h) => {
    const other = y.repo.handles[h.documentId];
    return other?.isReady() && JSON.stringify([...h.heads()].sort()) === JSON.stringify([...other.heads()].sort());
  });
  for (;;) {
    if (agree(a, b) && agree(b, a)) return;
    if (Date.now() > until) throw new Error('the two sides did not agree in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Steps on both sides, then after each exchange again, until a step on each side after the
 * documents agree finds nothing to send or project.
 */
export async function round(a: Side, b: Side): Promise<{ a: StepReport[]; b: StepReport[] }> {
  const reports = { a: [await a.sync.step()], b: [await b.sync.step()] };
  for (let i = 0; i < 20; i++) {
    await quiet(a, b);
    // What each side holds the other has too, as when the server acknowledges it.
    a.sync.acknowledged();
    b.sync.acknowledged();
    const x = await a.sync.step();
    const y = await b.sync.step();
    reports.a.push(x);
    reports.b.push(y);
    if (x.sent + x.received + x.loaded + y.sent + y.received + y.loaded === 0) return reports;
  }
  throw new Error('the round did not settle in 20 steps');
}

/** One sync session between two libraries that already sync (or `first` starts and `second` joins). */
export async function syncPair(first: Library, second: Library): Promise<{ a: StepReport[]; b: StepReport[] }> {
  const c = connect(first, second);
  try {
    if (!c.a.sync.rootUrl) {
      const url = await c.a.sync.start();
      await c.b.sync.join(url);
    } else {
      await c.a.sync.open();
      if (c.b.sync.rootUrl) await c.b.sync.open();
      else await c.b.sync.join(c.a.sync.rootUrl);
    }
    return await round(c.a, c.b);
  } finally {
    await c.close();
  }
}

/**
 * Changes an article's entry as another computer would, bypassing its library: the shard, then
 * the root's clock (so the computers that have not loaded that shard know to).
 */
export async function changeEntry<E>(side: Side, syncId: string, change: (entry: E) => void): Promise<void> {
  const root = await side.repo.find<{ shards: Record<string, AutomergeUrl>; clock: Record<string, Record<string, unknown>> }>(side.sync.rootUrl!);
  const key = shardOf(syncId);
  const shard = await side.repo.find<{ articles: Record<string, E> }>(root.doc().shards[key]!);
  shard.change((d) => change(d.articles[syncId]!));
  root.change((d) => {
    d.clock[key]!['another-computer'] = imm(JSON.stringify([...shard.heads()].sort()));
  });
}

/** Adds an article through the store, as an import does. */
export function addArticle(lib: Library, title: string, text: string, url: string | null = null, now = '2026-11-26T12:00:00.000Z'): number {
  const contentHash = createHash('sha256').update(text).digest('hex');
  return transaction(lib.db, (tx) =>
    lib.articles.insert(tx, {
      url, canonicalUrl: url, contentHash, title, author: null, site: 'example.org', publishedAt: null, lang: 'en', excerpt: null,
      html: `<p>${text}</p>`, text, wordCount: text.split(/\s+/).length,
    }, null, now),
  );
}

/**
 * A TCP proxy in front of a sync server. While `cutting`, each connection is cut as soon as the
 * client sends anything after the server's hello (its first documents): a round that connects,
 * then loses the connection before the server received anything.
 */
export async function cuttingProxy(serverPort: number): Promise<{ url: string; cutting: boolean; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(serverPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    let helloSeen = false;
    let fromServer = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      fromServer = Buffer.concat([fromServer, chunk]);
      const headerEnd = fromServer.indexOf('\r\n\r\n');
      helloSeen ||= headerEnd >= 0 && fromServer.length > headerEnd + 4;
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      if (state.cutting && helloSeen) client.destroy();
      else upstream.write(chunk);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const state = {
    url: `ws://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    cutting: true,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
  return state;
}

/** One computer as the app runs it: a library session, its sync service (rounds on `timing`), and the events it told its window. */
export interface Computer {
  session: LibrarySession;
  events: { event: EventName; payload: unknown }[];
  service: SyncService;
}

export function computer(timing: SyncTiming): Computer {
  const session = new LibrarySession(tempDir());
  const events: Computer['events'] = [];
  const emit = <E extends EventName>(event: E, payload: EventMap[E]) => void events.push({ event, payload });
  return { session, events, service: new SyncService(session, emit, timing) };
}

/**
 * The two-computer setup: the real sync server on 127.0.0.1 and two computers, A and B, neither
 * syncing yet. `close` ends both services, the server (if the test has not) and both sessions.
 */
export async function twoComputers(timing: SyncTiming): Promise<{ server: SyncServer; token: string; a: Computer; b: Computer; close: () => Promise<void> }> {
  const token = newToken();
  const server = await startSyncServer({ port: 0, dataDir: tempDir(), token });
  const a = computer(timing);
  const b = computer(timing);
  return {
    server, token, a, b,
    close: async () => {
      a.service.close();
      b.service.close();
      await server.close().catch(() => undefined);
      a.session.close();
      b.session.close();
    },
  };
}
