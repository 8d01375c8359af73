/**
 * The boundary every call crosses, from Electron IPC or from the harness: the channel must be
 * in the contract and the payload must match its schema before any handler runs; whatever
 * happens, the caller gets an envelope, never a crash. A call that the contract says changes
 * the library is followed by `libraryChanged`, so handlers never emit it themselves.
 */
import { CHANNELS, contract, type ChangeReason, type ChannelName, type EventMap, type EventName, type Handlers } from '../../common/contract';
import { LecternError, storageError, toErrorInfo, type Envelope } from '../../common/errors';

export type Emit = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNELS as string[]).includes(name);
}

function changeOf(channel: ChannelName, result: unknown): ChangeReason | null {
  const changes = (contract[channel] as { changes?: ChangeReason | ((r: unknown) => ChangeReason | null) }).changes;
  return typeof changes === 'function' ? changes(result) : (changes ?? null);
}

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown, emit: Emit): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `No such channel: ${String(channel).slice(0, 60)}` } };
  }
  const parsed = contract[channel].arg.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'BAD_REQUEST', message: `${channel}: ${issue?.message ?? 'invalid payload'}${where}` } };
  }
  let value: unknown;
  try {
    const handler = handlers[channel] as (arg: unknown) => unknown;
    value = await handler(parsed.data);
  } catch (err) {
    if (!(err instanceof LecternError) && !storageError(err)) console.error(`[lectern] ${channel} failed:`, err);
    return { ok: false, error: toErrorInfo(err) };
  }
  const reason = changeOf(channel, value);
  if (reason) emit('libraryChanged', { reason });
  return { ok: true, value };
}
