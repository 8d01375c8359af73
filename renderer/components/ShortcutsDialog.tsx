import { useEffect, useRef } from 'react';

const mod = /Mac/.test(navigator.userAgent) ? '⌘' : 'Ctrl';
export const SHORTCUTS: [keys: string[], what: string][] = [
  [['j'], 'Next article'],
  [['k'], 'Previous article'],
  [['↓', '↑'], 'Move in a list'],
  [['Enter'], 'Open the focused article'],
  [['s'], 'Star or unstar the open article'],
  [['e'], 'Archive the open article, or move it back to the inbox'],
  [['u'], 'Mark the open article unread'],
  [[`${mod}+F`], 'Find in the open article (Enter: next, Shift+Enter: previous)'],
  [['/'], 'Search'],
  [[`${mod}+K`], 'Search'],
  [['Esc'], 'Leave the search, back to the list'],
  [[`${mod}+,`], 'Settings'],
  [[`${mod}+O`], 'Import files (app menu)'],
  [['?'], 'This list'],
];

export function ShortcutsDialog(props: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (!ref.current?.open) ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} className="settings-dialog shortcuts" aria-labelledby="shortcuts-title" onClose={props.onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={`${keys.join()}${what}`}>
              <td>{keys.map((k) => <kbd key={k}>{k}</kbd>)}</td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button className="primary" autoFocus onClick={() => ref.current?.close()}>Done</button>
      </div>
    </dialog>
  );
}
