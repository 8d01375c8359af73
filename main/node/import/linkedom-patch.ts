/**
 * linkedom, loaded through here, without its costliest habit: every node it makes (each element,
 * text, comment and attribute) registers itself in linkedom's WeakMap of listener tables with an
 * empty table, in case a listener is ever added. A page of the Readability test set makes tens
 * of thousands of nodes and never a listener; those weak entries were 8 % of the CPU a page took
 * to read, and about half of its garbage collection (a WeakMap's entries are what the collector
 * works hardest at): without them a page read in 23 % less CPU.
 *
 * Here that WeakMap gets a table when one is first asked for: its `set`, which only the
 * EventTarget constructor calls, keeps nothing, and its `get`, which only the listener methods
 * call, makes the table then. Both are own properties of that one WeakMap: linkedom's classes
 * are untouched (changing a class's base instead made every node's constructor slower than the
 * table it saved).
 *
 * And `getElementsByTagName` with a lower-case name (Readability asks for `img`, `a`, `br`…
 * hundreds of times a page) compares names only: linkedom upper-cased every element's name to
 * compare it too, which no upper-cased name can equal.
 *
 * tests/unit/linkedom-patch.test.ts holds events and lookups to linkedom's own behaviour, and
 * Readability's output to what it was.
 */
import { EventTarget, NodeList, parseHTML as linkedomParse } from 'linkedom';

/** A node as linkedom keeps it: in one list in document order (an element's start, its content, its end). */
export interface Linked {
  nodeType: number;
  localName: string;
  [key: symbol]: Linked | undefined;
}

/**
 * linkedom's private `next` and `end` keys, found by name on a node: they let a lookup walk the
 * list as linkedom's own lookups do. They are the same symbols on every node of one linkedom:
 * found once, checked on each node.
 */
let known: { next: symbol; end: symbol } | null = null;

export function listKeys(node: object): { next: symbol; end: symbol } | null {
  if (known && Object.prototype.hasOwnProperty.call(node, known.next)) return known;
  const keys = Object.getOwnPropertySymbols(node);
  const next = keys.find((k) => k.description === 'next');
  const end = keys.find((k) => k.description === 'end');
  return next && end ? (known = { next, end }) : null;
}

type Table = Map<string, Map<unknown, unknown>>;

const nativeGet = WeakMap.prototype.get;
const nativeSet = WeakMap.prototype.set;

/** linkedom's private WeakMap of listener tables: the one WeakMap its EventTarget constructor writes to. */
function listenerTables(): WeakMap<object, Table> | null {
  const written = new Set<WeakMap<object, unknown>>();
  WeakMap.prototype.set = function (this: WeakMap<object, unknown>, key: object, value: unknown) {
    written.add(this);
    return nativeSet.call(this, key, value);
  };
  try {
    new EventTarget();
  } finally {
    WeakMap.prototype.set = nativeSet;
  }
  return written.size === 1 ? ([...written][0] as WeakMap<object, Table>) : null;
}

type Lookup = (this: object, tagName: string) => unknown;

/** linkedom's getElementsByTagName, comparing names only when upper-casing cannot match. */
function byLowerCaseName(original: Lookup): Lookup {
  return function (this: object, tagName: string) {
    const keys = listKeys(this);
    // An element's name upper-cased can only equal a name that upper-casing leaves as it is.
    if (!keys || tagName === tagName.toUpperCase()) return original.call(this, tagName);
    const elements = new NodeList();
    const { next: NEXT, end: END } = keys;
    const end = (this as Linked)[END];
    for (let at = (this as Linked)[NEXT]!; at !== end; at = at[NEXT]!) {
      if (at.nodeType === 1 && at.localName === tagName) elements.push(at as unknown as Node);
    }
    return elements;
  };
}

/** The object on `node`'s prototype chain that defines `name` itself. */
function definer(node: object, name: string): object | null {
  let at: object | null = node;
  while (at && !Object.prototype.hasOwnProperty.call(at, name)) at = Object.getPrototypeOf(at) as object | null;
  return at;
}

const applied = { lazyListenerTables: false, lowerCaseLookups: false };

let patched = false;

function applyOnce(): void {
  if (patched) return;
  patched = true;
  const { document } = linkedomParse('<p></p>');
  // One definition for elements, documents and fragments alike (linkedom's ParentNode).
  const lookups = definer(document.createElement('p'), 'getElementsByTagName') as { getElementsByTagName: Lookup } | null;
  if (lookups && lookups === definer(document, 'getElementsByTagName') && lookups === definer(document.createDocumentFragment(), 'getElementsByTagName')) {
    lookups.getElementsByTagName = byLowerCaseName(lookups.getElementsByTagName);
    applied.lowerCaseLookups = true;
  }
  const tables = listenerTables();
  if (!tables) return;
  Object.defineProperties(tables, {
    set: { value: () => tables },
    get: {
      value: (target: object): Table => {
        let table = nativeGet.call(tables, target) as Table | undefined;
        if (!table) nativeSet.call(tables, target, (table = new Map()));
        return table;
      },
    },
  });
  applied.lazyListenerTables = true;
}

/** Which changes hold (false where linkedom's shape is not the one they were written for). */
export function linkedomPatches(): Readonly<typeof applied> {
  applyOnce();
  return applied;
}

/**
 * linkedom's parseHTML, the changes applied before the first page is read — not when this module
 * loads: the CLI bundle loads linkedom itself only when a command reads a page.
 */
export function parseHTML(...args: Parameters<typeof linkedomParse>): ReturnType<typeof linkedomParse> {
  applyOnce();
  return linkedomParse(...args);
}
