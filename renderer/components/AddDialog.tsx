import { useEffect, useRef, useState } from 'react';

/**
 * One place to bring reading in: a web address saved as a page or followed as a feed, files
 * (pages, Markdown, text, and exports from Pocket, Instapaper, Omnivore, Readwise, Wallabag),
 * and OPML subscriptions.
 */
export function AddDialog(props: {
  onSave: (url: string) => void;
  onFollow: (url: string, fullText: boolean) => void;
  onFiles: () => void;
  onOpml: () => void;
  onExportOpml: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [url, setUrl] = useState('');
  const [as, setAs] = useState<'page' | 'feed'>('page');
  const [fullText, setFullText] = useState(false);
  useEffect(() => {
    if (!ref.current?.open) ref.current?.showModal();
  }, []);
  const valid = /^https?:\/\/\S+\.\S+|^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//i.test(url.trim());
  const submit = () => {
    if (!valid) return;
    ref.current?.close();
    if (as === 'page') props.onSave(url.trim());
    else props.onFollow(url.trim(), fullText);
  };
  return (
    <dialog ref={ref} className="settings-dialog add-dialog" aria-labelledby="add-title" onClose={props.onClose}>
      <h2 id="add-title">Add to your library</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="field">
          <span>Web address</span>
          <input type="url" autoFocus placeholder="https://…" value={url} onChange={(e) => setUrl(e.target.value)} aria-describedby="add-hint" />
        </label>
        <div className="choices" role="radiogroup" aria-label="Add it as">
          <label><input type="radio" name="as" checked={as === 'page'} onChange={() => setAs('page')} /> Save this page</label>
          <label><input type="radio" name="as" checked={as === 'feed'} onChange={() => setAs('feed')} /> Follow its feed</label>
        </div>
        {as === 'feed' && (
          <label className="check"><input type="checkbox" checked={fullText} onChange={(e) => setFullText(e.target.checked)} /> Fetch the whole page of every item (for feeds that carry summaries)</label>
        )}
        <p id="add-hint" className="muted">Pages are kept with their images, to read offline. A site’s address finds its feed.</p>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={!valid}>{as === 'page' ? 'Save page' : 'Follow'}</button>
        </div>
      </form>
      <h3>From files</h3>
      <p className="muted">Web pages, Markdown and text, and exports from Pocket, Instapaper, Omnivore, Readwise Reader and Wallabag — highlights included.</p>
      <div className="actions">
        <button onClick={() => { ref.current?.close(); props.onFiles(); }}>Import files…</button>
        <button onClick={() => { ref.current?.close(); props.onOpml(); }}>Import OPML…</button>
        <button onClick={() => { ref.current?.close(); props.onExportOpml(); }}>Export OPML…</button>
      </div>
    </dialog>
  );
}
