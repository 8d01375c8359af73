import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { exposeApi, typedApi } from '../../main/common/bridge';
import { CHANNELS, DEFAULT_SETTINGS, type EventName, type ImportReport } from '../../main/common/contract';
import { LecternError } from '../../main/common/errors';
import { externalUrl } from '../../main/common/urls';
import { dispatch, type Emit } from '../../main/node/ipc/dispatch';
import { createHandlers } from '../../main/node/library/handlers';
import { OpenedFiles } from '../../main/node/library/opened-files';
import { Runs } from '../../main/node/ipc/runs';
import { makePdf } from '../books-fixtures';
import { LibrarySession } from '../../main/node/library/session';
import { newToken, startSyncServer } from '../../main/node/sync/server';
import { send, startWeb } from '../web-server';
import { fixture, tempDir } from '../helpers';

function setup(answers: (string | null)[] = []) {
  const session = new LibrarySession(tempDir());
  const opened: string[] = [];
  const events: [EventName, unknown][] = [];
  const remembered: string[] = [];
  const emit: Emit = (event, payload) => void events.push([event, payload]);
  const runs = new Runs(emit);
  const openedFiles = new OpenedFiles(session, runs, emit);
  const handlers = createHandlers(
    session,
    {
      openExternal: async (url) => void opened.push(url.toString()),
      emit,
      choosePath: async () => answers.shift() ?? null,
      rememberLibraryDir: (dir) => void remembered.push(dir),
    },
    runs,
    openedFiles,
  );
  /** A call as the window makes it: through dispatch, which emits the change events. */
  const call = (channel: unknown, payload: unknown) => dispatch(handlers, channel, payload, emit);
  return { session, library: session.library, call, opened, events, remembered, openedFiles };
}

/** A locked PDF written to a temp folder, as a file the user opens with Lectern. */
function lockedPdf(title: string, password: string): string {
  const file = path.join(tempDir(), `${title}.pdf`);
  fs.writeFileSync(file, makePdf({ pages: [[`${title} speaks of herons.`]], title, password }));
  return file;
}

test('unknown channels and malformed payloads get typed errors, never a throw', async () => {
  const { call, library } = setup();
  const cases: [unknown, unknown, string][] = [
    ['nope', {}, 'UNKNOWN_CHANNEL'],
    [42, {}, 'UNKNOWN_CHANNEL'],
    ['__proto__', {}, 'UNKNOWN_CHANNEL'],
    ['getArticle', undefined, 'BAD_REQUEST'],
    ['getArticle', { id: '1' }, 'BAD_REQUEST'],
    ['getArticle', { id: -3 }, 'BAD_REQUEST'],
    ['getArticle', { id: 1, extra: true }, 'BAD_REQUEST'],
    ['listArticles', { view: 'secret' }, 'BAD_REQUEST'],
    ['setArticleState', { id: 1, state: 'deleted' }, 'BAD_REQUEST'],
    ['importFiles', { files: [] }, 'BAD_REQUEST'],
    ['importFiles', { files: [{ name: '', dataBase64: '' }] }, 'BAD_REQUEST'],
    ['updateSettings', { theme: 'neon' }, 'BAD_REQUEST'],
    ['getArticle', { id: 999 }, 'NOT_FOUND'],
  ];
  for (const [channel, payload, code] of cases) {
    const answer = await call(channel, payload);
    assert.equal(answer.ok, false, `${String(channel)} ${JSON.stringify(payload)}`);
    if (!answer.ok) assert.equal(answer.error.code, code, `${String(channel)}: ${answer.error.message}`);
  }
  const bad = await call('getArticle', { id: 'x' });
  assert.ok(!bad.ok && /getArticle: .* at id/.test(bad.error.message), JSON.stringify(bad));
  library.close();
});

