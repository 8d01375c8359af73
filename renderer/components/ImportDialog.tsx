import { useEffect, useRef } from 'react';
import type { ImportReport, RunProgress } from '../../main/common/contract';
import { skipReason } from '../../main/common/import-words';

export interface ImportState {
  progress: RunProgress | null;
  report: ImportReport | null;
}

/** Progress while files import, then the per-item summary: imported, skipped, failed with reasons. */
export function ImportDialog(props: { state: ImportState; onClose: () => void; onOpen: (id: number) => void; onCancel: (runId: number) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { progress, report } = props.state;
  useEffect(() => {
    if (!ref.current?.open) ref.current?.showModal();
  }, []);
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
            <button className="primary" autoFocus onClick={() => ref.current?.close()}>Done</button>
          </div>
        </div>
      )}
    </dialog>
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
