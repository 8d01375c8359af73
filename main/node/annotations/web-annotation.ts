/**
 * W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) in and out.
 *
 * Out: each annotation is an `Annotation` whose target is a SpecificResource: its source is the
 * article's URL, or `lectern://article/<id>` for an article without one; its selectors are a
 * TextQuoteSelector and a TextPositionSelector over the article's canonical text, after a
 * FragmentSelector in a book (an EPUB CFI, or a PDF page per RFC 8118); its colour is
 * a `styleClass` with the document's CssStylesheet. A note is a TextualBody with purpose
 * "commenting", each tag one with purpose "tagging". A whole export is an AnnotationCollection.
 *
 * In: an Annotation, an array of them, an AnnotationPage or an AnnotationCollection; each is
 * checked against the model's rules before anything is written.
 */
import { ANNOTATION_COLORS, FRAGMENT_CONFORMS_TO, schemas, type Annotation, type AnnotationColor } from '../../common/contract';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const ARTICLE_IRI = /^lectern:\/\/article\/(\d+)$/;

export const articleIri = (id: number) => `lectern://article/${id}`;
export function articleIdOf(source: string): number | null {
  const m = ARTICLE_IRI.exec(source);
  return m ? Number(m[1]) : null;
}

const COLOR_CSS: Record<AnnotationColor, string> = { yellow: '#ffe066', green: '#a6e3a1', blue: '#9cc8ff', pink: '#ffadc8', purple: '#cfb3ff' };
const STYLESHEET = { type: 'CssStylesheet', value: ANNOTATION_COLORS.map((c) => `.lectern-${c} { background-color: ${COLOR_CSS[c]}; }`).join(' ') };

export function toWebAnnotation(a: Annotation): Record<string, unknown> {
  const bodies = [
    ...(a.note ? [{ type: 'TextualBody', value: a.note, format: 'text/plain', purpose: 'commenting' }] : []),
    ...a.tags.map((t) => ({ type: 'TextualBody', value: t, purpose: 'tagging' })),
  ];
  return {
    id: `urn:uuid:${a.uuid}`,
    type: 'Annotation',
    motivation: a.note ? 'commenting' : 'highlighting',
    created: a.createdAt,
    modified: a.updatedAt,
    ...(bodies.length && { body: bodies.length === 1 ? bodies[0] : bodies }),
    target: {
      type: 'SpecificResource',
      source: a.articleUrl ?? articleIri(a.articleId),
      styleClass: `lectern-${a.color}`,
      selector: [
        ...(a.fragment ? [{ type: 'FragmentSelector', conformsTo: FRAGMENT_CONFORMS_TO[a.fragment.startsWith('epubcfi(') ? 'epub' : 'pdf'], value: a.fragment }] : []),
        { type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix, suffix: a.suffix },
        { type: 'TextPositionSelector', start: a.start, end: a.end },
      ],
    },
  };
}

/** An AnnotationCollection of every annotation given, in one page. */
export function toCollection(annotations: Annotation[], label: string): Record<string, unknown> {
  return {
    '@context': ANNO_CONTEXT,
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: 'AnnotationCollection',
    label,
    total: annotations.length,
    stylesheet: STYLESHEET,
    first: { type: 'AnnotationPage', startIndex: 0, items: annotations.map(toWebAnnotation) },
  };
}

// ---- Validation -------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIri = (v: unknown): v is string => typeof v === 'string' && /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(v);
const many = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const typesOf = (v: Record<string, unknown>) => many(v.type).filter((t): t is string => typeof t === 'string');
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** The only properties whose values are numbers in the model. */
const NUMERIC = new Set(['start', 'end', 'startIndex', 'total']);

