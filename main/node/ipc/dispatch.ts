/**
 * The boundary every call crosses, from Electron IPC or from the harness: the channel must be
 * in the contract and the payload must match its schema before any handler runs; whatever
 * happens, the caller gets an envelope, never a crash.
 */
import { CHANNELS, contract, type ChannelName, type Handlers } from '../../common/contract';
import { LecternError, storageError, toErrorInfo, type Envelope } from '../../common/errors';

export function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNELS as string[]).includes(name);
}

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `No such channel: ${String(channel).slice(0, 60)}` } };
  }
  const parsed = contract[channel].arg.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'BAD_REQUEST', message: `${channel}: ${issue?.message ?? 'invalid payload'}${where}` } };
  }
  try {
    const handler = handlers[channel] as (arg: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    if (!(err instanceof LecternError) && !storageError(err)) console.error(`[lectern] ${channel} failed:`, err);
    return { ok: false, error: toErrorInfo(err) };
  }
}
