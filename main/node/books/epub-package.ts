/**
 * An EPUB's package: META-INF/container.xml names the package document (OPF), whose metadata,
 * manifest and spine say what the book is and in which order its documents are read; the
 * navigation document (EPUB 3) or NCX (EPUB 2) gives the chapter titles. Parsed as XML with
 * linkedom; names are matched by local name because publishers pick their own prefixes.
 */
import { decodeHTML } from 'entities/decode';
import { DOMParser } from 'linkedom';
import { ImportError } from '../import/errors';

type XmlElement = {
  nodeName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<XmlElement>;
  parentNode: XmlElement | null;
};

export interface ManifestItem {
  id: string;
  /** The path inside the ZIP. */
  path: string;
  type: string;
  properties: string[];
  fallback: string | null;
}

export interface EpubPackage {
  title: string | null;
  /** The title's base direction: its own dir, else the package's (unset: the reader's default, ltr). */
  titleDir: TitleDir | null;
  authors: string[];
  lang: string | null;
  publisher: string | null;
  identifier: string | null;
  layout: 'reflowable' | 'pre-paginated';
  manifest: Map<string, ManifestItem>;
  /** Linear spine items in reading order. */
  spine: ManifestItem[];
  cover: ManifestItem | null;
  /** Chapter titles by ZIP path, from the table of contents (the first entry naming each file). */
  tocLabels: Map<string, string>;
}

export type TitleDir = 'ltr' | 'rtl' | 'auto';
const textDirection = (dir: string | null | undefined): TitleDir | null => (dir === 'ltr' || dir === 'rtl' || dir === 'auto' ? dir : null);

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * A book's XML as text: in the encoding its byte-order mark or XML declaration names (UTF-8
 * when none), line ends normalized, with HTML's named entities (&nbsp;, &eacute;… which XHTML 1.1 books take from
 * their DTD, and an XML parser without the DTD leaves as they are) turned into numeric ones and
 * any other entity reference dropped.
 */
export function decodeXml(bytes: Uint8Array): string {
  let label = 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    label = /^<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 200)))?.[1] ?? 'utf-8';
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder();
  }
  return decoder
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    // Line ends as an XML parser (Chromium's) normalizes them, before references like &#13; are read.
    .replace(/\r\n?/g, '\n')
    .replace(/&([A-Za-z][A-Za-z0-9]*);/g, (ref, name: string) => {
      if (XML_ENTITIES.has(name)) return ref;
      const decoded = decodeHTML(ref);
      // Any other entity is external or undeclared: Chromium never loads one, and shows nothing for it.
      return decoded === ref ? '' : [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
    });
}

export function parseXml(bytes: Uint8Array): { documentElement: XmlElement | null } & XmlElement {
  return new DOMParser().parseFromString(decodeXml(bytes), 'text/xml') as unknown as { documentElement: XmlElement | null } & XmlElement;
}

