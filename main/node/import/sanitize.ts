/**
 * Article HTML from anywhere becomes inert markup: DOMPurify's policy (its default allowlists
 * and our SANITIZE_POLICY) applied on a parse5 tree. parse5 is the parser jsdom uses, so the
 * tree is the one DOMPurify saw on jsdom and the serialization is the one a browser re-parses
 * to the same tree; without a DOM around it, a page costs a seventh of the time.
 * tests/unit/sanitize.test.ts checks the output byte for byte against DOMPurify on jsdom.
 * It runs in the extraction pool's workers (extract-pool.ts); the renderer sanitizes again.
 */
import { parse, serialize, type DefaultTreeAdapterMap } from 'parse5';
import { canonicalText } from '../../common/canonical-text';
import { SANITIZE_POLICY } from '../../common/sanitize-policy';
import type { SanitizedHtml } from './draft';
import { runExtractJob } from './extract-pool';
import {
  ALL_MATHML_TAGS, ALL_SVG_TAGS, ALLOWED_ATTRIBUTES, ALLOWED_TAGS, COMMON_SVG_AND_HTML_ELEMENTS, DATA_URI_TAGS,
  DOM_PROPERTY_NAMES, FORBID_CONTENTS, URI_SAFE_ATTRIBUTES,
} from './sanitize-allowlist';

type Node = DefaultTreeAdapterMap['node'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];
type ChildNode = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];
type TextNode = DefaultTreeAdapterMap['textNode'];

const FORBID_TAGS = new Set(SANITIZE_POLICY.FORBID_TAGS);
const FORBID_ATTR = new Set(SANITIZE_POLICY.FORBID_ATTR);
const HTML_NS = 'http://www.w3.org/1999/xhtml';
/**
 * Elements whose text a serializer writes unescaped (parse5's list, scripting on as jsdom
 * serializes), which are also DOMPurify's LITERAL_TEXT_ELEMENTS: markup inside them is a
 * mutation-XSS attempt.
 */
