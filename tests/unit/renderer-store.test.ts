import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Annotation, Article, LecternApi } from '../../main/common/contract';
import { LecternError, storageError } from '../../main/common/errors';
import { createReadAhead } from '../../renderer/state/read-ahead';
import { OPENING_HINT_MS, SEARCH_PAUSE_MS } from '../../renderer/state/state';
import { createStore, type Store } from '../../renderer/state/store';
import { article, fakeApi, settle } from '../fake-lectern-api';

const three = () => [article(1), article(2), article(3, { state: 'archived' })];

test('the store reads the library, is the only listener to its changes, and reads again on one', async () => {
  const api = fakeApi(three());
  const store = createStore(api);
  const stop = store.start();
  await settle();
  assert.deepEqual(store.getState().articles?.map((a) => a.id), [1, 2]);
  assert.equal(store.getState().counts?.articles, 3);
  assert.equal(api.listeners('libraryChanged'), 1);

  api.articles.push(article(4));
  api.emit('libraryChanged', { reason: 'import' });
  await settle();
  assert.deepEqual(store.getState().articles?.map((a) => a.id), [1, 2, 4]);
  assert.equal(store.getState().counts?.articles, 4);

  store.show('archive');
  await settle();
  assert.deepEqual(store.getState().articles?.map((a) => a.id), [3]);
  stop();
  assert.equal(api.listeners('libraryChanged'), 0);
  assert.equal(api.listeners('importProgress'), 0);
});

test('opening an article marks it read; an answer for an article since left is dropped', async () => {
  const api = fakeApi(three());
  const slow = api.getArticle;
  const store = createStore(
    fakeApi(api.articles, {
      getArticle: async (arg) => {
        if (arg.id === 1) await settle(40);
        return slow(arg);
      },
    }),
  );
  const stop = store.start();
  await settle();
  void store.open(1);
  void store.open(2);
  await settle(80);
  const s = store.getState();
  assert.equal(s.article?.id, 2);
  assert.equal(s.selectedId, 2);
  assert.equal(s.article?.state, 'read');
  assert.equal(s.articles?.find((a) => a.id === 2)?.state, 'read', 'the list shows the new state without reading it again');
  assert.equal(api.articles[0]!.state, 'unread', 'the article left before its answer came is not marked read');
  stop();
});

test('an article is shown without waiting for its annotations, which follow; those of an article since left are dropped', async () => {
  const api = fakeApi(three());
  const noted = (articleId: number) => [{ id: articleId * 10, articleId } as Annotation];
  const store = createStore(
    fakeApi(api.articles, {
      listAnnotations: async (filter) => {
        await settle(filter.articleId === 1 ? 120 : 60);
        return noted(filter.articleId!);
      },
    }),
  );
  const stop = store.start();
  await settle();
  void store.open(2);
  await settle(20);
  assert.equal(store.getState().article?.id, 2, 'the text is shown before the annotations answer');
  assert.deepEqual(store.getState().annotations, []);
  assert.equal(store.getState().loading, false);
  await settle(80);
  assert.deepEqual(store.getState().annotations, noted(2));

  void store.open(1);
  await settle(20);
  assert.equal(store.getState().article?.id, 1);
  assert.deepEqual(store.getState().annotations, [], "the last article's annotations are not shown on this one");
  void store.open(2);
  await settle(180);
  assert.equal(store.getState().article?.id, 2);
  assert.deepEqual(store.getState().annotations, noted(2), 'the answer for the article left is dropped');
  stop();
});

test("an article's annotations and its read mark wait for the frame that paints its text", async () => {
  const api = fakeApi(three(), { listAnnotations: async (filter) => (filter.articleId === 1 ? [{ id: 7, articleId: 1 } as Annotation] : []) });
  let painted!: () => void;
  const store = createStore(api, { afterPaint: () => new Promise<void>((resolve) => (painted = resolve)) });
  const stop = store.start();
  await settle();
  void store.open(1);
  await settle(20);
  assert.equal(store.getState().article?.id, 1, 'the text is shown');
  assert.deepEqual(store.getState().annotations, [], 'its annotations wait for the paint');
  assert.equal(store.getState().article?.state, 'unread', 'so does the read mark');
  painted();
  await settle(20);
  assert.deepEqual(store.getState().annotations.map((a) => a.id), [7]);
  assert.equal(store.getState().article?.state, 'read');
  stop();
});