/** The model's rules a consumer can check, for one annotation. Empty when it conforms. */
export function validateAnnotation(a: unknown, inherited = false): string[] {
  const problems: string[] = [];
  if (!isObject(a)) return ['is not a JSON object'];
  if (!inherited) checkContext(a['@context'], problems);
  if (!isIri(a.id)) problems.push(a.id === undefined ? 'has no id' : 'its id must be one IRI');
  if (!typesOf(a).includes('Annotation')) problems.push('its type must be "Annotation"');
  if (a.target === undefined) problems.push('has no target');
  for (const t of many(a.target)) checkResource(t, 'target', problems);
  if (a.body !== undefined && a.bodyValue !== undefined) problems.push('has both body and bodyValue');
  if (a.bodyValue !== undefined && typeof a.bodyValue !== 'string') problems.push('its bodyValue must be one string');
  for (const b of many(a.body)) checkResource(b, 'body', problems);
  for (const key of ['created', 'modified', 'generated']) {
    if (a[key] !== undefined && !(typeof a[key] === 'string' && DATE.test(a[key]))) problems.push(`its ${key} must be one date and time (xsd:dateTime)`);
  }
  for (const key of ['creator', 'generator']) for (const v of many(a[key])) if (!isIri(v) && !isObject(v)) problems.push(`its ${key} must be an IRI or an object`);
  for (const key of ['rights', 'via', 'canonical']) for (const v of many(a[key])) if (!isIri(v)) problems.push(`its ${key} must be an IRI`);
  if (a.canonical !== undefined && Array.isArray(a.canonical)) problems.push('its canonical must be one IRI');
  return problems;
}

function checkContext(context: unknown, problems: string[]): void {
  if (!many(context).includes(ANNO_CONTEXT)) problems.push(`its @context must include ${ANNO_CONTEXT}`);
}

function checkResource(r: unknown, role: 'body' | 'target', problems: string[]): void {
  if (typeof r === 'string') {
    if (!isIri(r)) problems.push(`a ${role} given as a string must be an IRI`);
    return;
  }
  if (!isObject(r)) {
    problems.push(`a ${role} must be an IRI or an object`);
    return;
  }
  const types = typesOf(r);
  if (r.id !== undefined && !isIri(r.id)) problems.push(`a ${role}'s id must be an IRI`);
  if (r.format !== undefined && typeof r.format !== 'string') problems.push(`a ${role}'s format must be a media type string`);
  if (r.language !== undefined && many(r.language).some((l) => typeof l !== 'string')) problems.push(`a ${role}'s language must be language codes`);
  if (r.processingLanguage !== undefined && typeof r.processingLanguage !== 'string') problems.push(`a ${role}'s processingLanguage must be one language code`);
  if (r.textDirection !== undefined && !['ltr', 'rtl', 'auto'].includes(r.textDirection as string)) problems.push(`a ${role}'s textDirection must be ltr, rtl or auto`);
  if (types.includes('TextualBody') && typeof r.value !== 'string') problems.push('a TextualBody must have one string value');
  const composite = types.filter((t) => ['Choice', 'List', 'Composite', 'Independents'].includes(t));
  if (composite.length > 1) problems.push(`a ${role} cannot be ${composite.join(' and ')} at once`);
  if (r.items !== undefined && composite.length === 0) problems.push(`a ${role} with items must say whether it is a Choice, List, Composite or Independents`);
  for (const item of many(r.items)) checkResource(item, role, problems);
  if (types.includes('SpecificResource') && r.source === undefined) problems.push(`a SpecificResource ${role} must have a source`);
  if (r.source !== undefined && !isIri(r.source) && !isObject(r.source)) problems.push(`a ${role}'s source must be an IRI or an object`);
  for (const s of many(r.selector)) checkSelector(s, problems);
  for (const [key, value] of Object.entries(r)) if (typeof value === 'number' && !NUMERIC.has(key)) problems.push(`a ${role}'s ${key} cannot be a number`);
}

function checkSelector(s: unknown, problems: string[]): void {
  if (isIri(s)) return;
  if (!isObject(s)) {
    problems.push('a selector must be an object');
    return;
  }
  const types = typesOf(s);
  if (types.includes('FragmentSelector')) {
    if (typeof s.value !== 'string') problems.push('a FragmentSelector must have one string value');
    if (s.conformsTo !== undefined && !isIri(s.conformsTo)) problems.push('a FragmentSelector conforms to one IRI');
  }
  if (types.includes('TextQuoteSelector') && typeof s.exact !== 'string') problems.push('a TextQuoteSelector must have an exact string');
  if (types.some((t) => t === 'TextPositionSelector' || t === 'DataPositionSelector')) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || (s.start as number) < 0 || (s.end as number) < (s.start as number)) problems.push(`a ${types[0]} needs start ≤ end, both whole numbers from 0`);
  }
  if (types.some((t) => ['CssSelector', 'XPathSelector', 'SvgSelector'].includes(t)) && typeof s.value !== 'string' && s.id === undefined) problems.push(`a ${types[0]} must have a value`);
  for (const key of ['refinedBy', 'startSelector', 'endSelector']) for (const r of many(s[key])) checkSelector(r, problems);
}

