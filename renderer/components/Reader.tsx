import { useEffect, useMemo, useRef } from 'react';
import type { Article } from '../../main/common/contract';
import { api } from '../api';
import { formatDate, minutes, sourceName } from '../format';
import { safeArticleHtml } from '../sanitize';

export function Reader(props: {
  article: Article | null;
  libraryEmpty: boolean;
  /** Words to mark, from the search that opened the article; the first is scrolled to. */
  marks: string[] | null;
  loading: boolean;
  onStar: (a: Article) => void;
  onToggleArchive: (a: Article) => void;
  onToggleRead: (a: Article) => void;
  onError: (message: string) => void;
}) {
  const { article } = props;
  const body = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLElement>(null);
  const html = useMemo(() => (article ? safeArticleHtml(article.html) : ''), [article?.id, article?.html]);

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [article?.id]);

  useEffect(() => {
    CSS.highlights.delete('search-match');
    if (!article || !props.marks?.length || !body.current) return;
    const ranges = findWords(body.current, props.marks);
    if (ranges.length === 0) return;
    CSS.highlights.set('search-match', new Highlight(...ranges));
    const first = ranges[0]!.startContainer.parentElement;
    first?.scrollIntoView({ block: 'center' });
  }, [article?.id, props.marks]);

  if (!article) {
    return (
      <main className="reader reader-empty" aria-label="Reader">
        <div className="empty">
          <h3>{props.loading ? 'Opening…' : props.libraryEmpty ? 'Your articles will open here' : 'Choose something to read'}</h3>
          {!props.loading && !props.libraryEmpty && <p>Pick an article from the list, or press <kbd>j</kbd> to open the first one.</p>}
        </div>
      </main>
    );
  }

  const onClick = (e: React.MouseEvent) => {
    const link = (e.target as HTMLElement).closest('a');
    if (!link) return;
    e.preventDefault();
    const href = link.getAttribute('href');
    if (!href || href.startsWith('#')) return;
    api.openExternal({ url: link.href }).catch((err: Error) => props.onError(err.message));
  };

  const byline = [
    article.author,
    article.publishedAt ? formatDate(article.publishedAt) : `Saved ${formatDate(article.savedAt)}`,
    minutes(article.readingMinutes),
  ].filter(Boolean);
  return (
    <main className="reader" aria-label="Reader" ref={scroller}>
      <div className="reader-toolbar" role="toolbar" aria-label="Article actions">
        <button onClick={() => props.onStar(article)} aria-pressed={article.starred}>
          {article.starred ? '★ Starred' : '☆ Star'}
        </button>
        <button onClick={() => props.onToggleRead(article)}>
          {article.state === 'unread' ? 'Mark read' : 'Mark unread'}
        </button>
        <button onClick={() => props.onToggleArchive(article)}>
          {article.state === 'archived' ? 'Move to inbox' : 'Archive'}
        </button>
        {article.url && (
          <button onClick={() => api.openExternal({ url: article.url! }).catch((err: Error) => props.onError(err.message))}>
            Open original ↗
          </button>
        )}
      </div>
      <article className="article" lang={article.lang ?? undefined}>
        <p className="kicker">{article.site ?? sourceName(article.source)}</p>
        <h1>{article.title}</h1>
        <p className="byline">{byline.join(' · ')}</p>
        {article.sourceIntro && (
          <details className="digest-intro">
            <summary>From the introduction of {sourceName(article.source)}</summary>
            {article.sourceIntro.split('\n\n').map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </details>
        )}
        <div className="article-body" ref={body} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
      </article>
    </main>
  );
}

/** Ranges of whole-word, case-insensitive occurrences of `words` in the element's text. */
function findWords(root: HTMLElement, words: string[]): Range[] {
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of (node.nodeValue ?? '').matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, m.index!);
      range.setEnd(node, m.index! + m[0].length);
      ranges.push(range);
    }
  }
  return ranges;
}
