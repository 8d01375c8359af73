import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, AnnotationColor, Article, Bookmark, Settings } from '../../main/common/contract';
import { api } from '../api';
import type { ReaderActions } from '../commands';
import type { JumpTo } from '../state/state';
import { useApp } from '../state/use-app';
import { formatDate, minutes, sourceName } from '../format';
import { safeArticleFragment } from '../sanitize';
import { AnnotationEditor, highlight, NotesPanel, popoverAt, SelectionPopover, selectionIn, showActive, useAnnotations, type Placed } from './Annotations';
import { TagChips } from './TagInput';
import { BookReader, hasBookReader } from '../books/BookReader';
import { FindBox } from './FindBox';
import { usePlaces } from './use-places';
import { useReaderActions } from './use-reader-actions';

/** The blocks a reading position or a place bookmark counts, in document order. */
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figure, table';

/** The index of the block at the top of the reader's view. */
function blockAtTop(scroller: HTMLElement, body: HTMLElement): number {
  const blocks = [...body.querySelectorAll<HTMLElement>(BLOCKS)];
  const top = scroller.scrollTop + 80;
  const i = blocks.findIndex((b) => b.offsetTop + b.offsetHeight > top);
  return i < 0 ? Math.max(0, blocks.length - 1) : i;
}

function scrollToBlock(scroller: HTMLElement, body: HTMLElement, block: number): void {
  const target = body.querySelectorAll<HTMLElement>(BLOCKS)[block];
  if (target) scroller.scrollTop = target.offsetTop - 70;
}

type ReaderProps = {
  article: Article | null;
  /** The open article's annotations. */
  annotations: Annotation[];
  settings: Settings;
  libraryEmpty: boolean;
  /** Words to mark, from the search that opened the article; the first is scrolled to. */
  marks: string[] | null;
  loading: boolean;
  /** A place to show when the article opens: a place bookmark's block, or an annotation. */
  jumpTo: JumpTo | null;
  knownTags: string[];
  /** The tag field is open (the `t` key opens it). */
  tagEditing: boolean;
  /** Filled with what the reader's own commands (b, h, n, Ctrl/Cmd+F) do. */
  actions: React.RefObject<ReaderActions | null>;
};

/**
 * A book opens in its own reader (books/BookReader.tsx); an article, or a book without one, here.
 * Rendered again only when its props change, not at each change of the lists.
 */
export const Reader = memo(function Reader(props: ReaderProps) {
  const { article } = props;
  return article && hasBookReader(article.kind) ? <BookReader {...props} article={article} /> : <ArticleReader {...props} />;
});

