import type { FeedInfo } from '../../main/common/contract';
import { formatDate } from '../format';

/** Above a feed's articles: when it was read, why it failed, and what can be done with it. */
export function FeedBar(props: { feed: FeedInfo; refreshing: boolean; onRefresh: () => void; onFullText: (on: boolean) => void; onUnfollow: () => void }) {
  const f = props.feed;
  return (
    <div className="feed-bar" role="toolbar" aria-label="Feed">
      {f.error && <span className="feed-error" role="alert">The last refresh failed: {f.error}</span>}
      <span>{f.checkedAt ? `Read ${formatDate(f.checkedAt)}` : 'Not read yet'}</span>
      <button onClick={props.onRefresh} disabled={props.refreshing}>{props.refreshing ? 'Refreshing…' : 'Refresh'}</button>
      <label title="For feeds that carry only a summary of each item">
        <input type="checkbox" checked={f.fullText} onChange={(e) => props.onFullText(e.target.checked)} /> Fetch whole pages
      </label>
      <button onClick={props.onUnfollow}>Unfollow</button>
    </div>
  );
}
