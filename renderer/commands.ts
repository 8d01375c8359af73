/**
 * What each command does: one table, read by the key handler, the toolbars, the context menu,
 * the shortcut sheet and (by id, over the bridge) the Electron menu. As in Excalidraw's action
 * manager, a key runs the one enabled command it matches and calls preventDefault; a key that
 * matches two is refused. No DOM at module level: tests/unit/commands.test.ts runs it under Node.
 */
import { COMMAND_IDS, commandSpec, type CommandId, type CommandSpec, type KeySpec } from '../main/common/commands';
import { shownRows, summaryOf, targets, type State } from './state/state';
import type { Store } from './state/store';

/** What the page offers commands beyond the store: focus, files, the reader's own actions. */
export interface Page {
  focusSearch(): void;
  pickFiles(): void;
  /** Scrolls the row into view, and focuses it when asked. */
  showRow(id: number, focus: boolean): void;
  focusList(): void;
  /** The article whose row has the focus, if one has. */
  focusedRow(): number | null;
  reader(): ReaderActions | null;
  darkShown(): boolean;
}

/** What only the open reader can do (it knows the scroll position and the selection). */
export interface ReaderActions {
  addPlace(): void;
  highlight(withNote: boolean): void;
  find(): void;
}

export interface Context {
  store: Store;
  page: Page;
}

export interface Command extends CommandSpec {
  id: CommandId;
  enabled(s: State): boolean;
  /** `on`: the articles a context menu was opened for; else the checked ones, or the open one. */
  run(ctx: Context, on?: number[]): void;
}

/** The articles acted on, and the one article when a toggle can read its state. */
function subject(s: State, on?: number[]) {
  if (on) return { ids: on, one: on.length === 1 ? summaryOf(s, on[0]!) : undefined };
  // The checked articles all take the same change (star, archive), whatever each one's state.
  if (s.checked.size) return { ids: [...s.checked], one: undefined };
  return { ids: s.article ? [s.article.id] : [], one: s.article ?? undefined };
}

const always = () => true;
const hasTargets = (s: State) => targets(s).length > 0;
const hasArticle = (s: State) => s.article !== null;

type Behaviour = Pick<Command, 'enabled' | 'run'>;
const BEHAVIOUR: Record<CommandId, Behaviour> = {
  open: {
    enabled: always,
    run: ({ store }, on) => {
      if (on?.length === 1) void store.open(on[0]!);
    },
  },
  next: {
    enabled: (s) => shownRows(s).length > 0,
    run: ({ store, page }) => {
      const id = store.step(1);
      if (id !== undefined) page.showRow(id, false);
    },
  },
  previous: {
    enabled: (s) => shownRows(s).length > 0,
    run: ({ store, page }) => {
      const id = store.step(-1);
      if (id !== undefined) page.showRow(id, false);
    },
  },
  'list-down': {
    enabled: (s) => shownRows(s).length > 0,
    run: ({ store, page }) => {
      const id = store.step(1);
      if (id !== undefined) page.showRow(id, true);
    },
  },
  'list-up': {
    enabled: (s) => shownRows(s).length > 0,
    run: ({ store, page }) => {
      const id = store.step(-1);
      if (id !== undefined) page.showRow(id, true);
    },
  },
  check: {
    enabled: (s) => s.article !== null || shownRows(s).length > 0,
    run: ({ store, page }) => {
      const id = page.focusedRow() ?? store.getState().article?.id;
      if (id !== undefined) store.toggleChecked(id);
    },
  },
  'check-all': { enabled: always, run: ({ store }) => store.checkAll() },
  star: {
    enabled: hasTargets,
    run: ({ store }, on) => {
      const { ids, one } = subject(store.getState(), on);
      if (ids.length) void store.edit(ids, { kind: 'star', starred: !one?.starred });
    },
  },
  archive: {
    enabled: hasTargets,
    run: ({ store }, on) => {
      const { ids, one } = subject(store.getState(), on);
      if (ids.length) void store.edit(ids, { kind: 'state', state: one?.state === 'archived' ? 'read' : 'archived' });
    },
  },
  'toggle-read': {
    enabled: hasTargets,
    run: ({ store }, on) => {
      const { ids, one } = subject(store.getState(), on);
      if (ids.length) void store.edit(ids, { kind: 'state', state: one?.state === 'unread' ? 'read' : 'unread' });
    },
  },
  'mark-unread': {
    enabled: hasTargets,
    run: ({ store }, on) => {
      const { ids } = subject(store.getState(), on);
      if (ids.length) void store.edit(ids, { kind: 'state', state: 'unread' });
    },
  },
  tag: {
    enabled: hasTargets,
    run: ({ store }, on) => {
      if (on) store.startTagging(on);
      else if (store.getState().checked.size) store.setBulkTagging(true);
      else store.setTagEditing(true);
    },
  },
  delete: {
    enabled: hasTargets,
    run: ({ store }, on) => {
      const { ids } = subject(store.getState(), on);
      if (ids.length) void store.edit(ids, { kind: 'delete' });
    },
  },
  undo: { enabled: (s) => s.lastEdit?.undoId != null, run: ({ store }) => void store.undo() },
  'bookmark-place': { enabled: hasArticle, run: ({ page }) => page.reader()?.addPlace() },
  highlight: { enabled: hasArticle, run: ({ page }) => page.reader()?.highlight(false) },
  'highlight-note': { enabled: hasArticle, run: ({ page }) => page.reader()?.highlight(true) },
  find: { enabled: hasArticle, run: ({ page }) => page.reader()?.find() },
  search: { enabled: always, run: ({ page }) => page.focusSearch() },
  'clear-checked': { enabled: (s) => s.checked.size > 0, run: ({ store }) => store.clearChecked() },
  'focus-list': { enabled: (s) => s.checked.size === 0, run: ({ page }) => page.focusList() },
  settings: { enabled: always, run: ({ store }) => store.openDialog('settings') },
  add: { enabled: always, run: ({ store }) => store.openDialog('add') },
  import: { enabled: always, run: ({ page }) => page.pickFiles() },
  'toggle-theme': { enabled: always, run: ({ store, page }) => void store.updateSettings({ theme: page.darkShown() ? 'light' : 'dark' }) },
  shortcuts: { enabled: always, run: ({ store }) => store.openDialog('shortcuts') },
};