function ArticleReader(props: ReaderProps) {
  const { store, run } = useApp();
  const { article } = props;
  const body = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLElement>(null);
  /** The reader may be away from the top: kept by its scroll events, so that knowing costs no layout. */
  const scrolled = useRef(false);
  const articleId = article?.id ?? null;
  const articleHtml = article?.html;
  // The body is React's to place, not to fill: its sanitized nodes go in as they are, before
  // the effects below (and the annotations') read them.
  useLayoutEffect(() => {
    body.current?.replaceChildren(articleHtml === undefined ? '' : safeArticleFragment(articleHtml));
  }, [articleHtml]);
  const { jumpTo, marks, actions } = props;
  // What effects keyed on the article's id read when they run, without running again for each change.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  const [progress, setProgress] = useState(0);
  const [finding, setFinding] = useState(false);
  const places = usePlaces(articleId, store.fail);

  const { placed, mapNow } = useAnnotations(articleId, body, articleHtml, props.annotations);
  const [popover, setPopover] = useState<Popover>(null);
  const [notesOpen, setNotesOpen] = useState(false);
  const [activeId, setActiveId] = useState<number | null>(null);
  useEffect(() => {
    setPopover(null);
    setActiveId(null);
    setFinding(false);
  }, [articleId]);
  useEffect(() => showActive(placed.find((p) => p.annotation.id === activeId) ?? null), [placed, activeId]);

  const fail = store.fail;
  const openEditor = (p: Placed, focusNote = false) => {
    if (!scroller.current || !p.range) return;
    setActiveId(p.annotation.id);
    setPopover({ kind: 'editor', id: p.annotation.id, at: popoverAt(p.range.getBoundingClientRect(), scroller.current), focusNote });
  };
  const highlightSelection = async (color: AnnotationColor, withNote: boolean) => {
    const range = selectionIn(body.current);
    const map = mapNow();
    if (!article || !map || !range || !scroller.current) return;
    const at = popoverAt(range.getBoundingClientRect(), scroller.current);
    try {
      const made = await highlight(article.id, map, range, color);
      window.getSelection()?.removeAllRanges();
      if (color !== props.settings.highlightColor) void store.updateSettings({ highlightColor: color });
      void store.reloadAnnotations();
      setPopover(made && withNote ? { kind: 'editor', id: made.id, at, focusNote: true } : null);
      if (made) setActiveId(made.id);
    } catch (err) {
      fail(err);
    }
  };

  const addPlace = async () => {
    if (!article || !scroller.current || !body.current) return;
    const { id } = article;
    const block = blockAtTop(scroller.current, body.current);
    await places.add(() => api.addBookmark({ id, block }));
  };

  useReaderActions(actions, {
    addPlace: () => void addPlace(),
    highlight: (withNote) => void highlightSelection(latest.current.settings.highlightColor, withNote),
    find: () => setFinding(true),
  });

  // Back to where the reader was, to the paragraph (unless a search result asks for its match).
  useEffect(() => {
    const el = scroller.current;
    const { article: shown, marks: words } = latest.current;
    if (!el || !shown || shown.id !== articleId) return;
    const jump = jumpTo?.articleId === shown.id ? jumpTo : null;
    if (jump && 'annotationId' in jump) return; // scrolled to once the annotations are placed
    const block = jump ? jump.block : shown.position;
    if (block > 0 && body.current && !words?.length) scrollToBlock(el, body.current, block);
    // Only when it was scrolled: asking for the top lays the new page out before its frame does.
    else if (scrolled.current) el.scrollTo({ top: 0 });
    setProgress(shown.progress);
  }, [articleId, jumpTo]);

  // Remember the position as the reader scrolls; at the end, tell the app.
  useEffect(() => {
    const el = scroller.current;
    if (!el || articleId === null) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const save = () => {
      timer = null;
      scrolled.current = el.scrollTop > 0;
      const max = el.scrollHeight - el.clientHeight;
      const share = max > 0 ? Math.min(1, el.scrollTop / max) : 1;
      const block = body.current ? blockAtTop(el, body.current) : 0;
      setProgress(share);
      void api.saveProgress({ id: articleId, progress: share, block }).catch(fail);
      const shown = latest.current.article;
      if (share >= 0.98 && shown?.id === articleId) void store.reachedEnd(shown);
    };
    const onScroll = () => {
      scrolled.current = true;
      timer ??= setTimeout(save, 300);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      if (timer) clearTimeout(timer);
    };
  }, [articleId, fail, store]);

  useEffect(() => {
    if (!jumpTo || jumpTo.articleId !== articleId || !('annotationId' in jumpTo)) return;
    const p = placed.find((x) => x.annotation.id === jumpTo.annotationId);
    if (p) goTo(p, setActiveId);
  }, [placed, jumpTo, articleId]);

  useEffect(() => {
    CSS.highlights.delete('search-match');
    if (articleId === null || !marks?.length || !body.current) return;
    const ranges = findRanges(body.current, wordsPattern(marks));
    if (ranges.length === 0) return;
    CSS.highlights.set('search-match', new Highlight(...ranges));
    const first = ranges[0]!.startContainer.parentElement;
    first?.scrollIntoView({ block: 'center' });
  }, [articleId, marks]);

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
    if (!link) {
      // A click on a highlight opens it: the innermost one when highlights overlap.
      const caret = placed.length > 0 ? document.caretRangeFromPoint(e.clientX, e.clientY) : null;
      const map = caret && mapNow();
      const offset = caret && map ? map.offsetAtPoint(caret.startContainer, caret.startOffset) : null;
      const hit = offset === null ? undefined : placed.filter((p) => p.range && p.start <= offset && offset < p.end).sort((x, y) => x.end - x.start - (y.end - y.start))[0];
      if (hit && window.getSelection()?.isCollapsed !== false) openEditor(hit);
      return;
    }
    e.preventDefault();
    const href = link.getAttribute('href');
    if (!href || href.startsWith('#')) return;
    // Main opens only http(s) and mailto URLs (externalUrl), after its own check.
    api.openExternal({ url: link.href }).catch(fail); // eng-disable OPEN_EXTERNAL_JS_CHECK
  };

  const byline = [
    article.author,
    article.publishedAt ? formatDate(article.publishedAt) : `Saved ${formatDate(article.savedAt)}`,
    minutes(article.readingMinutes),
  ].filter(Boolean);
  return (
    // Busy while the next article is slow to come: this one stays until it does.
    <main className={`reader${notesOpen ? ' with-notes' : ''}`} aria-label="Reader" aria-busy={props.loading || undefined} ref={scroller}>
      <div className="reader-toolbar" role="toolbar" aria-label="Article actions">
        <button onClick={() => run('previous')} aria-label="Previous article" title="Previous article (k)">‹</button>
        <button onClick={() => run('next')} aria-label="Next article" title="Next article (j)">›</button>
        <span className="toolbar-gap" />
        <div className="progress" role="progressbar" aria-label="Reading progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
          <div style={{ width: `${progress * 100}%` }} />
        </div>
        <button onClick={() => run('star', [article.id])} aria-pressed={article.starred}>
          {article.starred ? '★ Starred' : '☆ Star'}
        </button>
        <button onClick={() => run('toggle-read', [article.id])}>
          {article.state === 'unread' ? 'Mark read' : 'Mark unread'}
        </button>
        <button onClick={() => run('archive', [article.id])}>
          {article.state === 'archived' ? 'Move to inbox' : 'Archive'}
        </button>
        <button onClick={() => run('bookmark-place')} title="Bookmark this place (b)">Bookmark place</button>
        <button aria-expanded={notesOpen} onClick={() => setNotesOpen((o) => !o)} title="Highlights and notes in this article">
          Annotations ({placed.length})
        </button>
        <span className="places-anchor">
          <button aria-expanded={places.open} onClick={places.toggle}>
            Places ({places.places.length})
          </button>
          {places.open && (
            <Places
              places={places.places}
              focusId={places.added}
              onGo={(b) => scroller.current && body.current && scrollToBlock(scroller.current, body.current, b.block)}
              onRename={places.rename}
              onDelete={places.remove}
            />
          )}
        </span>
        {article.url && (
          <button onClick={() => api.openExternal({ url: article.url! }).catch(fail)}> {/* eng-disable OPEN_EXTERNAL_JS_CHECK */}
            Open original ↗
          </button>
        )}
      </div>
      {finding && <FindBar root={body.current} onClose={() => setFinding(false)} />}
      <article
        className={`article font-${props.settings.font}`}
        lang={article.lang ?? undefined}
        style={{ '--reader-size': `${props.settings.size / 16}rem`, '--reader-width': `${props.settings.width}ch`, '--reader-line': props.settings.lineHeight } as React.CSSProperties}
      >
        <p className="kicker">{article.site ?? sourceName(article.source)}</p>
        <h1>{article.title}</h1>
        <p className="byline">{byline.join(' · ')}</p>
        <TagChips
          tags={article.tags}
          known={props.knownTags}
          editing={props.tagEditing}
          onEdit={store.setTagEditing}
          onAdd={(tag) => void store.edit([article.id], { kind: 'tag', tag })}
          onRemove={(tag) => void store.edit([article.id], { kind: 'untag', tag })}
          onPick={store.pickTag}
        />
        {article.linkOnly && (
          <div className="link-only" role="status">
            <p>
              Only the link to this article is saved so far{article.fetchError ? ` — the last try failed: ${article.fetchError}` : ''}. Lectern fetches the text when it is online.
            </p>
            <button onClick={() => void store.fetchLinks()}>Fetch the text now</button>
          </div>
        )}
        {article.sourceIntro && (
          <details className="digest-intro">
            <summary>From the introduction of {sourceName(article.source)}</summary>
            {article.sourceIntro.split('\n\n').map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </details>
        )}
        <div
          className="article-body"
          ref={body}
          onClick={onClick}
          onMouseUp={() =>
            // After the browser has settled the selection.
            setTimeout(() => {
              const range = selectionIn(body.current);
              if (range && scroller.current) setPopover({ kind: 'selection', at: popoverAt(range.getBoundingClientRect(), scroller.current) });
              else setPopover((p) => (p?.kind === 'selection' ? null : p));
            })
          }
        />
      </article>
      {popover?.kind === 'selection' && (
        <SelectionPopover
          at={popover.at}
          onColor={(c) => void highlightSelection(c, false)}
          onNote={() => void highlightSelection(props.settings.highlightColor, true)}
          onCopy={() => {
            const text = selectionIn(body.current)?.toString() ?? '';
            void navigator.clipboard?.writeText(text).catch(() => document.execCommand('copy'));
            setPopover(null);
          }}
        />
      )}
      {popover?.kind === 'editor' && placed.find((p) => p.annotation.id === popover.id) && (
        <AnnotationEditor
          key={popover.id}
          annotation={placed.find((p) => p.annotation.id === popover.id)!.annotation}
          at={popover.at}
          knownTags={props.knownTags}
          focusNote={popover.focusNote}
          onClose={() => setPopover(null)}
        />
      )}
      {notesOpen && (
        <NotesPanel
          placed={placed}
          activeId={activeId}
          onGo={(p) => (p.range ? goTo(p, setActiveId) : setActiveId(p.annotation.id))}
          onExport={(format) => void store.exportAnnotations(format, article.id)}
          onClose={() => setNotesOpen(false)}
        />
      )}
    </main>
  );
}

