import type { ArticleSummary } from '../../main/common/contract';
import { formatDate, minutes, sourceName } from '../format';
import { useApp } from '../state/use-app';

/** How a row tells the list it was clicked, right-clicked or asked for its menu from the keyboard. */
export interface RowEvents {
  onClick: (id: number, e: React.MouseEvent | React.KeyboardEvent) => void;
  onMenu: (id: number, x: number, y: number) => void;
}

/**
 * One article in a list: the library's or the search results'. `children` is its excerpt or
 * snippet. `tabbable`: the one row of the list reached by Tab (the open one, else the first).
 * `checked`: picked for a bulk action (Ctrl/Cmd+click, Shift+click, x).
 */
export function ArticleRow(props: { article: ArticleSummary; selected: boolean; checked?: boolean; tabbable: boolean; position?: { index: number; of: number }; events: RowEvents; children?: React.ReactNode }) {
  const a = props.article;
  const { onClick, onMenu } = props.events;
  const { store } = useApp();
  return (
    <li
      role="option"
      aria-selected={props.selected}
      aria-checked={props.checked}
      className={`row${a.state === 'unread' ? ' unread' : ''}${props.checked ? ' checked' : ''}`}
      data-article-id={a.id}
      aria-posinset={props.position ? props.position.index + 1 : undefined}
      aria-setsize={props.position?.of}
      tabIndex={props.tabbable ? 0 : -1}
      // The text is asked for as the button goes down, not when it comes up.
      onPointerDown={(e) => e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && store.pressRow(a.id)}
      onClick={(e) => onClick(a.id, e)}
      onContextMenu={(e) => {
        e.preventDefault();
        onMenu(a.id, e.clientX, e.clientY);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || (e.key === 'o' && !e.ctrlKey && !e.metaKey && !e.altKey)) {
          e.preventDefault();
          onClick(a.id, e);
        }
        if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
          e.preventDefault();
          const box = e.currentTarget.getBoundingClientRect();
          onMenu(a.id, box.left + 24, box.top + 28);
        }
      }}
    >
      <div className="row-title">
        {props.checked && <span className="check-mark" aria-hidden="true">✓</span>}
        {a.state === 'unread' && <span className="dot" aria-label="Unread" />}
        {a.starred && <span className="star" aria-label="Starred">★</span>}
        <span dir={a.titleDir}>{a.title}</span>
        {a.kind !== 'article' && <span className="kind-label">{a.kind.toUpperCase()}</span>}
      </div>
      <div className="row-meta">
        {[a.site ?? sourceName(a.source), formatDate(a.publishedAt ?? a.savedAt), minutes(a.readingMinutes)].filter(Boolean).join(' · ')}
        {a.tags.length > 0 && <span className="row-tags">{a.tags.map((t) => ` #${t}`).join('')}</span>}
      </div>
      {props.children}
    </li>
  );
}

export function tabbable(rows: { id: number }[], selectedId: number | null, index: number): boolean {
  const selected = rows.findIndex((r) => r.id === selectedId);
  return selected === -1 ? index === 0 : index === selected;
}
