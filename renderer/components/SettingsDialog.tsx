import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryInfo, Settings } from '../../main/common/contract';
import { THEMES } from '../../main/common/contract';
import { api } from '../api';
import { formatDate } from '../format';

const THEME_LABELS: Record<Settings['theme'], string> = { system: 'Follow the system', light: 'Light', dark: 'Dark' };
const mb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Appearance, and keeping the library safe: back up, restore, move, check. */
export function SettingsDialog(props: { settings: Settings; onSettings: (s: Settings) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => api.libraryInfo().then(setInfo, (err: Error) => setStatus({ text: err.message, error: true })), []);
  useEffect(() => {
    if (!ref.current?.open) ref.current?.showModal();
    void load();
  }, [load]);

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setStatus(null);
    try {
      const text = await work();
      if (text) setStatus({ text });
      await load();
    } catch (err) {
      setStatus({ text: (err as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  const restore = (file?: string) =>
    run(async () => {
      if (file && !window.confirm('Replace the library with this backup? The current library is kept beside it as a backup too.')) return null;
      const r = await api.restoreLibrary(file ? { file } : {});
      return r.restored ? `Restored ${r.articles} articles. The previous library is kept as ${r.keptAs ?? 'nothing (there was none)'}.` : null;
    });

  return (
    <dialog ref={ref} className="settings-dialog" aria-labelledby="settings-title" onClose={props.onClose}>
      <h2 id="settings-title">Settings</h2>
      <section>
        <h3>Appearance</h3>
        <div role="radiogroup" aria-label="Theme" className="choices">
          {THEMES.map((t) => (
            <label key={t}>
              <input
                type="radio"
                name="theme"
                checked={props.settings.theme === t}
                onChange={() => {
                  props.onSettings({ ...props.settings, theme: t });
                  api.updateSettings({ theme: t }).then(props.onSettings, (err: Error) => setStatus({ text: err.message, error: true }));
                }}
              />
              {THEME_LABELS[t]}
            </label>
          ))}
        </div>
      </section>
      <section>
        <h3>Library</h3>
        {info && (
          <>
            <p className="library-path">
              <code>{info.file}</code>
            </p>
            <p className="muted">
              {info.articles} articles · {mb(info.bytes)}
            </p>
            {info.health && !info.health.ok && (
              <p className="problem" role="alert">
                Lectern found problems after an unexpected shutdown: {info.health.problems.join('; ')}. Restore a backup below.
              </p>
            )}
          </>
        )}
        <div className="actions">
          <button disabled={busy} onClick={() => void run(async () => {
            const r = await api.backupLibrary();
            return r.file ? `Backed up to ${r.file} (${mb(r.bytes)}).` : null;
          })}>Back up…</button>
          <button disabled={busy} onClick={() => void restore()}>Restore…</button>
          <button disabled={busy} onClick={() => void run(async () => {
            const r = await api.moveLibrary();
            return r.dir ? `The library now lives in ${r.dir}.` : null;
          })}>Move…</button>
          <button disabled={busy} onClick={() => void run(async () => {
            const r = await api.openLibraryFolder();
            return r.dir ? `Opened the library in ${r.dir}.` : null;
          })}>Open another…</button>
          <button disabled={busy} onClick={() => void run(async () => {
            const off = api.on('reindexProgress', ({ done, total }) => setStatus({ text: `Rebuilding the search index: ${done} of ${total} articles…` }));
            try {
              const r = await api.reindex();
              return `The search index was rebuilt from ${r.articles} articles.`;
            } finally {
              off();
            }
          })}>Rebuild search index</button>
          <button disabled={busy} onClick={() => void run(async () => {
            const r = await api.checkLibrary();
            return r.ok ? 'The library is healthy.' : `Problems found: ${r.problems.join('; ')}. Restore a backup.`;
          })}>Check now</button>
        </div>
        {status && (
          <p className={status.error ? 'status problem' : 'status'} role={status.error ? 'alert' : 'status'}>
            {status.text}
          </p>
        )}
        {info && info.backups.length > 0 && (
          <>
            <h4>Backups kept beside the library</h4>
            <ul className="backups">
              {info.backups.map((b) => (
                <li key={b.file}>
                  <span>
                    {formatDate(b.savedAt)} {new Date(b.savedAt).toLocaleTimeString()} · {mb(b.bytes)}
                    <br />
                    <code className="muted">{b.file.split(/[\\/]/).pop()}</code>
                  </span>
                  <button disabled={busy} onClick={() => void restore(b.file)}>Restore</button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <div className="dialog-actions">
        <button className="primary" onClick={() => ref.current?.close()}>Done</button>
      </div>
    </dialog>
  );
}
