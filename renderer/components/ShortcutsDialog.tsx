import { useEffect, useRef } from 'react';

const mod = /Mac/.test(navigator.userAgent) ? '⌘' : 'Ctrl';
export const SHORTCUTS: [keys: string[], what: string][] = [
  [['j'], 'Next article'],
  [['k'], 'Previous article'],
  [['↓', '↑'], 'Move in a list'],
  [['Enter', 'o'], 'Open the focused article'],
  [['x'], 'Check or uncheck the focused article, for a bulk action'],
  [['Shift+click', `${mod}+click`], 'Check a range of articles, or one more'],
  [[`${mod}+A`], 'Check every article in the list'],
  [['s'], 'Star or unstar (the checked articles, else the open one)'],
  [['e'], 'Archive, or move back to the inbox'],
  [['u'], 'Mark unread'],
  [['t'], 'Tag'],
  [['Delete'], 'Delete (undo brings it back)'],
  [[`${mod}+Z`], 'Undo the last change'],
  [['Shift+F10'], 'The focused article’s menu (also a right-click)'],
  [['b'], 'Bookmark the place you are reading'],
  [['h'], 'Highlight the selected text, in the last colour used'],
  [['n'], 'Highlight the selected text and write a note'],
  [[`${mod}+F`], 'Find in the open article (Enter: next, Shift+Enter: previous)'],
  [['/'], 'Search'],
  [[`${mod}+K`], 'Search'],
  [['Esc'], 'Leave the search or the selection, back to the list'],
  [[`${mod}+,`], 'Settings'],
  [[`${mod}+N`], 'Save a page, follow a feed, import files'],
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
