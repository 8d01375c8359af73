/**
 * Runs sandboxed before the renderer. Exposes `window.lectern` — one method per contract
 * channel plus `on` for events — and nothing else: no raw ipcRenderer reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeApi, ipcChannel, ipcEvent } from '../main/common/bridge';
import type { Envelope } from '../main/common/errors';

contextBridge.exposeInMainWorld(
  'lectern',
  exposeApi({
    invoke: (channel, arg) => ipcRenderer.invoke(ipcChannel(channel), arg) as Promise<Envelope<unknown>>,
    subscribe: (event, listener) => {
      const handler = (_e: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(ipcEvent(event), handler);
      return () => void ipcRenderer.removeListener(ipcEvent(event), handler);
    },
  }),
);