test('every contract channel answers through dispatch', async () => {
  const { call, library, events, openedFiles } = setup();
  const web = await startWeb({
    '/feed.xml': send('application/rss+xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>Walks</title><link>http://example.org/</link><item><title>A walk</title><guid>w1</guid><description>&lt;p&gt;Along the river.&lt;/p&gt;</description></item></channel></rss>'),
  });
  const file = fixture('essay.txt');
  const imported = await call('importFiles', {
    files: [{ name: file.name, dataBase64: Buffer.from(file.bytes).toString('base64') }],
  });
  assert.ok(imported.ok);
  const id = (imported.value as { imported: { id: number }[] }).imported[0]!.id;
  assert.deepEqual(
    events.map(([e, p]) => [e, p]),
    [
      ['importProgress', { runId: 1, done: 0, total: 0, item: '' }],
      ['importProgress', { runId: 1, done: 1, total: 1, item: file.name }],
      ['libraryChanged', { reason: 'import' }],
    ],
  );
  const locked = lockedPdf('Locked', 'heron');
  await openedFiles.open([locked]);
  const syncData = tempDir();
  const syncToken = newToken();
  const syncServer = await startSyncServer({ port: 0, dataDir: syncData, token: syncToken });
  let syncCode = '';
  const calls: Record<(typeof CHANNELS)[number], unknown> = {
    listArticles: { view: 'inbox' },
    getArticle: { id },
    setArticleState: { id, state: 'archived' },
    libraryCounts: undefined,
    search: { query: 'walking', limit: 5, filters: { state: 'archived', tag: 'walks' } },
    listSources: undefined,
    editArticles: { ids: [id], action: { kind: 'tag', tag: ' #Walks ' } },
    undoEdit: { undoId: 1 },
    listTags: undefined,
    renameTag: { tagId: 1, name: 'walking' },
    deleteTag: { tagId: 1 },
    addBookmark: { id, block: 1, label: 'here' },
    listBookmarks: { id },
    renameBookmark: { bookmarkId: 1, label: 'there' },
    deleteBookmark: { bookmarkId: 1 },
    reindex: {},
    libraryInfo: undefined,
    backupLibrary: undefined,
    restoreLibrary: {},
    moveLibrary: undefined,
    openLibraryFolder: undefined,
    checkLibrary: undefined,
    importFiles: { files: [{ name: file.name, dataBase64: Buffer.from(file.bytes).toString('base64') }] },
    importLocked: { item: locked, password: 'heron' },
    getSettings: {},
    updateSettings: { theme: 'dark' },
    saveProgress: { id, progress: 0.5, block: 3 },
    saveLocator: { id, progress: 0.5, locator: 'page=2&offset=10' },
    listAnnotations: { articleId: id },
    addAnnotation: { articleId: id, color: 'green', exact: 'walking', start: 0, end: 7 },
    updateAnnotation: { annotationId: 1, note: 'a note', tags: ['walks'] },
    deleteAnnotation: { annotationId: 1 },
    exportAnnotations: { format: 'md' },
    importAnnotations: undefined,
    saveUrls: { urls: [`${web.url}/missing`] },
    cancelImport: { runId: 1 },
    fetchLinks: undefined,
    listFeeds: undefined,
    addFeed: { url: `${web.url}/feed.xml` },
    refreshFeeds: {},
    updateFeed: { feedId: 1, fullText: true },
    deleteFeed: { feedId: 1 },
    importOpml: undefined,
    exportOpml: undefined,
    syncStatus: undefined,
    syncStart: { server: `ws://127.0.0.1:${syncServer.port}`, token: syncToken },
    syncNow: undefined,
    syncPause: undefined,
    syncResume: undefined,
    syncLeave: undefined,
    // After leaving, the library joins its own documents again by the code syncStart returned.
    get syncJoin() {
      return { code: syncCode };
    },
    openExternal: { url: 'https://example.org/' },
  };
  for (const channel of CHANNELS) {
    const answer = await call(channel, calls[channel]);
    assert.ok(answer.ok, `${channel}: ${JSON.stringify(answer)}`);
    if (channel === 'syncStart' && answer.ok) syncCode = (answer.value as { code: string }).code;
  }
  await syncServer.close();
  assert.deepEqual(library.articles.counts(), { articles: 3, inbox: 2, starred: 0, archive: 1, places: 0, annotations: 0 }, 'the essay, archived, the locked PDF and the feed\'s item');
  await web.close();
  const settings = await call('getSettings', undefined);
  assert.deepEqual(settings, { ok: true, value: { ...DEFAULT_SETTINGS, theme: 'dark' } });
  const article = await call('getArticle', { id });
  assert.ok(article.ok && (article.value as { progress: number; position: number }).position === 3);
  // Bounds hold at the boundary, and a stored value out of bounds falls back to the default.
  const bad = await call('updateSettings', { size: 90 });
  assert.ok(!bad.ok && bad.error.code === 'BAD_REQUEST');
  library.settings.set('reader', JSON.stringify({ size: 400, font: 'sans' }));
  assert.deepEqual((await call('getSettings', undefined)), { ok: true, value: { ...DEFAULT_SETTINGS, font: 'sans' } });
  library.close();
});

