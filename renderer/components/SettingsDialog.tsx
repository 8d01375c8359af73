import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryInfo, Settings } from '../../main/common/contract';
import { THEMES } from '../../main/common/contract';
import { api } from '../api';
import { formatBytes } from '../../main/common/sizes';
import { formatDate } from '../format';
import { describeFailure } from '../state/problems';
import { SyncSettings } from './sync/SyncSettings';

const THEME_LABELS: Record<Settings['theme'], string> = { system: 'Follow the system', light: 'Light', sepia: 'Sepia', dark: 'Dark' };

/** Appearance, and keeping the library safe: back up, restore, move, check. */
export function SettingsDialog(props: { settings: Settings; onSettings: (s: Settings) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  /** Shown at once, saved behind: sliders stay smooth. */
  const change = (patch: Partial<Settings>) => {
    props.onSettings({ ...props.settings, ...patch });
    api.updateSettings(patch).catch((err: unknown) => setStatus({ text: describeFailure(err, 'Saving the settings').text, error: true }));
  };

  const load = useCallback(() => api.libraryInfo().then(setInfo, (err: unknown) => setStatus({ text: describeFailure(err, 'Reading the library').text, error: true })), []);
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
      setStatus({ text: describeFailure(err).text, error: true });
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
              <input type="radio" name="theme" checked={props.settings.theme === t} onChange={() => change({ theme: t })} />
              {THEME_LABELS[t]}
            </label>
          ))}
        </div>
      </section>
      <section>
        <h3>Reading</h3>
        <div role="radiogroup" aria-label="Font" className="choices">
          <label>
            <input type="radio" name="font" checked={props.settings.font === 'serif'} onChange={() => change({ font: 'serif' })} />
            Serif
          </label>
          <label>
            <input type="radio" name="font" checked={props.settings.font === 'sans'} onChange={() => change({ font: 'sans' })} />
            Sans-serif
          </label>
        </div>
        <div className="sliders">
          <label>
            Text size <output>{props.settings.size} px</output>
            <input type="range" aria-label="Text size" min={14} max={28} step={1} value={props.settings.size} onChange={(e) => change({ size: Number(e.target.value) })} />
          </label>
          <label>
            Line width <output>{props.settings.width} characters</output>
            <input type="range" aria-label="Line width" min={45} max={90} step={1} value={props.settings.width} onChange={(e) => change({ width: Number(e.target.value) })} />
          </label>
          <label>
            Line height <output>{props.settings.lineHeight.toFixed(2)}</output>
            <input type="range" aria-label="Line height" min={1.3} max={2.1} step={0.02} value={props.settings.lineHeight} onChange={(e) => change({ lineHeight: Number(e.target.value) })} />
          </label>
          <label>
            Mark an article read
            <select aria-label="Mark an article read" value={props.settings.markRead} onChange={(e) => change({ markRead: e.target.value as Settings['markRead'] })}>
              <option value="open">when I open it</option>
              <option value="end">when I reach its end</option>
            </select>
          </label>
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
              {info.articles} articles · {formatBytes(info.bytes)}
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
            return r.file ? `Backed up to ${r.file} (${formatBytes(r.bytes)}).` : null;
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
                    {formatDate(b.savedAt)} {new Date(b.savedAt).toLocaleTimeString()} · {formatBytes(b.bytes)}
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
      <SyncSettings />
      <div className="dialog-actions">
        <button className="primary" onClick={() => ref.current?.close()}>Done</button>
      </div>
    </dialog>
  );
}
