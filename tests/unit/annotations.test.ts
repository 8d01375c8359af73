import { skipReason } from '../../main/common/import-words';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchor, describe } from '../../main/common/annotations/anchor';
import { exportAnnotations, importAnnotations } from '../../main/node/annotations/exchange';
import { validateAnnotation } from '../../main/node/annotations/web-annotation';
import type { Library } from '../../main/node/library/library';
import { transaction } from '../../main/node/store/db';
import { fixture, openTempLibrary } from '../helpers';

const NOW = '2026-11-26T12:00:00.000Z';
const TEXT = 'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.';

test('anchoring: the stored position when the text there is unchanged', () => {
  const s = describe(TEXT, 7, 24);
  assert.equal(s.exact, 'the best of times');
  assert.deepEqual(anchor(TEXT, s), { start: 7, end: 24, how: 'position', score: 1 });
});

test('anchoring: text shifted by an insertion before the quote', () => {
  const s = describe(TEXT, 37, 55);
  const shifted = `Preface. ${TEXT}`;
  const a = anchor(shifted, s)!;
  assert.equal(a.how, 'quote');
  assert.equal(shifted.slice(a.start, a.end), 'worst of times, it');
});

test('anchoring: an edit inside the quote is found fuzzily; edits around it change nothing', () => {
  const s = describe(TEXT, TEXT.indexOf('the age of wisdom'), TEXT.indexOf('the age of wisdom') + 'the age of wisdom'.length);
  const edited = TEXT.replace('age of wisdom', 'age of wis-dom');
  const a = anchor(edited, s)!;
  assert.equal(a.how, 'fuzzy');
  assert.match(edited.slice(a.start, a.end), /^the age of wis-?dom$/);
  const around = TEXT.replace('It was the best', 'It was, truly, the best').replace('foolishness.', 'foolishness and folly.');
  const b = anchor(around, s)!;
  assert.equal(around.slice(b.start, b.end), 'the age of wisdom');
});

test('anchoring: whitespace changes, and a repeated phrase told apart by its context', () => {
  const s = describe(TEXT, TEXT.indexOf('it was the worst'), TEXT.indexOf('it was the worst') + 'it was the worst'.length);
  const spaced = TEXT.replace(/ /g, '  ');
  const a = anchor(spaced, s)!;
  assert.ok(a.how === 'fuzzy' && a.score > 0.5);
  assert.equal(spaced.slice(a.start, a.end).replace(/\s+/g, ' ').trim(), 'it was the worst');
  // "it was the age of" occurs twice; the prefix and suffix say which, even when the position is gone.
  const second = TEXT.lastIndexOf('it was the age of');
  const { prefix, suffix, exact } = describe(TEXT, second, second + 'it was the age of'.length);
  const moved = `${'A long new opening sentence. '.repeat(5)}${TEXT}`;
  const b = anchor(moved, { exact, prefix, suffix })!;
  assert.equal(b.start, moved.lastIndexOf('it was the age of'));
  const first = TEXT.indexOf('it was the age of');
  const c = anchor(moved, describe(TEXT, first, first + exact.length))!;
  assert.equal(c.start, moved.indexOf('it was the age of'));
});

test('anchoring: a quote that is gone does not anchor (the annotation becomes an orphan)', () => {
  const s = describe(TEXT, 7, 24);
  assert.equal(anchor('A completely different text about gardening and the weather in spring.', s), null);
  assert.equal(anchor(TEXT, { exact: '' }), null);
});

async function annotated(): Promise<{ lib: Library; id: number; text: string }> {
  const lib = openTempLibrary();
  const report = await lib.importer.importItems([fixture('essay.txt'), fixture('article.html')]);
  const id = report.imported[0]!.id;
  return { lib, id, text: lib.articles.text(id)! };
}

