/** The words for a change to articles, shown beside its Undo. */
import type { BulkAction } from '../../main/common/contract';

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
