import { memo } from 'react';
import type { ArticleSummary, SORTS } from '../../main/common/contract';
import { ArticleRow, type RowEvents } from './ArticleRow';
import { VirtualRows } from './VirtualRows';

const EMPTY: Record<string, { title: string; body: string }> = {
  inbox: { title: 'Nothing to read yet', body: 'Import web pages, Markdown or text files — or drop them anywhere on this window.' },
  starred: { title: 'No starred articles', body: 'Star an article in the reader to keep it here.' },
  archive: { title: 'The archive is empty', body: 'Archived articles leave the inbox and wait here.' },
  all: { title: 'Your library is empty', body: 'Import web pages, Markdown or text files — or drop them anywhere on this window.' },
  scoped: { title: 'Nothing here', body: 'No article carries this tag or comes from this source any more.' },
};

export function ArticleList(props: {
  title: string;
  view: string;
  sort: (typeof SORTS)[number];
  onSort: (s: (typeof SORTS)[number]) => void;
  articles: ArticleSummary[] | null;
  selectedId: number | null;
  checked: ReadonlySet<number>;
  events: RowEvents;
  /** Told the rows in view once the list stops scrolling. */
  onSettled?: (inView: ArticleSummary[]) => void;
  onImport: () => void;
  /** The bulk bar, when articles are checked. */
  children?: React.ReactNode;
}) {
  const { articles } = props;
  const selectedIndex = articles ? articles.findIndex((a) => a.id === props.selectedId) : -1;
  return (
    <>
      <header className="list-header">
        <h2>{props.title}</h2>
        {articles && <span className="muted">{articles.length} {articles.length === 1 ? 'article' : 'articles'}</span>}
        <select className="sort" aria-label="Sort by" value={props.sort} onChange={(e) => props.onSort(e.target.value as (typeof SORTS)[number])}>
          <option value="saved">Newest saved</option>
          <option value="published">Newest published</option>
          <option value="title">Title</option>
          <option value="length">Shortest first</option>
        </select>
      </header>
      {props.children}
      {articles && articles.length === 0 && (
        <div className="empty">
          <h3>{EMPTY[props.view]!.title}</h3>
          <p>{EMPTY[props.view]!.body}</p>
          {(props.view === 'inbox' || props.view === 'all') && (
            <button className="primary" onClick={props.onImport}>Import files…</button>
          )}
        </div>
      )}
      {articles && articles.length > 0 && (
        <VirtualRows
          items={articles}
          label="Articles"
          selectedIndex={selectedIndex}
          onSettled={props.onSettled}
          render={(a, i) => (
            <ListRow key={a.id} article={a} selected={i === selectedIndex} tabbable={selectedIndex === -1 ? i === 0 : i === selectedIndex} checked={props.checked.has(a.id)} index={i} of={articles.length} events={props.events} />
          )}
        />
      )}
    </>
  );
}

/**
 * A row that renders again only when what it shows changes: opening an article changes two
 * rows, and the list of 10,000 is rendered again at each change of the store.
 */
const ListRow = memo(function ListRow(props: { article: ArticleSummary; selected: boolean; tabbable: boolean; checked: boolean; index: number; of: number; events: RowEvents }) {
  const a = props.article;
  return (
    <ArticleRow article={a} selected={props.selected} tabbable={props.tabbable} checked={props.checked} position={{ index: props.index, of: props.of }} events={props.events}>
      {a.excerpt && <p className="row-excerpt">{a.excerpt}</p>}
    </ArticleRow>
  );
});
