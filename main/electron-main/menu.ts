/** Native menus. Commands that belong to the page are sent to the renderer as `menuCommand`. */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { EventMap } from '../common/contract';

/**
 * An item that does what its key does in the window. Single keys are shown but not registered
 * with the system: registered, they would be taken from every text field.
 */
function keyItem(send: (c: EventMap['menuCommand']) => void, label: string, key: string, mod = false): MenuItemConstructorOptions {
  return {
    label,
    accelerator: mod ? `CmdOrCtrl+${key.toUpperCase()}` : key === 'Delete' ? 'Delete' : key.toUpperCase(),
    registerAccelerator: mod,
    click: () => send({ command: 'key', key, mod }),
  };
}

export function buildMenu(send: (c: EventMap['menuCommand']) => void, importFromDialog: () => void): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        keyItem(send, 'Add Page or Feed…', 'n', true),
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: importFromDialog },
        { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => send({ command: 'settings' }) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Dark Mode', accelerator: 'CmdOrCtrl+Shift+D', click: () => send({ command: 'toggle-theme' }) },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Article',
      submenu: [
        keyItem(send, 'Next', 'j'),
        keyItem(send, 'Previous', 'k'),
        { type: 'separator' },
        keyItem(send, 'Star', 's'),
        keyItem(send, 'Archive', 'e'),
        keyItem(send, 'Mark Unread', 'u'),
        keyItem(send, 'Tag…', 't'),
        keyItem(send, 'Bookmark This Place', 'b'),
        keyItem(send, 'Highlight Selection', 'h'),
        keyItem(send, 'Highlight with Note', 'n'),
        keyItem(send, 'Delete', 'Delete'),
        { type: 'separator' },
        keyItem(send, 'Find in Article', 'f', true),
        keyItem(send, 'Search Library', 'k', true),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ ...keyItem(send, 'Keyboard Shortcuts', '?'), accelerator: 'Shift+/' }, { label: 'About Lectern', click: () => app.showAboutPanel() }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
