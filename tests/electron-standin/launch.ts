/**
 * The test's side of an app under test: starts app-process.ts in a fresh child (a fresh app per
 * scenario), sends it Electron's events, and reads back what the app asked of Electron.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Session } from 'electron';
import type { Recording } from './electron';
import { ROOT, tempDir } from '../helpers';

type RequestPermission = Parameters<NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>>[1];
type CheckPermission = Parameters<NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>>[1];

export interface Scenario {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** The command-line arguments after the executable (and, from source, the app folder). */
  args: string[];
  /** Electron's appData folder; userData is appData/Lectern unless the app moves it. */
  appData: string;
  /** process.resourcesPath, which Electron always sets (app-update.yml is looked for there). */
  resourcesPath: string;
  /** Answers for message boxes, in order; after them every box is cancelled. */
  messageBoxResponses: number[];
  recordFile: string;
}

export type Op =
  | { op: 'ready' }
  | { op: 'open-file'; path: string }
  | { op: 'second-instance'; argv: string[]; workingDirectory: string; additionalData: unknown }
  | { op: 'finish-load' }
  | { op: 'protocol'; url: string }
  | { op: 'permission'; kind: 'request'; permission: RequestPermission; url: string }
  | { op: 'permission'; kind: 'check'; permission: CheckPermission; origin: string; url: string }
  | { op: 'recording' };

export type AppRecording = Recording & { updateChecks: string[] };
export interface ProtocolAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const BUNDLE = path.join(ROOT, 'dist', 'main', 'main.cjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * `npm test` builds before the unit tests; run alone, this file builds what it needs (the main
 * bundle when main/ is newer, the renderer it serves when missing), so it never tests a stale bundle.
 */
export function ensureBuilt(): void {
  const targets: string[] = [];
  if (!fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < newestSource(path.join(ROOT, 'main'))) targets.push('main');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) targets.push('renderer');
  if (targets.length) execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', ...targets], { cwd: ROOT, stdio: 'inherit' });
}

export class AppUnderTest {
  stdout = '';
  stderr = '';
  /** Resolves when the app process ends, with its code and what it recorded up to then. */
  readonly exited: Promise<{ code: number | null; recording: AppRecording | null }>;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly child: ChildProcess,
    recordFile: string,
  ) {
    child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
      const waiter = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!waiter) return;
      this.waiting.delete(m.id!);
      if (m.error) waiter.reject(new Error(m.error));
      else waiter.resolve(m.result);
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        for (const w of this.waiting.values()) w.reject(new Error(`the app exited (${code}) before answering\n${this.stderr}`));
        const recording = fs.existsSync(recordFile) ? (JSON.parse(fs.readFileSync(recordFile, 'utf8')) as AppRecording) : null;
        // Let the last output in the pipes arrive before the test reads it.
        setImmediate(() => resolve({ code, recording }));
      });
    });
  }

  send(op: Op): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.child.connected) return reject(new Error(`the app has exited\n${this.stderr}`));
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, ...op });
    });
  }

  recording(): Promise<AppRecording> {
    return this.send({ op: 'recording' }) as Promise<AppRecording>;
  }

  protocol(url: string): Promise<ProtocolAnswer> {
    return this.send({ op: 'protocol', url }) as Promise<ProtocolAnswer>;
  }

  /** Polls the recording until `found` says yes (work such as imports finishes on its own time; the wait is long for busy machines). */
  async until<T>(what: string, found: (r: AppRecording) => T | undefined, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.recording();
      const value = found(r);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log: ${r.log.join(', ')}\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Starts the app: `ready`, then the window's first load, as Electron sends them. */
  async start(): Promise<void> {
    await this.send({ op: 'ready' });
    await this.until('the window', (r) => (r.windows.length ? true : undefined));
    await this.send({ op: 'finish-load' });
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

export interface LaunchOptions extends Partial<Omit<Scenario, 'recordFile'>> {
  env?: Record<string, string>;
  cwd?: string;
}

/** A fresh app on its own temporary appData, running until it exits or the test stops it. */
export async function launchApp(options: LaunchOptions = {}): Promise<AppUnderTest> {
  const work = tempDir('lectern-glue-');
  const { env = {}, cwd = work, ...rest } = options;
  const scenario: Scenario = {
    platform: 'linux',
    isPackaged: false,
    args: [],
    appData: path.join(work, 'appData'),
    resourcesPath: path.join(work, 'resources'),
    messageBoxResponses: [],
    recordFile: path.join(work, 'recording.json'),
    ...rest,
  };
  fs.mkdirSync(scenario.resourcesPath, { recursive: true });
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LECTERN_'))) as Record<string, string>;
  const child = fork(path.join(ROOT, 'tests', 'electron-standin', 'app-process.cjs'), [], {
    cwd,
    execArgv: ['--require', createRequire(import.meta.url).resolve('tsx/cjs')], // by path: the app's working folder is elsewhere
    env: { ...inherited, ...env, LECTERN_STANDIN_SCENARIO: JSON.stringify(scenario) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const app = new AppUnderTest(child, scenario.recordFile);
  await Promise.race([
    new Promise<void>((resolve) => child.on('message', (m: { loaded?: boolean }) => m.loaded && resolve())),
    app.exited,
  ]);
  return app;
}
