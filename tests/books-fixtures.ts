/**
 * Small books made in code for the unit tests: EPUBs (zipped with fflate, as an EPUB is packed:
 * "mimetype" first and stored) and PDFs written by hand, one object at a time, with a correct
 * cross-reference table — and, for the password case, the PDF standard security handler
 * (revision 2: RC4 with a 40-bit key, MD5 key derivation, ISO 32000-1 §7.6.3) done with Node's
 * md5 and a ten-line RC4.
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';

const CONTAINER = `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`;

export interface Chapter {
  id: string;
  /** Path relative to the package document. */
  href: string;
  title: string;
  body: string;
  /** Left out of the ZIP, though the manifest lists it. */
  missing?: boolean;
}

export const TWO_CHAPTERS: Chapter[] = [
  { id: 'c1', href: 'text/one.xhtml', title: 'Loomings', body: '<h1>Loomings</h1><p>Call me Ishmael. Some years ago&#8212;never mind how long.</p><p>It is a way I have<br/>of driving off the spleen.</p>' },
  {
    id: 'c2',
    href: 'text/two.xhtml',
    title: 'The Carpet-Bag',
    body: '<h1>The Carpet-Bag</h1><p>I stuffed a shirt or two into my old carpet-bag.</p><script>document.title = "ran"; globalThis.scriptRan = true;</script><p>Tucked it under my arm.</p>',
  },
];

export function xhtml(title: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${title}</title></head><body>${body}</body></html>`;
}

export function opf(chapters: Chapter[], options: { meta?: string; spine?: string; manifest?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="bookid">urn:isbn:9780000000002</dc:identifier>
    <dc:title id="t1">Moby-Dick</dc:title>
    <meta refines="#t1" property="title-type">main</meta>
    <dc:title id="t2">or, The Whale</dc:title>
    <dc:creator id="a1">Herman Melville</dc:creator>
    <dc:creator id="a2">Ishmael Narrator</dc:creator>
    <dc:creator id="ill">Rockwell Kent</dc:creator>
    <meta refines="#ill" property="role" scheme="marc:relators">ill</meta>
    <dc:language>en-US</dc:language>
    <dc:publisher>Harper &amp; Brothers</dc:publisher>
    <meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>
    ${options.meta ?? ''}
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="cover" href="images/cover.png" media-type="image/png" properties="cover-image"/>
    ${chapters.map((c) => `<item id="${c.id}" href="${c.href}" media-type="application/xhtml+xml"/>`).join('\n    ')}
    ${options.manifest ?? ''}
  </manifest>
  <spine>${options.spine ?? chapters.map((c) => `<itemref idref="${c.id}"/>`).join('')}</spine>
</package>`;
}

export function nav(chapters: Chapter[]): string {
  return xhtml('Contents', `<nav epub:type="toc"><ol>${chapters.map((c) => `<li><a href="${c.href}#start">${c.title}</a></li>`).join('')}</ol></nav>`);
}

/** A 1×1 PNG. */
export const COVER_PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

export function makeEpub(options: { chapters?: Chapter[]; opf?: string; files?: Record<string, string | Uint8Array> } = {}): Uint8Array {
  const chapters = options.chapters ?? TWO_CHAPTERS;
  const files: Zippable = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(CONTAINER),
    'OEBPS/content.opf': strToU8(options.opf ?? opf(chapters)),
    'OEBPS/nav.xhtml': strToU8(nav(chapters)),
    'OEBPS/images/cover.png': COVER_PNG,
  };
  for (const c of chapters) if (!c.missing) files[`OEBPS/${c.href}`] = strToU8(xhtml(c.title, c.body));
  for (const [name, content] of Object.entries(options.files ?? {})) files[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(files, { level: 6 });
}

export function encryptionXml(algorithm: string): string {
  return `<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/>
    <enc:CipherData><enc:CipherReference URI="OEBPS/text/one.xhtml"/></enc:CipherData></enc:EncryptedData>
</encryption>`;
}