test('opening an article asks for its text before its annotations: the library answers in the order asked', async () => {
  const api = fakeApi(three());
  const asked: string[] = [];
  const store = createStore(
    fakeApi(api.articles, {
      getArticle: async (arg) => (asked.push('article'), api.getArticle(arg)),
      listAnnotations: async (filter) => (asked.push('annotations'), api.listAnnotations(filter)),
    }),
  );
  const stop = store.start();
  await settle();
  asked.length = 0;
  void store.open(2);
  await settle();
  assert.deepEqual(asked.slice(0, 2), ['article', 'annotations']);
  stop();
});

test('a row pressed has its text asked for then, once, for the click that follows; a change to the library in between asks again', async () => {
  const api = fakeApi(three());
  const asked: number[] = [];
  const counted = fakeApi(api.articles, { getArticle: async (arg) => (asked.push(arg.id), api.getArticle(arg)) });
  const store = createStore(counted);
  const stop = store.start();
  await settle();
  store.pressRow(2);
  store.clickRow(2, { toggle: false, range: false });
  await settle();
  assert.equal(store.getState().article?.id, 2);
  assert.equal(asked.filter((id) => id === 2).length, 1, 'the click used the answer to the press');

  store.pressRow(1);
  api.articles[0]!.title = 'Renamed';
  counted.emit('libraryChanged', { reason: 'update' });
  await settle();
  asked.length = 0;
  store.clickRow(1, { toggle: false, range: false });
  await settle();
  assert.equal(asked[0], 1, 'asked again after the change');
  assert.equal(store.getState().article?.title, 'Renamed');
  stop();
});

/** A store over `articles` whose every read of an article's text is counted by id. */
function countingStore(articles: Article[], getArticle?: LecternApi['getArticle']) {
  const read = getArticle ?? fakeApi(articles).getArticle;
  const asked: number[] = [];
  const api = fakeApi(articles, { getArticle: async (arg) => (asked.push(arg.id), read(arg)) });
  const store = createStore(api);
  return { api, asked, store, stop: store.start() };
}
const summaries = (store: Store, ids: number[]) => ids.map((id) => store.getState().articles!.find((a) => a.id === id)!);

test('rows read ahead open from memory: the click shows the text at once and asks the library for no text', async () => {
  const { asked, store, stop } = countingStore([article(1), article(2), article(3)]);
  await settle();
  store.readAhead(summaries(store, [1, 2]));
  await settle();
  assert.deepEqual(asked, [1, 2]);
  store.clickRow(2, { toggle: false, range: false });
  assert.equal(store.getState().article?.id, 2, 'shown in the click itself, before any answer');
  assert.equal(store.getState().selectedId, 2);
  await settle();
  assert.deepEqual(asked.slice(0, 2), [1, 2], 'the click asked for no text');
  assert.deepEqual(asked.slice(2).sort(), [3], 'then the next row is read ahead for j (the previous one already was)');
  store.readAhead(summaries(store, [1, 2, 3]));
  await settle();
  store.pressRow(2);
  await settle();
  assert.equal(asked.filter((id) => id === 2).length, 1, 'the open article is not read ahead: the reader saves its place, which a copy would miss');
  stop();
});

test('an article changed after it was read ahead opens as it is now, whoever changed it', async () => {
  // 3 is read already: opening it sends no new state, which would bring its star along.
  const { api, asked, store, stop } = countingStore([article(1), article(2), article(3, { state: 'read' })]);
  await settle();
  store.readAhead(summaries(store, [1, 2, 3]));
  await settle();
  // Changed elsewhere (a sync, another window's import): the library says so.
  Object.assign(api.articles[1]!, { title: 'Synced title', html: '<p>Synced text</p>', state: 'read' });
  api.emit('libraryChanged', { reason: 'update' });
  await settle();
  asked.length = 0;
  store.clickRow(2, { toggle: false, range: false });
  await settle();
  assert.deepEqual(asked.slice(0, 1), [2], 'read again');
  assert.equal(store.getState().article?.title, 'Synced title');
  assert.equal(store.getState().article?.html, '<p>Synced text</p>');
  assert.equal(store.getState().article?.state, 'read');

  // Changed here: starred from the list, before any event comes back.
  store.readAhead(summaries(store, [3]));
  await settle();
  await store.edit([3], { kind: 'star', starred: true });
  store.clickRow(3, { toggle: false, range: false });
  await settle();
  assert.equal(store.getState().article?.starred, true);
  stop();
});

