import { useEffect, useRef } from 'react';

/**
 * The box Ctrl/Cmd+F opens over an article, an EPUB or a PDF: the words, "n of m", previous,
 * next, close. Each reader finds and shows its matches its own way; the box is the same.
 */
export function FindBox(props: {
  label: string;
  text: string;
  onText: (text: string) => void;
  /** The current match, from 0. */
  current: number;
  count: number;
  onMove: (delta: number) => void;
  onClose: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const { count, onMove } = props;
  return (
    <div className="find-bar" role="search" aria-label={props.label}>
      <input
        ref={input}
        type="search"
        aria-label={props.label}
        placeholder={props.label}
        value={props.text}
        onChange={(e) => props.onText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onMove(e.shiftKey ? -1 : 1);
          if (e.key === 'Escape') {
            e.stopPropagation();
            props.onClose();
          }
        }}
      />
      <span className="find-count" role="status">
        {props.text.trim() ? (count ? `${Math.min(props.current, count - 1) + 1} of ${count}` : 'No matches') : ''}
      </span>
      <button onClick={() => onMove(-1)} aria-label="Previous match" disabled={!count}>↑</button>
      <button onClick={() => onMove(1)} aria-label="Next match" disabled={!count}>↓</button>
      <button onClick={props.onClose} aria-label="Close find">×</button>
    </div>
  );
}