// --- PDF

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]) => new Uint8Array(createHash('md5').update(Buffer.concat(parts)).digest());
const PAD = Uint8Array.from(Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex'));
const padded = (password: string) => {
  const out = new Uint8Array(32);
  const bytes = Buffer.from(password, 'latin1').subarray(0, 32);
  out.set(bytes);
  out.set(PAD.subarray(0, 32 - bytes.length), bytes.length);
  return out;
};
const hex = (b: Uint8Array) => `<${Buffer.from(b).toString('hex')}>`;
const pdfString = (s: string) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/**
 * A PDF with one page per entry of `pages` (each a list of lines in Helvetica), an info
 * dictionary and a catalog /Lang; with `password`, encrypted so that it opens only with it; with
 * `padding`, that many bytes of an object nothing refers to before the pages; with `sizes`, each
 * page's [width, height] in points (else US Letter, 612 × 792).
 */
export function makePdf(options: { pages: string[][]; title?: string; author?: string; lang?: string; password?: string; padding?: number; sizes?: [number, number][] }): Uint8Array {
  const id = md5(Buffer.from(JSON.stringify(options.pages)));
  const P = -4;
  let key: Uint8Array | null = null;
  let encryptDict = '';
  if (options.password !== undefined) {
    const O = rc4(md5(padded(`${options.password}-owner`)).subarray(0, 5), padded(options.password));
    const p = new Uint8Array(4);
    new DataView(p.buffer).setInt32(0, P, true);
    key = md5(padded(options.password), O, p, id).subarray(0, 5);
    encryptDict = `<< /Filter /Standard /V 1 /R 2 /O ${hex(O)} /U ${hex(rc4(key, PAD))} /P ${P} >>`;
  }
  const objectKey = (num: number) => md5(key!, Uint8Array.of(num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0)).subarray(0, 10);
  const str = (num: number, s: string) => (key ? hex(rc4(objectKey(num), Buffer.from(s, 'latin1'))) : pdfString(s));

  const objects: string[] = [];
  const add = (body: (num: number) => string) => {
    objects.push('');
    const num = objects.length;
    objects[num - 1] = body(num);
    return num;
  };
  const stream = (num: number, content: string) => {
    const data = key ? rc4(objectKey(num), Buffer.from(content, 'latin1')) : Buffer.from(content, 'latin1');
    return `<< /Length ${data.length} >>\nstream\n${Buffer.from(data).toString('latin1')}\nendstream`;
  };
  const catalog = add(() => '');
  const pagesNum = add(() => '');
  const font = add(() => '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  // Bytes no page uses, between the start of the file and its pages, as a scanned book's images would be.
  if (options.padding) add((num) => stream(num, ' '.repeat(options.padding!)));
  const kids = options.pages.map((lines, n) => {
    const [width, height] = options.sizes?.[n] ?? [612, 792];
    const text = lines.map((line, i) => `${i === 0 ? '72 720 Td' : '0 -16 Td'} ${pdfString(line)} Tj`).join('\n');
    const contents = add((num) => stream(num, `BT /F1 12 Tf\n${text}\nET`));
    return add(() => `<< /Type /Page /Parent ${pagesNum} 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${contents} 0 R >>`);
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesNum} 0 R${options.lang ? ` /Lang ${str(catalog, options.lang)}` : ''} >>`;
  objects[pagesNum - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = add((num) => `<< ${options.title ? `/Title ${str(num, options.title)} ` : ''}${options.author ? `/Author ${str(num, options.author)} ` : ''}/Producer ${str(num, 'Lectern tests')} >>`);
  const encrypt = encryptDict ? add(() => encryptDict) : 0;

  return pdfFile('1.4', objects, `/Root ${catalog} 0 R /Info ${info} 0 R /ID [${hex(id)} ${hex(id)}]${encrypt ? ` /Encrypt ${encrypt} 0 R` : ''}`);
}

/** The file around numbered objects (object n is `objects[n - 1]`): header, cross-reference table, trailer. */
function pdfFile(version: string, objects: string[], trailer: string): Uint8Array {
  let out = `%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(Buffer.from(out, 'latin1'));
}

/**
 * A one-page PDF that tries everything active a PDF can: JavaScript run on opening (OpenAction)
 * and on the page's opening (/AA /O), and three links over its lines — a JavaScript action, a
 * `javascript:` URI and a web address (`webUrl`). Each script would show an alert, open a
 * window and set `window.pdfScriptRan`; none may.
 */
export function makeActivePdf(webUrl: string): Uint8Array {
  const js = pdfString("app.alert('pdf script ran'); app.launchURL('http://127.0.0.1:9/launched', true); this.pdfScriptRan = true;");
  const lines = ['This PDF carries scripts.', 'Run the script', 'Follow the javascript link', 'Visit the web page'];
  const text = lines.map((line, i) => `${i === 0 ? '72 720 Td' : '0 -40 Td'} ${pdfString(line)} Tj`).join('\n');
  const link = (i: number, action: string) => `<< /Type /Annot /Subtype /Link /Rect [70 ${716 - 40 * i} 300 ${734 - 40 * i}] /Border [0 0 0] /A ${action} >>`;
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS ${js} >> /Names << /JavaScript << /Names [(lectern) << /S /JavaScript /JS ${js} >>] >> >> >>`,
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R 7 0 R 8 0 R] ' +
      `/AA << /O << /S /JavaScript /JS ${js} >> >> >>`,
    `<< /Length ${Buffer.byteLength(`BT /F1 12 Tf\n${text}\nET`, 'latin1')} >>\nstream\nBT /F1 12 Tf\n${text}\nET\nendstream`,
    link(1, `<< /S /JavaScript /JS ${js} >>`),
    link(2, `<< /S /URI /URI ${pdfString('javascript:window.pdfScriptRan=true')} >>`),
    link(3, `<< /S /URI /URI ${pdfString(webUrl)} >>`),
    '<< /Title (Active content) /Producer (Lectern tests) >>',
  ];
  return pdfFile('1.7', objects, `/Root 1 0 R /Info ${objects.length} 0 R`);
}
