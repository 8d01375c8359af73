/**
 * The sync code: everything another computer needs to join a library — the server's address,
 * its access token and the library's root document — as one string to copy. It is a capability
 * (whoever holds it can read and change the library through that server), so it is shown once
 * and stored like a password, never logged.
 */
import { isValidAutomergeUrl, type AutomergeUrl } from '@automerge/automerge-repo';

const PREFIX = 'lectern-sync:';
/** Bumped when the code's fields change meaning; a code from a newer Lectern is refused, not guessed at. */
const CODE_VERSION = 1;

export interface SyncCode {
  server: string;
  token: string;
  root: AutomergeUrl;
}

export class SyncCodeError extends Error {}

/** ws:// or wss:// with a host and nothing a WebSocket cannot carry (no credentials, no fragment). */
export function checkServerAddress(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SyncCodeError(`"${raw}" is not a server address; it looks like ws://HOST:PORT or wss://HOST`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new SyncCodeError(`the server address must start with ws:// or wss:// (not ${url.protocol}//)`);
  }
  if (url.username || url.password || url.hash) {
    throw new SyncCodeError('the server address must not hold a user name, a password or a #fragment');
  }
  return url.href;
}

/** A token is what `sync-server` writes: URL-safe base64 of random bytes (any printable ASCII is accepted). */
export function checkToken(raw: string): string {
  const token = raw.trim();
  if (token.length < 16) throw new SyncCodeError('the access token is too short (at least 16 characters)');
  if (!/^[\x21-\x7e]+$/.test(token)) throw new SyncCodeError('the access token may hold only printable ASCII without spaces');
  return token;
}

export function encodeSyncCode(code: SyncCode): string {
  const body = { v: CODE_VERSION, server: checkServerAddress(code.server), token: checkToken(code.token), root: code.root };
  return PREFIX + Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodeSyncCode(raw: string): SyncCode {
  // Copying from a chat or a mail may add spaces or line breaks inside; none belongs to the code.
  const text = raw.replace(/\s+/g, '');
  if (!text.startsWith(PREFIX)) throw new SyncCodeError(`this is not a Lectern sync code (it starts with "${PREFIX}")`);
  const payload = text.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) throw new SyncCodeError('the sync code is damaged (characters outside its alphabet); copy it again');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new SyncCodeError('the sync code is damaged or cut short; copy it again');
  }
  if (typeof body !== 'object' || body === null) throw new SyncCodeError('the sync code is damaged; copy it again');
  const { v, server, token, root } = body as Record<string, unknown>;
  if (typeof v !== 'number') throw new SyncCodeError('the sync code is damaged (no version); copy it again');
  if (v > CODE_VERSION) throw new SyncCodeError(`this sync code comes from a newer Lectern (code version ${v}); update Lectern to join`);
  if (v !== CODE_VERSION) throw new SyncCodeError(`unknown sync code version ${v}`);
  if (typeof server !== 'string' || typeof token !== 'string') throw new SyncCodeError('the sync code is damaged (no server or token); copy it again');
  if (!isValidAutomergeUrl(root)) throw new SyncCodeError('the sync code is damaged (no valid library address); copy it again');
  return { server: checkServerAddress(server), token: checkToken(token), root };
}
