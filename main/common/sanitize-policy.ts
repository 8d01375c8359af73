/**
 * What article HTML may keep, in DOMPurify's terms: applied on import (main, by DOMPurify's rules
 * on a parse5 tree) and again before display (renderer, by DOMPurify itself). Articles are read, not run: no scripts, frames, forms, styles, templates,
 * SVG or MathML (the usual homes of mutation XSS), and no attribute that can load, track or style.
 */
export const SANITIZE_POLICY = {
  FORBID_TAGS: [
    'style', 'link', 'meta', 'base', 'template', 'noscript', 'form', 'input', 'button', 'select', 'option', 'textarea',
    'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'audio', 'video', 'source', 'track', 'picture',
  ],
  FORBID_ATTR: ['style', 'class', 'id', 'srcset', 'action', 'formaction', 'ping', 'background', 'poster'],
  ALLOW_DATA_ATTR: false,
  /** DOMPurify's own rule, less the schemes articles have no use for, plus the library's images. */
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|tel):|lectern:\/\/asset\/[a-f0-9]{64}\.[a-z]+$|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
};
