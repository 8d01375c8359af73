import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fetchUrl } from '../../main/node/web/fetch';
import { openTempLibrary, snapshot } from '../helpers';
import { PNG, redirect, send, startWeb } from '../web-server';

const latin1Page = (title: string) =>
  Buffer.from(
    `<!doctype html><html lang="fr"><head><title>${title}</title><meta property="og:image" content="/img/lead.png"><meta name="author" content="Zoé Martin"></head>
     <body><article><h1>${title}</h1><p>Un café au bord de la rivière, où l'on lit lentement. ${'La page reste ouverte sur la table. '.repeat(12)}</p>
     <p><img src="/img/photo.png" alt="une photo"><img src="http://127.0.0.1:1/x.png" alt="ailleurs"> ${'On revient à la phrase. '.repeat(10)}</p></article></body></html>`,
    'latin1',
  );

test('a page saved by address: redirects followed, charset from the header, images kept in the library, readable offline', async () => {
  const web = await startWeb({
    '/start': redirect('/moved'),
    '/moved': redirect('/article'),
    '/article': send('text/html; charset=iso-8859-1', latin1Page('Le café')),
    '/img/photo.png': send('image/png', PNG),
    '/img/lead.png': send('image/png', PNG),
  });
  const lib = openTempLibrary();
  const report = await lib.importer.importUrls([`${web.url}/start`]);
  assert.deepEqual(report.failed, []);
  const id = report.imported[0]!.id;
  const article = lib.articles.get(id)!;
  assert.equal(article.url, `${web.url}/article`);
  assert.equal(article.title, 'Le café');
  assert.equal(article.author, 'Zoé Martin');
  assert.match(lib.articles.text(id)!, /Un café au bord de la rivière/);
  const assets = [...article.html.matchAll(/lectern:\/\/asset\/([a-f0-9]{64}\.png)/g)].map((m) => m[1]!);
  assert.equal(assets.length, 1, 'the reachable image is kept; the unreachable one is dropped, not left pointing at the web');
  assert.doesNotMatch(article.html, /127\.0\.0\.1[^"]*\.png/);
  assert.deepEqual(fs.readFileSync(path.join(lib.dir, 'assets', assets[0]!)), PNG);
  assert.equal((lib.db.prepare('SELECT lead_image FROM articles WHERE id = ?').get(id) as { lead_image: string }).lead_image, `lectern://asset/${assets[0]}`);

  // Offline now: everything the article needs is in the library.
  await web.close();
  assert.ok(fs.existsSync(path.join(lib.dir, 'assets', assets[0]!)));
  const again = await lib.importer.importUrls([`${web.url}/article`]);
  assert.match(again.failed[0]!.reason, /could not be reached/);
  lib.close();
});

test('the same page saved twice is recognized by its address', async () => {
  const web = await startWeb({ '/a': send('text/html', latin1Page('Deux fois')), '/img/photo.png': send('image/png', PNG), '/img/lead.png': send('image/png', PNG) });
  const lib = openTempLibrary();
  await lib.importer.importUrls([`${web.url}/a`]);
  const second = await lib.importer.importUrls([`${web.url}/a`]);
  assert.deepEqual(second.skipped.map((s) => s.code), ['duplicate']);
  assert.equal(lib.articles.counts().articles, 1);
  await web.close();
  lib.close();
});

test('hostile servers: loops, slowness, huge answers, wrong types and errors each fail with a reason; the library is untouched', async () => {
  const web = await startWeb({
    '/loop/a': redirect('/loop/b'),
    '/loop/b': redirect('/loop/a'),
    '/slow': () => undefined, // never answers
    '/huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const push = () => {
        while (sent < 12 && res.write(chunk)) sent++;
        if (sent < 12) res.once('drain', push);
        else res.end();
      };
      push();
    },
    '/declared-huge': send('text/html', 'x', { 'content-length': String(50 * 1024 * 1024) }),
    '/pdf': send('application/pdf', '%PDF-1.4'),
    '/gone': (_req, res) => {
      res.writeHead(410);
      res.end();
    },
  });
  const lib = openTempLibrary();
  await lib.importer.importItems([{ name: 'note.txt', bytes: Buffer.from('A note\n\nKept whatever happens.') }]);
  const before = snapshot(lib);
  const report = await lib.importer.importUrls(['/loop/a', '/huge', '/pdf', '/gone'].map((p) => web.url + p).concat(['javascript:alert(1)', 'not a url']));
  const reasons = report.failed.map((f) => f.reason);
  assert.match(reasons[0]!, /redirects in a loop/);
  assert.match(reasons[1]!, /larger than 10 MB; Lectern stopped reading it/, 'a page stops at the page limit, though a book may be larger');
  assert.match(reasons[2]!, /is not a readable PDF/, 'a PDF address is read as a book');
  assert.match(reasons[3]!, /answered 410/);
  assert.match(reasons[4]!, /only http and https addresses are fetched, not javascript:/);
  assert.match(reasons[5]!, /is not a web address/);
  await assert.rejects(fetchUrl(`${web.url}/slow`, { accept: ['text/html'], timeoutMs: 300 }), /did not answer within 0.3 s/);
  await assert.rejects(fetchUrl(`${web.url}/declared-huge`, { accept: ['text/html'] }), /is 50.0 MB; Lectern fetches up to 10 MB/);
  assert.deepEqual(snapshot(lib), before);
  await web.close();
  lib.close();
});

test('links from an export are fetched by a queue that resumes; highlights find their text when it arrives', async () => {
  const web = await startWeb({
    '/one': send('text/html; charset=iso-8859-1', latin1Page('Premier')),
    '/two': send('text/html; charset=iso-8859-1', latin1Page('Second')),
    '/img/photo.png': send('image/png', PNG),
    '/img/lead.png': send('image/png', PNG),
  });
  const lib = openTempLibrary();
  const csv = `URL,Title,Selection,Folder\n${web.url}/one,Premier,Un café au bord de la rivière,Unread\n${web.url}/two,Second,,Archive\n${web.url}/three,Missing,,Unread\n`;
  await lib.importer.importItems([{ name: 'instapaper.csv', bytes: Buffer.from(csv) }]);
  const linkOnly = () => (lib.db.prepare('SELECT count(*) AS n FROM articles WHERE link_only = 1').get() as { n: number }).n;
  assert.equal(linkOnly(), 3);
  assert.equal(lib.annotations.list()[0]!.orphaned, true);

  const first = await lib.importer.fetchLinkOnly({ limit: 1 });
  assert.equal(first.imported.length, 1);
  assert.equal(linkOnly(), 2, 'stopped after one: the rest wait');
  const rest = await lib.importer.fetchLinkOnly();
  assert.deepEqual(rest.imported.map((a) => a.title), ['Second']);
  assert.match(rest.failed[0]!.reason, /answered 404/);
  const [note] = lib.annotations.list();
  assert.equal(note!.orphaned, false);
  const id = note!.articleId;
  assert.equal(lib.articles.text(id)!.slice(note!.start, note!.end), 'Un café au bord de la rivière');
  assert.equal(lib.articles.summary(lib.articles.findByUrl(`${web.url}/two`)!)!.state, 'archived', 'the export\'s state is kept');
  assert.equal((lib.db.prepare('SELECT fetch_error FROM articles WHERE url = ?').get(`${web.url}/three`) as { fetch_error: string }).fetch_error, `${new URL(web.url).host} answered 404 Not Found`);
  await web.close();
  lib.close();
});
