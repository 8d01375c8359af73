/**
 * The browser harness: the built renderer served on 127.0.0.1 with `window.lectern` wired over
 * HTTP to the very handlers Electron's IPC uses (POST /ipc/<channel>, events over SSE). UI work
 * and the end-to-end specs run here when no Electron binary exists.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { EventMap, EventName } from '../../common/contract';
import { createHandlers } from '../library/handlers';
import { OpenedFiles } from '../library/opened-files';
import { Runs } from '../ipc/runs';
import { assetFile, assetType } from '../library/assets';
import { readFilePart } from '../library/byte-range';
import { seedOnFirstRun } from '../library/first-run';
import { LibrarySession } from '../library/session';
import { dispatch } from '../ipc/dispatch';
import { ASSET_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY, policyFor } from '../security/csp';

export interface HarnessOptions {
  libraryDir: string;
  /** The project root: dist/renderer, dist/harness and assets/ are found under it. */
  root: string;
  port?: number;
}

export interface Harness {
  url: string;
  session: LibrarySession;
  /** URLs the app asked to open in the system browser (the harness only records them). */
  openedExternally: string[];
  /** Answers for the next native dialogs, in order (a test sets them); none left means "cancel". */
  dialogAnswers: (string | null)[];
  /** The library folder the app asked to remember for the next start. */
  rememberedLibraryDir: string | null;
  /** Imports files as the desktop app does those opened with Lectern ("Open with", a second launch). */
  openFiles(paths: string[]): Promise<void>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};
const MAX_BODY = 80 * 1024 * 1024;

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = path.join(options.root, 'dist', 'renderer');
  const bridgeFile = path.join(options.root, 'dist', 'harness', 'bridge.js');
  for (const f of [path.join(rendererDir, 'index.html'), bridgeFile]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  const session = new LibrarySession(options.libraryDir);
  await seedOnFirstRun(session.library, path.join(options.root, 'assets'));

  const clients = new Set<http.ServerResponse>();
  const openedExternally: string[] = [];
  const dialogAnswers: (string | null)[] = [];
  const emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of clients) c.write(frame);
  };
  const runs = new Runs(emit);
  const opened = new OpenedFiles(session, runs, emit);
  const handlers = createHandlers(
    session,
    {
      openExternal: async (url) => void openedExternally.push(url.toString()),
      choosePath: async () => dialogAnswers.shift() ?? null,
      rememberLibraryDir: (dir) => void (harness.rememberedLibraryDir = dir),
      emit,
    },
    runs,
    opened,
  );

  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    // Refuse other hosts (DNS rebinding) and other origins (cross-site requests).
    if (req.headers.host !== new URL(origin).host) return send(res, 403, 'text/plain', 'wrong host');
    if (req.method === 'POST' && url.pathname.startsWith('/ipc/')) {
      if (req.headers.origin !== origin) {
        return sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'requests must come from the app' } });
      }
      return void readBody(req)
        .then(async (body) => {
          const arg = body ? (JSON.parse(body) as { arg?: unknown }).arg : undefined;
          sendJson(res, 200, await dispatch(handlers, decodeURIComponent(url.pathname.slice(5)), arg, emit));
        })
        .catch((err: Error) => sendJson(res, 400, { ok: false, error: { code: 'BAD_REQUEST', message: err.message } }));
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname === '/harness/bridge.js') return sendFile(res, bridgeFile);
    // The app's lectern://asset/<name>, for the renderer served over HTTP (see renderer/sanitize.ts).
    if (url.pathname.startsWith('/asset/')) {
      const file = assetFile(session.library.dir, url.pathname.slice('/asset/'.length));
      if (!file) return send(res, 404, 'text/plain', 'not found');
      return void readFilePart(file, req.headers.range).then(
        (part) => {
          res.writeHead(part.status, { ...part.headers, ...safeHeaders(assetType(file), ASSET_CONTENT_SECURITY_POLICY) });
          if (part.body) part.body.on('error', () => res.destroy()).pipe(res);
          else res.end();
        },
        () => send(res, 404, 'text/plain', 'not found'),
      );
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = fs
        .readFileSync(path.join(rendererDir, 'index.html'), 'utf8')
        .replace('<head>', '<head>\n    <script src="/harness/bridge.js"></script>');
      return send(res, 200, TYPES['.html']!, html);
    }
    const file = path.normalize(path.join(rendererDir, url.pathname));
    if (!file.startsWith(rendererDir + path.sep)) return send(res, 404, 'text/plain', 'not found');
    return sendFile(res, file, policyFor(url.pathname));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const harness: Harness = {
    url: origin,
    session,
    openedExternally,
    dialogAnswers,
    rememberedLibraryDir: null,
    openFiles: (paths) => opened.open(paths),
    close: async () => {
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      session.close();
    },
  };
  return harness;
}

const safeHeaders = (type: string, policy: string) => ({
  'content-type': type,
  'content-security-policy': policy,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
});

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, policy = CONTENT_SECURITY_POLICY): void {
  res.writeHead(status, safeHeaders(type, policy));
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

function sendFile(res: http.ServerResponse, file: string, policy?: string): void {
  fs.readFile(file, (err, data) => {
    if (err) return send(res, 404, 'text/plain', 'not found');
    send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', data, policy);
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
