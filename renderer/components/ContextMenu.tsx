import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { keyLabel, type CommandId } from '../../main/common/commands';
import { COMMAND_TABLE } from '../commands';
import { summaryOf, type State } from '../state/state';
import { useApp, useAppState } from '../state/use-app';

interface MenuItem {
  command: CommandId;
  label: string;
  /** Shown on the right, as a reminder of the key that does the same. */
  keys?: string;
  danger?: boolean;
}

const mac = /Mac/.test(navigator.userAgent);
const keysOf = (id: CommandId) => {
  const k = COMMAND_TABLE[id].keys[0];
  return k && keyLabel(k, mac);
};

/** What the menu offers for these articles (one, or the checked ones), from the command table. */
function articleMenu(s: State, ids: number[]): MenuItem[] {
  const one = ids.length === 1 ? summaryOf(s, ids[0]!) : undefined;
  return [
    // The row itself opens on Enter or o.
    ...(ids.length === 1 ? [{ command: 'open' as const, label: 'Open', keys: 'o' }] : []),
    { command: 'star', label: one?.starred ? 'Unstar' : 'Star', keys: keysOf('star') },
    one?.state === 'unread' ? { command: 'toggle-read', label: 'Mark read' } : { command: 'mark-unread', label: 'Mark unread', keys: keysOf('mark-unread') },
    { command: 'archive', label: one?.state === 'archived' ? 'Move to inbox' : 'Archive', keys: keysOf('archive') },
    { command: 'tag', label: 'Tag…', keys: keysOf('tag') },
    { command: 'delete', label: ids.length === 1 ? 'Delete' : `Delete ${ids.length} articles`, keys: 'Del', danger: true },
  ];
}

/**
 * A context menu at the pointer (or at a row, from the keyboard): arrow keys move, Enter picks,
 * Esc or a click elsewhere closes, and focus goes back where it was.
 */
export function ContextMenu(props: { x: number; y: number; ids: number[]; onClose: () => void }) {
  const { run } = useApp();
  const items = articleMenu(useAppState(), props.ids);
  const label = props.ids.length === 1 ? 'Article' : `${props.ids.length} articles`;
  const ref = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState({ left: props.x, top: props.y });
  // Taken before the menu takes focus, to give it back on close.
  const [returnTo] = useState(() => document.activeElement as HTMLElement | null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Kept inside the window.
    setAt({
      left: Math.max(4, Math.min(props.x, window.innerWidth - el.offsetWidth - 4)),
      top: Math.max(4, Math.min(props.y, window.innerHeight - el.offsetHeight - 4)),
    });
    el.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [props.x, props.y]);
  const { onClose } = props;
  useEffect(() => {
    const away = (e: Event) => !ref.current?.contains(e.target as Node) && onClose();
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('blur', onClose);
      returnTo?.focus();
    };
  }, [onClose, returnTo]);

  const onKey = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    e.stopPropagation();
    if (e.key === 'ArrowDown') move(i + 1);
    else if (e.key === 'ArrowUp') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') props.onClose();
    else return;
    e.preventDefault();
  };
  return (
    <div ref={ref} className="context-menu" role="menu" aria-label={label} style={at} onKeyDown={onKey}>
      {items.map((item) => (
        <button
          key={item.label}
          role="menuitem"
          tabIndex={-1}
          className={item.danger ? 'danger' : undefined}
          onClick={() => {
            props.onClose();
            run(item.command, props.ids);
          }}
        >
          <span>{item.label}</span>
          {item.keys && <kbd aria-hidden="true">{item.keys}</kbd>}
        </button>
      ))}
    </div>
  );
}
