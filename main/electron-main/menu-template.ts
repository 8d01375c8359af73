/**
 * The native menu's template, built from the command table: an item names its command to the
 * renderer (`menuCommand`), which runs it as its own key or button would. Only Electron's types
 * are imported, so the template (and what its clicks do) is tested under plain Node.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { accelerator, COMMAND_IDS, commandSpec, isSingleKey, menuClickRuns, type CommandId, type MenuGroup } from '../common/commands';
import type { EventMap } from '../common/contract';

/** Commands main runs itself rather than the page. */
export type MainCommands = { [K in CommandId]?: () => void };

export interface MenuWiring {
  platform: NodeJS.Platform;
  send: (c: EventMap['menuCommand']) => void;
  inMain: MainCommands;
  showAbout: () => void;
}

function commandItems(group: MenuGroup, { send, inMain }: MenuWiring): MenuItemConstructorOptions[] {
  return COMMAND_IDS.filter((id) => commandSpec(id).menu === group).flatMap((id, i): MenuItemConstructorOptions[] => {
    const spec = commandSpec(id);
    const key = spec.keys[0];
    const item: MenuItemConstructorOptions = {
      label: spec.label,
      ...(key && {
        accelerator: accelerator(key),
        // Registered, a single key would be taken from every text field.
        registerAccelerator: !isSingleKey(key),
      }),
      click: (_item, _window, event) => {
        if (!menuClickRuns(key, event.triggeredByAccelerator)) return;
        const own = inMain[id];
        if (own) own();
        else send({ command: id });
      },
    };
    return spec.separatorBefore && i > 0 ? [{ type: 'separator' }, item] : [item];
  });
}

export function menuTemplate(wiring: MenuWiring): MenuItemConstructorOptions[] {
  const isMac = wiring.platform === 'darwin';
  const items = (group: MenuGroup) => commandItems(group, wiring);
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [...items('File'), { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...items('View'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Article', submenu: items('Article') },
    { role: 'windowMenu' },
    { role: 'help', submenu: [...items('Help'), { label: 'About Lectern', click: wiring.showAbout }] },
  ];
}
