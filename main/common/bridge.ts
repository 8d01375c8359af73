/**
 * Both halves of `window.lectern`. `exposeApi` builds the exposed object from a transport —
 * preload passes ipcRenderer, the browser harness passes fetch + EventSource — with one method
 * per contract channel and nothing else. `typedApi` is the renderer's side: it unwraps the
 * envelopes and throws `LecternError`s that keep their code.
 */
import {
  CHANNELS,
  type ChannelName,
  type EventMap,
  type EventName,
  type ExposedApi,
  type LecternApi,
} from './contract';
import { LecternError, type Envelope } from './errors';

export interface Transport {
  invoke(channel: ChannelName, arg: unknown): Promise<Envelope<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function exposeApi(transport: Transport): ExposedApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNELS) api[name] = (arg?: unknown) => transport.invoke(name, arg);
  api.on = <E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) =>
    transport.subscribe(event, listener as (payload: unknown) => void);
  return Object.freeze(api) as ExposedApi;
}

export function typedApi(exposed: ExposedApi): LecternApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNELS) {
    const call = exposed[name] as (arg?: unknown) => Promise<Envelope<unknown>>;
    api[name] = async (arg?: unknown) => {
      const answer = await call(arg);
      if (answer.ok) return answer.value;
      throw new LecternError(answer.error.code, answer.error.message);
    };
  }
  api.on = exposed.on;
  return api as LecternApi;
}

/** Names as they travel over Electron IPC. */
export const ipcChannel = (name: ChannelName) => `lectern:${name}`;
export const ipcEvent = (name: EventName) => `lectern-event:${name}`;