test('annotations are anchored against the stored text, listed, filtered, searched, and deleted with undo', async () => {
  const { lib, id, text } = await annotated();
  const at = text.indexOf('the old mill');
  // Offsets from another rendering (off by 3) are corrected by the quote.
  const a = lib.annotations.add({ articleId: id, color: 'green', note: 'Where the walk turns', exact: 'the old mill', prefix: 'runs past ', start: at + 3, end: at + 15 }, NOW)!;
  assert.deepEqual([a.start, a.end, a.orphaned], [at, at + 12, false]);
  const rooks = text.indexOf('the rooks');
  const b = lib.annotations.add({ ...describe(text, rooks, rooks + 9), articleId: id, color: 'yellow' }, NOW)!;
  lib.annotations.update(b.id, { tags: ['Birds', 'sounds'], note: 'Loud at dusk' }, NOW);
  assert.deepEqual(lib.annotations.list({ articleId: id }).map((x) => x.exact), ['the old mill', 'the rooks']);
  assert.deepEqual(lib.annotations.list({ color: 'yellow' }).map((x) => x.id), [b.id]);
  assert.deepEqual(lib.annotations.list({ tag: 'birds' }).map((x) => x.id), [b.id]);
  assert.deepEqual(lib.annotations.list({ query: 'dusk' }).map((x) => x.id), [b.id]);
  assert.deepEqual(lib.annotations.list({ query: 'mill walk' }).map((x) => x.id), [a.id]);
  assert.deepEqual(lib.annotations.list({ query: 'sound' }).map((x) => x.id), [b.id], 'tags are searched, by prefix');
  // A tag merge carries annotation tags along.
  const sounds = lib.tags.list().find((t) => t.name === 'sounds')!;
  lib.tags.rename(sounds.id, 'birds');
  assert.deepEqual(lib.annotations.get(b.id)!.tags, ['Birds']);

  const { undoId } = lib.edits.deleteAnnotation(b.id)!;
  assert.deepEqual(lib.annotations.list({ query: 'dusk' }), []);
  assert.equal(lib.edits.undo(undoId), 1);
  assert.deepEqual(lib.annotations.get(b.id)!.tags, ['Birds']);
  assert.deepEqual(lib.annotations.list({ query: 'dusk' }).map((x) => x.id), [b.id]);
  lib.close();
});

test('when an article’s text changes, its annotations move with it, and the lost one is kept as an orphan', async () => {
  const { lib, id, text } = await annotated();
  const mill = text.indexOf('the old mill');
  const bus = text.indexOf('the late bus');
  const a = lib.annotations.add({ ...describe(text, mill, mill + 12), articleId: id, color: 'blue' }, NOW)!;
  const b = lib.annotations.add({ ...describe(text, bus, bus + 12), articleId: id, color: 'pink', note: 'keep me' }, NOW)!;
  const edited = `A new first paragraph.\n\n${text.replace('the late bus changing gear', 'a tractor')}`;
  const orphans = transaction(lib.db, (tx) => {
    tx.prepare('UPDATE article_bodies SET text = ? WHERE article_id = ?').run(edited, id);
    return lib.annotations.reanchor(tx, id, NOW);
  });
  assert.equal(orphans, 1);
  const moved = lib.annotations.get(a.id)!;
  assert.equal(edited.slice(moved.start, moved.end), 'the old mill');
  const orphan = lib.annotations.get(b.id)!;
  assert.equal(orphan.orphaned, true);
  assert.equal(orphan.note, 'keep me');
  assert.deepEqual(lib.annotations.list({ articleId: id }).map((x) => x.id), [a.id, b.id], 'orphans listed last');
  lib.close();
});