const RAW_TEXT = new Set(['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'noscript']);
const MARKUP_PROBE = /<[/\w!]/;
const ATTR_VALUE_BREAKOUT = /((--!?|])>)|<\/(style|script|title|xmp|textarea|noscript|iframe|noembed|noframes)/i;
const ATTR_WHITESPACE = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;
const ARIA_ATTR = /^aria-[\-\w]+$/;
const LEADING_WHITESPACE = /^[\r\n\t ]+/;

const isElement = (n: Node): n is Element => 'tagName' in n;
const isText = (n: Node): n is TextNode => n.nodeName === '#text';

function textContent(n: Node): string {
  if (isText(n)) return n.value;
  if (!('childNodes' in n)) return '';
  let s = '';
  for (const c of n.childNodes) if (isText(c) || isElement(c)) s += textContent(c);
  return s;
}

/** DOMPurify's _isUnsafeNode for an element: markup hiding in text, the shape of mutation XSS. */
function isUnsafeElement(el: Element): boolean {
  const tag = el.tagName;
  if (el.childNodes.length && !el.childNodes.some(isElement)) {
    const text = textContent(el);
    // innerHTML: text is escaped except in raw-text elements; a comment always shows as `<!--`.
    const markupInHtml = el.childNodes.some((c) => c.nodeName === '#comment') || (RAW_TEXT.has(tag) && MARKUP_PROBE.test(text));
    if (markupInHtml && MARKUP_PROBE.test(text)) return true;
  }
  return RAW_TEXT.has(tag) && el.namespaceURI === HTML_NS && (el.childNodes.some(isElement) || MARKUP_PROBE.test(textContent(el)));
}

/** DOMPurify's _checkValidNamespace, for what a walk from <body> meets: HTML elements under HTML parents. */
function validNamespace(el: Element): boolean {
  if (el.namespaceURI !== HTML_NS) return false;
  const parent = el.parentNode;
  if (parent && isElement(parent) && parent.namespaceURI !== HTML_NS) return false;
  return !ALL_MATHML_TAGS.has(el.tagName) && (COMMON_SVG_AND_HTML_ELEMENTS.has(el.tagName) || !ALL_SVG_TAGS.has(el.tagName));
}

/** DOMPurify's _isValidAttribute with our config. */
function validAttribute(tag: string, name: string, value: string): boolean {
  if (FORBID_ATTR.has(name)) return false;
  if (name === 'patchsrc' || (name === 'for' && tag !== 'label' && tag !== 'output')) return false;
  if ((name === 'id' || name === 'name') && DOM_PROPERTY_NAMES.has(value)) return false;
  if (ARIA_ATTR.test(name)) return true;
  if (!ALLOWED_ATTRIBUTES.has(name)) return false;
  if (URI_SAFE_ATTRIBUTES.has(name)) return true;
  if (SANITIZE_POLICY.ALLOWED_URI_REGEXP.test(value.replace(ATTR_WHITESPACE, ''))) return true;
  if ((name === 'src' || name === 'xlink:href' || name === 'href') && value.startsWith('data:') && DATA_URI_TAGS.has(tag)) return true;
  return !value;
}

function setAttribute(el: Element, name: string, value: string): void {
  const attr = el.attrs.find((a) => a.name === name);
  if (attr) attr.value = value;
  else el.attrs.push({ name, value });
}

/** False when the element must go whole (an `is` attribute, as DOMPurify does when returning a DOM). */
function sanitizeAttributes(el: Element): boolean {
  const tag = el.tagName;
  for (let i = el.attrs.length - 1; i >= 0; i--) {
    const attr = el.attrs[i]!;
    const name = attr.name.toLowerCase();
    const value = attr.name === 'value' ? attr.value : attr.value.trim();
    const unsafe = ATTR_VALUE_BREAKOUT.test(value) || (name === 'attributename' && value.includes('href'));
    if (unsafe || !validAttribute(tag, name, value)) {
      if (name === 'is') return false;
      el.attrs.splice(i, 1);
    } else attr.value = value;
  }
  if (tag === 'a') {
    setAttribute(el, 'rel', 'noopener noreferrer');
    el.attrs = el.attrs.filter((a) => a.name !== 'target');
  }
  return true;
}

/**
 * A DOM's NodeIterator order: a node is judged before its children, an element removed for its
 * tag leaves its children in its place (unless its content goes too) and they are judged next.
 * Each node kept gets the DOM fields canonicalText reads.
 */
function sanitizeChildren(parent: ParentNode): void {
  const children = parent.childNodes as ChildNode[];
  let i = 0;
  while (i < children.length) {
    const node = children[i]!;
    if (isText(node)) {
      Object.assign(node, { nodeType: 3, nodeValue: node.value });
      i++;
      continue;
    }
    if (!isElement(node)) {
      // Comments: DOMPurify allows none, whatever they hold.
      children.splice(i, 1);
      continue;
    }
    const tag = node.tagName;
    if (isUnsafeElement(node)) {
      children.splice(i, 1);
      continue;
    }
    if (FORBID_TAGS.has(tag) || !ALLOWED_TAGS.has(tag)) {
      const hoisted = FORBID_CONTENTS.has(tag) ? [] : node.childNodes;
      for (const c of hoisted) c.parentNode = parent;
      children.splice(i, 1, ...hoisted);
      continue;
    }
    if (!validNamespace(node) || !sanitizeAttributes(node)) {
      children.splice(i, 1);
      continue;
    }
    Object.assign(node, { nodeType: 1 });
    sanitizeChildren(node);
    i++;
  }
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Sanitizes in this thread. A leading heading that repeats the title is dropped: the reader shows the title above the body. */
export function sanitizeHere(dirty: string, title: string): SanitizedHtml {
  // As DOMPurify: the string parsed as a whole document (what comes before <body> is dropped), its body kept.
  const doc = parse(dirty || '<!-->', { scriptingEnabled: false });
  const html = doc.childNodes.find(isElement);
  const body = html?.childNodes.find((n): n is Element => isElement(n) && n.tagName === 'body');
  if (!body) return { html: '', text: '' };
  const leading = LEADING_WHITESPACE.exec(dirty)?.[0];
  if (leading) body.childNodes.unshift({ nodeName: '#text', value: leading, parentNode: body });
  sanitizeChildren(body);
  const first = body.childNodes.find(isElement);
  if (first && (first.tagName === 'h1' || first.tagName === 'h2') && squash(textContent(first)) === squash(title)) {
    body.childNodes.splice(body.childNodes.indexOf(first), 1);
  }
  return { html: serialize(body).trim(), text: canonicalText(Object.assign(body, { nodeType: 11 }) as unknown as Parameters<typeof canonicalText>[0]) };
}

/** Sanitizes and derives the canonical text, in a worker of the extraction pool. */
export function sanitizeHtml(dirty: string, title: string): Promise<SanitizedHtml> {
  return runExtractJob({ kind: 'sanitize', dirty, title });
}
