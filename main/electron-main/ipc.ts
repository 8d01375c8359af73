/** One ipcMain handler per contract channel; each checks who is calling before dispatching. */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcChannel } from '../common/bridge';
import { CHANNELS, type Handlers } from '../common/contract';
import type { Envelope } from '../common/errors';
import { dispatch, type Emit } from '../node/ipc/dispatch';
import { isTrustedSender } from './web-preferences';

function fromApp(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(frame?.url, frame?.parent === null);
}

export function registerIpc(handlers: Handlers, emit: Emit): void {
  for (const name of CHANNELS) {
    ipcMain.handle(ipcChannel(name), (event, payload: unknown): Promise<Envelope<unknown>> | Envelope<unknown> => {
      if (!fromApp(event)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'IPC is only answered for the Lectern window' } };
      }
      return dispatch(handlers, name, payload, emit);
    });
  }
}