/** Shows an annotation: marked as the active one, and scrolled to. */
function goTo(p: Placed, setActiveId: (id: number) => void): void {
  setActiveId(p.annotation.id);
  p.range?.startContainer.parentElement?.scrollIntoView({ block: 'center' });
}
type Popover = { kind: 'selection'; at: { top: number; left: number } } | { kind: 'editor'; id: number; at: { top: number; left: number }; focusNote: boolean } | null;

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word, case-insensitive occurrences of any of `words`. */
function wordsPattern(words: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Ranges of the text in `root` that `pattern` (a global regex) matches, in document order. */
function findRanges(root: HTMLElement, pattern: RegExp): Range[] {
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of (node.nodeValue ?? '').matchAll(pattern)) {
      if (!m[0]) continue;
      const range = document.createRange();
      range.setStart(node, m.index!);
      range.setEnd(node, m.index! + m[0].length);
      ranges.push(range);
    }
  }
  return ranges;
}

/** Ctrl/Cmd+F inside the article: every match marked, the current one scrolled to, "n of m". */
function FindBar(props: { root: HTMLElement | null; onClose: () => void }) {
  const [text, setText] = useState('');
  const [current, setCurrent] = useState(0);
  const ranges = useMemo(
    () => (props.root && text.trim() ? findRanges(props.root, new RegExp(escape(text.trim()), 'giu')) : []),
    [props.root, text],
  );
  useEffect(() => {
    CSS.highlights.delete('find-match');
    CSS.highlights.delete('find-current');
    if (ranges.length === 0) return;
    const at = Math.min(current, ranges.length - 1);
    CSS.highlights.set('find-match', new Highlight(...ranges));
    CSS.highlights.set('find-current', new Highlight(ranges[at]!));
    ranges[at]!.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  }, [ranges, current]);
  useEffect(
    () => () => {
      CSS.highlights.delete('find-match');
      CSS.highlights.delete('find-current');
    },
    [],
  );
  const move = (delta: number) => ranges.length && setCurrent((c) => (c + delta + ranges.length) % ranges.length);
  return (
    <FindBox
      label="Find in article"
      text={text}
      onText={(t) => {
        setText(t);
        setCurrent(0);
      }}
      current={current}
      count={ranges.length}
      onMove={move}
      onClose={props.onClose}
    />
  );
}

/** This article's place bookmarks: jump to one, label it, delete it. */
function Places(props: {
  places: Bookmark[];
  focusId: number | null;
  onGo: (b: Bookmark) => void;
  onRename: (b: Bookmark, label: string) => void;
  onDelete: (b: Bookmark) => void;
}) {
  if (props.places.length === 0) {
    return <div className="places" role="dialog" aria-label="Places"><p className="muted">No places yet: press <kbd>b</kbd> to mark where you are.</p></div>;
  }
  return (
    <div className="places" role="dialog" aria-label="Places">
      <ul>
        {props.places.map((b) => (
          <li key={b.id}>
            <button className="link" onClick={() => props.onGo(b)}>¶ {b.block + 1}</button>
            <input
              aria-label={`Label for the place at paragraph ${b.block + 1}`}
              placeholder="Add a label"
              defaultValue={b.label}
              autoFocus={b.id === props.focusId}
              onBlur={(e) => e.target.value !== b.label && props.onRename(b, e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
            />
            <button aria-label={`Delete the place at paragraph ${b.block + 1}`} onClick={() => props.onDelete(b)}>×</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
