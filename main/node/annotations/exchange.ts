/** Annotations out (Markdown, W3C JSON-LD, CSV) and back in (JSON-LD). In a book, exports name the chapter or page. */
import { placeOf } from '../../common/annotations/book-sections';
import type { Annotation, AnnotationImportReport, EXPORT_FORMATS } from '../../common/contract';
import { LecternError } from '../../common/errors';
import type { Library } from '../library/library';
import { annotationsIn, articleIdOf, articleIri, readAnnotation, toCollection, validateAnnotation } from './web-annotation';

export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXTENSIONS: Record<ExportFormat, string> = { md: 'md', jsonld: 'jsonld', csv: 'csv' };

/** The annotations of one article (by id) or of the whole notebook, as a file's text. */
export function exportAnnotations(library: Library, format: ExportFormat, articleId?: number): { text: string; count: number; title: string } {
  const annotations = library.annotations.list(articleId === undefined ? {} : { articleId });
  const title = articleId === undefined ? 'Lectern notebook' : (library.articles.summary(articleId)?.title ?? `Article ${articleId}`);
  if (articleId !== undefined && !library.articles.summary(articleId)) throw new LecternError('NOT_FOUND', `Article ${articleId} is not in the library.`);
  const sections = new Map<number, ReturnType<Library['articles']['sections']>>();
  const place: Where = (a) => {
    if (!sections.has(a.articleId)) sections.set(a.articleId, library.articles.sections(a.articleId));
    return placeOf(sections.get(a.articleId)!, a.start);
  };
  const text = format === 'md' ? toMarkdown(annotations, title, place) : format === 'csv' ? toCsv(annotations, place) : `${JSON.stringify(toCollection(annotations, title), null, 2)}\n`;
  return { text, count: annotations.length, title };
}

const linkOf = (a: Annotation) => a.articleUrl ?? articleIri(a.articleId);
/** The chapter or page of an annotation in a book. */
type Where = (a: Annotation) => { chapter: string | null; page: number | null };

function toMarkdown(annotations: Annotation[], title: string, place: Where): string {
  const out = [`# ${title}`, '', `${annotations.length} ${annotations.length === 1 ? 'annotation' : 'annotations'}, exported ${new Date().toISOString().slice(0, 10)} from Lectern.`];
  let article = -1;
  for (const a of annotations) {
    if (a.articleId !== article) {
      article = a.articleId;
      out.push('', `## ${a.articleTitle}`, '', `<${linkOf(a)}>`);
    }
    const { chapter, page } = place(a);
    const where = chapter ? ` — ch. ${chapter}` : page !== null ? ` — p. ${page}` : '';
    out.push('', ...`${a.exact}${where}`.split('\n').map((line) => `> ${line}`.trimEnd()));
    if (a.note) out.push('', a.note);
    const meta = [`*${a.color}*`, ...a.tags.map((t) => `#${t.replace(/\s/g, '-')}`), a.createdAt.slice(0, 10), ...(a.orphaned ? ['(not found in the current text)'] : [])];
    out.push('', meta.join(' · '));
  }
  return `${out.join('\n')}\n`;
}

/** RFC 4180; a cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
function cell(value: string | number | boolean): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_COLUMNS = ['article_id', 'article_title', 'article_url', 'color', 'quote', 'note', 'tags', 'start', 'end', 'orphaned', 'created', 'updated', 'id', 'chapter', 'page'];

function toCsv(annotations: Annotation[], place: Where): string {
  const rows = annotations.map((a) => {
    const { chapter, page } = place(a);
    return [a.articleId, a.articleTitle, linkOf(a), a.color, a.exact, a.note, a.tags.join('|'), a.start, a.end, a.orphaned, a.createdAt, a.updatedAt, `urn:uuid:${a.uuid}`, chapter ?? '', page ?? ''].map(cell).join(',');
  });
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** Reads a W3C Web Annotation JSON-LD document; each annotation anchors against its article. */
export function importAnnotations(library: Library, json: string, now: string): AnnotationImportReport {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new LecternError('BAD_REQUEST', `This file is not JSON, so not a Web Annotation document: ${(err as Error).message}`);
  }
  const found = annotationsIn(doc);
  if ('error' in found) throw new LecternError('BAD_REQUEST', `This is not a Web Annotation document: ${found.error}.`);
  const report: AnnotationImportReport = { imported: 0, updated: 0, orphaned: 0, failed: [] };
  for (const { item, value, inherited } of found.items) {
    const name = typeof (value as { id?: unknown })?.id === 'string' ? `${item} ${(value as { id: string }).id}` : item;
    const problems = validateAnnotation(value, inherited);
    if (problems.length) {
      report.failed.push({ item: name, reason: `not a valid Web Annotation: it ${problems.join('; it ')}` });
      continue;
    }
    const read = readAnnotation(value as Record<string, unknown>);
    if ('error' in read) {
      report.failed.push({ item: name, reason: `Lectern cannot keep it: ${read.error}` });
      continue;
    }
    const articleId = articleIdOf(read.source) ?? library.articles.findByUrl(read.source);
    if (articleId === null || !library.articles.summary(articleId)) {
      report.failed.push({ item: name, reason: `no article in this library is ${read.source}: import the article first` });
      continue;
    }
    const existed = read.uuid !== undefined && library.annotations.hasUuid(read.uuid);
    const saved = library.annotations.add(
      { articleId, color: read.color, note: read.note, tags: read.tags, exact: read.exact, prefix: read.prefix, suffix: read.suffix, start: read.start, end: read.end, fragment: read.fragment, uuid: read.uuid, createdAt: read.created, updatedAt: read.modified },
      now,
    )!;
    if (existed) report.updated++;
    else report.imported++;
    if (saved.orphaned) report.orphaned++;
  }
  return report;
}
