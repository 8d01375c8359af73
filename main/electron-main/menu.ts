/** Native menus: the template from the command table, installed as the application menu. */
import { app, Menu } from 'electron';
import type { EventMap } from '../common/contract';
import { menuTemplate, type MainCommands } from './menu-template';

export function buildMenu(send: (c: EventMap['menuCommand']) => void, inMain: MainCommands): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, send, inMain, showAbout: () => app.showAboutPanel() })));
}
