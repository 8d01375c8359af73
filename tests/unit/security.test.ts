import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppUrl, isTrustedSender, secureWebPreferences } from '../../main/electron-main/web-preferences';
import { externalUrl } from '../../main/common/urls';
import { CONTENT_SECURITY_POLICY } from '../../main/node/security/csp';
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

test('the CSP lets scripts come only from the app and nothing load from the network', () => {
  const directives: Record<string, string[]> = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'self'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.deepEqual(directives['frame-ancestors'], ["'none'"]);
  for (const [name, sources] of Object.entries(directives)) {
    for (const s of sources) assert.ok(!/unsafe|^https?:|^\*$/.test(s), `${name} allows ${s}`);
  }
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

test('the asset protocol reaches only content-addressed images in the library', () => {
  const hash = 'a'.repeat(64);
  assert.equal(assetFile('/lib', `${hash}.png`), `/lib/assets/${hash}.png`);
  for (const name of ['../library.sqlite', `${hash}.png/../../x`, `${hash}.html`, 'short.png', `${hash}.PNG`, `/${hash}.png`]) {
    assert.equal(assetFile('/lib', name), null, name);
  }
});

test('the page carries the same CSP in a meta tag (all but frame-ancestors, which only a header can set)', async () => {
  const { readFileSync } = await import('node:fs');
  const { ROOT } = await import('../helpers');
  const html = readFileSync(`${ROOT}/renderer/index.html`, 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
  const header = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).sort();
  assert.deepEqual(meta.split('; ').sort(), header);
});
