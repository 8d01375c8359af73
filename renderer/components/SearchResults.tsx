import type { SearchFilters, SearchHit, SearchResponse, SourceInfo, TagInfo } from '../../main/common/contract';
import { sourceName } from '../format';
import { ArticleRow, tabbable, type RowEvents } from './ArticleRow';
import { DateRange } from './DateRange';
import { VirtualRows } from './VirtualRows';

/** Renders a snippet with its matches as <mark>s: the snippet is text, never HTML. */
function Snippet({ text, highlights }: { text: string; highlights: [number, number][] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  highlights.forEach(([s, e], i) => {
    if (s > at) parts.push(text.slice(at, s));
    parts.push(<mark key={i}>{text.slice(s, e)}</mark>);
    at = e;
  });
  parts.push(text.slice(at));
  return <p className="row-excerpt snippet">{parts}</p>;
}

export function SearchFiltersBar(props: {
  filters: SearchFilters;
  sources: SourceInfo[];
  tags: TagInfo[];
  onChange: (f: SearchFilters) => void;
}) {
  const { filters, onChange } = props;
  return (
    <div className="filters" role="group" aria-label="Search filters">
      <select aria-label="State" value={filters.state ?? ''} onChange={(e) => onChange({ ...filters, state: (e.target.value || undefined) as SearchFilters['state'] })}>
        <option value="">Any state</option>
        <option value="unread">Unread</option>
        <option value="read">Read</option>
        <option value="archived">Archived</option>
      </select>
      <select aria-label="Source" value={filters.source ?? ''} onChange={(e) => onChange({ ...filters, source: e.target.value || undefined })}>
        <option value="">Any source</option>
        {props.sources.map((s) => (
          <option key={s.name} value={s.name}>
            {sourceName(s.name)} ({s.articles})
          </option>
        ))}
      </select>
      {props.tags.length > 0 && (
        <select aria-label="Tag" value={filters.tag ?? ''} onChange={(e) => onChange({ ...filters, tag: e.target.value || undefined })}>
          <option value="">Any tag</option>
          {props.tags.map((t) => (
            <option key={t.id} value={t.name}>
              #{t.name} ({t.articles})
            </option>
          ))}
        </select>
      )}
      <label className="check">
        <input type="checkbox" checked={filters.starred === true} onChange={(e) => onChange({ ...filters, starred: e.target.checked ? true : undefined })} />
        Starred
      </label>
      <DateRange label="Saved" from={filters.savedFrom} to={filters.savedTo} onChange={(savedFrom, savedTo) => onChange({ ...filters, savedFrom, savedTo })} />
    </div>
  );
}

export function SearchResults(props: {
  query: string;
  response: SearchResponse | null;
  error: string | null;
  selectedId: number | null;
  checked: ReadonlySet<number>;
  events: RowEvents;
  /** Told the results in view once shown and each time scrolling stops (to read them ahead). */
  onSettled?: (inView: SearchHit[]) => void;
}) {
  const { response, error } = props;
  if (error) {
    return (
      <div className="empty search-error" role="alert">
        <h3>That search could not be read</h3>
        <p>{error}</p>
        <p className="muted">Try plain words, <code>"a phrase"</code>, <code>title:word</code>, <code>+must</code>, <code>-not</code>, <code>pre*</code> or <code>typo~1</code>.</p>
      </div>
    );
  }
  if (!response) return <p className="muted searching">Searching…</p>;
  return (
    <>
      {response.results.length > 0 && (
        <p className="result-count muted" role="status">
          {response.results.length}
          {response.more ? '+' : ''} {response.results.length === 1 ? 'result' : 'results'}
        </p>
      )}
      {response.corrections.length > 0 && (
        <p className="corrections" role="status">
          Showing results for{' '}
          {response.corrections.map((c, i) => (
            <span key={c.from}>
              {i > 0 && ', '}
              <strong>{c.to.join(' / ')}</strong> as well as “{c.from}”
            </span>
          ))}
        </p>
      )}
      {response.results.length === 0 ? (
        <div className="empty">
          <h3>No articles match “{props.query}”</h3>
          <p>Check the spelling, use fewer words, or clear the filters.</p>
        </div>
      ) : (
        <VirtualRows
          items={response.results}
          label="Search results"
          onSettled={props.onSettled}
          selectedIndex={response.results.findIndex((r) => r.id === props.selectedId)}
          render={(r, i) => (
            <ArticleRow key={r.id} article={r} selected={r.id === props.selectedId} tabbable={tabbable(response.results, props.selectedId, i)} checked={props.checked.has(r.id)} position={{ index: i, of: response.results.length }} events={props.events}>
              {r.snippet && <Snippet text={r.snippet} highlights={r.highlights} />}
            </ArticleRow>
          )}
        />
      )}
    </>
  );
}
