import { useEffect } from 'react';
import { api } from '../../api';
import { useApp } from '../../state/use-app';
import { describeSync, useSyncStatus } from './use-sync-status';

/** The sidebar's small sync line (nothing while the library does not sync), and what a round restored, as a notice. */
export function SyncStatusLine(props: { onOpen: () => void }) {
  const { store } = useApp();
  const [status] = useSyncStatus();
  useEffect(
    () =>
      api.on('syncConflicts', ({ conflicts }) =>
        store.notify(conflicts.map((c) => `Restored “${c.title}”: annotated on another computer (${c.reason}).`).join(' ')),
      ),
    [store],
  );
  if (!status || status.state === 'off') return null;
  return (
    <button className={`sync-line link${status.state === 'offline' ? ' problem' : ''}`} onClick={props.onOpen} title={status.error ?? 'Sync settings'}>
      <span aria-hidden="true">{status.state === 'offline' ? '⚠' : '⟳'}</span> {describeSync(status)}
    </button>
  );
}
