/**
 * DOMPurify's default allowlists (version 3.4.18, dist/purify.cjs.js), as the import sanitizer
 * (sanitize.ts) applies them on a parse5 tree: the same policy without a DOM.
 * tests/unit/sanitize.test.ts reads them again from the installed DOMPurify and fails if they part.
 */
/** Every tag DOMPurify allows by default: HTML, SVG, SVG filters and MathML. */
export const ALLOWED_TAGS = new Set([
  'a', 'abbr', 'acronym', 'address', 'area', 'article', 'aside', 'audio', 'b', 'bdi', 'bdo', 'big', 'blink',
  'blockquote', 'body', 'br', 'button', 'canvas', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'content',
  'data', 'datalist', 'dd', 'decorator', 'del', 'details', 'dfn', 'dialog', 'dir', 'div', 'dl', 'dt', 'element',
  'em', 'fieldset', 'figcaption', 'figure', 'font', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head',
  'header', 'hgroup', 'hr', 'html', 'i', 'img', 'input', 'ins', 'kbd', 'label', 'legend', 'li', 'main', 'map',
  'mark', 'marquee', 'menu', 'menuitem', 'meter', 'nav', 'nobr', 'ol', 'optgroup', 'option', 'output', 'p',
  'picture', 'pre', 'progress', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'search', 'section', 'select', 'shadow',
  'slot', 'small', 'source', 'spacer', 'span', 'strike', 'strong', 'style', 'sub', 'summary', 'sup', 'table',
  'tbody', 'td', 'template', 'textarea', 'tfoot', 'th', 'thead', 'time', 'tr', 'track', 'tt', 'u', 'ul', 'var',
  'video', 'wbr', 'svg', 'altglyph', 'altglyphdef', 'altglyphitem', 'animatecolor', 'animatemotion',
  'animatetransform', 'circle', 'clippath', 'defs', 'desc', 'ellipse', 'filter', 'g', 'glyph', 'glyphref', 'hkern',
  'image', 'line', 'lineargradient', 'marker', 'mask', 'metadata', 'mpath', 'path', 'pattern', 'polygon', 'polyline',
  'radialgradient', 'rect', 'stop', 'switch', 'symbol', 'text', 'textpath', 'title', 'tref', 'tspan', 'view',
  'vkern', 'feblend', 'fecolormatrix', 'fecomponenttransfer', 'fecomposite', 'feconvolvematrix', 'fediffuselighting',
  'fedisplacementmap', 'fedistantlight', 'fedropshadow', 'feflood', 'fefunca', 'fefuncb', 'fefuncg', 'fefuncr',
  'fegaussianblur', 'feimage', 'femerge', 'femergenode', 'femorphology', 'feoffset', 'fepointlight',
  'fespecularlighting', 'fespotlight', 'fetile', 'feturbulence', 'math', 'menclose', 'merror', 'mfenced', 'mfrac',
  'mglyph', 'mi', 'mlabeledtr', 'mmultiscripts', 'mn', 'mo', 'mover', 'mpadded', 'mphantom', 'mroot', 'mrow', 'ms',
  'mspace', 'msqrt', 'mstyle', 'msub', 'msup', 'msubsup', 'mtable', 'mtd', 'mtext', 'mtr', 'munder', 'munderover',
  'mprescripts',
]);

