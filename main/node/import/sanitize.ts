/**
 * DOMPurify on jsdom: article HTML from anywhere becomes inert markup. DOMPurify does not work
 * on linkedom (it reports itself unsupported and returns its input unchanged), so extraction
 * may use a fast DOM but sanitizing always happens here, and refuses to run unsupported.
 * It runs in the extraction pool's workers (extract-pool.ts), one jsdom window per worker.
 */
import { canonicalText } from '../../common/canonical-text';
import { SANITIZE_POLICY } from '../../common/sanitize-policy';
import type { SanitizedHtml } from './draft';
import { runExtractJob } from './extract-pool';

const CONFIG = { ...SANITIZE_POLICY, RETURN_DOM_FRAGMENT: true as const };

export type Sanitizer = (dirty: string, title: string) => SanitizedHtml;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * A sanitizer on one reused jsdom window. jsdom takes about a second to load: only the
 * workers pay for it, not every start of the CLI or app.
 */
export async function loadSanitizer(): Promise<Sanitizer> {
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import('jsdom'), import('dompurify')]);
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  if (!purify.isSupported) throw new Error('DOMPurify is not supported on this DOM: refusing to import unsanitized HTML');
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.setAttribute('rel', 'noopener noreferrer');
      node.removeAttribute('target');
    }
  });
  const document = window.document as unknown as Document;
  // A leading heading that repeats the title is dropped: the reader shows the title above the body.
  return (dirty, title) => {
    const fragment = purify.sanitize(dirty, CONFIG);
    const container = document.createElement('div');
    container.appendChild(fragment);
    const first = container.firstElementChild;
    if (first && /^H[12]$/.test(first.nodeName) && squash(first.textContent ?? '') === squash(title)) first.remove();
    return { html: container.innerHTML.trim(), text: canonicalText(container) };
  };
}

/** Sanitizes and derives the canonical text, in a worker of the extraction pool. */
export function sanitizeHtml(dirty: string, title: string): Promise<SanitizedHtml> {
  return runExtractJob({ kind: 'sanitize', dirty, title });
}
