import { useId, useState } from 'react';
import { normalizeTag } from '../../main/common/contract';

/** A text field that suggests the library's tags as you type (a native datalist). */
export function TagInput(props: {
  known: string[];
  label: string;
  onAdd: (tag: string) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
  exclude?: string[];
}) {
  const [value, setValue] = useState('');
  const list = useId();
  const exclude = new Set((props.exclude ?? []).map((t) => t.toLowerCase()));
  return (
    <>
      <input
        className="tag-input"
        aria-label={props.label}
        placeholder="Add a tag"
        list={list}
        value={value}
        autoFocus={props.autoFocus}
        maxLength={64}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && normalizeTag(value)) {
            e.preventDefault();
            props.onAdd(normalizeTag(value));
            setValue('');
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            props.onCancel?.();
          }
        }}
      />
      <datalist id={list}>
        {props.known.filter((t) => !exclude.has(t.toLowerCase())).map((t) => <option key={t} value={t} />)}
      </datalist>
    </>
  );
}

/** An article's tags as chips, each removable, and a field to add more. */
export function TagChips(props: { tags: string[]; known: string[]; editing: boolean; onEdit: (on: boolean) => void; onAdd: (tag: string) => void; onRemove: (tag: string) => void; onPick?: (tag: string) => void }) {
  return (
    <div className="tags" role="group" aria-label="Tags">
      {props.tags.map((t) => (
        <span key={t} className="tag-chip">
          {props.onPick ? <button className="link" onClick={() => props.onPick!(t)}>#{t}</button> : <span>#{t}</span>}
          <button aria-label={`Remove the tag ${t}`} onClick={() => props.onRemove(t)}>×</button>
        </span>
      ))}
      {props.editing ? (
        <TagInput known={props.known} exclude={props.tags} label="Add a tag" autoFocus onAdd={props.onAdd} onCancel={() => props.onEdit(false)} />
      ) : (
        <button className="add-tag" onClick={() => props.onEdit(true)} title="Add a tag (t)">+ Tag</button>
      )}
    </div>
  );
}