test('a locked PDF opened with Lectern is imported again with its password; the window cannot name any other file', async () => {
  const { call, library, events, openedFiles } = setup();
  const locked = lockedPdf('Herons', 'heron-4');
  const other = lockedPdf('Slate', 'slate');
  await openedFiles.open([locked]);
  const finished = events.filter(([e]) => e === 'importFinished').map(([, r]) => r as ImportReport);
  assert.deepEqual(finished.map((r) => r.failed.map((f) => [f.item, f.password])), [[[locked, 'needed']]]);

  const wrong = await call('importLocked', { item: locked, password: 'not-it' });
  assert.ok(wrong.ok && (wrong.value as ImportReport).failed[0]!.password === 'wrong');
  // A file that was not opened with Lectern, even a locked PDF: refused, nothing read.
  for (const item of [other, path.join(path.dirname(locked), '..'), 'Herons.pdf']) {
    const refused = await call('importLocked', { item, password: 'slate' });
    assert.ok(!refused.ok && refused.error.code === 'NOT_FOUND', item);
  }
  const right = await call('importLocked', { item: locked, password: 'heron-4' });
  assert.ok(right.ok);
  assert.deepEqual((right.value as ImportReport).imported.map((a) => a.title), ['Herons']);
  assert.deepEqual(library.articles.list('inbox').map((a) => a.title), ['Herons']);
  // The window gets a PDF without its text view (its reader draws the file); the CLI's `show --html` still has it.
  const pdfId = (right.value as ImportReport).imported[0]!.id;
  const shown = await call('getArticle', { id: pdfId });
  assert.ok(shown.ok);
  assert.equal((shown.value as { html: string }).html, '');
  assert.equal((shown.value as { sections: unknown[] }).sections.length, 1);
  assert.match(library.articles.get(pdfId)!.html, /speaks of herons/);
  // Imported: it is forgotten, as the next opened import forgets the last one's.
  const again = await call('importLocked', { item: locked, password: 'heron-4' });
  assert.ok(!again.ok && again.error.code === 'NOT_FOUND');
  library.close();
});

test('dispatch emits libraryChanged for the calls the contract says change the library, and only for them', async () => {
  const { call, library, events, remembered } = setup([null]);
  const file = fixture('essay.txt');
  const imported = await call('importFiles', { files: [{ name: file.name, dataBase64: Buffer.from(file.bytes).toString('base64') }] });
  assert.ok(imported.ok);
  const id = (imported.value as { imported: { id: number }[] }).imported[0]!.id;
  const web = await startWeb({
    '/feed.xml': send('application/rss+xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>Walks</title><item><title>A walk</title><guid>w1</guid><description>&lt;p&gt;Along the river.&lt;/p&gt;</description></item></channel></rss>'),
  });
  assert.ok((await call('addFeed', { url: `${web.url}/feed.xml` })).ok);
  assert.ok((await call('addBookmark', { id, block: 1, label: 'here' })).ok);
  const changes = async (channel: string, arg: unknown) => {
    events.length = 0;
    const answer = await call(channel, arg);
    assert.ok(answer.ok, `${channel}: ${JSON.stringify(answer)}`);
    return events.filter(([e]) => e === 'libraryChanged').map(([, p]) => (p as { reason: string }).reason);
  };
  // These two changed the library without saying so before.
  assert.deepEqual(await changes('renameBookmark', { bookmarkId: 1, label: 'there' }), ['update']);
  assert.deepEqual(await changes('updateFeed', { feedId: 1, fullText: true }), ['update']);
  assert.deepEqual(await changes('editArticles', { ids: [id], action: { kind: 'star', starred: true } }), ['update']);
  // Reads change nothing; a cancelled dialog switches to no library.
  assert.deepEqual(await changes('listBookmarks', { id }), []);
  assert.deepEqual(await changes('libraryCounts', undefined), []);
  assert.deepEqual(await changes('openLibraryFolder', undefined), []);
  assert.deepEqual(remembered, []);
  // A failed call changes nothing either.
  events.length = 0;
  assert.ok(!(await call('renameBookmark', { bookmarkId: 99, label: 'x' })).ok);
  assert.deepEqual(events, []);
  await web.close();
  library.close();
});

test('only web and mail links are opened externally', async () => {
  const { call, opened, library } = setup();
  for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'lectern://app/x', 'vbscript:x', 'https://user:pw@example.org/', 'not a url', 'http://']) {
    const answer = await call('openExternal', { url });
    assert.ok(!answer.ok && answer.error.code === 'FORBIDDEN', url);
  }
  assert.deepEqual(opened, []);
  const ok = await call('openExternal', { url: 'https://example.org/a?b=c' });
  assert.ok(ok.ok);
  assert.deepEqual(opened, ['https://example.org/a?b=c']);
  assert.ok(externalUrl('mailto:someone@example.org'));
  library.close();
});

test('the bridge exposes exactly one method per channel and rethrows errors with their code', async () => {
  const exposed = exposeApi({
    invoke: async (channel) =>
      channel === 'getArticle' ? { ok: false, error: { code: 'NOT_FOUND', message: 'gone' } } : { ok: true, value: channel },
    subscribe: () => () => undefined,
  });
  assert.deepEqual(Object.keys(exposed).sort(), [...CHANNELS, 'on'].sort());
  assert.ok(Object.isFrozen(exposed));
  const api = typedApi(exposed);
  assert.equal(await api.libraryCounts(), 'libraryCounts');
  await assert.rejects(api.getArticle({ id: 1 }), (err) => err instanceof LecternError && err.code === 'NOT_FOUND' && err.message === 'gone');
});
