import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { parse, serializeOuter } from 'parse5';
import { parseHtmlPage } from '../../main/node/import/html';
import { sanitizeHere } from '../../main/node/import/sanitize';
import * as allowlist from '../../main/node/import/sanitize-allowlist';
import { FIXTURES, ROOT } from '../helpers';
import { purifyOnJsdom } from '../purify-oracle';

const purify = purifyOnJsdom();
const VECTORS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'xss-vectors.json'), 'utf8')) as string[];

const { DOMParser } = new JSDOM('').window;
/**
 * jsdom puts text foster-parented out of a table after the table, where parse5 (and a browser)
 * put it before: there the trees already differ before sanitizing, and only safety is checked.
 */
const parsersAgree = (dirty: string) =>
  serializeOuter(parse(dirty, { scriptingEnabled: false }).childNodes.find((n) => n.nodeName === 'html')!) === new DOMParser().parseFromString(dirty, 'text/html').documentElement.outerHTML;
let parsersDisagreed = 0;

const same = (dirty: string, title = 'A title') => {
  if (!parsersAgree(dirty)) {
    parsersDisagreed++;
    assert.ok(!/<(script|iframe|object|embed|form|style|svg|math)|<[^>]*\son\w+=|<[^>]*=["']?\s*javascript:/i.test(sanitizeHere(dirty, title).html), dirty);
    return;
  }
  const want = purify(dirty, title);
  const got = sanitizeHere(dirty, title);
  assert.equal(got.html, want.html, `html of ${JSON.stringify(dirty)}`);
  assert.equal(got.text, want.text, `text of ${JSON.stringify(dirty)}`);
};

test('the sanitizer really removes handlers, script URLs, scripts, frames, objects, forms, styles and SVG', () => {
  const cases: [string, string][] = [
    ['<p onclick="alert(1)" onmouseover=alert(2)>a</p>', '<p>a</p>'],
    ['<img src=x onerror=alert(1)>', '<img src="x">'],
    ['<a href="javascript:alert(1)" target=_blank>a</a>', '<a rel="noopener noreferrer">a</a>'],
    ['<a href=" JaVaScRiPt:alert(1)">a</a><a href="java\tscript:alert(2)">b</a>', '<a rel="noopener noreferrer">a</a><a rel="noopener noreferrer">b</a>'],
    ['<a href="vbscript:x">a</a><a href="data:text/html,<script>x</script>">b</a>', '<a rel="noopener noreferrer">a</a><a rel="noopener noreferrer">b</a>'],
    ['<p>a<script>alert(1)</script>b</p>', '<p>ab</p>'],
    ['<iframe src="https://evil.example/"><p>c</p></iframe><p>d</p>', '<p>d</p>'],
    ['<object data="x.swf"><embed src="x.swf">e</object>', 'e'],
    ['<form action="https://evil.example/"><input name=q><button formaction=x>f</button></form>', 'f'],
    ['<style>p { background: url(javascript:alert(1)); width: expression(alert(2)) }</style><p style="width: expression(alert(3))">g</p>', '<p>g</p>'],
    ['<svg><script>alert(1)</script><a xlink:href="javascript:alert(2)">h</a></svg><p>i</p>', '<p>i</p>'],
    ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', ''],
    ['<p id="x" class="c" data-track="1" srcset="a.png 2x">j</p>', '<p>j</p>'],
    ['<img src="lectern://asset/' + 'ab'.repeat(32) + '.png"><img src="file:///etc/passwd">', `<img src="lectern://asset/${'ab'.repeat(32)}.png"><img>`],
    ['<p>k<!-- <img src=x onerror=alert(1)> --></p><noscript><img src=x onerror=alert(2)></noscript>', '<p>k</p>'],
  ];
  for (const [dirty, want] of cases) {
    assert.equal(sanitizeHere(dirty, 'T').html, want, dirty);
    same(dirty, 'T');
  }
});

test("the allowlists are DOMPurify's own, and the names it keeps from clobbering are jsdom's", () => {
  const source = fs.readFileSync(createRequire(path.join(ROOT, 'package.json')).resolve('dompurify'), 'utf8');
  const strings = (body: string) => [...body.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.toLowerCase());
  const top = (name: string) => strings(source.match(new RegExp(`\\nconst ${name} = freeze\\(\\[([\\s\\S]*?)\\]\\);`))![1]!);
  const inner = (name: string) => strings(source.match(new RegExp(`const ${name} = (?:freeze\\()?addToSet\\(\\{\\}, \\[([\\s\\S]*?)\\]`))![1]!);
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  assert.deepEqual(sorted(allowlist.ALLOWED_TAGS), sorted(['html\\$1', 'svg\\$1', 'svgFilters', 'mathMl\\$1'].flatMap(top)));
  assert.deepEqual(sorted(allowlist.ALLOWED_ATTRIBUTES), sorted(['html', 'svg', 'mathMl', 'xml'].flatMap(top)));
  assert.deepEqual(sorted(allowlist.ALL_SVG_TAGS), sorted(['svg\\$1', 'svgFilters', 'svgDisallowed'].flatMap(top)));
  assert.deepEqual(sorted(allowlist.ALL_MATHML_TAGS), sorted(['mathMl\\$1', 'mathMlDisallowed'].flatMap(top)));
  assert.deepEqual(sorted(allowlist.COMMON_SVG_AND_HTML_ELEMENTS), sorted(inner('COMMON_SVG_AND_HTML_ELEMENTS')));
  assert.deepEqual(sorted(allowlist.FORBID_CONTENTS), sorted(inner('DEFAULT_FORBID_CONTENTS')));
  assert.deepEqual(sorted(allowlist.DATA_URI_TAGS), sorted(inner('DEFAULT_DATA_URI_TAGS')));
  assert.deepEqual(sorted(allowlist.URI_SAFE_ATTRIBUTES), sorted(inner('DEFAULT_URI_SAFE_ATTRIBUTES')));
  const { document } = new JSDOM('').window;
  const names: string[] = [];
  for (const o of [document, document.createElement('form')]) {
    for (let p: object | null = o; p; p = Object.getPrototypeOf(p)) names.push(...Object.getOwnPropertyNames(p));
  }
  assert.deepEqual(sorted(allowlist.DOM_PROPERTY_NAMES), sorted(names));
});

test('our XSS vectors, the fixture pages and odd markup come out exactly as DOMPurify on jsdom gives them', () => {
  for (const v of VECTORS) {
    same(v);
    same(`<p>Some prose. ${v} More prose.</p>`);
  }
  for (const name of ['article.html', 'broken.html', 'latin1.html']) {
    const [draft] = parseHtmlPage(fs.readFileSync(path.join(FIXTURES, name), 'latin1'), name).articles;
    same(draft!.html!, draft!.title);
  }
  for (const dirty of [
    '', '   ', '  \n<p>lead</p>', 'plain text', '<h1>A Title</h1><p>body</p>', '<h2> a   TITLE </h2>x', '<p></p><h1>A title</h1>',
    '<frameset><frame src=x></frameset>', '<title>t</title><meta charset=x><p>after head</p>', '<body onload=alert(1)><p>b</p>',
    '<p is="x-a">gone whole</p><b>kept</b>', '<x-custom onclick=1>c</x-custom>', '<blink>b</blink><marquee>m</marquee>',
    '<circle>c</circle><mi>m</mi><title>t</title><font color=red>f</font>', '<a name="body">a</a><a name="cookie">b</a><a name="intro">c</a>',
    '<label for=x>l</label><p for=y patchsrc=z>p</p>', '<p title=" spaced " value=" v ">v</p><input value=" kept ">',
    '<p title="--&gt;">a</p><p title="a</style>b">b</p><p attributename="href">c</p>', '<p>&lt;b&gt;<!--c--></p>', '<div>&lt;b&gt;</div>',
    '<textarea><script>alert(1)</script></textarea>', '<select><option>o1<option>o2</select>', '<template><p>t</p></template>n',
    '<table><p>foster</p><tr><td>c</td></tr></table>', '<p><div>x</div></p>', '<a href="/rel">r</a><a href="#frag">f</a><a href="mailto:a@b">m</a>',
    '<img src="data:image/png;base64,AAAA"><a href="data:image/png;base64,AAAA">d</a>', '<pre>\n\n  keep  spaces\n</pre>', 'a<br>b<br><br>c',
    '<p aria-label="x" data-x="y" role="note">r</p>', '<img src="https://example.org/a.png" width="10" height=" 20 " alt="a &amp; b">',
    '<svg><p>out of svg</p></svg>', '<math><p>out of math</p></math>', '<noembed><p>n</p></noembed><xmp><b>x</b></xmp><plaintext><b>y',
  ]) {
    same(dirty);
  }
});

test('random markup comes out exactly as DOMPurify on jsdom gives it', () => {
  const token = fc.constantFrom(
    '<p>', '</p>', '<div>', '</div>', '<a href="javascript:x">', '<a href="https://e.org/" target=_blank>', '</a>', '<img src=x onerror=y>',
    '<svg>', '</svg>', '<math>', '<mtext>', '<table>', '<td>', '<tr>', '<form>', '<input name=attributes>', '</form>', '<style>', '</style>',
    '<script>', '</script>', '<noscript>', '</noscript>', '<template>', '<select>', '<option>', '<textarea>', '<!--', '-->', '<![CDATA[', ']]>',
    '<h1>', '</h1>', '<pre>', '<br>', '<x-y is=z>', '<p id=body class=c style=s>', '<b title="</title>">', '<iframe>', '<object>', '<embed>',
    '&lt;b&gt;', '&amp;', 'A title', ' ', '\n', 'word', '<', '>', '"', "'", '=', '\u00a0', '<frameset>', '<body onload=x>', '<head>', '<title>',
  );
  fc.assert(
    fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
      same(tokens.join(''));
    }),
    { numRuns: 1500, seed: 1616 },
  );
  // The exception stays an exception: most cases are held to DOMPurify's output.
  console.log(`Sanitizer against DOMPurify: 1500 random cases, ${parsersDisagreed} parsed differently by jsdom and only checked for safety`);
  assert.ok(parsersDisagreed < 150, `${parsersDisagreed} cases where jsdom and parse5 parse differently`);
});