test('export: JSON-LD valid per the model and round-trips whole; Markdown and CSV carry quote, note, colour, tags', async () => {
  const { lib, id, text } = await annotated();
  const html = lib.articles.list('all').find((x) => x.title !== lib.articles.summary(id)!.title)!.id;
  const htmlText = lib.articles.text(html)!;
  const at = htmlText.indexOf('slow on purpose');
  lib.annotations.add({ ...describe(text, 4, 14), articleId: id, color: 'purple', note: 'Line one\nline "two", with a comma', tags: ['=cmd', 'home'] }, NOW);
  lib.annotations.add({ ...describe(htmlText, at, at + 15), articleId: html, color: 'yellow' }, NOW);

  const json = exportAnnotations(lib, 'jsonld');
  const doc = JSON.parse(json.text) as { '@context': string; type: string; first: { items: Record<string, unknown>[] } };
  assert.equal(doc.type, 'AnnotationCollection');
  assert.equal(doc.first.items.length, 2);
  for (const item of doc.first.items) assert.deepEqual(validateAnnotation({ '@context': doc['@context'], ...item }), []);
  const target = doc.first.items.find((i) => JSON.stringify(i).includes('fieldnotes'))!.target as { source: string; selector: { type: string }[] };
  assert.equal(target.source, 'https://fieldnotes.example/essays/reading-slowly');
  assert.deepEqual(target.selector.map((s) => s.type), ['TextQuoteSelector', 'TextPositionSelector']);

  // Into a second library holding the same articles: everything comes back, ids included.
  const other = openTempLibrary();
  await other.importer.importItems([fixture('essay.txt'), fixture('article.html')]);
  const report = importAnnotations(other, json.text, NOW);
  assert.deepEqual(report, { imported: 2, updated: 0, orphaned: 0, failed: [] });
  const strip = (l: Library) => l.annotations.list().map(({ id: _id, ...rest }) => rest);
  assert.deepEqual(strip(other), strip(lib));
  assert.deepEqual(importAnnotations(other, json.text, NOW), { imported: 0, updated: 2, orphaned: 0, failed: [] });
  assert.equal(other.annotations.list().length, 2);

  const md = exportAnnotations(lib, 'md', id).text;
  assert.match(md, /^# On Walking Home/);
  assert.match(md, /> road home/);
  assert.match(md, /Line one\nline "two", with a comma/);
  assert.match(md, /\*purple\* · #=cmd · #home/);
  const csv = exportAnnotations(lib, 'csv').text.split('\r\n');
  assert.equal(csv[0], 'article_id,article_title,article_url,color,quote,note,tags,start,end,orphaned,created,updated,id,chapter,page');
  assert.ok(csv.some((l) => l.includes(`"Line one\nline ""two"", with a comma"`) && l.includes(`'=cmd|home`)), 'quoted, and no formula');
  lib.close();
  other.close();
});

test('import: a file that is not JSON, or not annotations, is refused whole; bad items are named, good ones kept', async () => {
  const { lib, id, text } = await annotated();
  assert.throws(() => importAnnotations(lib, 'this is not json', NOW), /not JSON/);
  assert.throws(() => importAnnotations(lib, '42', NOW), /not a Web Annotation document/);
  const good = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: 'http://example.org/anno-good',
    type: 'Annotation',
    bodyValue: 'From elsewhere',
    target: { source: `lectern://article/${id}`, selector: { type: 'TextQuoteSelector', exact: 'the weir', prefix: 'learns its sounds: ' } },
  };
  const report = importAnnotations(
    lib,
    JSON.stringify([
      good,
      { ...good, id: 'not a uri' },
      { ...good, id: 'http://example.org/no-quote', target: 'http://example.org/page' },
      { ...good, id: 'http://example.org/elsewhere', target: { source: 'https://nowhere.example/', selector: { type: 'TextQuoteSelector', exact: 'x' } } },
      { ...good, id: 'http://example.org/gone', target: { source: `lectern://article/${id}`, selector: { type: 'TextQuoteSelector', exact: 'a sentence this essay never had' } } },
    ]),
    NOW,
  );
  assert.equal(report.imported, 2);
  assert.equal(report.orphaned, 1);
  assert.deepEqual(report.failed.map((f) => f.item), ['annotations[1] not a uri', 'annotations[2] http://example.org/no-quote', 'annotations[3] http://example.org/elsewhere']);
  assert.match(report.failed[0]!.reason, /its id must be one IRI/);
  assert.match(report.failed[2]!.reason, /no article in this library is https:\/\/nowhere.example\//);
  const kept = lib.annotations.list({ articleId: id });
  assert.equal(text.slice(kept[0]!.start, kept[0]!.end), 'the weir');
  assert.equal(kept[0]!.note, 'From elsewhere');
  assert.equal(kept[1]!.orphaned, true);
  lib.close();
});

test('a newer copy of a saved page updates its text; its annotations are anchored again, state and tags kept', async () => {
  const lib = openTempLibrary();
  const page = fixture('article.html');
  const id = (await lib.importer.importItems([page])).imported[0]!.id;
  const text = lib.articles.text(id)!;
  const kept = text.indexOf('Slow reading is not a technique');
  const lost = text.indexOf('cup of tea going cold');
  lib.annotations.add({ ...describe(text, kept, kept + 31), articleId: id, color: 'green', note: 'the thesis' }, NOW);
  lib.annotations.add({ ...describe(text, lost, lost + 21), articleId: id, color: 'blue' }, NOW);
  lib.edits.apply([id], { kind: 'tag', tag: 'essays' }, NOW);
  lib.edits.apply([id], { kind: 'state', state: 'archived' }, NOW);

  const newer = Buffer.from(
    Buffer.from(page.bytes)
      .toString('utf8')
      .replace('with a cup of tea going cold beside the page', 'with a notebook open beside the page')
      .replace('<p>Slow reading', '<p>An added paragraph, written after the first version went out.</p>\n    <p>Slow reading'),
  );
  const report = await lib.importer.importItems([{ name: 'article.html', bytes: newer }]);
  assert.deepEqual(report.imported, []);
  assert.deepEqual(report.skipped, [{ item: 'article.html', code: 'updated', articleId: id, annotations: 2, found: 1 }]);
  assert.equal(skipReason(report.skipped[0]!), `already in the library as article ${id}: updated to this newer copy; 1 of its 2 annotations found in the new text, the rest kept as not found`);
  const updated = lib.articles.text(id)!;
  assert.ok(updated.includes('An added paragraph'));
  const [moved, orphan] = lib.annotations.list({ articleId: id });
  assert.equal(updated.slice(moved!.start, moved!.end), 'Slow reading is not a technique');
  assert.equal(orphan!.orphaned, true);
  assert.deepEqual(lib.articles.summary(id)!.tags, ['essays']);
  assert.equal(lib.articles.summary(id)!.state, 'archived');
  assert.deepEqual(lib.search.search('notebook open').results.map((r) => r.id), [id]);
  // The very same copy again: nothing to do.
  assert.deepEqual((await lib.importer.importItems([{ name: 'article.html', bytes: newer }])).skipped, [{ item: 'article.html', code: 'duplicate', articleId: id }]);
  lib.close();
});
