import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItem, MenuItemConstructorOptions } from 'electron';
import { COMMANDS, menuClickRuns, type KeySpec } from '../../main/common/commands';
import type { EventMap } from '../../main/common/contract';
import { menuTemplate } from '../../main/electron-main/menu-template';
import { COMMAND_TABLE, commandsForKey, handleKey, type Command, type Context, type KeyPress, type Place } from '../../renderer/commands';
import { initialState, type State } from '../../renderer/state/state';
import { createStore } from '../../renderer/state/store';
import { article, fakeApi, settle } from '../fake-lectern-api';

const PLACES: Place[] = [false, true].flatMap((inList) => [
  { typing: false, inField: false, inList },
  { typing: false, inField: true, inList },
  { typing: true, inField: true, inList },
]);

const one = article(1);
const two = article(2, { state: 'archived', starred: true });
const hit = { ...one, score: 1, snippet: '', highlights: [], matched: ['one'] };
/** Every combination the commands' `enabled` reads: rows, open article, checked, undo, search. */
const STATES: State[] = [];
for (const articles of [[], [one, two]])
  for (const open of [null, one, two])
    for (const checked of [[], [1], [1, 2]])
      for (const lastEdit of [null, { message: 'Starred 1 article', undoId: 3, ids: [1] }, { message: '', undoId: null, ids: [1] }])
        for (const query of ['', 'one'])
          STATES.push({ ...initialState, articles, article: open, selectedId: open?.id ?? null, checked: new Set(checked), lastEdit, query, searchResponse: query ? { results: [hit], corrections: [], more: false } : null });

/** The presses a key spec stands for: Ctrl or Cmd, with Shift up or down where it may be either. */
function presses(k: KeySpec): KeyPress[] {
  const base = { key: k.key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: k.key === '?' };
  if (!k.mod) return [base];
  return [{ ...base, ctrlKey: true }, { ...base, metaKey: true }].flatMap((p) =>
    k.shift === undefined ? [p, { ...p, shiftKey: true, key: p.key.toUpperCase() }] : [{ ...p, shiftKey: k.shift }],
  );
}

function ambiguities(table: Command[]): string[] {
  const found = new Set<string>();
  const keys = table.flatMap((c) => c.keys);
  for (const s of STATES)
    for (const k of keys)
      for (const press of presses(k))
        for (const at of PLACES) {
          const matched = commandsForKey(s, press, at, table);
          if (matched.length > 1) found.add(`${JSON.stringify(press)} → ${matched.map((c) => c.id).join(', ')}`);
        }
  return [...found];
}

test('no key runs two enabled commands, in any state and any place', () => {
  assert.ok(STATES.length > 100);
  assert.deepEqual(ambiguities(Object.values(COMMAND_TABLE)), []);
});

test('the check finds a key that two enabled commands share', () => {
  const clash: Command = { ...COMMAND_TABLE.star, id: 'archive', keys: [{ key: 's', scope: 'page' }] };
  const found = ambiguities([...Object.values(COMMAND_TABLE), clash]);
  assert.ok(found.some((f) => f.includes('"key":"s"') && f.includes('star, archive')), found.join('\n'));
});

test('every key the page binds runs its command in some state', () => {
  for (const command of Object.values(COMMAND_TABLE)) {
    if (command.menuKeysOnly) continue;
    for (const k of command.keys) {
      const press = presses(k)[0]!;
      const at = { typing: false, inField: false, inList: k.scope === 'list' };
      const state = STATES.find((s) => commandsForKey(s, press, at).some((c) => c.id === command.id));
      assert.ok(state, `${command.id} (${k.key}) is never enabled`);
    }
  }
});

function setup() {
  const api = fakeApi([article(1), article(2), article(3, { state: 'archived' })]);
  const store = createStore(api);
  const seen: string[] = [];
  const page: Context['page'] = {
    focusSearch: () => seen.push('focusSearch'),
    pickFiles: () => seen.push('pickFiles'),
    showRow: (id, focus) => seen.push(`showRow ${id} ${focus}`),
    focusList: () => seen.push('focusList'),
    focusedRow: () => null,
    reader: () => ({ addPlace: () => seen.push('addPlace'), highlight: (note) => seen.push(`highlight ${note}`), find: () => seen.push('find') }),
    darkShown: () => false,
  };
  return { api, store, seen, ctx: { store, page } };
}

function press(ctx: Context, key: string, at: Partial<Place> = {}, mods: Partial<KeyPress> = {}) {
  let prevented = 0;
  const handled = handleKey(ctx, { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods, preventDefault: () => void prevented++ }, { typing: false, inField: false, inList: false, ...at });
  assert.equal(prevented, handled ? 1 : 0, `${key}: preventDefault exactly when handled`);
  return handled;
}