test('a failed read ahead is no error shown; the click asks again', async () => {
  let failures = 1;
  const { api, asked, store, stop } = countingStore([article(1), article(2)], async (arg) => {
    if (arg.id === 2 && failures-- > 0) throw new LecternError('INTERNAL', 'busy');
    return { ...api.articles.find((a) => a.id === arg.id)! };
  });
  await settle();
  store.readAhead(summaries(store, [2]));
  await settle();
  assert.equal(store.getState().error, null);
  store.clickRow(2, { toggle: false, range: false });
  await settle();
  assert.deepEqual(asked.slice(0, 2), [2, 2]);
  assert.equal(store.getState().article?.id, 2);
  assert.equal(store.getState().error, null);
  stop();
});

test('until the next text comes the article shown stays, and the reader says it is busy only when the text is slow', async () => {
  let delay = 0;
  const { api, store, stop } = countingStore([article(1), article(2), article(3)], async (arg) => {
    await settle(delay);
    return { ...api.articles.find((a) => a.id === arg.id)! };
  });
  await settle();
  await store.open(1);
  delay = OPENING_HINT_MS + 100;
  store.clickRow(3, { toggle: false, range: false });
  assert.equal(store.getState().selectedId, 3, 'the row is selected at once');
  assert.equal(store.getState().article?.id, 1, 'the last article stays');
  assert.equal(store.getState().loading, false);
  await settle(OPENING_HINT_MS + 20);
  assert.equal(store.getState().loading, true, 'busy once it is slow');
  await settle(120);
  assert.equal(store.getState().article?.id, 3);
  assert.equal(store.getState().loading, false);
  stop();
});

test('what is read ahead is bounded, in articles and in text; the oldest go first', async () => {
  const texts = new Map([1, 2, 3, 4].map((id) => [id, article(id, { html: 'x'.repeat(id * 100) })]));
  const ahead = createReadAhead(async (id) => texts.get(id)!, { entries: 3, chars: 600 });
  for (const id of [1, 2, 3]) ahead.ask(id);
  await settle();
  assert.deepEqual(ahead.size(), { entries: 3, chars: 600 });
  ahead.ask(4);
  await settle();
  assert.deepEqual(ahead.size(), { entries: 1, chars: 400 }, '1 went for the count, then 2 and 3 for the text');
  assert.equal(ahead.take(3), null);
  assert.equal((await ahead.take(4)?.read)?.id, 4);
  assert.deepEqual(ahead.size(), { entries: 0, chars: 0 });
});

test('a change shows in the reader and the list, is undone, and a deleted open article empties the reader', async () => {
  const api = fakeApi(three());
  const store = createStore(api);
  const stop = store.start();
  await settle();
  await store.open(1);
  store.toggleChecked(2);
  await store.edit([1], { kind: 'star', starred: true });
  await settle();
  let s = store.getState();
  assert.equal(s.article?.starred, true);
  assert.equal(s.articles?.find((a) => a.id === 1)?.starred, true);
  assert.equal(s.checked.size, 0, 'a change clears the checked rows');
  assert.deepEqual(s.lastEdit, { message: 'Starred 1 article', undoId: 1, ids: [1] });

  await store.undo();
  assert.equal(store.getState().lastEdit?.message, 'Undone: starred 1 article');
  assert.equal(store.getState().lastEdit?.undoId, null);

  await store.edit([1], { kind: 'delete' });
  await settle();
  s = store.getState();
  assert.equal(s.article, null);
  assert.equal(s.selectedId, null);
  assert.deepEqual(s.articles?.map((a) => a.id), [2]);
  assert.equal(s.error, null, 'the article going is what was asked, not a failure');
  stop();
});

