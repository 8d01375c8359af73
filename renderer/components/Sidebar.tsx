import icon from '../../assets/icon.svg';
import type { LibraryCounts, LIBRARY_VIEWS } from '../../main/common/contract';

export type View = (typeof LIBRARY_VIEWS)[number] | 'bookmarks';

const VIEWS: { view: View; label: string; count: (c: LibraryCounts) => number }[] = [
  { view: 'inbox', label: 'Inbox', count: (c) => c.inbox },
  { view: 'starred', label: 'Starred', count: (c) => c.starred },
  { view: 'bookmarks', label: 'Bookmarks', count: (c) => c.starred + c.places },
  { view: 'archive', label: 'Archive', count: (c) => c.archive },
  { view: 'all', label: 'All articles', count: (c) => c.articles },
];

export function Sidebar(props: {
  view: View;
  counts: LibraryCounts | null;
  onView: (v: View) => void;
  onImport: () => void;
  onToggleTheme: () => void;
  onSettings: () => void;
  dark: boolean;
}) {
  return (
    <nav className="sidebar" aria-label="Library">
      <h1 className="brand">
        <img src={icon} alt="" width={28} height={28} />
        <span>Lectern</span>
      </h1>
      <ul className="views">
        {VIEWS.map(({ view, label, count }) => (
          <li key={view}>
            <button
              className="view"
              aria-current={props.view === view ? 'page' : undefined}
              onClick={() => props.onView(view)}
            >
              <span>{label}</span>
              <span className="count">{props.counts ? count(props.counts) : ''}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-actions">
        <button className="primary" onClick={props.onImport}>
          Import…
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
}
