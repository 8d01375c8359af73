/**
 * What every command is called and which keys run it: the one list the page's key handler, its
 * toolbar and context menu, the shortcut sheet and the Electron menu all read. What a command
 * does lives in the renderer (`renderer/commands.ts`); main only names it over the bridge.
 */

/** Where a key counts: typing in a field or a dialog must not star an article. */
export type KeyScope =
  /** Everywhere, fields included (the modified shortcuts). */
  | 'anywhere'
  /** Not while typing in a field, a dialog or a menu. */
  | 'page'
  /** Not while typing in a text field (dialogs and menus are fine). */
  | 'not-typing'
  /** Only with the focus in an article list. */
  | 'list';

export interface KeySpec {
  /** `KeyboardEvent.key`; letters compare case-insensitively. */
  key: string;
  /** Ctrl, or Cmd on macOS. */
  mod?: boolean;
  /** Must Shift be down (true) or up (false)? Absent: either, since it makes the key ('?' is Shift+/). */
  shift?: boolean;
  scope: KeyScope;
}

export type MenuGroup = 'File' | 'View' | 'Article' | 'Help';

export interface CommandSpec {
  label: string;
  /** The first is the one shown in menus. */
  keys: KeySpec[];
  /** The shortcut sheet's words; absent, the command is left out of it. */
  help?: string;
  menu?: MenuGroup;
  /** A line above it in its menu. */
  separatorBefore?: true;
  /**
   * The menu's registered accelerator runs it; the page does not bind its keys (bound twice, a
   * toggle would flip back). The shortcut sheet still shows them.
   */
  menuKeysOnly?: true;
}

const plain = (key: string, scope: KeyScope = 'page'): KeySpec => ({ key, scope });
const withMod = (key: string, scope: KeyScope = 'anywhere', shift?: boolean): KeySpec => ({ key, mod: true, scope, ...(shift !== undefined && { shift }) });

/** In menu and sheet order. */
export const COMMANDS = {
  open: { label: 'Open', keys: [] },
  next: { label: 'Next', keys: [plain('j')], help: 'Next article', menu: 'Article' },
  previous: { label: 'Previous', keys: [plain('k')], help: 'Previous article', menu: 'Article' },
  'list-down': { label: 'Move Down in the List', keys: [plain('ArrowDown', 'list')], help: 'Move down in a list' },
  'list-up': { label: 'Move Up in the List', keys: [plain('ArrowUp', 'list')], help: 'Move up in a list' },
  check: { label: 'Check', keys: [plain('x')], help: 'Check or uncheck the focused article, for a bulk action' },
  'check-all': { label: 'Check All', keys: [withMod('a', 'list')], help: 'Check every article in the list' },
  star: { separatorBefore: true, label: 'Star', keys: [plain('s')], help: 'Star or unstar (the checked articles, else the open one)', menu: 'Article' },
  archive: { label: 'Archive', keys: [plain('e')], help: 'Archive, or move back to the inbox', menu: 'Article' },
  'toggle-read': { label: 'Mark Read or Unread', keys: [] },
  'mark-unread': { label: 'Mark Unread', keys: [plain('u')], help: 'Mark unread', menu: 'Article' },
  tag: { label: 'Tag…', keys: [plain('t')], help: 'Tag', menu: 'Article' },
  'bookmark-place': { label: 'Bookmark This Place', keys: [plain('b')], help: 'Bookmark the place you are reading', menu: 'Article' },
  highlight: { label: 'Highlight Selection', keys: [plain('h')], help: 'Highlight the selected text, in the last colour used', menu: 'Article' },
  'highlight-note': { label: 'Highlight with Note', keys: [plain('n')], help: 'Highlight the selected text and write a note', menu: 'Article' },
  delete: { label: 'Delete', keys: [plain('Delete')], help: 'Delete (undo brings it back)', menu: 'Article' },
  undo: { label: 'Undo', keys: [withMod('z', 'not-typing', false)], help: 'Undo the last change' },
  find: { separatorBefore: true, label: 'Find in Article', keys: [withMod('f')], help: 'Find in the open article (Enter: next, Shift+Enter: previous)', menu: 'Article' },
  search: { label: 'Search Library', keys: [withMod('k'), plain('/')], help: 'Search', menu: 'Article' },
  'clear-checked': { label: 'Clear the Selection', keys: [plain('Escape')], help: 'Leave the search or the selection, back to the list' },
  'focus-list': { label: 'Back to the List', keys: [plain('Escape')] },
  add: { label: 'Add Page or Feed…', keys: [withMod('n')], help: 'Save a page, follow a feed, import files', menu: 'File' },
  import: { label: 'Import…', keys: [withMod('o')], help: 'Import files (app menu)', menu: 'File', menuKeysOnly: true },
  settings: { label: 'Settings…', keys: [withMod(',')], help: 'Settings', menu: 'File' },
  'toggle-theme': { label: 'Dark Mode', keys: [withMod('d', 'anywhere', true)], menu: 'View', menuKeysOnly: true },
  shortcuts: { label: 'Keyboard Shortcuts', keys: [plain('?')], help: 'This list', menu: 'Help' },
} satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;
export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];
export const commandSpec = (id: CommandId): CommandSpec => COMMANDS[id];

/** A key written as Electron's accelerator syntax ("CmdOrCtrl+Shift+D", "Shift+/", "J"). */
export function accelerator(k: KeySpec): string {
  const key = k.key === '?' ? 'Shift+/' : k.key.length === 1 ? k.key.toUpperCase() : k.key;
  return [k.mod && 'CmdOrCtrl', k.shift && 'Shift', key].filter(Boolean).join('+');
}

/** A key as the page shows it: "Ctrl+K" (or "⌘K" on a Mac), "j", "Delete". */
export function keyLabel(k: KeySpec, mac: boolean): string {
  const name = k.key === 'ArrowDown' ? '↓' : k.key === 'ArrowUp' ? '↑' : k.key === 'Escape' ? 'Esc' : k.key;
  if (!k.mod) return name;
  return `${mac ? '⌘' : 'Ctrl'}+${k.shift ? 'Shift+' : ''}${name.toUpperCase()}`;
}

/** The modifier-free keys: the ones a menu must not register with the system. */
export const isSingleKey = (k: KeySpec): boolean => !k.mod;

/**
 * Should a menu item's click run its command? Single-key items are not registered as
 * accelerators on Linux and Windows (they would be taken from every text field), but macOS
 * ignores `registerAccelerator: false`: there the item fires on the key too, after the page's own
 * keydown already ran the command (or rightly ignored it, in a text field). So a single-key item
 * runs only when clicked.
 */
export function menuClickRuns(k: KeySpec | undefined, triggeredByAccelerator: boolean | undefined): boolean {
  return !(triggeredByAccelerator && k && isSingleKey(k));
}
