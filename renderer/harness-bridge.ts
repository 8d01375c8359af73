/**
 * Loaded only by the browser harness, before the app: provides `window.lectern` over HTTP on
 * 127.0.0.1 (POST /ipc/<channel>, events by Server-Sent Events) with the same shape preload
 * gives in Electron.
 */
import { exposeApi } from '../main/common/bridge';
import type { Envelope } from '../main/common/errors';

const source = new EventSource('/events');

window.lectern = exposeApi({
  invoke: async (channel, arg) => {
    const res = await fetch(`/ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ arg }),
    });
    return (await res.json()) as Envelope<unknown>;
  },
  subscribe: (event, listener) => {
    const handler = (e: MessageEvent<string>) => listener(JSON.parse(e.data));
    source.addEventListener(event, handler);
    return () => source.removeEventListener(event, handler);
  },
});
