import { useEffect, useRef, useState } from 'react';
import { normalizeTag, type TagInfo } from '../../main/common/contract';
import { api } from '../api';

/** Rename, merge (rename onto another tag's name) and delete tags. */
export function TagsDialog(props: { tags: TagInfo[]; onClose: () => void; onError: (err: unknown) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (!ref.current?.open) ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} className="settings-dialog tags-dialog" aria-labelledby="tags-title" onClose={props.onClose}>
      <h2 id="tags-title">Tags</h2>
      {props.tags.length === 0 ? (
        <p className="muted">No tags yet. Press <kbd>t</kbd> in the reader to tag an article.</p>
      ) : (
        <>
          <p className="muted">Rename a tag to the name of another to merge the two.</p>
          <ul className="tag-rows">
            {props.tags.map((t) => (
              <TagRow key={t.id} tag={t} others={props.tags.filter((o) => o.id !== t.id)} onError={props.onError} />
            ))}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <button className="primary" onClick={() => ref.current?.close()}>Done</button>
      </div>
    </dialog>
  );
}

function TagRow(props: { tag: TagInfo; others: TagInfo[]; onError: (err: unknown) => void }) {
  const [name, setName] = useState(props.tag.name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const clean = normalizeTag(name);
  const into = props.others.find((o) => o.name.toLowerCase() === clean.toLowerCase());
  const changed = clean !== '' && clean !== props.tag.name;
  const save = () => changed && api.renameTag({ tagId: props.tag.id, name: clean }).catch(props.onError);
  return (
    <li>
      <input
        aria-label={`Name of the tag ${props.tag.name}`}
        value={name}
        maxLength={64}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && void save()}
      />
      <span className="count">{props.tag.articles}</span>
      {changed && <button onClick={() => void save()}>{into ? `Merge into “${into.name}”` : 'Rename'}</button>}
      {confirmDelete ? (
        <button className="danger" onClick={() => void api.deleteTag({ tagId: props.tag.id }).catch(props.onError)}>
          Delete from {props.tag.articles} {props.tag.articles === 1 ? 'article' : 'articles'}
        </button>
      ) : (
        <button aria-label={`Delete the tag ${props.tag.name}`} onClick={() => setConfirmDelete(true)}>Delete</button>
      )}
    </li>
  );
}
