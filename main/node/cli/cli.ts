/**
 * `npm run --silent cli -- [--library DIR] <command>`: the library from a terminal, on the
 * same services as the app. Exit 0 when all went well, 1 when an item failed, 2 on a usage
 * error; every failure also prints a one-line reason on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LecternError, storageError } from '../../common/errors';
import { Library } from '../library/library';
import { defaultUserDataDir, resolveLibraryDir, takeLibraryFlag } from '../library/paths';
import { anchor } from '../../common/annotations/anchor';
import { EXPORT_FORMATS, schemas, type BulkAction, type ImportReport } from '../../common/contract';
import { skipReason } from '../../common/import-words';
import { toReport } from '../import/ingest';
import { pathItems, urlItems } from '../import/sources';
import { exportAnnotations, importAnnotations } from '../annotations/exchange';
import { rebuildSearchIndex } from '../search/schema';
import { backupLibrary, checkLibrary, restoreLibrary } from '../library/safety';
import { VERSION } from '../version';
import { transaction } from '../store/db';
import type { RoundStart } from '../sync/round';

const USAGE = `Usage: lectern [--library DIR] <command>

  import <file|folder|url>... [--json] [--password P]
                                     import HTML, Markdown, text and digest files; exports from Pocket
                                     (ril_export.html, CSV), Instapaper and Readwise (CSV), Wallabag (JSON),
                                     Omnivore (ZIP); EPUB and PDF books (--password opens a locked PDF);
                                     web pages by address (images kept for offline)
  fetch [--json]                     fetch the text of articles saved as links only
  feeds add <url> [--full-text]      follow a feed (or the feed a page announces)
  feeds list [--json]                followed feeds, with unread counts and errors
  feeds refresh [id] [--json]        fetch what is new
  opml import FILE                   follow the feeds an OPML file lists
  opml export [--out FILE]           the followed feeds as OPML
  list [--json]                      the articles, newest first
  show <id> [--text|--html|--json]   one article (default: text)
  stats [--json]                     counts
  search "<query>" [--json] [--limit N]
                                     lunr query syntax: title:word +must -not pre* typo~1 word^5 "a phrase"
  search --queries FILE --json       one query a line, one JSON array a line
  reindex                            rebuild the search index from the articles
  backup FILE                        write a consistent copy of the library to FILE
  restore FILE                       replace the library by a backup (the current file is kept aside)
  check [--json]                     full integrity check of the library and its search index
  annotations list <id> [--json]     an article's highlights and notes; start/end are offsets into \`show <id> --text\`
  annotations export --format md|jsonld|csv [--article ID] [--out FILE]
                                     the notebook (or one article's annotations); JSON-LD is W3C Web Annotation
  annotations import FILE [--json]   W3C Web Annotation JSON-LD; each annotation anchors in the article its
                                     target names (the article's URL, or lectern://article/<id>)
  edit <id> [--star|--unstar] [--archive|--inbox] [--tag T]... [--untag T]... [--delete]
                                     change an article as the app does (queued for sync like any edit)
  sync-server --port N --data DIR [--token-file F] [--host H]
                                     run a sync server until stopped (on 127.0.0.1 unless --host); without
                                     --token-file the access token is DIR/token, made on the first start
  sync --server ws://HOST:PORT --token-file F [--json] [--timeout S]
                                     start syncing this library through a sync server (one round); the first
                                     round that succeeds prints the sync code, once
  sync --join CODE|- [--json] [--timeout S]
                                     join another computer's library by its sync code (- reads it from
                                     stdin, out of the shell's history), one round
  sync [--json] [--timeout S]        one round: connect, exchange until both sides are quiet, exit
  sync status [--json]               whether this library syncs, edits waiting, the last round
  --version                          print the version

The library is DIR, else $LECTERN_LIBRARY, else the app's own (${defaultUserDataDir()}).`;

export class UsageError extends Error {}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Splits flags from positional arguments; `valued` flags take the next argument as their value. */
function flags(args: string[], allowed: string[], valued: string[] = []): { positional: string[]; set: Set<string>; values: Map<string, string> } {
  const set = new Set<string>();
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (valued.includes(a)) {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${a} needs a value`);
      values.set(a, value);
    } else if (a.startsWith('--')) {
      if (!allowed.includes(a)) throw new UsageError(`unknown option ${a}`);
      set.add(a);
    } else positional.push(a);
  }
  return { positional, set, values };
}

function articleId(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !Number.isSafeInteger(id) || id <= 0) throw new UsageError(`"${raw ?? ''}" is not an article id`);
  return id;
}

export async function runCli(argv: string[], io: CliIo, env = process.env): Promise<number> {
  let library: Library | null = null;
  try {
    const { dir, rest } = takeLibraryFlag(argv);
    const [command, ...args] = rest;
    if (command === '--version') {
      io.out(`Lectern ${VERSION}`);
      return 0;
    }
    if (!command || command === '--help' || command === 'help') {
      io.out(USAGE);
      return command ? 0 : 2;
    }
    const open = () => (library = Library.open(resolveLibraryDir(dir, env, defaultUserDataDir())));

    switch (command) {
      case 'import': {
        const { positional, set, values } = flags(args, ['--json'], ['--password']);
        if (positional.length === 0) throw new UsageError('import needs at least one file or folder');
        const urls = positional.filter((p) => /^https?:\/\//i.test(p));
        const files = pathItems(positional.filter((p) => !urls.includes(p)), { password: values.get('--password') });
        const report = toReport(await open().importer.ingest([...files, ...urlItems(urls)]));
        printReport(report, set.has('--json'), io);
        if (report.failed.length) {
          const first = report.failed[0]!;
          io.err(`lectern: ${report.failed.length} item(s) failed; first: ${first.item}: ${first.reason}`);
          return 1;
        }
        return 0;
      }
      case 'list': {
        const { positional, set } = flags(args, ['--json']);
        if (positional.length) throw new UsageError('list takes no arguments');
        const articles = open().articles.list('all');
        if (set.has('--json')) {
          io.out(JSON.stringify(articles.map((a) => ({
            id: a.id, title: a.title, site: a.site, source: a.source, savedAt: a.savedAt,
            state: a.state, starred: a.starred, wordCount: a.wordCount, kind: a.kind,
          }))));
        } else {
          for (const a of articles) io.out(`${String(a.id).padStart(5)}  ${a.state === 'unread' ? '•' : ' '} ${a.title}  (${a.site ?? a.source ?? ''})`);
        }
        return 0;
      }
      case 'show': {
        const { positional, set } = flags(args, ['--text', '--html', '--json']);
        if (positional.length !== 1) throw new UsageError('show needs one article id');
        if (set.size > 1) throw new UsageError('show takes one of --text, --html, --json');
        const id = articleId(positional[0]);
        const lib = open();
        const article = lib.articles.get(id);
        if (!article) throw new LecternError('NOT_FOUND', `article ${id} is not in the library`);
        if (set.has('--json')) io.out(JSON.stringify({ ...article, text: lib.articles.text(id) }));
        else if (set.has('--html')) io.out(article.html);
        else io.out(lib.articles.text(id) ?? '');
        return 0;
      }
      case 'stats': {
        const { positional, set } = flags(args, ['--json']);
        if (positional.length) throw new UsageError('stats takes no arguments');
        const lib = open();
        const counts = lib.articles.counts();
        const stats = { ...counts, library: lib.file };
        if (set.has('--json')) io.out(JSON.stringify(stats));
        else io.out(`${counts.articles} articles (${counts.inbox} in inbox, ${counts.starred} starred, ${counts.archive} archived) in ${lib.file}`);
        return 0;
      }
      case 'search': {
        const { positional, set, values } = flags(args, ['--json'], ['--limit', '--queries']);
        const limit = values.has('--limit') ? Number(values.get('--limit')) : 20;
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit takes a whole number from 1 to 200');
        const file = values.get('--queries');
        if (file ? positional.length !== 0 : positional.length !== 1) {
          throw new UsageError('search takes one query, or --queries FILE');
        }
        const lib = open();
        const shape = (query: string) =>
          lib.search.search(query, { limit }).results.map((h) => ({ id: h.id, title: h.title, score: h.score, snippet: h.snippet }));
        if (file) {
          if (!set.has('--json')) throw new UsageError('--queries prints JSON lines: add --json');
          let lines: string[];
          try {
            lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
          } catch (err) {
            throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
          }
          if (lines.at(-1) === '') lines.pop();
          let failed = 0;
          for (const line of lines) {
            try {
              io.out(JSON.stringify(shape(line)));
            } catch (err) {
              failed++;
              io.out('[]');
              io.err(`lectern: query "${line}": ${(err as Error).message}`);
            }
          }
          return failed ? 1 : 0;
        }
        const response = lib.search.search(positional[0]!, { limit });
        if (set.has('--json')) io.out(JSON.stringify(shape(positional[0]!)));
        else {
          for (const c of response.corrections) io.out(`(also searched ${c.to.join(', ')} for "${c.from}")`);
          for (const h of response.results) io.out(`${String(h.id).padStart(5)}  ${h.title}\n       ${h.snippet}`);
          if (response.results.length === 0) io.out('no articles match');
        }
        return 0;
      }
      case 'reindex': {
        const { positional } = flags(args, []);
        if (positional.length) throw new UsageError('reindex takes no arguments');
        const lib = open();
        const started = Date.now();
        const n = rebuildSearchIndex(lib.db, (done, total) => io.err(`reindexing: ${done}/${total}`));
        io.out(`reindexed ${n} articles in ${Date.now() - started} ms`);
        return 0;
      }
      case 'backup': {
        const { positional } = flags(args, []);
        if (positional.length !== 1) throw new UsageError('backup needs the file to write');
        const info = await backupLibrary(open(), positional[0]!);
        io.out(`backed up to ${info.file} (${(info.bytes / 1024 / 1024).toFixed(1)} MB)`);
        return 0;
      }
      case 'restore': {
        const { positional } = flags(args, []);
        if (positional.length !== 1) throw new UsageError('restore needs the backup file');
        const libraryDir = resolveLibraryDir(dir, env, defaultUserDataDir());
        const { keptAs, articles } = restoreLibrary(libraryDir, positional[0]!);
        open(); // migrates an older backup and checks the search index
        io.out(`restored ${articles} articles from ${positional[0]}${keptAs ? `; the previous library is kept as ${keptAs}` : ''}`);
        return 0;
      }
      case 'check': {
        const { positional, set } = flags(args, ['--json']);
        if (positional.length) throw new UsageError('check takes no arguments');
        const report = checkLibrary(open());
        if (set.has('--json')) io.out(JSON.stringify(report));
        else io.out(report.ok ? 'the library is healthy' : report.problems.join('\n'));
        if (!report.ok) io.err(`lectern: the library has ${report.problems.length} problem(s); restore a backup with \`restore FILE\``);
        return report.ok ? 0 : 1;
      }
      case 'annotations':
        return annotationsCommand(args, open, io);
      case 'edit':
        return editCommand(args, open, io);
      case 'sync-server':
        return await syncServerCommand(args, io);
      case 'sync':
        return await syncCommand(args, open, io);
      case 'fetch': {
        const { positional, set } = flags(args, ['--json']);
        if (positional.length) throw new UsageError('fetch takes no arguments');
        const report = await open().importer.fetchLinkOnly({ onProgress: (p) => io.err(`fetching ${p.done}/${p.total}: ${p.item}`) });
        printReport(report, set.has('--json'), io);
        return report.failed.length ? 1 : 0;
      }
      case 'feeds':
        return await feedsCommand(args, open, io);
      case 'opml': {
        const [sub, ...rest] = args;
        if (sub === 'import') {
          const { positional } = flags(rest, []);
          if (positional.length !== 1) throw new UsageError('opml import needs one file');
          const result = await open().feeds.importOpml(readFile(positional[0]!));
          for (const f of result.failed) io.out(`failed    ${f.item}: ${f.reason}`);
          io.out(`${result.added} feeds followed, ${result.skipped} already followed, ${result.failed.length} failed; \`feeds refresh\` reads them`);
          return result.failed.length ? 1 : 0;
        }
        if (sub === 'export') {
          const { positional, values } = flags(rest, [], ['--out']);
          if (positional.length) throw new UsageError('opml export takes no positional arguments');
          const xml = open().feeds.exportOpml();
          if (values.has('--out')) fs.writeFileSync(values.get('--out')!, xml);
          else io.out(xml);
          return 0;
        }
        throw new UsageError('opml takes import or export');
      }
      default:
        throw new UsageError(`unknown command "${command}"; try --help`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && err.message.startsWith('--library'))) {
      io.err(`lectern: ${err.message}`);
      return 2;
    }
    io.err(`lectern: ${storageError(err)?.message ?? (err instanceof Error ? err.message : String(err))}`);
    return 1;
  } finally {
    (library as Library | null)?.close();
  }
}