const local = (el: XmlElement) => el.nodeName.replace(/^.*:/, '').toLowerCase();
const byName = (root: XmlElement, name: string) => [...root.querySelectorAll('*')].filter((el) => local(el) === name);
const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Resolves `href` (percent-encoded, relative to the file at `base`) to a ZIP path. */
export function resolvePath(base: string, href: string): string {
  const dir = base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : '';
  const parts: string[] = [];
  let decoded: string;
  try {
    decoded = decodeURIComponent(href.replace(/[#?].*$/, ''));
  } catch {
    decoded = href.replace(/[#?].*$/, '');
  }
  for (const seg of (decoded.startsWith('/') ? decoded.slice(1) : dir + decoded).split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

export function findPackagePath(files: Map<string, Uint8Array>, file: string): string {
  const container = files.get('META-INF/container.xml');
  if (!container) throw new ImportError(`${file} is not an EPUB: META-INF/container.xml is missing`);
  const rootfile = byName(parseXml(container), 'rootfile').find((el) => el.getAttribute('full-path'));
  const opf = rootfile?.getAttribute('full-path');
  if (!opf) throw new ImportError(`${file} is a malformed EPUB: container.xml names no package document`);
  return resolvePath('', opf);
}

export function parsePackage(files: Map<string, Uint8Array>, opfPath: string, file: string): EpubPackage {
  const bytes = files.get(opfPath);
  if (!bytes) throw new ImportError(`${file} is a malformed EPUB: its package document ${opfPath} is missing`);
  const doc = parseXml(bytes);
  const pkg = doc.documentElement;
  if (!pkg || local(pkg) !== 'package') throw new ImportError(`${file} is a malformed EPUB: ${opfPath} is not a package document`);
  const [metadata] = byName(pkg, 'metadata');
  const [manifestEl] = byName(pkg, 'manifest');
  const [spineEl] = byName(pkg, 'spine');
  if (!metadata || !manifestEl || !spineEl) throw new ImportError(`${file} is a malformed EPUB: its package document has no ${!metadata ? 'metadata' : !manifestEl ? 'manifest' : 'spine'}`);

  const manifest = new Map<string, ManifestItem>();
  for (const el of byName(manifestEl, 'item')) {
    const id = el.getAttribute('id');
    const href = el.getAttribute('href');
    if (!id || !href) continue;
    manifest.set(id, {
      id,
      path: resolvePath(opfPath, href),
      type: clean(el.getAttribute('media-type')).toLowerCase(),
      properties: clean(el.getAttribute('properties')).split(' ').filter(Boolean),
      fallback: el.getAttribute('fallback'),
    });
  }
  const spine: ManifestItem[] = [];
  for (const ref of byName(spineEl, 'itemref')) {
    if (ref.getAttribute('linear') === 'no') continue;
    const idref = ref.getAttribute('idref') ?? '';
    const item = manifest.get(idref);
    if (!item) throw new ImportError(`${file} is a malformed EPUB: its spine names "${idref}", which the manifest does not list`);
    if (!files.has(item.path)) throw new ImportError(`${file} is a malformed EPUB: the chapter ${item.path} is missing`);
    spine.push(item);
  }
  if (spine.length === 0) throw new ImportError(`${file} is a malformed EPUB: its spine is empty`);

  const metas = byName(metadata, 'meta');
  const refines = (el: XmlElement, property: string) => {
    const id = el.getAttribute('id');
    return id ? metas.find((m) => m.getAttribute('refines') === `#${id}` && m.getAttribute('property') === property) : undefined;
  };
  const titles = byName(metadata, 'title');
  const title = titles.find((t) => clean(refines(t, 'title-type')?.textContent) === 'main') ?? titles[0];
  const creators = byName(metadata, 'creator').filter((c) => {
    const role = clean(c.getAttribute('opf:role') ?? c.getAttribute('role') ?? refines(c, 'role')?.textContent);
    return !role || role === 'aut';
  });
  const uniqueId = pkg.getAttribute('unique-identifier');
  const identifiers = byName(metadata, 'identifier');
  const identifier = identifiers.find((el) => uniqueId && el.getAttribute('id') === uniqueId) ?? identifiers[0];
  const layout = clean(metas.find((m) => m.getAttribute('property') === 'rendition:layout')?.textContent) === 'pre-paginated' ? 'pre-paginated' : 'reflowable';
  const items = [...manifest.values()];
  const coverId = metas.find((m) => m.getAttribute('name') === 'cover')?.getAttribute('content');
  const cover = items.find((i) => i.properties.includes('cover-image')) ?? (coverId ? manifest.get(coverId) : undefined);

  return {
    title: clean(title?.textContent) || null,
    titleDir: textDirection(title?.getAttribute('dir')) ?? textDirection(pkg.getAttribute('dir')),
    authors: creators.map((c) => clean(c.textContent)).filter(Boolean),
    lang: clean(byName(metadata, 'language')[0]?.textContent) || null,
    publisher: clean(byName(metadata, 'publisher')[0]?.textContent) || null,
    identifier: clean(identifier?.textContent) || null,
    layout,
    manifest,
    spine,
    cover: cover && cover.type.startsWith('image/') && files.has(cover.path) ? cover : null,
    tocLabels: tocLabels(files, items, spineEl),
  };
}

/** Chapter titles from the EPUB 3 navigation document's toc nav, else from the EPUB 2 NCX. */
function tocLabels(files: Map<string, Uint8Array>, items: ManifestItem[], spineEl: XmlElement): Map<string, string> {
  const labels = new Map<string, string>();
  const add = (base: string, href: string | null, label: string | null) => {
    const path = href ? resolvePath(base, href) : '';
    if (path && clean(label) && !labels.has(path)) labels.set(path, clean(label));
  };
  const nav = items.find((i) => i.properties.includes('nav'));
  const navBytes = nav && files.get(nav.path);
  if (nav && navBytes) {
    const navs = byName(parseXml(navBytes), 'nav');
    const toc = navs.find((n) => /\btoc\b/.test(n.getAttribute('epub:type') ?? '')) ?? navs[0];
    for (const a of toc ? byName(toc, 'a') : []) add(nav.path, a.getAttribute('href'), a.textContent);
  }
  if (labels.size) return labels;
  const ncx = items.find((i) => i.id === spineEl.getAttribute('toc')) ?? items.find((i) => i.type === 'application/x-dtbncx+xml');
  const ncxBytes = ncx && files.get(ncx.path);
  if (ncx && ncxBytes) {
    for (const point of byName(parseXml(ncxBytes), 'navpoint')) {
      const label = byName(point, 'text')[0]?.textContent ?? null;
      add(ncx.path, byName(point, 'content')[0]?.getAttribute('src') ?? null, label);
    }
  }
  return labels;
}
