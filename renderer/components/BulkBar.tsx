import { useState } from 'react';
import type { BulkAction } from '../../main/common/contract';
import { TagInput } from './TagInput';

/** What can be done to the checked articles at once. */
export function BulkBar(props: { count: number; known: string[]; onAction: (action: BulkAction) => void; onClear: () => void; tagging: boolean; onTagging: (on: boolean) => void }) {
  const [untag, setUntag] = useState(false);
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Checked articles">
      <span className="bulk-count" role="status">{props.count} selected</span>
      {props.tagging ? (
        <span className="bulk-tag">
          <TagInput
            known={props.known}
            label={untag ? 'Tag to remove' : 'Tag to add'}
            autoFocus
            onAdd={(tag) => {
              props.onAction(untag ? { kind: 'untag', tag } : { kind: 'tag', tag });
              props.onTagging(false);
            }}
            onCancel={() => props.onTagging(false)}
          />
          <label className="untag"><input type="checkbox" checked={untag} onChange={(e) => setUntag(e.target.checked)} /> remove</label>
        </span>
      ) : (
        <>
          <button onClick={() => props.onAction({ kind: 'state', state: 'archived' })}>Archive</button>
          <button onClick={() => props.onAction({ kind: 'state', state: 'read' })}>Mark read</button>
          <button onClick={() => props.onAction({ kind: 'state', state: 'unread' })}>Mark unread</button>
          <button onClick={() => props.onTagging(true)}>Tag…</button>
          <button className="danger" onClick={() => props.onAction({ kind: 'delete' })}>Delete</button>
        </>
      )}
      <button className="bulk-clear" aria-label="Clear the selection" onClick={props.onClear}>×</button>
    </div>
  );
}
