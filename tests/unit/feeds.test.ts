import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventName, RunProgress } from '../../main/common/contract';
import { dispatch, type Emit } from '../../main/node/ipc/dispatch';
import { createHandlers } from '../../main/node/library/handlers';
import { LibrarySession } from '../../main/node/library/session';
import { openTempLibrary, tempDir } from '../helpers';
import { PNG, send, startWeb, type Route } from '../web-server';

const page = (title: string, words: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${words} ${'The whole article is here, on its own page. '.repeat(12)}</p><img src="/pic.png"></article></body></html>`;

function rss(items: string[]) {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>River Notes</title><link>/</link>
    ${items.map((i) => `<item><title>${i}</title><link>/posts/${i.toLowerCase().replace(/ /g, '-')}</link><guid isPermaLink="false">${i}</guid><pubDate>Mon, 01 Jan 2024 08:00:00 GMT</pubDate><description>A summary of ${i}.</description></item>`).join('')}
  </channel></rss>`;
}

/** Serves with an ETag and answers 304 when the client already has it. */
function conditional(body: () => string, type: string, counts: { full: number; notModified: number }): Route {
  return (req, res) => {
    const tag = `"${Buffer.from(body()).length}"`;
    if (req.headers['if-none-match'] === tag) {
      counts.notModified++;
      res.writeHead(304);
      return res.end();
    }
    counts.full++;
    res.writeHead(200, { 'content-type': type, etag: tag });
    res.end(body());
  };
}

test('RSS, Atom and JSON Feed: followed by address or through a page; summaries fetched in full; conditional refresh', async () => {
  let items = ['First Walk', 'Second Walk'];
  const counts = { full: 0, notModified: 0 };
  const web = await startWeb({
    '/rss.xml': conditional(() => rss(items), 'application/rss+xml', counts),
    '/posts/first-walk': send('text/html', page('First Walk', 'Along the weir at dawn.')),
    '/posts/second-walk': send('text/html', page('Second Walk', 'Past the mill in the rain.')),
    '/posts/third-walk': send('text/html', page('Third Walk', 'Up the hill at dusk.')),
    '/pic.png': send('image/png', PNG),
    '/atom.xml': send('application/atom+xml', `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Notes</title><link href="/"/><entry><id>urn:a:1</id><title>Full entry</title><link href="/a/1"/><updated>2024-02-01T00:00:00Z</updated><author><name>Ann</name></author><content type="html">&lt;p&gt;The full text travels in the feed itself.&lt;/p&gt;</content></entry></feed>`),
    '/feed.json': send('application/feed+json', JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'JSON Notes', home_page_url: '/', items: [{ id: 'j1', url: '/j/1', title: 'From JSON', content_html: '<p>JSON Feed content, complete.</p>', date_published: '2024-03-01T00:00:00Z', authors: [{ name: 'Jo' }] }] })),
    '/blog': send('text/html', '<!doctype html><html><head><title>Blog</title><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body>Hi</body></html>'),
  });
  const lib = openTempLibrary();
  const { feed, report } = await lib.feeds.add(`${web.url}/rss.xml`);
  assert.equal(feed.title, 'River Notes');
  assert.equal(feed.siteUrl, `${web.url}/`);
  assert.deepEqual(report.imported.map((a) => a.title).sort(), ['First Walk', 'Second Walk']);
  const first = lib.articles.findByUrl(`${web.url}/posts/first-walk`)!;
  assert.match(lib.articles.text(first)!, /Along the weir at dawn\. The whole article is here/, 'a summary-only item has its page fetched');
  assert.match(lib.articles.get(first)!.html, /lectern:\/\/asset\//, 'with its images');
  assert.equal(lib.articles.get(first)!.publishedAt, '2024-01-01T08:00:00.000Z');

  const viaPage = await lib.feeds.add(`${web.url}/blog`);
  assert.equal(viaPage.feed.url, `${web.url}/atom.xml`, 'discovered through <link rel="alternate">');
  assert.match(lib.articles.text(lib.articles.findByUrl(`${web.url}/a/1`)!)!, /full text travels in the feed/);
  assert.equal(lib.articles.get(lib.articles.findByUrl(`${web.url}/a/1`)!)!.author, 'Ann');
  await lib.feeds.add(`${web.url}/feed.json`);
  assert.match(lib.articles.text(lib.articles.findByUrl(`${web.url}/j/1`)!)!, /JSON Feed content, complete/);
  await assert.rejects(lib.feeds.add(`${web.url}/rss.xml`), /already follow this feed \(River Notes\)/);

  // Nothing new: the server says 304 and nothing is added. Then a new item arrives.
  const quiet = await lib.feeds.refresh(feed.id);
  assert.deepEqual([quiet.added, counts.notModified], [0, 1]);
  items = [...items, 'Third Walk'];
  const fresh = await lib.feeds.refresh();
  assert.equal(fresh.added, 1);
  assert.deepEqual(lib.feeds.list().map((f) => [f.title, f.unread, f.articles, f.error]), [['Atom Notes', 1, 1, null], ['JSON Notes', 1, 1, null], ['River Notes', 3, 3, null]]);
  assert.deepEqual(lib.articles.list('all', { feed: feed.id }).map((a) => a.title).sort(), ['First Walk', 'Second Walk', 'Third Walk']);
  await web.close();
  lib.close();
});

