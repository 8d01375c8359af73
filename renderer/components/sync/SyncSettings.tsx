import { useId, useState } from 'react';
import type { SyncStatusInfo } from '../../../main/common/contract';
import { api } from '../../api';
import { describeFailure } from '../../state/problems';
import { describeSync, useSyncStatus } from './use-sync-status';

/**
 * Settings → Sync: start syncing through a server (the code shown here once, to copy), join
 * another computer's library with its code, see where the sync stands, sync now, pause, leave.
 */
export function SyncSettings() {
  const [status, setStatus] = useSyncStatus();
  const [server, setServer] = useState('');
  const [token, setToken] = useState('');
  const [joinCode, setJoinCode] = useState('');
  // Held only by this dialog: main returns the code once and never again.
  const [code, setCode] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = useId();

  const run = async (doing: string, work: () => Promise<SyncStatusInfo | null>, done?: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const next = await work();
      if (next) setStatus(next);
      if (done) setMessage({ text: done });
    } catch (err) {
      setMessage({ text: describeFailure(err, doing).text, error: true });
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    run('Starting to sync', async () => {
      const r = await api.syncStart({ server, token });
      setCode(r.code);
      setToken('');
      return api.syncStatus();
    });
  const join = () =>
    run('Joining', async () => {
      const next = await api.syncJoin({ code: joinCode });
      setJoinCode('');
      return next;
    }, 'Joined: this library now syncs with the other computer.');

  const syncs = status !== null && status.state !== 'off';
  return (
    <section className="sync-settings" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Sync</h3>
      {status && syncs && (
        <>
          <p>
            Syncs through <code>{status.server}</code>
          </p>
          <p className={status.state === 'offline' ? 'problem' : 'muted'} role="status">
            {describeSync(status)}
          </p>
          {status.state === 'offline' && status.error && (
            <p className="problem">
              {status.error}. Your changes are kept here and go with the next sync; check that the server is running and reachable, then Sync now.
            </p>
          )}
          <div className="actions">
            <button disabled={busy} onClick={() => void run('Syncing', () => api.syncNow(), 'Synced.')}>Sync now</button>
            {status.paused ? (
              <button disabled={busy} onClick={() => void run('Resuming', () => api.syncResume())}>Resume</button>
            ) : (
              <button disabled={busy} onClick={() => void run('Pausing', () => api.syncPause())}>Pause</button>
            )}
            <button
              disabled={busy}
              onClick={() => {
                if (!window.confirm('Stop syncing on this computer? The library keeps everything; other computers go on syncing.')) return;
                setCode(null);
                void run('Leaving', () => api.syncLeave(), 'This computer no longer syncs.');
              }}
            >
              Leave
            </button>
          </div>
        </>
      )}
      {code && (
        <div className="sync-code" role="group" aria-label="Sync code">
          <p>
            The sync code of this library, shown this once. Whoever holds it can read and change the library: give it only to your own computers (Settings → Sync → Join there).
          </p>
          <textarea readOnly aria-label="Sync code" value={code} rows={3} onFocus={(e) => e.currentTarget.select()} />
          <div className="actions">
            <button onClick={() => void navigator.clipboard.writeText(code).then(() => setMessage({ text: 'The code is copied.' }), () => setMessage({ text: 'Copying failed: select the code and copy it by hand.', error: true }))}>
              Copy
            </button>
            <button onClick={() => setCode(null)}>I have kept it</button>
          </div>
        </div>
      )}
      {status && !syncs && !code && (
        <div className="sync-forms">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void start();
            }}
          >
            <h4>Start syncing this library</h4>
            <label>
              Server <input type="url" required placeholder="wss://sync.example.org" value={server} onChange={(e) => setServer(e.target.value)} />
            </label>
            <label>
              Access token <input type="password" required autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
            </label>
            <p className="muted">The token is in the server's data folder (its <code>token</code> file).</p>
            <div className="actions">
              <button type="submit" disabled={busy}>Start syncing</button>
            </div>
          </form>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void join();
            }}
          >
            <h4>Join another computer's library</h4>
            <label>
              Sync code <input type="password" required autoComplete="off" placeholder="lectern-sync:…" value={joinCode} onChange={(e) => setJoinCode(e.target.value)} />
            </label>
            <p className="muted">The libraries are merged: the same article on both becomes one.</p>
            <div className="actions">
              <button type="submit" disabled={busy}>Join</button>
            </div>
          </form>
        </div>
      )}
      {message && (
        <p className={message.error ? 'status problem' : 'status'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
