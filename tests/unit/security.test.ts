import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppUrl, isTrustedSender, secureWebPreferences } from '../../main/electron-main/web-preferences';
import { externalUrl } from '../../main/common/urls';
import { BOOK_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY, policyFor } from '../../main/node/security/csp';
import { assetFile } from '../../main/node/library/assets';

test('the window is isolated, sandboxed and has no Node', () => {
  assert.deepEqual(secureWebPreferences('/app/preload.cjs'), {
    preload: '/app/preload.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
    disableBlinkFeatures: 'Auxclick',
  });
});

const directivesOf = (policy: string): Record<string, string[]> => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

test('the CSP lets scripts come only from the app and nothing load from the network', () => {
  const directives = directivesOf(CONTENT_SECURITY_POLICY);
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'self'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.deepEqual(directives['frame-ancestors'], ["'none'"]);
  assert.deepEqual(directives['frame-src'], ["'self'"], 'the one frame is the app\'s own book page');
  for (const [name, sources] of Object.entries(directives)) {
    for (const s of sources) assert.ok(!/unsafe|^https?:|^\*$/.test(s), `${name} allows ${s}`);
  }
});

test('the book page lets a book bring its styles, fonts and pictures, never scripts or the network', () => {
  const directives = directivesOf(BOOK_CONTENT_SECURITY_POLICY);
  assert.deepEqual(directives['script-src'], ["'self'"], 'blob: chapters inherit this policy: their scripts never match');
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['frame-ancestors'], ["'self'"], 'only the app frames it');
  assert.deepEqual(directives['frame-src'], ['blob:']);
  for (const [name, sources] of Object.entries(directives)) {
    for (const s of sources) assert.ok(!/^https?:|^\*$|unsafe-eval|wasm/.test(s), `${name} allows ${s}`);
    if (name !== 'style-src') assert.ok(!sources.includes("'unsafe-inline'"), `${name} allows inline`);
  }
  assert.equal(policyFor('/book.html'), BOOK_CONTENT_SECURITY_POLICY);
  for (const p of ['/index.html', '/assets/book.html.js', '/book.htmlx']) assert.equal(policyFor(p), CONTENT_SECURITY_POLICY, p);
});

test('navigation stays in the app; IPC answers only the app main frame', () => {
  assert.ok(isAppUrl('lectern://app/index.html'));
  for (const url of ['https://example.org/', 'file:///etc/passwd', 'lectern://asset/x', 'javascript:alert(1)', 'data:text/html,x', 'lectern://user:pw@app/', 'not a url']) {
    assert.equal(isAppUrl(url), false, url);
  }
  assert.ok(isTrustedSender('lectern://app/index.html', true));
  assert.equal(isTrustedSender('lectern://app/index.html', false), false, 'a subframe is not trusted');
  assert.equal(isTrustedSender('https://evil.example/', true), false);
  assert.equal(isTrustedSender(undefined, true), false);
});

test('only http(s) and mailto links leave the app; unknown schemes are refused', () => {
  for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x', 'lectern://app/', 'ftp://example.org/', 'ms-msdt:/id', 'smb://host/share', 'http://user:pw@example.org/', '//example.org']) {
    assert.equal(externalUrl(url), null, url);
  }
  assert.equal(externalUrl('https://example.org/a')?.toString(), 'https://example.org/a');
  assert.equal(externalUrl('mailto:a@example.org')?.protocol, 'mailto:');
});

test('the asset protocol reaches only content-addressed images and books in the library', () => {
  const hash = 'a'.repeat(64);
  assert.equal(assetFile('/lib', `${hash}.png`), `/lib/assets/${hash}.png`);
  assert.equal(assetFile('/lib', `${hash}.epub`), `/lib/assets/${hash}.epub`);
  assert.equal(assetFile('/lib', `${hash}.pdf`), `/lib/assets/${hash}.pdf`);
  for (const name of ['../library.sqlite', `${hash}.png/../../x`, `${hash}.html`, 'short.png', `${hash}.PNG`, `/${hash}.png`]) {
    assert.equal(assetFile('/lib', name), null, name);
  }
});

test('each page carries the same CSP in a meta tag (all but frame-ancestors, which only a header can set)', async () => {
  const { readFileSync } = await import('node:fs');
  const { ROOT } = await import('../helpers');
  for (const page of ['index.html', 'book.html']) {
    const html = readFileSync(`${ROOT}/renderer/${page}`, 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const header = policyFor(`/${page}`).split('; ').filter((d) => !d.startsWith('frame-ancestors')).sort();
    assert.deepEqual(meta.split('; ').sort(), header, page);
  }
});
