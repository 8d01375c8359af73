/**
 * The sync server: Automerge's own pieces, put together as `@automerge/automerge-repo-sync-server`
 * does (a Repo with `NodeWSServerAdapter` over a `ws` server in noServer mode and
 * `NodeFSStorageAdapter` on a folder), behind one gate of ours: the access token, checked when
 * the HTTP connection asks to become a WebSocket. A request without the right token is answered
 * 401 and closed before any WebSocket or Repo peer exists, so a server on the internet stores
 * nothing for strangers.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { Repo, type PeerId } from '@automerge/automerge-repo';
import { NodeWSServerAdapter } from '@automerge/automerge-repo-network-websocket';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { WebSocketServer } from 'ws';
import { tolerateSlowDocuments } from './slow-documents';
import { checkToken } from './sync-code';

export interface SyncServerOptions {
  port: number;
  /** 127.0.0.1 unless said otherwise: the server is meant to sit behind a TLS reverse proxy. */
  host?: string;
  /** Where the documents are stored, as the clients sent them. */
  dataDir: string;
  token: string;
}

export interface SyncServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * A client is dropped when it has not answered the previous ping. The adapter pings every 5 s,
 * but a client folding or projecting a large library holds its event loop for longer than that
 * (it cannot answer while a transaction runs), and was cut mid-round; a dead peer costs the
 * server nothing but a socket until the next ping.
 */
const KEEPALIVE_MS = 60_000;

/**
 * The adapter starts its keep-alive interval in `connect()`, which the Repo calls a few ticks
 * after it is made, and clears it only on the ws server's `close` event: a server closed before
 * `connect()` (started and stopped at once) kept the interval, and its process, alive. Listening
 * waits for `connected`.
 */
class ServerAdapter extends NodeWSServerAdapter {
  readonly connected: Promise<void>;
  #markConnected!: () => void;

  constructor(wss: WebSocketServer, keepAliveMs: number) {
    super(wss as never, keepAliveMs);
    this.connected = new Promise((resolve) => (this.#markConnected = resolve));
  }

  override connect(...args: Parameters<NodeWSServerAdapter['connect']>): void {
    super.connect(...args);
    this.#markConnected();
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** `Authorization: Bearer <token>` compared in constant time: equal-length digests, so neither the length nor a prefix leaks. */
export function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Reads a token file (the first line, trimmed); a missing or malformed file is an error with the reason. */
export function readTokenFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the token file ${file}: ${(err as Error).message}`);
  }
  return checkToken(text.split(/\r?\n/)[0] ?? '');
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nWWW-Authenticate: Bearer\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const host = options.host ?? '127.0.0.1';
  const expected = digest(checkToken(options.token));
  tolerateSlowDocuments();
  fs.mkdirSync(options.dataDir, { recursive: true });

  const wss = new WebSocketServer({ noServer: true });
  const adapter = new ServerAdapter(wss, KEEPALIVE_MS);
  const repo = new Repo({
    network: [adapter],
    storage: new NodeFSStorageAdapter(path.resolve(options.dataDir)),
    peerId: `lectern-sync-server-${os.hostname()}` as PeerId,
    // Never announce: a client gets a document only by asking for its URL (the URL is the capability).
    sharePolicy: async () => false,
  });

  // The server's own identity is written once at start, before any client can connect.
  await repo.storageId();
  await adapter.connected;

  const server = http.createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    res.end('Lectern sync server: connect with a WebSocket and the access token.\n');
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!bearerMatches(req.headers.authorization, expected)) return refuse(socket, '401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    port,
    url: `ws://${shownHost}:${port}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A refused socket we half-closed, or a request still arriving, would hold close() open.
      server.closeAllConnections();
      await closed;
      // Not repo.shutdown(): its flush throws on a document a client asked for and the server
      // does not have (never ready), and stopped there, leaving the others unsaved.
      const ready = Object.values(repo.handles).filter((h) => h.isReady()).map((h) => h.documentId);
      await repo.flush(ready);
    },
  };
}
