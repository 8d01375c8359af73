import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { elementsByTag, readArticle } from '../../main/node/import/readability-linkedom';
import { FIXTURES } from '../helpers';

const parse = (html: string) => parseHTML(html).document as unknown as Document;
const options = { charThreshold: 200 };

/** What stock Readability finds, and what readArticle finds, in the same page. */
function both(html: string) {
  let rereads = 0;
  const ours = readArticle(parse(html), () => (rereads++, parse(html)), options);
  return { stock: new Readability(parse(html), options).parse(), ours: ours.article, rereads };
}

const filler = (n: number) => Array.from({ length: n }, (_, i) => `<p>Paragraph ${i} says enough, with commas, to be read as prose by the scorer of the page.</p>`).join('');

test('the article is the one stock Readability finds, on the fixture pages', () => {
  for (const name of ['article.html', 'broken.html', 'latin1.html', 'unknown-encoding.html']) {
    const { stock, ours } = both(fs.readFileSync(path.join(FIXTURES, name), 'latin1'));
    assert.deepEqual(ours, stock, name);
  }
});

test('a page whose first pass finds too little text is read again, and ends as stock Readability does', () => {
  // Too little text for the threshold: Readability restores the body and loosens its rules, three times.
  const short = '<html><head><title>Short</title></head><body><div class="comment sidebar"><p>Only a few words here, kept by the looser rules.</p></div><div><p>And a second short paragraph.</p></div></body></html>';
  const { stock, ours, rereads } = both(short);
  assert.ok(stock?.textContent?.includes('Only a few words'));
  assert.deepEqual(ours, stock);
  assert.equal(rereads, 1);
});

test('elements found by one tag name are those querySelectorAll finds, in its order, those made as createElement("DIV") included', () => {
  const doc = parse('<html><body><div id="a"><p>x</p><div id="b"></div></div><section><div id="c"></div></section></body></html>');
  doc.querySelector('section')!.append(doc.createElement('DIV'));
  doc.getElementById('b')!.append(doc.createElement('div'));
  for (const tags of [['div'], ['DIV'], ['p'], ['section', 'div']]) {
    const want = [...doc.body.querySelectorAll(tags.join(','))];
    assert.equal(want.length, tags.includes('p') ? 1 : tags.length === 2 ? 6 : 5, tags.join());
    const got = elementsByTag(doc.body, tags);
    assert.deepEqual(Array.from(got), want, tags.join());
    // From the walk over linkedom's list, not from its querySelectorAll (a NodeList).
    assert.equal(Object.getPrototypeOf(got), Array.prototype);
  }
});

test('elements Readability renames (a <div> without blocks becomes a <p>) are found by their new tag, as stock Readability finds them', () => {
  // The empty one, renamed to <p>, is then found among the paragraphs and removed as empty.
  const page = `<html><body><article><div>A div of text alone, with commas, long enough to count, that Readability turns into a paragraph of its own.</div>${filler(8)}<div><span></span></div></article></body></html>`;
  const { stock, ours } = both(page);
  assert.ok(stock?.content?.includes('<p>A div of text alone'));
  assert.ok(!stock?.content?.includes('<span></span>'));
  assert.deepEqual(ours, stock);
});
