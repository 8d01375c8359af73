import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  /** Shown on the right, as a reminder of the key that does the same. */
  keys?: string;
  danger?: boolean;
  onSelect: () => void;
}

/**
 * A context menu at the pointer (or at a row, from the keyboard): arrow keys move, Enter picks,
 * Esc or a click elsewhere closes, and focus goes back where it was.
 */
export function ContextMenu(props: { x: number; y: number; label: string; items: MenuItem[]; onClose: () => void }) {
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
  useEffect(() => {
    const away = (e: Event) => !ref.current?.contains(e.target as Node) && props.onClose();
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('blur', props.onClose);
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('blur', props.onClose);
      returnTo?.focus();
    };
  }, [props.onClose, returnTo]);

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
    <div ref={ref} className="context-menu" role="menu" aria-label={props.label} style={at} onKeyDown={onKey}>
      {props.items.map((item) => (
        <button
          key={item.label}
          role="menuitem"
          tabIndex={-1}
          className={item.danger ? 'danger' : undefined}
          onClick={() => {
            props.onClose();
            item.onSelect();
          }}
        >
          <span>{item.label}</span>
          {item.keys && <kbd aria-hidden="true">{item.keys}</kbd>}
        </button>
      ))}
    </div>
  );
}