export const COMMAND_TABLE: Record<CommandId, Command> = Object.fromEntries(
  COMMAND_IDS.map((id) => [id, { id, ...commandSpec(id), ...BEHAVIOUR[id] }]),
) as Record<CommandId, Command>;

/** Runs a command by id (a button, the context menu, the app menu), if it can run now. */
export function runCommand(ctx: Context, id: CommandId, on?: number[]): boolean {
  const command = COMMAND_TABLE[id];
  if (!on && !command.enabled(ctx.store.getState())) return false;
  command.run(ctx, on);
  return true;
}

/** The parts of a key event the table reads. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Where the focus is when the key is pressed. */
export interface Place {
  /** In a text field (input or textarea). */
  typing: boolean;
  /** In any field, a dialog or a menu. */
  inField: boolean;
  /** In an article list. */
  inList: boolean;
}

export function keyMatches(k: KeySpec, e: KeyPress, at: Place): boolean {
  const mod = e.ctrlKey || e.metaKey;
  if (k.mod) {
    if (!mod || e.key.toLowerCase() !== k.key.toLowerCase()) return false;
    if (k.shift !== undefined && k.shift !== e.shiftKey) return false;
  } else if (mod || e.altKey || e.key !== k.key) {
    return false;
  }
  switch (k.scope) {
    case 'anywhere':
      return true;
    case 'page':
      return !at.inField;
    case 'not-typing':
      return !at.typing;
    case 'list':
      return at.inList && !at.inField;
  }
}

/** Every enabled command that this key would run here. */
export function commandsForKey(s: State, e: KeyPress, at: Place, table: Command[] = Object.values(COMMAND_TABLE)): Command[] {
  return table.filter((c) => !c.menuKeysOnly && c.keys.some((k) => keyMatches(k, e, at)) && c.enabled(s));
}

/** The page's key handler: runs the one command the key names, and takes the key from the browser. */
export function handleKey(ctx: Context, e: KeyPress & Pick<KeyboardEvent, 'preventDefault'>, at: Place): boolean {
  const found = commandsForKey(ctx.store.getState(), e, at);
  if (found.length > 1) {
    console.error(`The key ${e.key} matches ${found.map((c) => c.id).join(' and ')}; none is run.`);
    return false;
  }
  const [command] = found;
  if (!command) return false;
  e.preventDefault();
  command.run(ctx);
  return true;
}
