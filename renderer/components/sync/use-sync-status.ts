import { useEffect, useState } from 'react';
import type { SyncStatusInfo } from '../../../main/common/contract';
import { api } from '../../api';

/** The sync status, kept current by main's `syncStatusChanged`; null until first read. */
export function useSyncStatus(): [SyncStatusInfo | null, (s: SyncStatusInfo) => void] {
  const [status, setStatus] = useState<SyncStatusInfo | null>(null);
  useEffect(() => {
    const off = api.on('syncStatusChanged', setStatus);
    // A failed read leaves the line empty: the status is a hint, and Settings → Sync says more.
    api.syncStatus().then(setStatus, () => undefined);
    return off;
  }, []);
  return [status, setStatus];
}

/** One line for the sidebar and the settings: where the sync stands. */
export function describeSync(s: SyncStatusInfo): string {
  const last = s.lastSyncedAt ? `last synced ${new Date(s.lastSyncedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : 'not synced yet';
  const waiting = s.pending > 0 ? ` · ${s.pending} change${s.pending === 1 ? '' : 's'} waiting` : '';
  switch (s.state) {
    case 'off':
      return 'Not syncing';
    case 'syncing':
      return s.pending > 0 ? `Syncing ${s.pending} change${s.pending === 1 ? '' : 's'}…` : 'Syncing…';
    case 'offline':
      return `Offline${waiting} · ${last}`;
    case 'connected':
      return `${s.paused ? 'Paused' : 'Synced'}${waiting} · ${last}`;
  }
}
