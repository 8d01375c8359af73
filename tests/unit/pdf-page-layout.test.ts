import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PageLayout } from '../../renderer/books/pdf/page-layout';

const LETTER = { width: 816, height: 1056 };

test('pdf page layout: pages one under the other, each its height at the scale plus the frame', () => {
  const layout = new PageLayout(1000, LETTER, 11);
  assert.equal(layout.top(1), 0);
  assert.equal(layout.top(2), 1067);
  assert.equal(layout.top(1000), 999 * 1067);
  assert.equal(layout.total, 1000 * 1067);
  layout.scale = 0.5;
  assert.equal(layout.top(2), 528 + 11);
  assert.equal(layout.total, 1000 * 539);
  // Rounded per page, as pdf.js sizes each page box.
  layout.scale = 1 / 3;
  assert.equal(layout.height(1), 352);
  assert.equal(layout.top(3), 2 * (352 + 11));
});

test('pdf page layout: the page at a height, the pages in view, and the page the reader is on', () => {
  const layout = new PageLayout(10, { width: 100, height: 90 }, 10);
  assert.equal(layout.pageAt(-5), 1);
  assert.equal(layout.pageAt(0), 1);
  assert.equal(layout.pageAt(99), 1);
  assert.equal(layout.pageAt(100), 2);
  assert.equal(layout.pageAt(5000), 10);
  assert.deepEqual(layout.inView(150, 200), { first: 2, last: 4 });
  assert.deepEqual(layout.inView(100, 100), { first: 2, last: 2 });
  // Most shown wins; the page the reader is on stays while it is wholly in view.
  assert.equal(layout.pageInView(150, 200, 1), 3);
  assert.equal(layout.pageInView(190, 200, 2), 3);
  assert.equal(layout.pageInView(100, 250, 3), 3);
  assert.equal(layout.pageInView(100, 250, 1), 2);
  // The last pages, both wholly in view at once: the one gone to stays.
  assert.equal(layout.pageInView(800, 200, 10), 10);
});

test('pdf page layout: a page found larger than guessed moves the pages after it, and says by how much', () => {
  const layout = new PageLayout(5, { width: 100, height: 100 }, 0);
  assert.equal(layout.isKnown(1), true);
  assert.equal(layout.isKnown(3), false);
  assert.deepEqual(layout.size(3), { width: 100, height: 100 });
  assert.equal(layout.setSize(3, { width: 150, height: 160 }), 60);
  assert.equal(layout.isKnown(3), true);
  assert.equal(layout.top(3), 200);
  assert.equal(layout.top(4), 360);
  assert.equal(layout.total, 560);
  assert.equal(layout.setSize(4, { width: 100, height: 100 }), 0);
  layout.scale = 2;
  assert.equal(layout.top(4), 720);
  layout.setFrame(10);
  assert.equal(layout.top(4), 750);
});
