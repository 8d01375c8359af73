import type { ArticleSummary } from '../../main/common/contract';
import { formatDate, minutes, sourceName } from '../format';

/** One article in a list: the library's or the search results'. `children` is its excerpt or snippet. */
/** `tabbable`: the one row of the list reached by Tab (the selected one, else the first). */
export function ArticleRow(props: { article: ArticleSummary; selected: boolean; tabbable: boolean; position?: { index: number; of: number }; onOpen: () => void; children?: React.ReactNode }) {
  const a = props.article;
  return (
    <li
      role="option"
      aria-selected={props.selected}
      className={`row${a.state === 'unread' ? ' unread' : ''}`}
      data-article-id={a.id}
      aria-posinset={props.position ? props.position.index + 1 : undefined}
      aria-setsize={props.position?.of}
      tabIndex={props.tabbable ? 0 : -1}
      onClick={props.onOpen}
      onKeyDown={(e) => e.key === 'Enter' && props.onOpen()}
    >
      <div className="row-title">
        {a.state === 'unread' && <span className="dot" aria-label="Unread" />}
        {a.starred && <span className="star" aria-label="Starred">★</span>}
        <span>{a.title}</span>
      </div>
      <div className="row-meta">
        {[a.site ?? sourceName(a.source), formatDate(a.publishedAt ?? a.savedAt), minutes(a.readingMinutes)].filter(Boolean).join(' · ')}
      </div>
      {props.children}
    </li>
  );
}

export function tabbable(rows: { id: number }[], selectedId: number | null, index: number): boolean {
  const selected = rows.findIndex((r) => r.id === selectedId);
  return selected === -1 ? index === 0 : index === selected;
}