test('a broken feed keeps its error and the others refresh; malformed XML and pages without feeds are named', async () => {
  let broken = false;
  const web = await startWeb({
    '/good.xml': send('application/rss+xml', rss([])),
    '/flaky.xml': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(broken ? '<rss><channel><title>Oops' : rss([]));
    },
    '/not-a-feed': send('text/html', '<!doctype html><html><head><title>Plain</title></head><body>No feed here</body></html>'),
    '/garbage': send('application/xml', '<<<>>> not xml at all'),
  });
  const lib = openTempLibrary();
  await lib.feeds.add(`${web.url}/good.xml`);
  const flaky = (await lib.feeds.add(`${web.url}/flaky.xml`)).feed;
  await assert.rejects(lib.feeds.add(`${web.url}/not-a-feed`), /is a web page that names no feed/);
  await assert.rejects(lib.feeds.add(`${web.url}/garbage`), /not an RSS, Atom or JSON feed/);
  broken = true;
  const report = await lib.feeds.refresh();
  assert.equal(report.feeds, 2);
  assert.equal(report.failed.length, 1);
  const after = lib.feeds.get(flaky.id)!;
  assert.match(after.error!, /not an RSS, Atom or JSON feed/);
  assert.equal(lib.feeds.list().find((f) => f.url.endsWith('/good.xml'))!.error, null);
  broken = false;
  await lib.feeds.refresh(flaky.id);
  assert.equal(lib.feeds.get(flaky.id)!.error, null, 'the error clears when the feed works again');
  await web.close();
  lib.close();
});

test('OPML: export lists every feed; import follows the feeds of another reader, folders included, once each', async () => {
  const web = await startWeb({ '/a.xml': send('application/rss+xml', rss([])) });
  const lib = openTempLibrary();
  await lib.feeds.add(`${web.url}/a.xml`);
  const opml = lib.feeds.exportOpml();
  assert.match(opml, /<opml version="2.0">/);
  assert.match(opml, new RegExp(`xmlUrl="${web.url}/a.xml"`));

  const other = openTempLibrary();
  const theirs = `<?xml version="1.0"?><opml version="1.0"><head><title>Mine</title></head><body>
    <outline text="Tech"><outline text="A" type="rss" xmlUrl="${web.url}/a.xml"/><outline text="B" type="rss" xmlUrl="https://b.example/feed"/></outline>
    <outline text="Bad" type="rss" xmlUrl="javascript:alert(1)"/></body></opml>`;
  const result = await other.feeds.importOpml(theirs);
  assert.deepEqual([result.added, result.skipped, result.failed.map((f) => f.item)], [2, 0, ['Bad']]);
  assert.deepEqual((await other.feeds.importOpml(theirs)).skipped, 2);
  assert.deepEqual(other.feeds.list().map((f) => f.title), ['A', 'B']);
  await assert.rejects(other.feeds.importOpml('not xml'), /not an OPML file/);
  await web.close();
  lib.close();
  other.close();
});

test('the app reads in the background: feeds and saved links at start and every half hour, only when online', async (t) => {
  const { LibrarySession } = await import('../../main/node/library/session');
  const { scheduleBackgroundReading, REFRESH_EVERY_MS } = await import('../../main/node/feeds/schedule');
  const { tempDir } = await import('../helpers');
  let items = ['First Walk'];
  const web = await startWeb({
    '/rss.xml': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(items).replace(/<description>/g, '<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">').replace(/<\/description>/g, '</content:encoded>'));
    },
  });
  const session = new LibrarySession(tempDir());
  await session.library.feeds.add(`${web.url}/rss.xml`);
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  let online = false;
  const added: number[] = [];
  const stop = scheduleBackgroundReading(session, (n) => added.push(n), () => online);
  const settle = async () => {
    for (let i = 0; i < 200; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  items = ['First Walk', 'Second Walk'];
  t.mock.timers.tick(5_000);
  await settle();
  assert.deepEqual(added, [], 'offline: nothing was tried');
  online = true;
  t.mock.timers.tick(REFRESH_EVERY_MS);
  for (let i = 0; i < 50 && added.length === 0; i++) await settle();
  assert.deepEqual(added, [1]);
  assert.equal(session.library.feeds.list()[0]!.articles, 2);
  stop();
  t.mock.timers.reset();
  session.close();
  await web.close();
});

