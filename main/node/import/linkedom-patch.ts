/**
 * linkedom, loaded through here, without its costliest habit: every node it makes (each element,
 * text, comment and attribute) registers itself in linkedom's WeakMap of listener tables with an
 * empty table, in case a listener is ever added. A page of the Readability test set makes tens
 * of thousands of nodes and never a listener; those weak entries were 8 % of the CPU a page took
 * to read, and about half of its garbage collection (a WeakMap's entries are what the collector
 * works hardest at).
 *
 * Here that WeakMap gets a table when one is first asked for: its `set`, which only the
 * EventTarget constructor calls, keeps nothing, and its `get`, which only the listener methods
 * call, makes the table then. Both are own properties of that one WeakMap: linkedom's classes
 * and methods are untouched (changing a class's base instead made every node's constructor
 * slower than the table it saved). tests/unit/linkedom-patch.test.ts holds events to linkedom's
 * behaviour and Readability's output to what it was.
 */
import { EventTarget, parseHTML } from 'linkedom';

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

let lazy = false;

function applyOnce(): void {
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
  lazy = true;
}

/** Whether linkedom's nodes are built without a listener table each (false if linkedom's shape has changed). */
export function listenerTablesAreLazy(): boolean {
  return lazy;
}

applyOnce();

export { parseHTML };
