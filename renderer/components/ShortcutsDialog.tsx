import { useEffect, useRef } from 'react';
import { COMMAND_IDS, commandSpec, keyLabel, type CommandId } from '../../main/common/commands';

const mac = /Mac/.test(navigator.userAgent);
const mod = mac ? '⌘' : 'Ctrl';

/** Keys the rows and the mouse handle themselves, listed after the command they sit beside. */
const ROW_KEYS: Partial<Record<CommandId, [keys: string[], what: string]>> = {
  'list-up': [['Enter', 'o'], 'Open the focused article'],
  check: [['Shift+click', `${mod}+click`], 'Check a range of articles, or one more'],
  undo: [['Shift+F10'], 'The focused article’s menu (also a right-click)'],
};

/** The sheet, read from the command table: every command with words for it, and its keys. */
const SHORTCUTS: [keys: string[], what: string][] = COMMAND_IDS.flatMap((id) => {
  const spec = commandSpec(id);
  const own: [string[], string][] = spec.help && spec.keys.length ? [[spec.keys.map((k) => keyLabel(k, mac)), spec.help]] : [];
  const after = ROW_KEYS[id];
  return after ? [...own, after] : own;
});

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
