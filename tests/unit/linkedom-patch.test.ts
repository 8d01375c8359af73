import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { linkedomPatches, parseHTML } from '../../main/node/import/linkedom-patch';
import { readArticle } from '../../main/node/import/readability-linkedom';
import { FIXTURES } from '../helpers';

/** linkedom as shipped: its CommonJS build is a module instance of its own, which the patch never touched. */
const stock = createRequire(import.meta.url)('linkedom') as typeof import('linkedom');

type Parse = (html: string) => Document;
const patched: Parse = (html) => parseHTML(html).document as unknown as Document;
const unpatched: Parse = (html) => stock.parseHTML(html).document as unknown as Document;

test('linkedom loaded through the patch builds its nodes without a listener table each, and looks lower-case names up by name', () => {
  assert.deepEqual(linkedomPatches(), { lazyListenerTables: true, lowerCaseLookups: true });
});

/** What getElementsByTagName finds, by name, from a document, an element and a fragment. */
function lookupScenario(parse: Parse): string[] {
  const doc = parse(`<html><head><title>t</title></head><body><div id="a"><p>x</p><IMG src="1"><img src="2"></div>
    <svg><clipPath id="c"></clipPath><foreignObject><div id="in-svg"></div></foreignObject></svg>
    <template><div id="in-template"></div></template><section><br><hr><br></section></body></html>`);
  doc.body.append(doc.createElement('DIV'), doc.createElement('Img'));
  const fragment = doc.createDocumentFragment();
  fragment.append(doc.createElement('div'), doc.createElement('p'));
  const found: string[] = [];
  for (const name of ['div', 'DIV', 'Div', 'img', 'IMG', 'p', 'br', 'clipPath', 'clippath', 'CLIPPATH', 'foreignObject', 'title', '*', 'nothing']) {
    for (const [where, root] of [['document', doc], ['body', doc.body], ['fragment', fragment]] as const) {
      // linkedom's fragments have it too, unlike the DOM's.
      const got = (root as unknown as Document).getElementsByTagName(name);
      found.push(`${where} ${name}: ${Array.from(got, (el) => el.localName + (el.id ? `#${el.id}` : '')).join(' ')} (${got.constructor.name})`);
    }
  }
  return found;
}

test('elements found by tag name are those linkedom as shipped finds, in its order, whatever the case of the name', () => {
  const want = lookupScenario(unpatched);
  assert.ok(want.filter((line) => !/: \(/.test(line)).length > 20, want.join('\n'));
  assert.deepEqual(lookupScenario(patched), want);
});

/** Listeners added, removed, bubbling, once, stopped: what each call saw, in order. */
function eventScenario(parse: Parse): string[] {
  const doc = parse('<html><body><div id="outer"><p id="inner">text</p></div><span id="other"></span></body></html>');
  const seen: string[] = [];
  const outer = doc.getElementById('outer')!;
  const inner = doc.getElementById('inner')!;
  const other = doc.getElementById('other')!;
  const Event = doc.defaultView!.Event;
  const log = (name: string) => (e: Event) => seen.push(`${name}:${e.type}:${(e.target as Element).id}:${(e.currentTarget as Element).id}:${e.eventPhase}`);
  const removed = log('removed');
  inner.addEventListener('ping', log('inner'));
  inner.addEventListener('ping', { handleEvent: log('object') });
  inner.addEventListener('ping', log('once'), { once: true });
  inner.addEventListener('ping', removed);
  inner.removeEventListener('ping', removed);
  outer.addEventListener('ping', log('outer'));
  seen.push(`returned ${inner.dispatchEvent(new Event('ping', { bubbles: true }))}`);
  seen.push(`returned ${inner.dispatchEvent(new Event('ping'))}`);
  other.addEventListener('stop', (e) => {
    e.stopImmediatePropagation();
    e.preventDefault();
    seen.push('first');
  });
  other.addEventListener('stop', () => seen.push('never'));
  seen.push(`returned ${other.dispatchEvent(new Event('stop', { cancelable: true }))}`);
  // linkedom's `onclick` property goes through addEventListener.
  (other as HTMLElement).onclick = log('onclick');
  (other as HTMLElement).click();
  seen.push(`none: ${doc.body.dispatchEvent(new Event('ping'))}`);
  return seen;
}

test('events reach the same listeners, in the same order and phases, as on linkedom as shipped', () => {
  const want = eventScenario(unpatched);
  assert.ok(want.length >= 8, want.join('\n'));
  assert.deepEqual(eventScenario(patched), want);
});

test("Readability's article on the patched linkedom is the one it finds on linkedom as shipped, on the fixture pages", () => {
  for (const name of ['article.html', 'broken.html', 'latin1.html', 'unknown-encoding.html']) {
    const html = fs.readFileSync(path.join(FIXTURES, name), 'latin1');
    const read = (parse: Parse) => readArticle(parse(html), () => parse(html), { charThreshold: 200 }).article;
    const want = read(unpatched);
    assert.ok(want?.content, name);
    assert.deepEqual(read(patched), want, name);
  }
});