function annotationsCommand(args: string[], open: () => Library, io: CliIo): number {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list': {
      const { positional, set } = flags(rest, ['--json']);
      if (positional.length !== 1) throw new UsageError('annotations list needs one article id');
      const id = articleId(positional[0]);
      const lib = open();
      const text = lib.articles.text(id);
      if (text === null) throw new LecternError('NOT_FOUND', `article ${id} is not in the library`);
      // Resolved against the text as it is now, so the offsets index \`show <id> --text\`.
      const list = lib.annotations.list({ articleId: id }).map((a) => {
        const found = anchor(text, a);
        return { id: a.id, color: a.color, note: a.note, exact: a.exact, start: found?.start ?? a.start, end: found?.end ?? a.end, orphaned: !found };
      });
      if (set.has('--json')) io.out(JSON.stringify(list));
      else if (list.length === 0) io.out('no annotations');
      else for (const a of list) io.out(`${String(a.id).padStart(5)}  ${a.color.padEnd(6)} ${a.orphaned ? '(orphaned) ' : `${a.start}-${a.end} `}“${a.exact}”${a.note ? `\n       ${a.note}` : ''}`);
      return 0;
    }
    case 'export': {
      const { positional, values } = flags(rest, [], ['--format', '--article', '--out']);
      if (positional.length) throw new UsageError('annotations export takes no positional arguments');
      const format = values.get('--format') as (typeof EXPORT_FORMATS)[number] | undefined;
      if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format takes ${EXPORT_FORMATS.join(', ')}`);
      const article = values.has('--article') ? articleId(values.get('--article')) : undefined;
      const { text, count } = exportAnnotations(open(), format, article);
      const out = values.get('--out');
      if (out) {
        fs.writeFileSync(out, text);
        io.err(`exported ${count} annotation(s) to ${out}`);
      } else io.out(text.replace(/\r?\n$/, ''));
      return 0;
    }
    case 'import': {
      const { positional, set } = flags(rest, ['--json']);
      if (positional.length !== 1) throw new UsageError('annotations import needs one file');
      const report = importAnnotations(open(), readFile(positional[0]!), new Date().toISOString());
      if (set.has('--json')) io.out(JSON.stringify(report));
      else {
        for (const f of report.failed) io.out(`failed    ${f.item}: ${f.reason}`);
        io.out(`${report.imported} imported, ${report.updated} updated, ${report.orphaned} orphaned, ${report.failed.length} failed`);
      }
      if (report.failed.length) {
        io.err(`lectern: ${report.failed.length} annotation(s) failed; first: ${report.failed[0]!.item}: ${report.failed[0]!.reason}`);
        return 1;
      }
      return 0;
    }
    default:
      throw new UsageError('annotations takes list, export or import');
  }
}

/** The edits of an article the app makes, through the same bulk edits (so each is queued for sync). */
function editCommand(args: string[], open: () => Library, io: CliIo): number {
  const actions: BulkAction[] = [];
  const ids: string[] = [];
  const switches: Record<string, BulkAction> = {
    '--star': { kind: 'star', starred: true },
    '--unstar': { kind: 'star', starred: false },
    '--archive': { kind: 'state', state: 'archived' },
    '--delete': { kind: 'delete' },
  };
  let inbox = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--tag' || a === '--untag') {
      const parsed = schemas.tagName.safeParse(args[++i] ?? '');
      if (!parsed.success) throw new UsageError(`${a} needs a tag name: ${parsed.error.issues[0]!.message}`);
      actions.push({ kind: a === '--tag' ? 'tag' : 'untag', tag: parsed.data });
    } else if (a === '--inbox') inbox = true;
    else if (switches[a]) actions.push(switches[a]);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else ids.push(a);
  }
  if (ids.length !== 1) throw new UsageError('edit needs one article id');
  const flagsGiven = new Set(args.filter((a) => a.startsWith('--')));
  if (flagsGiven.has('--star') && flagsGiven.has('--unstar')) throw new UsageError('edit takes --star or --unstar, not both');
  if (flagsGiven.has('--archive') && inbox) throw new UsageError('edit takes --archive or --inbox, not both');
  if (flagsGiven.has('--delete') && flagsGiven.size > 1) throw new UsageError('--delete goes alone');
  if (actions.length === 0 && !inbox) throw new UsageError('edit needs something to change: --star, --unstar, --archive, --inbox, --tag, --untag or --delete');
  const id = articleId(ids[0]);
  const lib = open();
  const article = lib.articles.summary(id);
  if (!article) throw new LecternError('NOT_FOUND', `article ${id} is not in the library`);
  // Back to the inbox is "read", as the app's Move to inbox does; an article already there stays as it is.
  if (inbox && article.state === 'archived') actions.push({ kind: 'state', state: 'read' });
  const now = new Date().toISOString();
  transaction(lib.db, () => actions.forEach((action) => lib.edits.apply([id], action, now)));
  const after = lib.articles.summary(id);
  io.out(after ? `${id}  ${after.state}${after.starred ? ', starred' : ''}${after.tags.length ? `, tags: ${after.tags.join(', ')}` : ''}  ${after.title}` : `${id}  deleted  ${article.title}`);
  return 0;
}

/** The report as the CLI says it (its JSON too): each skipped or failed item with its reason in words. */
function worded(report: ImportReport) {
  return {
    imported: report.imported,
    skipped: report.skipped.map((s) => ({ item: s.item, reason: skipReason(s) })),
    failed: report.failed.map((f) => ({ item: f.item, reason: f.reason })),
  };
}

function printReport(report: ImportReport, json: boolean, io: CliIo): void {
  const { imported, skipped, failed } = worded(report);
  if (json) return io.out(JSON.stringify({ imported, skipped, failed }));
  for (const a of imported) io.out(`imported  ${a.id}  ${a.title}`);
  for (const s of skipped) io.out(`skipped   ${s.item}: ${s.reason}`);
  for (const f of failed) io.out(`failed    ${f.item}: ${f.reason}`);
  io.out(`${report.imported.length} imported, ${report.skipped.length} skipped, ${report.failed.length} failed`);
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

async function feedsCommand(args: string[], open: () => Library, io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add': {
      const { positional, set } = flags(rest, ['--full-text', '--json']);
      if (positional.length !== 1) throw new UsageError('feeds add needs one address');
      const { feed, report } = await open().feeds.add(positional[0]!, { fullText: set.has('--full-text') });
      if (set.has('--json')) io.out(JSON.stringify({ feed, report: worded(report) }));
      else io.out(`following ${feed.title} (${feed.url}): ${report.imported.length} articles added${report.failed.length ? `, ${report.failed.length} failed` : ''}`);
      return 0;
    }
    case 'list': {
      const { positional, set } = flags(rest, ['--json']);
      if (positional.length) throw new UsageError('feeds list takes no arguments');
      const feeds = open().feeds.list();
      if (set.has('--json')) io.out(JSON.stringify(feeds));
      else if (feeds.length === 0) io.out('no feeds followed; `feeds add <url>` follows one');
      else for (const f of feeds) io.out(`${String(f.id).padStart(5)}  ${f.title}  (${f.unread} unread of ${f.articles})${f.error ? `  ERROR: ${f.error}` : ''}\n       ${f.url}`);
      return 0;
    }
    case 'refresh': {
      const { positional, set } = flags(rest, ['--json']);
      if (positional.length > 1) throw new UsageError('feeds refresh takes at most one feed id');
      const id = positional.length ? articleId(positional[0]) : undefined;
      const report = await open().feeds.refresh(id, { onProgress: (p) => io.err(`refreshing ${p.done}/${p.total}: ${p.item}`) });
      if (set.has('--json')) io.out(JSON.stringify(report));
      else {
        for (const f of report.failed) io.out(`failed    ${f.item}: ${f.reason}`);
        io.out(`${report.feeds} feeds refreshed, ${report.added} new articles, ${report.failed.length} failed`);
      }
      return report.failed.length ? 1 : 0;
    }
    default:
      throw new UsageError('feeds takes add, list or refresh');
  }
}

/** Runs until SIGINT or SIGTERM. The token itself is never printed: it is read from, or written to, a file. */
async function syncServerCommand(args: string[], io: CliIo): Promise<number> {
  // Loaded here, not at the top: Automerge and its WASM would add a second to every other command's start.
  const { newToken, readTokenFile, startSyncServer } = await import('../sync/server');
  const { positional, values } = flags(args, [], ['--port', '--data', '--token-file', '--host']);
  if (positional.length) throw new UsageError('sync-server takes no positional arguments');
  const port = Number(values.get('--port'));
  if (!values.has('--port') || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('sync-server needs --port N (0 to 65535)');
  const dataDir = values.get('--data');
  if (!dataDir) throw new UsageError('sync-server needs --data DIR, the folder that keeps the documents');
  let token: string;
  const tokenFile = values.get('--token-file');
  if (tokenFile) token = readTokenFile(tokenFile);
  else {
    const own = path.join(dataDir, 'token');
    fs.mkdirSync(dataDir, { recursive: true });
    if (fs.existsSync(own)) {
      token = readTokenFile(own);
      io.err(`using the access token in ${own}`);
    } else {
      token = newToken();
      fs.writeFileSync(own, `${token}\n`, { mode: 0o600, flag: 'wx' });
      io.err(`made an access token and wrote it to ${own} (readable by you only); clients pass it with --token-file`);
    }
  }
  const server = await startSyncServer({ port, dataDir: path.join(dataDir, 'documents'), token, host: values.get('--host') });
  io.out(`listening on ${server.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  io.err('sync server stopped');
  return 0;
}

/** Each call is one round; the reason of a failure goes to stderr, and the library keeps its edits for the next. */
async function syncCommand(args: string[], open: () => Library, io: CliIo): Promise<number> {
  const [{ syncLibrary, syncStatus }, { checkServerAddress, decodeSyncCode }, { readTokenFile }] =
    await Promise.all([import('../sync/round'), import('../sync/sync-code'), import('../sync/server')]);
  if (args[0] === 'status') {
    const { positional, set } = flags(args.slice(1), ['--json']);
    if (positional.length) throw new UsageError('sync status takes no arguments');
    const status = await syncStatus(open());
    if (set.has('--json')) io.out(JSON.stringify(status));
    else if (!status.syncing) io.out('this library does not sync; `sync --server ws://HOST:PORT --token-file F` starts, `sync --join CODE` joins');
    else {
      io.out(`syncs through ${status.server}; ${status.pending} edit(s) waiting; last synced ${status.lastSynced ?? 'never'}`);
      if (status.lastError) io.out(`the last round failed: ${status.lastError}`);
    }
    return 0;
  }
  const { positional, set, values } = flags(args, ['--json'], ['--server', '--token-file', '--join', '--timeout']);
  if (positional.length) throw new UsageError(`sync takes no positional arguments (got "${positional[0]}")`);
  const timeout = values.has('--timeout') ? Number(values.get('--timeout')) : 300;
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout takes a number of seconds');
  let how: RoundStart = 'resume';
  if (values.has('--join')) {
    if (values.has('--server') || values.has('--token-file')) throw new UsageError('--join takes no --server or --token-file: the code holds both');
    // `--join -` reads the code from stdin, out of the shell's history and the process list.
    const code = values.get('--join') === '-' ? fs.readFileSync(0, 'utf8') : values.get('--join')!;
    how = { join: decodeSyncCode(code) };
  } else if (values.has('--server') || values.has('--token-file')) {
    const server = values.get('--server');
    const tokenFile = values.get('--token-file');
    if (!server || !tokenFile) throw new UsageError('starting to sync needs both --server ws://HOST:PORT and --token-file F');
    how = { start: { server: checkServerAddress(server), token: readTokenFile(tokenFile) } };
  }
  const report = await syncLibrary(open(), how, { timeoutMs: timeout * 1000 });
  if (set.has('--json')) io.out(JSON.stringify(report));
  else {
    for (const c of report.conflicts) io.out(`resolved  ${c.title}: ${c.reason}`);
    io.out(`synced: ${report.sent} article(s) sent, ${report.received} received`);
    if (report.code) io.out(`\nThe sync code of this library (shown this once; it lets whoever holds it read and change the library):\n\n${report.code}\n\nOn another computer: lectern sync --join <code>`);
  }
  return 0;
}