/** Every attribute DOMPurify allows by default, on any element. */
export const ALLOWED_ATTRIBUTES = new Set([
  'accept', 'action', 'align', 'alt', 'autocapitalize', 'autocomplete', 'autopictureinpicture', 'autoplay',
  'background', 'bgcolor', 'border', 'capture', 'cellpadding', 'cellspacing', 'checked', 'cite', 'class', 'clear',
  'color', 'cols', 'colspan', 'command', 'commandfor', 'controls', 'controlslist', 'coords', 'crossorigin',
  'datetime', 'decoding', 'default', 'dir', 'disabled', 'disablepictureinpicture', 'disableremoteplayback',
  'download', 'draggable', 'enctype', 'enterkeyhint', 'exportparts', 'face', 'for', 'headers', 'height', 'hidden',
  'high', 'href', 'hreflang', 'id', 'inert', 'inputmode', 'integrity', 'ismap', 'kind', 'label', 'lang', 'list',
  'loading', 'loop', 'low', 'max', 'maxlength', 'media', 'method', 'min', 'minlength', 'multiple', 'muted', 'name',
  'nonce', 'noshade', 'novalidate', 'nowrap', 'open', 'optimum', 'part', 'pattern', 'placeholder', 'playsinline',
  'popover', 'popovertarget', 'popovertargetaction', 'poster', 'preload', 'pubdate', 'radiogroup', 'readonly', 'rel',
  'required', 'rev', 'reversed', 'role', 'rows', 'rowspan', 'spellcheck', 'scope', 'selected', 'shape', 'size',
  'sizes', 'slot', 'span', 'srclang', 'start', 'src', 'srcset', 'step', 'style', 'summary', 'tabindex', 'title',
  'translate', 'type', 'usemap', 'valign', 'value', 'width', 'wrap', 'xmlns', 'accent-height', 'accumulate',
  'additive', 'alignment-baseline', 'amplitude', 'ascent', 'attributename', 'attributetype', 'azimuth',
  'basefrequency', 'baseline-shift', 'begin', 'bias', 'by', 'clip', 'clippathunits', 'clip-path', 'clip-rule',
  'color-interpolation', 'color-interpolation-filters', 'color-profile', 'color-rendering', 'cx', 'cy', 'd', 'dx',
  'dy', 'diffuseconstant', 'direction', 'display', 'divisor', 'dominant-baseline', 'dur', 'edgemode', 'elevation',
  'end', 'exponent', 'fill', 'fill-opacity', 'fill-rule', 'filter', 'filterunits', 'flood-color', 'flood-opacity',
  'font-family', 'font-size', 'font-size-adjust', 'font-stretch', 'font-style', 'font-variant', 'font-weight', 'fx',
  'fy', 'g1', 'g2', 'glyph-name', 'glyphref', 'gradientunits', 'gradienttransform', 'image-rendering', 'in', 'in2',
  'intercept', 'k', 'k1', 'k2', 'k3', 'k4', 'kerning', 'keypoints', 'keysplines', 'keytimes', 'lengthadjust',
  'letter-spacing', 'kernelmatrix', 'kernelunitlength', 'lighting-color', 'local', 'marker-end', 'marker-mid',
  'marker-start', 'markerheight', 'markerunits', 'markerwidth', 'maskcontentunits', 'maskunits', 'mask', 'mask-type',
  'mode', 'numoctaves', 'offset', 'operator', 'opacity', 'order', 'orient', 'orientation', 'origin', 'overflow',
  'paint-order', 'path', 'pathlength', 'patterncontentunits', 'patterntransform', 'patternunits', 'pointer-events',
  'points', 'preservealpha', 'preserveaspectratio', 'primitiveunits', 'r', 'rx', 'ry', 'radius', 'refx', 'refy',
  'repeatcount', 'repeatdur', 'restart', 'result', 'rotate', 'scale', 'seed', 'shape-rendering', 'slope',
  'specularconstant', 'specularexponent', 'spreadmethod', 'startoffset', 'stddeviation', 'stitchtiles', 'stop-color',
  'stop-opacity', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-opacity', 'stroke', 'stroke-width', 'surfacescale', 'systemlanguage', 'tablevalues', 'targetx', 'targety',
  'transform', 'transform-origin', 'text-anchor', 'text-decoration', 'text-orientation', 'text-rendering',
  'textlength', 'u1', 'u2', 'unicode', 'values', 'vector-effect', 'viewbox', 'visibility', 'version', 'vert-adv-y',
  'vert-origin-x', 'vert-origin-y', 'word-spacing', 'writing-mode', 'xchannelselector', 'ychannelselector', 'x',
  'x1', 'x2', 'y', 'y1', 'y2', 'z', 'zoomandpan', 'accent', 'accentunder', 'bevelled', 'close', 'columnalign',
  'columnlines', 'columnspacing', 'columnspan', 'denomalign', 'depth', 'displaystyle', 'encoding', 'fence', 'frame',
  'largeop', 'length', 'linethickness', 'lquote', 'lspace', 'mathbackground', 'mathcolor', 'mathsize', 'mathvariant',
  'maxsize', 'minsize', 'movablelimits', 'notation', 'numalign', 'rowalign', 'rowlines', 'rowspacing', 'rspace',
  'rquote', 'scriptlevel', 'scriptminsize', 'scriptsizemultiplier', 'selection', 'separator', 'separators',
  'stretchy', 'subscriptshift', 'supscriptshift', 'symmetric', 'voffset', 'xlink:href', 'xml:id', 'xlink:title',
  'xml:space', 'xmlns:xlink',
]);

