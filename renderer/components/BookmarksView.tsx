import type { ArticleSummary, Bookmark } from '../../main/common/contract';
import { formatDate } from '../format';
import { useApp } from '../state/use-app';
import { ArticleRow, tabbable, type RowEvents } from './ArticleRow';

/** Starred articles and place bookmarks, together. */
export function BookmarksView(props: {
  starred: ArticleSummary[] | null;
  places: Bookmark[] | null;
  selectedId: number | null;
  checked: ReadonlySet<number>;
  events: RowEvents;
}) {
  const { store } = useApp();
  const { starred, places } = props;
  if (!starred || !places) return null;
  return (
    <>
      <header className="list-header">
        <h2>Bookmarks</h2>
        <span className="muted">
          {starred.length} starred · {places.length} {places.length === 1 ? 'place' : 'places'}
        </span>
      </header>
      {starred.length === 0 && places.length === 0 && (
        <div className="empty">
          <h3>No bookmarks yet</h3>
          <p>Star an article with <kbd>s</kbd>, or mark your place in one with <kbd>b</kbd>.</p>
        </div>
      )}
      <div className="rows">
        {places.length > 0 && (
          <section aria-label="Places">
            <h3 className="group">Places</h3>
            <ul className="place-rows">
              {places.map((b) => (
                <li key={b.id}>
                  <button className="place" onClick={() => void store.goToPlace(b)}>
                    <span className="row-title">{b.label || `Paragraph ${b.block + 1}`}</span>
                    <span className="row-meta">{b.articleTitle} · {formatDate(b.createdAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {starred.length > 0 && (
          <section aria-label="Starred articles">
            <h3 className="group">Starred</h3>
            <ul role="listbox" aria-label="Starred articles" aria-multiselectable="true">
              {starred.map((a, i) => (
                <ArticleRow key={a.id} article={a} selected={a.id === props.selectedId} tabbable={tabbable(starred, props.selectedId, i)} checked={props.checked.has(a.id)} events={props.events} />
              ))}
            </ul>
          </section>
        )}
      </div>
    </>
  );
}
