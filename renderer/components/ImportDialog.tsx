import { useEffect, useRef, useState } from 'react';
import type { ImportReport, RunProgress } from '../../main/common/contract';
import { skipReason } from '../../main/common/import-words';
import { api } from '../api';
import { readFiles } from '../files';
import { PasswordField } from './PasswordField';

export interface ImportState {
  progress: RunProgress | null;
  report: ImportReport | null;
  /** The report is of files opened with Lectern (imported by path in the main process), not of files the page read. */
  opened?: true;
}

/**
 * Progress while files import, then the per-item summary: imported, skipped, failed with reasons.
 * A PDF refused for want of its password is asked for it here, one at a time, once the rest of
 * the batch is in (`files`: those the user chose, read again for the retry; a file opened with
 * Lectern is imported again by the main process, which knows its path). Skip leaves it refused
 * and asks for the next one. The password lives only in this dialog's state while it is typed
 * and in the one import call that uses it: it is never stored.
 */
export function ImportDialog(props: { state: ImportState; files: File[]; onClose: () => void; onOpen: (id: number) => void; onCancel: (runId: number) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { progress, opened } = props.state;
  const report = useUnlocked(props.state.report, opened ? openedAgain : readAgain(props.files));
  const done = useRef<HTMLButtonElement>(null);
  const [shown, asking] = [!!report, !!report?.asking];
  useEffect(() => {
    if (!ref.current?.open) ref.current?.showModal();
  }, []);
  // The report shown, or the last password answered (its form gone): Done takes the focus.
  useEffect(() => {
    if (shown && !asking) done.current?.focus();
  }, [shown, asking]);
  return (
    <dialog ref={ref} className="import-dialog" aria-labelledby="import-title" onClose={props.onClose}>
      <h2 id="import-title">{report ? 'Import finished' : 'Importing…'}</h2>
      {!report && (
        <div>
          <progress max={progress?.total ?? 1} value={progress?.done ?? 0} aria-label="Import progress" />
          <p className="muted">{progress?.done ? `${progress.done} of ${progress.total}: ${progress.item}` : 'Reading…'}</p>
          <div className="dialog-actions">
            {/* The run is named by its first progress event: until then there is nothing to cancel. */}
            <button disabled={!progress} onClick={() => progress && props.onCancel(progress.runId)}>Cancel</button>
          </div>
        </div>
      )}
      {report && (
        <div className="import-report">
          <p className="summary">
            <strong>{report.imported.length}</strong> imported · <strong>{report.skipped.length}</strong> already in the
            library · <strong>{report.failed.length}</strong> failed
          </p>
          {report.asking && <PasswordForm key={report.asking.key} item={report.asking.item} wrong={report.asking.wrong} busy={report.asking.busy} onAnswer={report.asking.answer} />}
          <ReasonList title="Could not import" className="failed" items={report.failed} />
          {report.imported.length > 0 && (
            <section>
              <h3>Imported</h3>
              <ul className="imported">
                {report.imported.map((a) => (
                  <li key={a.id}>
                    <button className="link" onClick={() => props.onOpen(a.id)}>{a.title}</button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <ReasonList title="Skipped" className="skipped" items={report.skipped.map((s) => ({ item: s.item, reason: skipReason(s) }))} />
          <div className="dialog-actions">
            <button ref={done} className={asking ? undefined : 'primary'} onClick={() => ref.current?.close()}>Done</button>
          </div>
        </div>
      )}
    </dialog>
  );
}

interface Asking {
  /** Changes with each question, so the form starts empty each time. */
  key: string;
  item: string;
  wrong: boolean;
  busy: boolean;
  answer: (password: string | null) => void;
}

/** How a locked PDF of the report is imported again with its password; null when it cannot be (its file is not at hand). */
type Retry = (item: string) => ((password: string) => Promise<ImportReport>) | null;

const openedAgain: Retry = (item) => (password) => api.importLocked({ item, password });

function readAgain(files: File[]): Retry {
  return (item) => {
    const file = files.find((f) => f.name === item);
    if (!file) return null;
    return async (password) => {
      const { ready, tooLarge } = await readFiles([file]);
      return ready[0] ? api.importFiles({ files: [{ ...ready[0], password }] }) : { imported: [], skipped: [], failed: tooLarge };
    };
  };
}

/**
 * The report with the locked PDFs' retries folded in, and the question in hand: the first
 * locked PDF not yet answered that can be imported again.
 */
function useUnlocked(base: ImportReport | null, retry: Retry): (ImportReport & { asking: Asking | null }) | null {
  /** Per failed item of `base` (by its index): what its retry gave, or 'skipped'. */
  const [answered, setAnswered] = useState<{ base: ImportReport | null; answers: Map<number, ImportReport | 'skipped'> }>({ base: null, answers: new Map() });
  const [tries, setTries] = useState(0);
  const [wrong, setWrong] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!base) return null;
  const answers = answered.base === base ? answered.answers : new Map<number, ImportReport | 'skipped'>();
  const settle = (i: number, outcome: ImportReport | 'skipped') => {
    setWrong(false);
    setAnswered((a) => ({ base, answers: new Map(a.base === base ? a.answers : []).set(i, outcome) }));
  };
  const index = base.failed.findIndex((f, i) => f.password && !answers.has(i) && retry(f.item));
  const report: ImportReport = { imported: [...base.imported], skipped: [...base.skipped], failed: [] };
  base.failed.forEach((f, i) => {
    const retry = answers.get(i);
    if (i === index) return;
    if (!retry || retry === 'skipped') return void report.failed.push(f);
    report.imported.push(...retry.imported);
    report.skipped.push(...retry.skipped);
    report.failed.push(...retry.failed);
  });
  if (index < 0) return { ...report, asking: null };
  const locked = base.failed[index]!;
  const answer = (password: string | null) => {
    if (password === null) return settle(index, 'skipped');
    setBusy(true);
    void (async () => {
      try {
        const again = await retry(locked.item)!(password);
        if (again.failed.some((f) => f.password === 'wrong')) setWrong(true);
        else settle(index, again);
      } catch (err) {
        settle(index, { imported: [], skipped: [], failed: [{ item: locked.item, code: locked.code, reason: (err as Error).message }] });
      } finally {
        setTries((t) => t + 1);
        setBusy(false);
      }
    })();
  };
  return { ...report, asking: { key: `${index}:${tries}`, item: locked.item, wrong, busy, answer } };
}

/** Asks for one locked PDF's password; Skip answers null. */
function PasswordForm(props: { item: string; wrong: boolean; busy: boolean; onAnswer: (password: string | null) => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      className="import-password"
      aria-labelledby="import-password-title"
      onSubmit={(e) => {
        e.preventDefault();
        props.onAnswer(value);
      }}
    >
      <h3 id="import-password-title">Password needed</h3>
      <p>
        “{props.item}” is protected by a password. Give it to import the PDF; Lectern uses it for this import only and does not keep it.
      </p>
      <PasswordField value={value} onChange={setValue} wrong={props.wrong} disabled={props.busy} />
      <div className="dialog-actions">
        <button type="button" disabled={props.busy} onClick={() => props.onAnswer(null)}>Skip this file</button>
        <button type="submit" className="primary" disabled={props.busy}>Import</button>
      </div>
    </form>
  );
}

function ReasonList(props: { title: string; className: string; items: { item: string; reason: string }[] }) {
  if (props.items.length === 0) return null;
  return (
    <section>
      <h3>{props.title}</h3>
      <ul className={props.className}>
        {props.items.map((f, i) => (
          <li key={i}>
            <span className="item">{f.item}</span> — {f.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