test('keys run their command on the open article, or on the checked ones', async () => {
  const { api, store, seen, ctx } = setup();
  const stop = store.start();
  await settle();
  assert.equal(press(ctx, 's'), false, 's with nothing open does nothing and leaves the key alone');
  assert.equal(press(ctx, 'j'), true);
  await settle();
  assert.equal(store.getState().article?.id, 1);
  assert.deepEqual(seen, ['showRow 1 false']);

  assert.equal(press(ctx, 's', { typing: true, inField: true }), false, 'typing s in a field stars nothing');
  press(ctx, 's');
  await settle();
  assert.equal(api.articles[0]!.starred, true);
  assert.equal(store.getState().lastEdit?.message, 'Starred 1 article');

  store.toggleChecked(2);
  store.toggleChecked(3);
  press(ctx, 'e');
  await settle();
  // The checked articles are archived, whatever their state, and the open one is left alone.
  assert.deepEqual(api.articles.map((a) => a.state), ['read', 'archived', 'archived']);
  assert.equal(store.getState().checked.size, 0);

  press(ctx, 'Escape');
  assert.deepEqual(seen.at(-1), 'focusList', 'Esc with nothing checked goes back to the list');
  store.toggleChecked(2);
  press(ctx, 'Escape');
  assert.equal(store.getState().checked.size, 0, 'Esc with rows checked clears them');

  press(ctx, 'z', {}, { ctrlKey: true });
  await settle();
  assert.match(store.getState().lastEdit?.message ?? '', /^Undone: archived 2 articles/);
  assert.equal(press(ctx, 'z', {}, { ctrlKey: true }), false, 'nothing left to undo');

  press(ctx, 'b');
  press(ctx, 'n');
  press(ctx, 'f', { typing: true, inField: true }, { metaKey: true });
  assert.deepEqual(seen.slice(-3), ['addPlace', 'highlight true', 'find']);
  assert.equal(press(ctx, 'd', {}, { ctrlKey: true, shiftKey: true, key: 'D' }), false, 'Dark Mode is the menu’s key, not the page’s');
  stop();
});

const click = (item: MenuItemConstructorOptions, triggeredByAccelerator: boolean) =>
  item.click!({} as MenuItem, undefined, { triggeredByAccelerator, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false });

function menu(platform: NodeJS.Platform) {
  const sent: EventMap['menuCommand'][] = [];
  const imported: number[] = [];
  const template = menuTemplate({ platform, send: (c) => void sent.push(c), inMain: { import: () => void imported.push(1) }, showAbout: () => undefined });
  const items = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
  const item = (label: string) => items.find((i) => i.label === label)!;
  return { template, sent, imported, item };
}

test('the menu names commands; a single key the page already took is not run again (macOS fires both)', () => {
  const { sent, imported, item } = menu('darwin');
  click(item('Star'), true);
  click(item('Delete'), true);
  assert.deepEqual(sent, [], 'the page’s own keydown ran these already');
  click(item('Star'), false);
  click(item('Find in Article'), true);
  click(item('Import…'), true);
  assert.deepEqual(sent, [{ command: 'star' }, { command: 'find' }]);
  assert.deepEqual(imported, [1]);
  assert.equal(menuClickRuns(COMMANDS.next.keys[0], true), false);
  assert.equal(menuClickRuns(COMMANDS.next.keys[0], false), true);
  assert.equal(menuClickRuns(COMMANDS.add.keys[0], true), true);
});

test('the menus hold the same items and keys as before, single keys not registered', () => {
  const { template, item } = menu('linux');
  const article = template.find((m) => m.label === 'Article')!.submenu as MenuItemConstructorOptions[];
  assert.deepEqual(
    article.map((i) => (i.type === 'separator' ? '—' : `${i.label} ${i.accelerator} ${i.registerAccelerator}`)),
    [
      'Next J false', 'Previous K false', '—', 'Star S false', 'Archive E false', 'Mark Unread U false', 'Tag… T false', 'Bookmark This Place B false',
      'Highlight Selection H false', 'Highlight with Note N false', 'Delete Delete false', '—', 'Find in Article CmdOrCtrl+F true', 'Search Library CmdOrCtrl+K true',
    ],
  );
  const file = template.find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[];
  assert.deepEqual(file.map((i) => i.label ?? i.type ?? i.role), ['Add Page or Feed…', 'Import…', 'Settings…', 'separator', 'quit']);
  assert.equal(item('Dark Mode').accelerator, 'CmdOrCtrl+Shift+D');
  assert.equal(item('Keyboard Shortcuts').accelerator, 'Shift+/');
  assert.equal(item('Settings…').accelerator, 'CmdOrCtrl+,');
  assert.equal(template[0]!.label, 'File', 'no app menu off macOS');
  assert.equal(menu('darwin').template[0]!.role, 'appMenu');
});
