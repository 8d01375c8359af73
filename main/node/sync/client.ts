/**
 * The client side of the transport: automerge-repo's own WebSocket client adapter, with two
 * changes a library needs and the adapter lacks.
 *
 * 1. The access token travels as `Authorization: Bearer <token>` on the upgrade request. The
 *    adapter opens `new WebSocket(url)` with no headers, so `connect` is ours; the rest (join,
 *    peer handshake, sending) is the adapter's. Why a header: the sync runs in the main process
 *    (Node's `ws`, which can send headers), a URL is written to every proxy's access log, and
 *    reverse proxies such as Caddy redact `Authorization` in their logs while they print a
 *    `Sec-WebSocket-Protocol` subprotocol as it is.
 * 2. What the server sends is checked before the Repo sees it: a message of an unknown type, for
 *    another peer, with a malformed document id or an undecodable sync payload closes the
 *    connection with the reason (`failure`), instead of being logged and dropped deep inside
 *    the Repo — a round then fails with that reason and the library stays as it was.
 *
 * It never retries by itself: a round is one connection, and the next round is the retry.
 */
import { cbor, isValidDocumentId, type PeerId, type PeerMetadata } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import WebSocket from 'ws';

/**
 * Automerge as automerge-repo loads it (its ES build, whose WASM it initializes). A static import
 * here becomes a `require` in the CommonJS bundles, which loads a second Automerge (its CommonJS
 * build and another ~3.6 MiB of WASM); an `import()` stays one. Loaded before the socket opens.
 */
const automerge = import('@automerge/automerge');
let decodeSyncMessage: Awaited<typeof automerge>['decodeSyncMessage'] | null = null;
void automerge.then((a) => (decodeSyncMessage = a.decodeSyncMessage));

/** Whole documents (article texts) travel in one message on a first sync; beyond this, something is wrong. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export class TokenWebSocketClientAdapter extends WebSocketClientAdapter {
  /** Why the connection failed or was closed, in words; null while all is well. */
  failure: string | null = null;
  readonly closed: Promise<string>;
  #markClosed!: (reason: string) => void;
  readonly #token: string;
  #stopped = false;

  constructor(url: string, token: string) {
    super(url, 0);
    this.#token = token;
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
    const adapterOnClose = this.onClose;
    this.onClose = () => {
      adapterOnClose();
      this.#markClosed(this.failure ?? 'the server closed the connection');
    };
  }

  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    // The Repo connects a tick after it is made; a round that ended first (a usage error) stays closed.
    if (this.#stopped) return;
    this.peerId = peerId;
    this.peerMetadata = peerMetadata ?? {};
    if (!decodeSyncMessage) {
      void automerge.then(() => this.connect(peerId, peerMetadata));
      return;
    }
    const socket = new WebSocket(this.url, {
      headers: { Authorization: `Bearer ${this.#token}` },
      handshakeTimeout: 15_000,
      maxPayload: MAX_MESSAGE_BYTES,
    });
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', this.onOpen);
    socket.addEventListener('close', this.onClose);
    socket.addEventListener('message', this.onMessage);
    socket.addEventListener('error', this.onError);
    this.socket = socket as never;
  }

  // The adapter's handler rethrows every error but ECONNREFUSED (an uncaught exception in Node).
  override onError = (event: Event | WebSocket.ErrorEvent): void => {
    const error = 'error' in event ? (event.error as NodeJS.ErrnoException | undefined) : undefined;
    this.failure ??= describeConnectionError(this.url, error);
  };

  override disconnect(): void {
    this.#stopped = true;
    if (this.socket) super.disconnect();
    // The adapter takes its close listener off before closing: a round waiting on this connection ends now.
    this.#markClosed(this.failure ?? 'the connection was closed on this computer');
  }

  // The adapter throws on a socket that is no longer open, deep inside the Repo; the round reports the cut instead.
  override send(message: Parameters<WebSocketClientAdapter['send']>[0]): void {
    if (this.socket?.readyState === WebSocket.OPEN) super.send(message);
  }

  /** Ready once the server answered the join — or once the connection is gone, so nothing waits forever. */
  override whenReady(): Promise<void> {
    return Promise.race([super.whenReady(), this.closed.then(() => undefined)]);
  }

  override receiveMessage(messageBytes: Uint8Array): void {
    if (messageBytes.byteLength === 0) return this.#refuse('an empty message');
    let message: unknown;
    try {
      message = cbor.decode(new Uint8Array(messageBytes));
    } catch {
      return this.#refuse('a message that is not CBOR');
    }
    const problem = malformed(message, this.peerId!);
    if (problem) return this.#refuse(problem);
    const m = message as { type: string; senderId: PeerId; peerMetadata?: PeerMetadata; message?: string };
    if (m.type === 'peer') this.peerCandidate(m.senderId, m.peerMetadata ?? {});
    else if (m.type === 'error') this.#refuse(`an error: ${m.message}`, 'the server reported');
    else if (m.type !== 'remote-heads-changed' && m.type !== 'remote-subscription-change') this.emit('message', message as never);
  }

  #refuse(what: string, lead = 'the server sent'): void {
    this.failure ??= `${lead} ${what}; the connection was closed and nothing of it was applied`;
    this.socket?.close();
  }
}

const DOC_MESSAGES = new Set(['sync', 'request', 'doc-unavailable', 'ephemeral']);
const KNOWN = new Set([...DOC_MESSAGES, 'peer', 'error', 'remote-heads-changed', 'remote-subscription-change']);

/** Why a decoded message cannot be from a well-behaved automerge-repo server, or null. */
export function malformed(message: unknown, ourPeerId: PeerId): string | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return 'a message that is not an object';
  const m = message as Record<string, unknown>;
  if (typeof m.type !== 'string' || !KNOWN.has(m.type)) return `a message of unknown type ${JSON.stringify(m.type)?.slice(0, 40)}`;
  if (typeof m.senderId !== 'string' || m.senderId === '') return `a ${m.type} message without a sender`;
  if (m.type === 'error') return typeof m.message === 'string' ? null : 'an error message without words';
  if (m.targetId !== ourPeerId) return `a ${m.type} message meant for another peer`;
  if (m.type === 'peer') return m.selectedProtocolVersion === '1' ? null : 'an unsupported protocol version';
  if (!DOC_MESSAGES.has(m.type)) return null;
  if (!isValidDocumentId(m.documentId)) return `a ${m.type} message with a malformed document id`;
  if (m.type === 'doc-unavailable') return null;
  if (!(m.data instanceof Uint8Array) || m.data.byteLength === 0) return `a ${m.type} message without data`;
  if (m.type === 'ephemeral') return null;
  try {
    decodeSyncMessage!(m.data);
  } catch {
    return `a ${m.type} message whose data is not an Automerge sync message`;
  }
  return null;
}

function describeConnectionError(url: string, error: NodeJS.ErrnoException | undefined): string {
  const status = /Unexpected server response: (\d+)/.exec(error?.message ?? '')?.[1];
  if (status === '401') return `the server at ${url} refused the access token (401); check the token or the sync code`;
  if (status) return `the server at ${url} answered HTTP ${status} instead of opening a WebSocket; is it a Lectern sync server?`;
  switch (error?.code) {
    case 'ECONNREFUSED':
      return `nothing answers at ${url} (connection refused); is the sync server running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the server name in ${url} cannot be found`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `the server at ${url} cannot be reached (${error.code})`;
    case 'ECONNRESET':
      return `the connection to ${url} was cut`;
    default:
      return `the connection to ${url} failed: ${error?.message ?? 'unknown error'}`;
  }
}