/** SVG tags, allowed or not: in the HTML namespace they mean a namespace confusion. */
export const ALL_SVG_TAGS = new Set([
  'svg', 'a', 'altglyph', 'altglyphdef', 'altglyphitem', 'animatecolor', 'animatemotion', 'animatetransform',
  'circle', 'clippath', 'defs', 'desc', 'ellipse', 'filter', 'font', 'g', 'glyph', 'glyphref', 'hkern', 'image',
  'line', 'lineargradient', 'marker', 'mask', 'metadata', 'mpath', 'path', 'pattern', 'polygon', 'polyline',
  'radialgradient', 'rect', 'stop', 'style', 'switch', 'symbol', 'text', 'textpath', 'title', 'tref', 'tspan',
  'view', 'vkern', 'feblend', 'fecolormatrix', 'fecomponenttransfer', 'fecomposite', 'feconvolvematrix',
  'fediffuselighting', 'fedisplacementmap', 'fedistantlight', 'fedropshadow', 'feflood', 'fefunca', 'fefuncb',
  'fefuncg', 'fefuncr', 'fegaussianblur', 'feimage', 'femerge', 'femergenode', 'femorphology', 'feoffset',
  'fepointlight', 'fespecularlighting', 'fespotlight', 'fetile', 'feturbulence', 'animate', 'color-profile',
  'cursor', 'discard', 'font-face', 'font-face-format', 'font-face-name', 'font-face-src', 'font-face-uri',
  'foreignobject', 'hatch', 'hatchpath', 'mesh', 'meshgradient', 'meshpatch', 'meshrow', 'missing-glyph', 'script',
  'set', 'solidcolor', 'unknown', 'use',
]);

/** MathML tags, allowed or not: likewise. */
export const ALL_MATHML_TAGS = new Set([
  'math', 'menclose', 'merror', 'mfenced', 'mfrac', 'mglyph', 'mi', 'mlabeledtr', 'mmultiscripts', 'mn', 'mo',
  'mover', 'mpadded', 'mphantom', 'mroot', 'mrow', 'ms', 'mspace', 'msqrt', 'mstyle', 'msub', 'msup', 'msubsup',
  'mtable', 'mtd', 'mtext', 'mtr', 'munder', 'munderover', 'mprescripts', 'maction', 'maligngroup', 'malignmark',
  'mlongdiv', 'mscarries', 'mscarry', 'msgroup', 'mstack', 'msline', 'msrow', 'semantics', 'annotation',
  'annotation-xml', 'none',
]);

/** Tags both HTML and SVG have. */
export const COMMON_SVG_AND_HTML_ELEMENTS = new Set([
  'title', 'style', 'font', 'a', 'script',
]);

/** A removed element of these kinds takes its content with it; others leave their content in place. */
export const FORBID_CONTENTS = new Set([
  'annotation-xml', 'audio', 'colgroup', 'desc', 'foreignobject', 'head', 'iframe', 'math', 'mi', 'mn', 'mo', 'ms',
  'mtext', 'noembed', 'noframes', 'noscript', 'plaintext', 'script', 'selectedcontent', 'style', 'svg', 'template',
  'thead', 'title', 'video', 'xmp',
]);

/** Where a data: URL may stay in src or href. */
export const DATA_URI_TAGS = new Set([
  'audio', 'video', 'img', 'source', 'image', 'track',
]);

