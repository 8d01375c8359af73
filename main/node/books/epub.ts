/**
 * An EPUB under Node: its package read for metadata, its spine's documents parsed with linkedom
 * (no script ever runs) and walked by the same canonical-text walk as articles, so that the
 * reader, walking each chapter's document in Chromium, finds the same offsets.
 */
import { DOMParser } from 'linkedom';
import { canonicalText } from '../../common/canonical-text';
import { tooLargeReason } from '../../common/sizes';
import { ImportError } from '../import/errors';
import { baseName } from '../import/draft';
import { readZip } from '../import/migrate/omnivore';
import { joinSections, original, type BookDraft } from './book-draft';
import { PROTECTED_BY_DRM } from './errors';
import { decodeXml, findPackagePath, parsePackage, parseXml, type EpubPackage, type ManifestItem } from './epub-package';

/** Font obfuscation (IDPF and Adobe) only hides fonts: the text stays readable, so it is no DRM. */
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);
const TEXT_TYPES = new Set(['application/xhtml+xml', 'text/html', 'image/svg+xml']);

export function readEpub(bytes: Uint8Array, file: string): BookDraft {
  const tooLarge = tooLargeReason(bytes.length);
  if (tooLarge) throw new ImportError(`${file}: ${tooLarge}`);
  const files = readZip(bytes, file);
  try {
    return readPackage(bytes, files, file);
  } catch (err) {
    // A parser's own failure on some odd markup is still one refused file with its reason.
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${file} is a malformed EPUB (${(err as Error).message})`);
  }
}

function readPackage(bytes: Uint8Array, files: Map<string, Uint8Array>, file: string): BookDraft {
  refuseDrm(files, file);
  const pkg = parsePackage(files, findPackagePath(files, file), file);
  const parts = pkg.spine.map((item, i) => {
    const doc = chapterDocument(files, pkg, item);
    return { href: item.path, label: pkg.tocLabels.get(item.path) ?? doc?.title ?? `${i + 1}`, text: doc?.text ?? '' };
  });
  const { text, sections } = joinSections(parts);
  const coverBytes = pkg.cover && files.get(pkg.cover.path);
  return {
    kind: 'epub',
    title: pkg.title ?? baseName(file),
    titleDir: pkg.titleDir,
    author: pkg.authors.join(', ') || null,
    lang: pkg.lang,
    publisher: pkg.publisher,
    identifier: pkg.identifier,
    text,
    sections,
    layout: pkg.layout,
    ...(pkg.cover && coverBytes && { cover: { bytes: coverBytes, type: pkg.cover.type } }),
    original: original(bytes, 'epub'),
  };
}

/** encryption.xml listing anything but obfuscated fonts means the text itself is encrypted. */
function refuseDrm(files: Map<string, Uint8Array>, file: string): void {
  const encryption = files.get('META-INF/encryption.xml');
  if (!encryption) return;
  const methods = [...parseXml(encryption).querySelectorAll('*')]
    .filter((el) => el.nodeName.replace(/^.*:/, '') === 'EncryptionMethod')
    .map((el) => el.getAttribute('Algorithm') ?? '');
  if (methods.some((m) => !FONT_OBFUSCATION.has(m))) throw new ImportError(`${file} is ${PROTECTED_BY_DRM}`);
}

/**
 * The spine item itself when it has text, else the first of its manifest fallbacks that does. A
 * scripted item with a fallback is its fallback: Lectern runs no scripts, and the fallback is what
 * a reader without scripting shows (the EPUB reader takes the same one, renderer/books/foliate.ts).
 */
function textual(pkg: EpubPackage, item: ManifestItem): ManifestItem | null {
  const seen = new Set<string>();
  for (let it: ManifestItem | undefined = item; it && !seen.has(it.id); it = it.fallback ? pkg.manifest.get(it.fallback) : undefined) {
    seen.add(it.id);
    if (TEXT_TYPES.has(it.type) && !(it.properties.includes('scripted') && it.fallback)) return it;
    // An image is a core type: a page of pictures, with no text, not a foreign item to replace.
    if (it.type.startsWith('image/')) return null;
  }
  return null;
}

type Node = Parameters<typeof canonicalText>[0] & { querySelector(s: string): (Node & { textContent: string | null }) | null; querySelectorAll(s: string): Iterable<{ remove(): void }> };

function chapterDocument(files: Map<string, Uint8Array>, pkg: EpubPackage, item: ManifestItem): { title: string | null; text: string } | null {
  const source = textual(pkg, item);
  const bytes = source && files.get(source.path);
  if (!source || !bytes) return null;
  const mime = source.type === 'text/html' ? 'text/html' : source.type === 'image/svg+xml' ? 'image/svg+xml' : 'text/xml';
  const doc = new DOMParser().parseFromString(decodeXml(bytes), mime) as unknown as Node;
  const title = doc.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || null;
  if (source.type === 'image/svg+xml') {
    // An SVG's title, desc and metadata describe the picture; they are not its text.
    for (const el of [...doc.querySelectorAll('title, desc, metadata')]) el.remove();
    return { title, text: canonicalText(doc) };
  }
  return { title, text: canonicalText(doc.querySelector('body') ?? doc) };
}
