/**
 * Asks before a link in a book leaves for the web: a book is someone else's document, and
 * following its link tells that address the reader is reading it (EPUB 3.3's reading systems
 * ask for consent before opening external links). Only "Open" sends it to the system browser.
 */
import { useEffect, useRef } from 'react';

export function ExternalLinkDialog(props: { href: string; onOpen: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const app = /^mailto:/i.test(props.href) ? 'your email app' : 'your browser';
  useEffect(() => {
    if (!ref.current?.open) ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} className="settings-dialog external-link" aria-labelledby="external-link-title" onClose={props.onClose}>
      <h2 id="external-link-title">Open this link outside Lectern?</h2>
      <p>The book links to this address, which opens in {app}:</p>
      <p className="external-address">{props.href}</p>
      <div className="dialog-actions">
        <button autoFocus onClick={() => ref.current?.close()}>Cancel</button>
        <button
          className="primary"
          onClick={() => {
            props.onOpen();
            ref.current?.close();
          }}
        >
          Open
        </button>
      </div>
    </dialog>
  );
}