test('search answers after a pause in typing, once, for the last words', async () => {
  const api = fakeApi(three());
  const store = createStore(api);
  const stop = store.start();
  await settle();
  store.setQuery('art');
  store.setQuery('article 2');
  await settle(SEARCH_PAUSE_MS + 30);
  assert.deepEqual(api.calls.filter((c) => c.channel === 'search').map((c) => (c.arg as { query: string }).query), ['article 2']);
  assert.deepEqual(store.getState().searchResponse?.results.map((r) => r.id), [2]);
  store.leaveSearch();
  assert.equal(store.getState().searchResponse, null);
  stop();
});

test('failures keep their code: the disk full says nothing was saved and offers the settings; a gone article empties the reader', async () => {
  const full = storageError({ code: 'SQLITE_FULL' })!;
  const api = fakeApi(three(), { editArticles: async () => Promise.reject(full) });
  const store = createStore(api);
  const stop = store.start();
  await settle();
  await store.open(1);
  await store.edit([1], { kind: 'star', starred: true });
  let { error } = store.getState();
  assert.equal(error?.code, 'STORAGE');
  assert.match(error!.text, /nothing was saved/);
  assert.deepEqual(error?.action, { label: 'Library settings…', command: 'settings' });

  await store.open(99);
  const s = store.getState();
  assert.equal(s.error?.code, 'NOT_FOUND');
  assert.equal(s.article, null);
  assert.equal(s.selectedId, null);

  store.dismissError();
  await store.importFiles(async () => Promise.reject(new LecternError('IMPORT_FAILED', 'a.zip is not a zip archive')));
  ({ error } = store.getState());
  assert.deepEqual(error, { code: 'IMPORT_FAILED', text: 'Import failed: a.zip is not a zip archive' });
  assert.equal(store.getState().importState, null);
  stop();
});

test('a library that cannot be read is said so, not swallowed', async () => {
  const store = createStore(fakeApi(three(), { listArticles: async () => Promise.reject(new LecternError('INTERNAL', 'Unexpected error: disk gone')) }));
  const stop = store.start();
  await settle();
  assert.deepEqual(store.getState().error, { code: 'INTERNAL', text: 'Loading the library failed: Unexpected error: disk gone' });
  stop();
});

test('rows are checked one more with Ctrl/Cmd (the open one with them), a range with Shift', async () => {
  const api = fakeApi([article(1), article(2), article(3), article(4)]);
  const store = createStore(api);
  const stop = store.start();
  await settle();
  store.clickRow(2, { toggle: false, range: false });
  await settle();
  assert.equal(store.getState().article?.id, 2);
  store.clickRow(3, { toggle: true, range: false });
  assert.deepEqual([...store.getState().checked].sort(), [2, 3]);
  store.clickRow(1, { toggle: false, range: true });
  assert.deepEqual([...store.getState().checked].sort(), [1, 2, 3]);
  store.checkAll();
  assert.equal(store.getState().checked.size, 4);
  stop();
});

test('an import shows progress, then its report; files too large are in the report, unsent', async () => {
  const api = fakeApi(three(), { importFiles: async ({ files }) => ({ imported: files.map((f, i) => ({ id: 10 + i, title: f.name })), skipped: [], failed: [] }) });
  const store = createStore(api);
  const stop = store.start();
  await settle();
  const done = store.importFiles(async () => ({ ready: [{ name: 'a.md', dataBase64: 'IyBB' }], tooLarge: [{ item: 'big.html', code: 'IMPORT_FAILED', reason: 'over 25 MB' }] }));
  api.emit('importProgress', { runId: 7, done: 1, total: 1, item: 'a.md' });
  assert.deepEqual(store.getState().importState?.progress, { runId: 7, done: 1, total: 1, item: 'a.md' });
  await done;
  const report = store.getState().importState?.report;
  assert.deepEqual(report?.imported, [{ id: 10, title: 'a.md' }]);
  assert.deepEqual(report?.failed, [{ item: 'big.html', code: 'IMPORT_FAILED', reason: 'over 25 MB' }]);
  stop();
});
