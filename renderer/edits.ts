/** Changes to articles from the renderer: every one goes through `editArticles` and can be undone. */
import { useCallback, useEffect, useState } from 'react';
import type { BulkAction } from '../main/common/contract';
import { api } from './api';

export interface LastEdit {
  message: string;
  /** null once undone. */
  undoId: number | null;
}

const n = (count: number) => (count === 1 ? '1 article' : `${count} articles`);

export function describeEdit(action: BulkAction, count: number): string {
  switch (action.kind) {
    case 'state':
      return action.state === 'archived' ? `Archived ${n(count)}` : `Marked ${n(count)} ${action.state}`;
    case 'star':
      return `${action.starred ? 'Starred' : 'Unstarred'} ${n(count)}`;
    case 'tag':
      return `Tagged ${n(count)} #${action.tag}`;
    case 'untag':
      return `Removed #${action.tag} from ${n(count)}`;
    case 'delete':
      return `Deleted ${n(count)}`;
  }
}

/** The last change, its undo, and Ctrl/Cmd+Z for it. `onChanged` runs after either. */
export function useEdits(onChanged: (ids: number[]) => void, onError: (message: string) => void) {
  const [last, setLast] = useState<(LastEdit & { ids: number[] }) | null>(null);

  const edit = useCallback(
    async (ids: number[], action: BulkAction) => {
      try {
        const { undoId } = await api.editArticles({ ids, action });
        setLast({ message: describeEdit(action, ids.length), undoId, ids });
        onChanged(ids);
      } catch (err) {
        onError((err as Error).message);
      }
    },
    [onChanged, onError],
  );

  const undo = useCallback(async () => {
    if (!last?.undoId) return;
    try {
      await api.undoEdit({ undoId: last.undoId });
      setLast({ ...last, message: `Undone: ${last.message.toLowerCase()}`, undoId: null });
      onChanged(last.ids);
    } catch (err) {
      onError((err as Error).message);
    }
  }, [last, onChanged, onError]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z' && !(e.target as HTMLElement).closest('input, textarea')) {
        e.preventDefault();
        void undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);

  // The notice goes after a while; the undo stays available by key until the next change.
  useEffect(() => {
    if (!last) return;
    const timer = setTimeout(() => setLast((l) => (l === last ? { ...l, message: '' } : l)), 10_000);
    return () => clearTimeout(timer);
  }, [last]);

  /** A change made elsewhere (deleting an annotation) that `undoEdit` can take back. */
  const remember = useCallback((message: string, undoId: number) => setLast({ message, undoId, ids: [] }), []);

  return { last, edit, undo, remember, dismiss: () => setLast((l) => l && { ...l, message: '' }) };
}
