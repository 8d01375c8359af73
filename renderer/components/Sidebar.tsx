import { memo, useState } from 'react';
import icon from '../../assets/icon.svg';
import type { FeedInfo, LibraryCounts, SourceInfo, TagInfo } from '../../main/common/contract';
import type { Scope, View } from '../state/state';
import { sourceName } from '../format';
import { SyncStatusLine } from './sync/SyncStatusLine';

const FEW_SOURCES = 12;
const MAX_SOURCES_SHOWN = 500;


const VIEWS: { view: View; label: string; count: (c: LibraryCounts) => number }[] = [
  { view: 'inbox', label: 'Inbox', count: (c) => c.inbox },
  { view: 'starred', label: 'Starred', count: (c) => c.starred },
  { view: 'bookmarks', label: 'Bookmarks', count: (c) => c.starred + c.places },
  { view: 'notebook', label: 'Notebook', count: (c) => c.annotations },
  { view: 'archive', label: 'Archive', count: (c) => c.archive },
  { view: 'all', label: 'All articles', count: (c) => c.articles },
];

/** Rendered again only when its props change: opening an article changes none of them. */
export const Sidebar = memo(function Sidebar(props: {
  view: View;
  scope: Scope;
  counts: LibraryCounts | null;
  tags: TagInfo[];
  sources: SourceInfo[];
  feeds: FeedInfo[];
  refreshing: boolean;
  onRefreshFeeds: () => void;
  onView: (v: View, scope: Scope) => void;
  onManageTags: () => void;
  onImport: () => void;
  onToggleTheme: () => void;
  onSettings: () => void;
  dark: boolean;
}) {
  const tags = props.tags.filter((t) => t.articles > 0);
  // A library of single files has a source per article: the sidebar lists the sources that
  // gathered several (digests, exports, sites), the largest first, and all only when asked.
  const [allSources, setAllSources] = useState(false);
  const sources = allSources
    ? props.sources.slice(0, MAX_SOURCES_SHOWN)
    : props.sources.filter((s) => s.articles > 1 || props.sources.length <= FEW_SOURCES).sort((a, b) => b.articles - a.articles).slice(0, FEW_SOURCES);
  const isScope = (kind: 'tag' | 'source' | 'feed', name: string) => props.scope?.kind === kind && props.scope.name === name;
  return (
    <nav className="sidebar" aria-label="Library">
      <h1 className="brand">
        <img src={icon} alt="" width={28} height={28} />
        <span>Lectern</span>
      </h1>
      <div className="sidebar-scroll">
        <ul className="views">
          {VIEWS.map(({ view, label, count }) => (
            <li key={view}>
              <button className="view" aria-current={props.view === view && !props.scope ? 'page' : undefined} onClick={() => props.onView(view, null)}>
                <span>{label}</span>
                <span className="count">{props.counts ? count(props.counts) : ''}</span>
              </button>
            </li>
          ))}
        </ul>
        {props.feeds.length > 0 && (
          <section aria-labelledby="feeds-heading">
            <h2 className="sidebar-heading" id="feeds-heading">
              <span>Feeds</span>
              <button className="link" onClick={props.onRefreshFeeds} disabled={props.refreshing}>{props.refreshing ? 'Refreshing…' : 'Refresh'}</button>
            </h2>
            <ul className="views">
              {props.feeds.map((f) => (
                <li key={f.id}>
                  <button className="view" aria-current={isScope('feed', f.title) ? 'page' : undefined} title={f.error ? `Last refresh failed: ${f.error}` : f.url} onClick={() => props.onView('all', { kind: 'feed', id: f.id, name: f.title })}>
                    <span className="view-name">{f.error && <span className="feed-error" aria-label="refresh failed">! </span>}{f.title}</span>
                    <span className="count" aria-label={`${f.unread} unread`}>{f.unread || ''}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="tags-heading">
          <h2 className="sidebar-heading" id="tags-heading">
            <span>Tags</span>
            <button className="link" onClick={props.onManageTags}>Manage</button>
          </h2>
          {tags.length === 0 ? (
            <p className="sidebar-hint">Press <kbd>t</kbd> in an article to tag it.</p>
          ) : (
            <ul className="views">
              {tags.map((t) => (
                <li key={t.id}>
                  <button className="view" aria-current={isScope('tag', t.name) ? 'page' : undefined} onClick={() => props.onView('all', { kind: 'tag', name: t.name })}>
                    <span className="view-name">#{t.name}</span>
                    <span className="count">{t.articles}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {sources.length > 0 && (
          <section aria-labelledby="sources-heading">
            <h2 className="sidebar-heading" id="sources-heading">
              <span>Sources</span>
              {props.sources.length > sources.length && <button className="link" onClick={() => setAllSources(true)}>All {props.sources.length}</button>}
            </h2>
            <ul className="views">
              {sources.map((s) => (
                <li key={s.name}>
                  <button className="view" aria-current={isScope('source', s.name) ? 'page' : undefined} onClick={() => props.onView('all', { kind: 'source', name: s.name })}>
                    <span className="view-name">{sourceName(s.name)}</span>
                    <span className="count">{s.articles}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <SyncStatusLine onOpen={props.onSettings} />
      <div className="sidebar-actions">
        <button className="primary" onClick={props.onImport} title="Save a page, follow a feed, import files (Ctrl+N)">
          Add…
        </button>
        <button
          className="icon"
          onClick={props.onToggleTheme}
          aria-label={props.dark ? 'Switch to light mode' : 'Switch to dark mode'}
          title={props.dark ? 'Light mode' : 'Dark mode'}
        >
          {props.dark ? '☀' : '☾'}
        </button>
        <button className="icon" onClick={props.onSettings} aria-label="Settings" title="Settings (Ctrl+,)">
          ⚙
        </button>
      </div>
    </nav>
  );
});
