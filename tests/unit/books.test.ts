import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { itemBoundaries, pdfPageText } from '../../main/common/books/pdf-text';
import { canonicalText } from '../../main/common/canonical-text';
import { MAX_IMPORT_FILE_BYTES } from '../../main/common/contract';
import { BookPasswordError } from '../../main/node/books/errors';
import { ImportError } from '../../main/node/import/errors';
import { readBook } from '../../main/node/books/read-book';
import { COVER_PNG, encryptionXml, makeEpub, makePdf, opf, TWO_CHAPTERS, xhtml } from '../books-fixtures';

const refusal = async (bytes: Uint8Array, file: string, options?: { password?: string }) => {
  try {
    await readBook(bytes, file, options);
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail(`${file} was read`);
};

test('books: an EPUB with two chapters gives its metadata, cover and text by chapter', async () => {
  const bytes = makeEpub();
  const book = await readBook(bytes, 'moby.epub');
  assert.equal(book.kind, 'epub');
  assert.equal(book.title, 'Moby-Dick', 'the main title, not the subtitle');
  assert.equal(book.author, 'Herman Melville, Ishmael Narrator', 'authors, not the illustrator');
  assert.equal(book.lang, 'en-US');
  assert.equal(book.publisher, 'Harper & Brothers');
  assert.equal(book.identifier, 'urn:isbn:9780000000002');
  assert.equal(book.layout, 'reflowable');
  assert.deepEqual(book.cover, { bytes: COVER_PNG, type: 'image/png' });
  assert.equal(book.original.ext, 'epub');
  assert.equal(book.original.bytes, bytes);
  assert.match(book.original.sha256, /^[0-9a-f]{64}$/);

  assert.deepEqual(book.sections.map((s) => [s.label, s.href]), [['Loomings', 'OEBPS/text/one.xhtml'], ['The Carpet-Bag', 'OEBPS/text/two.xhtml']]);
  const [one, two] = book.sections.map((s) => book.text.slice(s.start, s.end));
  assert.equal(one, 'Loomings\n\nCall me Ishmael. Some years ago—never mind how long.\n\nIt is a way I have\nof driving off the spleen.');
  assert.equal(two, 'The Carpet-Bag\n\nI stuffed a shirt or two into my old carpet-bag.\n\nTucked it under my arm.');
  assert.equal(book.text, `${one}\n\n${two}`, 'chapters are joined by a blank line, as paragraphs are');
});

test('books: an EPUB chapter script is neither text nor run', async () => {
  const book = await readBook(makeEpub(), 'moby.epub');
  assert.doesNotMatch(book.text, /scriptRan|document\.title/);
  assert.equal((globalThis as { scriptRan?: boolean }).scriptRan, undefined);
});

test('books: an EPUB 2 takes chapter titles from its NCX and the cover from <meta name="cover">', async () => {
  const chapters = TWO_CHAPTERS.map((c) => ({ ...c, title: `${c.title} (NCX)` }));
  const ncx = `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>${chapters
    .map((c, i) => `<navPoint id="p${i}"><navLabel><text>${c.title}</text></navLabel><content src="${c.href}"/></navPoint>`)
    .join('')}</navMap></ncx>`;
  const pkg = `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" xmlns:opf="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
    <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Old Book</dc:title><dc:creator opf:role="aut">A. Writer</dc:creator><dc:creator opf:role="edt">An Editor</dc:creator>
    <dc:identifier id="id">uuid:1</dc:identifier><meta name="cover" content="img"/></metadata>
    <manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/><item id="img" href="images/cover.png" media-type="image/png"/>
    ${chapters.map((c) => `<item id="${c.id}" href="${c.href}" media-type="application/xhtml+xml"/>`).join('')}</manifest>
    <spine toc="ncx">${chapters.map((c) => `<itemref idref="${c.id}"/>`).join('')}</spine></package>`;
  const book = await readBook(makeEpub({ chapters, opf: pkg, files: { 'OEBPS/toc.ncx': ncx, 'OEBPS/nav.xhtml': '' } }), 'old.epub');
  assert.equal(book.title, 'Old Book');
  assert.equal(book.author, 'A. Writer');
  assert.equal(book.lang, null);
  assert.deepEqual(book.sections.map((s) => s.label), ['Loomings (NCX)', 'The Carpet-Bag (NCX)']);
  assert.equal(book.cover?.type, 'image/png');
});

test('books: a fixed-layout EPUB: its layout, a picture page kept as an empty section, non-linear items left out', async () => {
  const chapters = [{ id: 'p1', href: 'page1.xhtml', title: 'Page one', body: '<div style="position:absolute"><p>Panel one says hello.</p></div>' }, TWO_CHAPTERS[1]!];
  const pkg = opf(chapters, {
    meta: '<meta property="rendition:layout">pre-paginated</meta>',
    manifest: '<item id="pic" href="images/cover.png" media-type="image/png"/><item id="notes" href="notes.xhtml" media-type="application/xhtml+xml"/>',
    spine: '<itemref idref="p1"/><itemref idref="pic"/><itemref idref="notes" linear="no"/><itemref idref="c2"/>',
  });
  const book = await readBook(makeEpub({ chapters, opf: pkg, files: { 'OEBPS/notes.xhtml': xhtml('Notes', '<p>Endnotes here.</p>') } }), 'fxl.epub');
  assert.equal(book.layout, 'pre-paginated');
  assert.deepEqual(book.sections.map((s) => s.href), ['OEBPS/page1.xhtml', 'OEBPS/images/cover.png', 'OEBPS/text/two.xhtml']);
  const pic = book.sections[1]!;
  assert.equal(pic.start, pic.end, 'a picture has no text');
  assert.equal(pic.start, book.sections[0]!.end);
  assert.equal(pic.label, '2', 'no title anywhere: its place in the spine');
  assert.ok(book.text.startsWith('Panel one says hello.\n\nThe Carpet-Bag'));
  assert.doesNotMatch(book.text, /Endnotes/);
});

test('books: an HTML chapter in the spine (text/html, not XHTML) is read as HTML is', async () => {
  const chapters = [TWO_CHAPTERS[0]!];
  const pkg = opf(chapters, {
    manifest: '<item id="h" href="text/legacy.html" media-type="text/html"/>',
    spine: '<itemref idref="c1"/><itemref idref="h"/>',
  });
  // Tag soup an XML parser refuses: no declaration, unclosed paragraphs, a bare <br>, an HTML entity (a space in the canonical text).
  const html = '<!DOCTYPE html><html><head><title>Legacy</title></head><body><p>An old chapter&nbsp;kept as HTML<p>Second paragraph<br>on two lines</body></html>';
  const book = await readBook(makeEpub({ chapters, opf: pkg, files: { 'OEBPS/text/legacy.html': html } }), 'html.epub');
  assert.deepEqual(book.sections.map((s) => [s.label, s.href]), [['Loomings', 'OEBPS/text/one.xhtml'], ['Legacy', 'OEBPS/text/legacy.html']]);
  const legacy = book.sections[1]!;
  assert.equal(book.text.slice(legacy.start, legacy.end), 'An old chapter kept as HTML\n\nSecond paragraph\non two lines');
});

test('books: encryption beyond font obfuscation is refused as DRM; obfuscated fonts are not', async () => {
  const drm = makeEpub({ files: { 'META-INF/encryption.xml': encryptionXml('http://www.w3.org/2001/04/xmlenc#aes128-cbc'), 'META-INF/rights.xml': '<rights/>' } });
  assert.equal(await refusal(drm, 'drm.epub'), 'drm.epub is protected by DRM');
  const fonts = makeEpub({ files: { 'META-INF/encryption.xml': encryptionXml('http://www.idpf.org/2008/embedding') } });
  assert.equal((await readBook(fonts, 'fonts.epub')).title, 'Moby-Dick');
});

test('books: malformed EPUBs get a reason each', async () => {
  const noSpine = opf(TWO_CHAPTERS).replace(/<spine>.*<\/spine>/s, '');
  assert.match(await refusal(makeEpub({ opf: noSpine }), 'a.epub'), /^a\.epub is a malformed EPUB: its package document has no spine$/);
  assert.match(await refusal(makeEpub({ opf: '<html><body>not a package</body></html>' }), 'b.epub'), /malformed EPUB: OEBPS\/content\.opf is not a package document/);
  assert.match(await refusal(makeEpub({ opf: opf(TWO_CHAPTERS, { spine: '<itemref idref="c1"/><itemref idref="ghost"/>' }) }), 'c.epub'), /spine names "ghost", which the manifest does not list/);
  const missing = [TWO_CHAPTERS[0]!, { ...TWO_CHAPTERS[1]!, missing: true }];
  assert.match(await refusal(makeEpub({ chapters: missing }), 'd.epub'), /malformed EPUB: the chapter OEBPS\/text\/two\.xhtml is missing/);
  const noContainer = zipSync({ mimetype: strToU8('application/epub+zip'), 'OEBPS/content.opf': strToU8(opf(TWO_CHAPTERS)) });
  assert.match(await refusal(noContainer, 'e.epub'), /not an EPUB: META-INF\/container\.xml is missing/);
  assert.match(await refusal(makeEpub({ opf: opf(TWO_CHAPTERS, { spine: ' ' }) }), 'f.epub'), /its spine is empty/);
  const broken = makeEpub().subarray(0, 200);
  assert.match(await refusal(broken, 'g.epub'), /g\.epub is not a readable ZIP archive/);
});

test('books: a scripted chapter with a manifest fallback gives the fallback its text (scripts never run here)', async () => {
  const chapters = [{ id: 'c1', href: 'text/one.xhtml', title: 'Scripted', body: '<p>Shown only where scripts run.</p>' }];
  const pkg = opf(chapters).replace('<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>', '<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml" properties="scripted" fallback="plain"/><item id="plain" href="text/plain.xhtml" media-type="application/xhtml+xml"/>');
  const book = await readBook(makeEpub({ chapters, opf: pkg, files: { 'OEBPS/text/plain.xhtml': xhtml('Plain', '<p>The fallback for readers without scripts.</p>') } }), 'scripted.epub');
  assert.equal(book.text, 'The fallback for readers without scripts.');
  // Without a fallback, the scripted chapter is the text.
  const alone = await readBook(makeEpub({ chapters, opf: opf(chapters).replace('media-type="application/xhtml+xml"/>\n', 'media-type="application/xhtml+xml" properties="scripted"/>\n') }), 'alone.epub');
  assert.equal(alone.text, 'Shown only where scripts run.');
});

test('books: a ZIP bomb and a file over the import limit are refused before anything is read', async () => {
  const bomb = makeEpub({ files: { 'OEBPS/text/one.xhtml': new Uint8Array(8 * 1024 * 1024) } });
  assert.ok(bomb.length < 100_000);
  assert.match(await refusal(bomb, 'bomb.epub'), /bomb\.epub would expand to more than \d+ MB \(a ZIP bomb\?\)/);
  const huge = new Uint8Array(MAX_IMPORT_FILE_BYTES + 1);
  huge.set(makeEpub());
  assert.match(await refusal(huge, 'huge.epub'), /huge\.epub: the file is 25\.0 MB; Lectern imports files up to 25\.0 MB/);
  const hugePdf = new Uint8Array(MAX_IMPORT_FILE_BYTES + 1);
  hugePdf.set(makePdf({ pages: [['x']] }));
  assert.match(await refusal(hugePdf, 'huge.pdf'), /Lectern imports files up to/);
});

test('books: a two-page PDF gives its metadata and text by page', async () => {
  const bytes = makePdf({ pages: [['Hello from page one,', 'a second line.'], ['Page two has the word albatross.']], title: 'Two Pages', author: 'A. Author', lang: 'en-GB' });
  const book = await readBook(bytes, 'two.pdf');
  assert.equal(book.kind, 'pdf');
  assert.deepEqual([book.title, book.author, book.lang, book.publisher], ['Two Pages', 'A. Author', 'en-GB', null]);
  assert.deepEqual(book.sections.map((s) => [s.page, s.label]), [[1, '1'], [2, '2']]);
  assert.deepEqual(book.sections.map((s) => book.text.slice(s.start, s.end)), ['Hello from page one,\na second line.', 'Page two has the word albatross.']);
  assert.equal(book.text, 'Hello from page one,\na second line.\n\nPage two has the word albatross.');
  assert.equal(book.original.bytes, bytes);
  assert.equal(book.original.bytes[0], 0x25, 'pdf.js was given a copy: the original is not detached');
  const untitled = await readBook(makePdf({ pages: [['Only text']] }), 'folder/Report 2026.pdf');
  assert.deepEqual([untitled.title, untitled.author, untitled.lang], ['Report 2026', null, null]);
});

test('books: a password-protected PDF needs its password, and opens with it', async () => {
  const bytes = makePdf({ pages: [['The secret is on page one.'], ['And more on page two.']], title: 'Locked', password: 'open sesame' });
  assert.doesNotMatch(Buffer.from(bytes).toString('latin1'), /secret/, 'the fixture is really encrypted');
  const missing = await readBook(bytes, 'locked.pdf').catch((e: unknown) => e);
  assert.ok(missing instanceof BookPasswordError);
  assert.equal(missing.message, 'locked.pdf: needs a password');
  assert.equal(missing.wrongPassword, false);
  const wrong = await readBook(bytes, 'locked.pdf', { password: 'sesame' }).catch((e: unknown) => e);
  assert.ok(wrong instanceof BookPasswordError);
  assert.equal(wrong.message, 'locked.pdf: the password is not right');
  const book = await readBook(bytes, 'locked.pdf', { password: 'open sesame' });
  assert.equal(book.title, 'Locked');
  assert.equal(book.text, 'The secret is on page one.\n\nAnd more on page two.');
});

test('books: broken PDFs and other files get a reason', async () => {
  assert.match(await refusal(strToU8('%PDF-1.7\nthis is not a PDF at all\n%%EOF'), 'broken.pdf'), /^broken\.pdf is not a readable PDF \(/);
  assert.match(await refusal(makePdf({ pages: [['x']] }).subarray(0, 40), 'cut.pdf'), /^cut\.pdf is not a readable PDF/);
  assert.equal(await refusal(strToU8('<html>hello</html>'), 'page.html'), 'page.html is neither an EPUB nor a PDF');
});

test('canonical text reads each element\'s childNodes once (linkedom builds the list on each read)', () => {
  let reads = 0;
  const text = (value: string) => ({ nodeType: 3, nodeName: '#text', nodeValue: value, childNodes: [] });
  const kids = Array.from({ length: 50 }, (_, i) => text(`w${i} `));
  const p = {
    nodeType: 1,
    nodeName: 'P',
    nodeValue: null,
    get childNodes() {
      reads++;
      return kids;
    },
  };
  assert.equal(canonicalText(p), kids.map((k) => k.nodeValue).join('').trim());
  assert.equal(reads, 1);
});

test('books: a PDF page\'s text is its lines, spaces collapsed, and each text item knows its range in it', () => {
  const item = fc.record({ str: fc.stringMatching(/^[ a-z\t\u00a0é]{0,8}$/), hasEOL: fc.boolean() });
  fc.assert(
    fc.property(fc.array(item, { maxLength: 30 }), (items) => {
      const { text, ranges } = pdfPageText(items);
      // The rule as written in words: one line per reported line, collapsed, empty lines dropped.
      const lines = items.map((i) => i.str + (i.hasEOL ? '\n' : '')).join('').split('\n');
      assert.equal(text, lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n'));
      assert.equal(ranges.length, items.length);
      items.forEach((it, i) => assert.equal(text.slice(ranges[i]!.start, ranges[i]!.end), it.str.replace(/\s+/g, ' ').trim()));
    }),
  );
  assert.deepEqual(pdfPageText([{ str: 'Hello ', hasEOL: false }, { str: 'world', hasEOL: true }, { str: '  ', hasEOL: true }, { str: 'next' }]), {
    text: 'Hello world\nnext',
    ranges: [{ start: 0, end: 5 }, { start: 6, end: 11 }, { start: 11, end: 11 }, { start: 12, end: 16 }],
  });
});

test('books: each character of a PDF text item maps to its place in the page text, and each boundary in between', () => {
  const item = fc.record({ str: fc.stringMatching(/^[ a-z\t\u00a0é😀]{0,8}$/), hasEOL: fc.boolean() });
  fc.assert(
    fc.property(fc.array(item, { maxLength: 30 }), (items) => {
      const { text, ranges } = pdfPageText(items);
      items.forEach((it, i) => {
        const b = itemBoundaries(it.str, ranges[i]!.start);
        assert.equal(b.length, it.str.length + 1);
        for (let k = 0; k < it.str.length; k++) if (!/\s/.test(it.str[k]!)) assert.equal(text[b[k]!], it.str[k], `item ${i} unit ${k}`);
        for (let k = 1; k <= it.str.length; k++) assert.ok(b[k]! >= b[k - 1]!, 'boundaries never go back');
        assert.equal(b[it.str.length], ranges[i]!.end);
        // Any span of the string maps to its collapsed text.
        for (let k = 0; k <= it.str.length; k++) {
          for (let m = k; m <= it.str.length; m++) assert.equal(text.slice(b[k]!, b[m]!).trim(), it.str.slice(k, m).replace(/\s+/g, ' ').trim());
        }
      });
    }),
  );
  assert.deepEqual(itemBoundaries('  ab  c ', 10), [10, 10, 10, 11, 12, 12, 13, 14, 14]);
});

test('books: an XHTML 1.1 chapter in ISO-8859-1 with HTML named entities reads as its words, other entities as nothing', async () => {
  const chapter = `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Caf\u00e9</title></head><body><p>Caf\u00e9&nbsp;cr&egrave;me &amp; na&iuml;ve&mdash;d&#233;j&#x00E0; vu &lt;ok&gt; &bogus;</p></body></html>`;
  const book = await readBook(makeEpub({ files: { 'OEBPS/text/one.xhtml': Uint8Array.from(Buffer.from(chapter, 'latin1')) } }), 'latin.epub');
  assert.equal(book.text.slice(book.sections[0]!.start, book.sections[0]!.end), 'Caf\u00e9 cr\u00e8me & na\u00efve\u2014d\u00e9j\u00e0 vu <ok>', 'an external or undeclared entity shows nothing, as in Chromium');
});

test('books: damaged EPUBs and PDFs are read or refused with a reason, never anything else', async () => {
  const epub = makeEpub();
  const pdf = makePdf({ pages: [['Hello from page one.'], ['Page two.']], title: 'Damaged' });
  const damage = fc.record({ at: fc.nat(), byte: fc.nat(255), cut: fc.boolean(), pdf: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(damage, async ({ at, byte, cut, pdf: isPdf }) => {
      const source = isPdf ? pdf : epub;
      const i = at % source.length;
      const bytes = cut ? source.slice(0, i) : Uint8Array.from(source, (b, j) => (j === i ? byte : b));
      try {
        const book = await readBook(bytes, 'damaged');
        assert.equal(typeof book.text, 'string');
      } catch (err) {
        assert.ok(err instanceof ImportError, `${(err as Error).name}: ${(err as Error).message}`);
        assert.ok((err as Error).message.startsWith('damaged'));
      }
    }),
    { numRuns: 60, seed: 14 },
  );
});

test('books: line ends in a chapter are normalized as Chromium\'s XML parser does, so <pre> offsets agree', async () => {
  const body = '<pre>one\r\ntwo\rthree&#13;\r\nfour</pre>';
  const book = await readBook(makeEpub({ chapters: [{ ...TWO_CHAPTERS[0]!, body }] }), 'crlf.epub');
  assert.equal(book.text, 'one\ntwo\nthree\r\nfour');
});
