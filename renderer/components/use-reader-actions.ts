import { useEffect } from 'react';
import type { ReaderActions } from '../commands';

/**
 * Hands the open reader's own commands (b, h, n, Ctrl/Cmd+F) to the command table — every
 * reader, article, EPUB or PDF, the same way. Set again at each render so they close over the
 * reader's latest state; taken back when the reader goes, so the keys do nothing without one.
 */
export function useReaderActions(ref: React.RefObject<ReaderActions | null>, actions: ReaderActions): void {
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(
    () => () => {
      ref.current = null;
    },
    [ref],
  );
}
