import { useEffect, useState } from 'react';
import type { ArticleSummary, Bookmark } from '../../main/common/contract';
import { api } from '../api';
import { formatDate } from '../format';
import { ArticleRow, tabbable, type RowEvents } from './ArticleRow';

/** Starred articles and place bookmarks, together. */
export function BookmarksView(props: {
  version: number;
  selectedId: number | null;
  checked: Set<number>;
  events: RowEvents;
  onGo: (b: Bookmark) => void;
}) {
  const [starred, setStarred] = useState<ArticleSummary[] | null>(null);
  const [places, setPlaces] = useState<Bookmark[] | null>(null);
  useEffect(() => {
    api.listArticles({ view: 'starred' }).then(setStarred, () => setStarred([]));
    api.listBookmarks({}).then(setPlaces, () => setPlaces([]));
  }, [props.version]);
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
                  <button className="place" onClick={() => props.onGo(b)}>
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
