import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { elementsByTag, hasNoText, readArticle } from '../../main/node/import/readability-linkedom';
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

test('an element is empty exactly when its text trims to nothing: blank text of every kind, comments not counted', () => {
  const doc = parse(`<html><body>
    <div id="blank"> \n\t<span>\u00a0</span><!-- a comment's words are not text --><b>\u2003\ufeff</b></div>
    <div id="deep"><i><u> </u></i><i><u>x</u></i></div>
    <div id="none"></div><div id="only-br"><br><hr></div><div id="late"> <p> </p> <p>.</p></div>
    <svg id="svg"><text> </text></svg></body></html>`);
  doc.body.append(doc.createElement('DIV'));
  doc.body.lastElementChild!.append(doc.createTextNode('\u3000'), doc.createElement('br'));
  const nodes = [...doc.body.querySelectorAll('*')];
  assert.ok(nodes.length > 15);
  let empty = 0;
  for (const node of nodes) {
    const want = !node.textContent!.trim();
    assert.equal(hasNoText(node), want, node.outerHTML);
    if (want) empty++;
  }
  assert.ok(empty > 5 && empty < nodes.length, `${empty} of ${nodes.length}`);
});

test('bylines are found as stock Readability finds them: by rel, by itemprop, by class, and too long to be one', () => {
  for (const byline of [
    '<a rel="author" href="/me">Ann Author</a>',
    '<span itemprop="author"><span itemprop="name">Ben Byline</span> and friends</span>',
    '<p class="byline">By Cleo Writer</p>',
    `<p class="byline">${'A byline far too long to be one, '.repeat(4)}</p>`,
    '<p class="author-box">  </p><div class="dateline">March 3</div>',
  ]) {
    const { stock, ours } = both(`<html><head><title>T</title></head><body><article>${byline}${filler(8)}</article></body></html>`);
    assert.ok(stock?.content, byline);
    assert.deepEqual(ours, stock, byline);
  }
  const { stock } = both(`<html><body><article><p class="byline">By Cleo Writer</p>${filler(8)}</article></body></html>`);
  assert.equal(stock?.byline, 'By Cleo Writer');
});

test('hidden elements are left out as stock Readability leaves them out: by style, by attribute, by aria-hidden, math images kept', () => {
  const page = `<html><body><article>${filler(4)}
    <div style="display: none"><p>Hidden by display, with commas, long enough to count as prose if kept.</p></div>
    <div style="color: red; visibility:hidden"><p>Hidden by visibility, with commas, long enough to count as prose.</p></div>
    <div hidden><p>Hidden by attribute, with commas, long enough to count as prose if it were kept.</p></div>
    <div aria-hidden="true"><p>Hidden from readers, with commas, long enough to count as prose if kept.</p></div>
    <div aria-hidden="true" class="mwe-math-fallback-image-inline fallback-image"><p>A math image, with commas, long enough to count as prose.</p></div>
    <div aria-hidden="false" style="color: blue"><p>Shown, styled, with commas, long enough to count as prose by the scorer.</p></div>
    <svg aria-hidden="true"><text>svg text</text></svg>${filler(4)}</article></body></html>`;
  const { stock, ours } = both(page);
  for (const hidden of ['Hidden by display', 'Hidden by visibility', 'Hidden by attribute', 'Hidden from readers']) assert.ok(!stock?.content?.includes(hidden), hidden);
  for (const shown of ['A math image', 'Shown, styled']) assert.ok(stock?.content?.includes(shown), shown);
  assert.deepEqual(ours, stock);
});