/** Attributes whose values are never URLs, so never checked as one. */
export const URI_SAFE_ATTRIBUTES = new Set([
  'alt', 'class', 'for', 'id', 'label', 'name', 'pattern', 'placeholder', 'role', 'summary', 'title', 'value',
  'style', 'xmlns',
]);

/**
 * The property names of a jsdom document and form element: DOMPurify drops an id or name that
 * would shadow one (DOM clobbering), and on import it runs on jsdom.
 */
export const DOM_PROPERTY_NAMES = new Set([
  'ATTRIBUTE_NODE', 'CDATA_SECTION_NODE', 'COMMENT_NODE', 'DOCUMENT_FRAGMENT_NODE', 'DOCUMENT_NODE',
  'DOCUMENT_POSITION_CONTAINED_BY', 'DOCUMENT_POSITION_CONTAINS', 'DOCUMENT_POSITION_DISCONNECTED',
  'DOCUMENT_POSITION_FOLLOWING', 'DOCUMENT_POSITION_IMPLEMENTATION_SPECIFIC', 'DOCUMENT_POSITION_PRECEDING',
  'DOCUMENT_TYPE_NODE', 'ELEMENT_NODE', 'ENTITY_NODE', 'ENTITY_REFERENCE_NODE', 'NOTATION_NODE',
  'PROCESSING_INSTRUCTION_NODE', 'TEXT_NODE', 'URL', '__defineGetter__', '__defineSetter__', '__lookupGetter__',
  '__lookupSetter__', '__proto__', 'acceptCharset', 'accessKey', 'action', 'activeElement', 'addEventListener',
  'adoptNode', 'after', 'anchors', 'append', 'appendChild', 'applets', 'ariaAtomic', 'ariaAutoComplete', 'ariaBusy',
  'ariaChecked', 'ariaColCount', 'ariaColIndex', 'ariaColIndexText', 'ariaColSpan', 'ariaCurrent', 'ariaDescription',
  'ariaDisabled', 'ariaExpanded', 'ariaHasPopup', 'ariaHidden', 'ariaInvalid', 'ariaKeyShortcuts', 'ariaLabel',
  'ariaLevel', 'ariaLive', 'ariaModal', 'ariaMultiLine', 'ariaMultiSelectable', 'ariaOrientation', 'ariaPlaceholder',
  'ariaPosInSet', 'ariaPressed', 'ariaReadOnly', 'ariaRelevant', 'ariaRequired', 'ariaRoleDescription',
  'ariaRowCount', 'ariaRowIndex', 'ariaRowIndexText', 'ariaRowSpan', 'ariaSelected', 'ariaSetSize', 'ariaSort',
  'ariaValueMax', 'ariaValueMin', 'ariaValueNow', 'ariaValueText', 'assignedSlot', 'attachInternals', 'attachShadow',
  'attributes', 'baseURI', 'before', 'blur', 'body', 'captureEvents', 'characterSet', 'charset', 'checkValidity',
  'childElementCount', 'childNodes', 'children', 'classList', 'className', 'clear', 'click', 'clientHeight',
  'clientLeft', 'clientTop', 'clientWidth', 'cloneNode', 'close', 'closest', 'compareDocumentPosition', 'compatMode',
  'constructor', 'contains', 'contentType', 'cookie', 'createAttribute', 'createAttributeNS', 'createCDATASection',
  'createComment', 'createDocumentFragment', 'createElement', 'createElementNS', 'createEvent', 'createExpression',
  'createNSResolver', 'createNodeIterator', 'createProcessingInstruction', 'createRange', 'createTextNode',
  'createTreeWalker', 'currentScript', 'dataset', 'defaultView', 'dir', 'dispatchEvent', 'doctype',
  'documentElement', 'documentURI', 'draggable', 'elements', 'embeds', 'enctype', 'evaluate', 'firstChild',
  'firstElementChild', 'focus', 'forms', 'getAttribute', 'getAttributeNS', 'getAttributeNames', 'getAttributeNode',
  'getAttributeNodeNS', 'getBoundingClientRect', 'getClientRects', 'getElementById', 'getElementsByClassName',
  'getElementsByName', 'getElementsByTagName', 'getElementsByTagNameNS', 'getRootNode', 'getSelection',
  'hasAttribute', 'hasAttributeNS', 'hasAttributes', 'hasChildNodes', 'hasFocus', 'hasOwnProperty', 'head', 'hidden',
  'id', 'images', 'implementation', 'importNode', 'innerHTML', 'inputEncoding', 'insertAdjacentElement',
  'insertAdjacentHTML', 'insertAdjacentText', 'insertBefore', 'isConnected', 'isDefaultNamespace', 'isEqualNode',
  'isPrototypeOf', 'isSameNode', 'lang', 'lastChild', 'lastElementChild', 'lastModified', 'length', 'links',
  'localName', 'location', 'lookupNamespaceURI', 'lookupPrefix', 'matches', 'method', 'name', 'namespaceURI',
  'nextElementSibling', 'nextSibling', 'noValidate', 'nodeName', 'nodeType', 'nodeValue', 'nonce', 'normalize',
  'offsetHeight', 'offsetLeft', 'offsetParent', 'offsetTop', 'offsetWidth', 'onabort', 'onauxclick', 'onbeforeinput',
  'onbeforematch', 'onbeforetoggle', 'onblur', 'oncancel', 'oncanplay', 'oncanplaythrough', 'onchange', 'onclick',
  'onclose', 'oncontextlost', 'oncontextmenu', 'oncontextrestored', 'oncopy', 'oncuechange', 'oncut', 'ondblclick',
  'ondrag', 'ondragend', 'ondragenter', 'ondragleave', 'ondragover', 'ondragstart', 'ondrop', 'ondurationchange',
  'onemptied', 'onended', 'onerror', 'onfocus', 'onformdata', 'oninput', 'oninvalid', 'onkeydown', 'onkeypress',
  'onkeyup', 'onload', 'onloadeddata', 'onloadedmetadata', 'onloadstart', 'onmousedown', 'onmouseenter',
  'onmouseleave', 'onmousemove', 'onmouseout', 'onmouseover', 'onmouseup', 'onpaste', 'onpause', 'onplay',
  'onplaying', 'onprogress', 'onratechange', 'onreadystatechange', 'onreset', 'onresize', 'onscroll', 'onscrollend',
  'onsecuritypolicyviolation', 'onseeked', 'onseeking', 'onselect', 'onslotchange', 'onstalled', 'onsubmit',
  'onsuspend', 'ontimeupdate', 'ontoggle', 'ontouchcancel', 'ontouchend', 'ontouchmove', 'ontouchstart',
  'onvisibilitychange', 'onvolumechange', 'onwaiting', 'onwebkitanimationend', 'onwebkitanimationiteration',
  'onwebkitanimationstart', 'onwebkittransitionend', 'onwheel', 'open', 'outerHTML', 'ownerDocument',
  'parentElement', 'parentNode', 'plugins', 'prefix', 'prepend', 'previousElementSibling', 'previousSibling',
  'propertyIsEnumerable', 'querySelector', 'querySelectorAll', 'readyState', 'referrer', 'releaseEvents', 'remove',
  'removeAttribute', 'removeAttributeNS', 'removeAttributeNode', 'removeChild', 'removeEventListener',
  'replaceChild', 'replaceChildren', 'replaceWith', 'reportValidity', 'requestSubmit', 'reset', 'role', 'scripts',
  'scrollHeight', 'scrollLeft', 'scrollTop', 'scrollWidth', 'setAttribute', 'setAttributeNS', 'setAttributeNode',
  'setAttributeNodeNS', 'shadowRoot', 'slot', 'style', 'styleSheets', 'submit', 'tabIndex', 'tagName', 'target',
  'textContent', 'title', 'toLocaleString', 'toString', 'toggleAttribute', 'translate', 'valueOf', 'visibilityState',
  'webkitMatchesSelector', 'write', 'writeln',
]);