/** The annotations a JSON document holds, each with where it came from; or why none can be read. */
export function annotationsIn(doc: unknown): { items: { item: string; value: unknown; inherited: boolean }[] } | { error: string } {
  const list = (values: unknown[], where: string, inherited: boolean) => ({ items: values.map((value, i) => ({ item: `${where}[${i}]`, value, inherited })) });
  if (Array.isArray(doc)) return list(doc, 'annotations', false);
  if (!isObject(doc)) return { error: 'the file is not a JSON object or array' };
  const types = typesOf(doc);
  if (types.includes('AnnotationCollection') || types.includes('AnnotationPage')) {
    checkContext(doc['@context'], []);
    if (!many(doc['@context']).includes(ANNO_CONTEXT)) return { error: `the collection's @context must include ${ANNO_CONTEXT}` };
    const page = types.includes('AnnotationPage') ? doc : doc.first;
    if (!isObject(page) || !Array.isArray(page.items)) return { error: 'the collection has no first page with items' };
    return list(page.items, 'items', true);
  }
  return { items: [{ item: 'annotation', value: doc, inherited: false }] };
}

export interface ReadAnnotation extends Pick<Annotation, 'color' | 'note' | 'tags' | 'exact' | 'prefix' | 'suffix'> {
  /** A book's FragmentSelector, kept when it is of a form Lectern reads (an EPUB CFI, a PDF page). */
  fragment?: string;
  uuid: string | undefined;
  source: string;
  start?: number;
  end?: number;
  created?: string;
  modified?: string;
}

/** What Lectern keeps of a conforming annotation; an error when it has no text quote to anchor. */
export function readAnnotation(a: Record<string, unknown>): ReadAnnotation | { error: string } {
  const target = many(a.target).find((t): t is Record<string, unknown> => isObject(t) && typeof t.source === 'string' && many(t.selector).some((s) => isObject(s) && typesOf(s).includes('TextQuoteSelector')));
  if (!target) return { error: 'its target is not a passage of an article (a source with a TextQuoteSelector)' };
  const selectors = many(target.selector).filter(isObject);
  const quote = selectors.find((s) => typesOf(s).includes('TextQuoteSelector'))!;
  const position = selectors.find((s) => typesOf(s).includes('TextPositionSelector'));
  const fragment = selectors.map((s) => (typesOf(s).includes('FragmentSelector') ? schemas.fragment.safeParse(s.value) : null)).find((f) => f?.success)?.data;
  if (typeof quote.exact !== 'string' || !quote.exact) return { error: 'its TextQuoteSelector has an empty quote' };
  const bodies = [...many(a.body), ...(typeof a.bodyValue === 'string' ? [{ type: 'TextualBody', value: a.bodyValue }] : [])].filter(isObject);
  const purposeOf = (b: Record<string, unknown>) => many(b.purpose);
  const style = typeof target.styleClass === 'string' ? target.styleClass.replace(/^lectern-/, '') : '';
  const id = typeof a.id === 'string' ? /^urn:uuid:([0-9a-f-]{36})$/i.exec(a.id)?.[1] : undefined;
  return {
    uuid: id?.toLowerCase(),
    source: target.source as string,
    color: (ANNOTATION_COLORS as readonly string[]).includes(style) ? (style as AnnotationColor) : 'yellow',
    note: bodies.filter((b) => typeof b.value === 'string' && !purposeOf(b).includes('tagging')).map((b) => b.value as string).join('\n\n'),
    tags: bodies.filter((b) => typeof b.value === 'string' && purposeOf(b).includes('tagging')).map((b) => b.value as string),
    exact: quote.exact,
    prefix: typeof quote.prefix === 'string' ? quote.prefix : '',
    suffix: typeof quote.suffix === 'string' ? quote.suffix : '',
    ...(position && Number.isInteger(position.start) && Number.isInteger(position.end) && { start: position.start as number, end: position.end as number }),
    ...(fragment !== undefined && { fragment }),
    ...(typeof a.created === 'string' && { created: a.created }),
    ...(typeof a.modified === 'string' && { modified: a.modified }),
  };
}