test('following a feed can be cancelled; the items not read yet come with the next refresh', async () => {
  const web = await startWeb({ '/rss.xml': send('application/rss+xml', rss(['One', 'Two', 'Three', 'Four'])) });
  const lib = openTempLibrary();
  const stop = new AbortController();
  const { feed, report } = await lib.feeds.add(`${web.url}/rss.xml`, { signal: stop.signal, onProgress: (p) => p.done === 2 && stop.abort() });
  assert.equal(report.imported.length, 2);
  const later = await lib.feeds.refresh(feed.id);
  assert.equal(later.added, 2);
  assert.equal(lib.feeds.get(feed.id)!.articles, 4);
  await web.close();
  lib.close();
});

test('a file import cancelled while a feed refresh runs stops only the file import; the refresh completes', async () => {
  let items: string[] = [];
  // Slow pages keep the refresh at work while the import runs and is cancelled.
  const slow = (title: string): Route => (req, res) => void setTimeout(() => send('text/html', page(title, `All about ${title}.`))(req, res), 300);
  const web = await startWeb({
    '/rss.xml': (req, res) => send('application/rss+xml', rss(items))(req, res),
    '/posts/one': slow('One'),
    '/posts/two': slow('Two'),
    '/posts/three': slow('Three'),
    '/pic.png': send('image/png', PNG),
  });
  const session = new LibrarySession(tempDir());
  const events: [EventName, RunProgress][] = [];
  const emit: Emit = (event, payload) => void events.push([event, payload as RunProgress]);
  const handlers = createHandlers(session, { openExternal: async () => undefined, emit, choosePath: async () => null, rememberLibraryDir: () => undefined });
  const call = async (channel: string, arg?: unknown) => {
    const r = await dispatch(handlers, channel, arg, emit);
    assert.ok(r.ok, JSON.stringify(r));
    return r.value;
  };
  const until = async (found: () => boolean) => {
    while (!found()) await new Promise((resolve) => setTimeout(resolve, 1));
  };
  await call('addFeed', { url: `${web.url}/rss.xml` });
  items = ['One', 'Two', 'Three'];

  const refreshing = call('refreshFeeds', {}) as Promise<{ added: number; failed: unknown[] }>;
  await until(() => web.hits.includes('/posts/one'));
  // Enough files that the import still runs when the Cancel arrives (it yields every few ms, not per file).
  const body = (i: number) => Array.from({ length: 60 }, (_, p) => `Paragraph ${p} of note number ${i}, long enough to take the import some time.`).join('\n\n');
  const files = Array.from({ length: 200 }, (_, i) => ({ name: `note-${i}.txt`, dataBase64: Buffer.from(`Note ${i}\n\n${body(i)}`).toString('base64') }));
  const importing = call('importFiles', { files }) as Promise<{ imported: unknown[]; skipped: { code: string }[] }>;
  const importRun = () => events.find(([e, p]) => e === 'importProgress' && p.total === files.length);
  await until(() => importRun() !== undefined);
  const runId = importRun()![1].runId;
  await until(() => events.some(([e, p]) => e === 'importProgress' && p.runId === runId && p.done >= 5));
  assert.deepEqual(await call('cancelImport', { runId }), { cancelled: true });

  const imported = await importing;
  assert.ok(imported.imported.length >= 5 && imported.imported.length < files.length, `${imported.imported.length} imported`);
  assert.equal(imported.imported.length + imported.skipped.length, files.length);
  assert.ok(imported.skipped.every((s) => s.code === 'cancelled'));
  const refreshed = await refreshing;
  assert.deepEqual(refreshed, { feeds: 1, added: 3, failed: [] }, 'the refresh was not cancelled with the import');
  assert.equal(session.library.articles.counts().articles, 3 + imported.imported.length);
  // The refresh's progress names its own run, never the import's.
  assert.ok(events.filter(([e]) => e === 'refreshProgress').every(([, p]) => p.runId !== runId));
  assert.deepEqual(await call('cancelImport', { runId }), { cancelled: false }, 'an ended run cannot be cancelled');
  session.close();
  await web.close();
});
