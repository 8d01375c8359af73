/**
 * The EPUB reader: the book rendered by foliate-js in book.html (a frame under its own policy,
 * see frame.ts), driven from here. Position and place bookmarks are EPUB CFIs; highlights carry
 * a CFI (FragmentSelector) plus TextQuote and TextPosition over the stored canonical text.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, AnnotationColor, BookSection } from '../../../main/common/contract';
import { api } from '../../api';
import { AnnotationEditor, NotesPanel, SelectionPopover, popoverAt } from '../../components/Annotations';
import { useApp } from '../../state/use-app';
import { sectionAt } from '../../../main/common/annotations/book-sections';
import { phraseMatches, storedText, wordMatches } from '../book-text';
import type { BookReaderProps } from '../types';
import { PAGE_KEYS, type BookWindow, type EpubFrame, type FrameEvents, type FrameRect, type Relocation, type TocEntry } from './frame-api';
import '../books.css';
import { FindBox } from '../../components/FindBox';
import { ExternalLinkDialog } from './ExternalLinkDialog';
import { usePlaces } from '../../components/use-places';
import { useReaderActions } from '../../components/use-reader-actions';

/** The highlight colours drawn over the book (the swatches' colours). */
const COLORS: Record<AnnotationColor, string> = { yellow: '#f5c400', green: '#4fb35a', blue: '#4a90e2', pink: '#e8669a', purple: '#9a6ee8' };
/** Marks drawn a section at most: a common word typed in the find bar need not outline every page. */
const MARKS_A_SECTION = 500;
const FONTS = { serif: "'Literata Variable', Georgia, serif", sans: "'Inter Variable', system-ui, sans-serif" };

type Selected = Parameters<FrameEvents['select']>[0] & object;
type Popover = { kind: 'selection'; at: { top: number; left: number } } | { kind: 'editor'; id: number; at: { top: number; left: number }; focusNote: boolean } | null;

export function EpubReader(props: BookReaderProps) {
  const { store, run } = useApp();
  const { article, actions } = props;
  const frame = useRef<HTMLIFrameElement>(null);
  const main = useRef<HTMLElement>(null);
  const [book, setBook] = useState<EpubFrame | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [toc, setToc] = useState<TocEntry[]>([]);
  const [tocOpen, setTocOpen] = useState(false);
  const [where, setWhere] = useState<Relocation | null>(null);
  const [popover, setPopover] = useState<Popover>(null);
  const places = usePlaces(article.id, store.fail);
  const [finding, setFinding] = useState(false);
  const [notesOpen, setNotesOpen] = useState(false);
  const [activeId, setActiveId] = useState<number | null>(null);
  /** A link in the book to the web, waiting for the reader's consent. */
  const [leaving, setLeaving] = useState<string | null>(null);
  /** Chapters declared XHTML that are not well-formed XML (shown as read as HTML), by path. */
  const [malformed, setMalformed] = useState<string[]>([]);
  /** Spine index → our section (matched by path: foliate's spine also holds non-linear items). */
  const spine = useRef<(BookSection | null)[]>([]);
  const shown = useRef(new Set<number>());
  const selected = useRef<Selected | null>(null);
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const text = useMemo(() => storedText(article.html), [article.html]);
  const fail = store.fail;

  const sectionRange = (index: number) => spine.current[index] ?? null;
  const indexOf = (section: BookSection) => spine.current.indexOf(section);
  /** A rectangle in the book's frame, on the app page. */
  const onPage = (r: FrameRect) => {
    const at = frame.current!.getBoundingClientRect();
    return new DOMRect(r.left + at.left, r.top + at.top, r.right - r.left, r.bottom - r.top);
  };

  const placeIn = async (b: EpubFrame, index: number) => {
    const section = sectionRange(index);
    if (!section) return;
    const inside = latest.current.annotations.filter((a) => !a.orphaned && a.start >= section.start && a.end <= section.end);
    b.clearPlaced(index);
    const found = await b.place(
      index,
      inside.map((a) => ({ key: a.id, color: COLORS[a.color], cfi: a.fragment, exact: a.exact, prefix: a.prefix, suffix: a.suffix, start: a.start - section.start, end: a.end - section.start })),
    );
    // Found by its quote where its CFI named other words (a newer edition): the CFI is rewritten.
    for (const { key, cfi } of found) {
      if (cfi && cfi !== inside.find((a) => a.id === key)?.fragment) void api.updateAnnotation({ annotationId: key, fragment: cfi }).catch(fail);
    }
  };

  /** Marked where they are shown: the find bar's matches while it has some, else the words of the search that opened the book. */
  const markIn = (b: EpubFrame, index: number, ranges: [number, number][]) => {
    const section = sectionRange(index);
    if (!section) return;
    const inside = ranges.filter(([s, e]) => s >= section.start && e <= section.end).slice(0, MARKS_A_SECTION);
    b.mark(index, inside.map(([s, e]) => [s - section.start, e - section.start]));
  };
  const searchMarks = useMemo(() => wordMatches(text, props.marks ?? []), [text, props.marks]);
  const [findMarks, setFindMarks] = useState<[number, number][] | null>(null);
  const marks = findMarks ?? searchMarks;
  const marksNow = useRef(marks);
  useLayoutEffect(() => {
    marksNow.current = marks;
  });

  /** Shows a range of the stored text: its section, then the words. */
  const showOffsets = async (b: EpubFrame, start: number, end: number) => {
    const section = sectionAt(latest.current.article.sections, start);
    const index = section ? indexOf(section) : -1;
    if (section && index >= 0) await b.showText(index, start - section.start, end - section.start);
  };

  // Open the book once its frame is there.
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    let cancelled = false;
    const onLoad = async () => {
      const b = (el.contentWindow as BookWindow | null)?.lecternBook;
      if (!b || !article.original) return setError('The book could not be shown.');
      const events: FrameEvents = {
        relocate: (at) => {
          setWhere(at);
          saveSoon(at);
        },
        load: ({ index, id, notWellFormed }) => {
          shown.current.add(index);
          if (notWellFormed) setMalformed((m) => (m.includes(id) ? m : [...m, id]));
          void placeIn(b, index);
          markIn(b, index, marksNow.current);
        },
        select: (s) => {
          selected.current = s;
          if (s && main.current) setPopover({ kind: 'selection', at: popoverAt(onPage(s.rect), main.current) });
          else setPopover((p) => (p?.kind === 'selection' ? null : p));
        },
        activate: (key, rect) => main.current && setPopover({ kind: 'editor', id: key, at: popoverAt(onPage(rect), main.current), focusNote: false }),
        // Only what main would open (web and mail addresses) is offered; a javascript: link is nothing.
        externalLink: (href) => /^(https?|mailto):/i.test(href) && setLeaving(href),
        key: (k) => {
          const e = new KeyboardEvent('keydown', { ...k, bubbles: true, cancelable: true });
          window.dispatchEvent(e);
          return e.defaultPrevented;
        },
      };
      try {
        const base = location.protocol === 'lectern:' ? 'lectern://asset/' : '/asset/';
        // A place bookmark asked for opens the book there; else the book opens where it was left.
        const jump = latest.current.jumpTo?.articleId === article.id ? latest.current.jumpTo : null;
        const opened = await b.open(base + article.original, events, jump && 'locator' in jump ? (jump.locator ?? null) : jump ? null : article.locator);
        if (cancelled) return;
        spine.current = opened.sectionIds.map((id) => article.sections.find((s) => s.href === id) ?? null);
        setToc(opened.toc);
        setBook(b);
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      }
    };
    // The place is saved 300 ms after the reader stops moving; one still waiting when the
    // book closes or the window goes is saved then, so the last move is never lost.
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pending: Relocation | null = null;
    const save = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const at = pending;
      pending = null;
      if (!at) return;
      void api.saveLocator({ id: article.id, progress: Math.min(1, Math.max(0, at.fraction)), locator: at.cfi }).catch(fail);
      if (at.fraction >= 0.98) void store.reachedEnd(latest.current.article);
    };
    const saveSoon = (at: Relocation) => {
      pending = at;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 300);
    };
    el.addEventListener('load', () => void onLoad(), { once: true });
    window.addEventListener('pagehide', save);
    return () => {
      cancelled = true;
      window.removeEventListener('pagehide', save);
      save();
    };
    // One book a reader: BookReader keys it by the article's id.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Lectern's theme, face, size, width and line height, laid over reflowable books.
  const { font, size, width, lineHeight } = props.settings;
  useEffect(() => {
    if (!book) return;
    const apply = () => {
      const css = getComputedStyle(document.documentElement);
      book.setStyle({
        fontFamily: FONTS[font],
        fontSize: size,
        lineHeight,
        width,
        color: css.getPropertyValue('--ink').trim(),
        background: css.getPropertyValue('--paper').trim() || css.getPropertyValue('--bg').trim(),
        link: css.getPropertyValue('--accent').trim(),
        dark: document.documentElement.dataset.theme === 'dark',
      });
    };
    apply();
    const themes = new MutationObserver(apply);
    themes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => themes.disconnect();
  }, [book, font, size, width, lineHeight]);

  // Highlights drawn again when they change.
  useEffect(() => {
    if (book) for (const index of shown.current) void placeIn(book, index);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [book, props.annotations]);

  // Stable, so that the find bar shows its match again only when the match changes (not on every relocation).
  const showFound = useCallback(
    (start: number, end: number) => {
      if (book) void showOffsets(book, start, end);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [book],
  );

  // Marks drawn again when they change (the find bar typed in, or closed).
  useEffect(() => {
    if (book) for (const index of shown.current) markIn(book, index, marks);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [book, marks]);

  // A search hit, a place bookmark or an annotation asked for: shown once the book is open.
  const { jumpTo } = props;
  useEffect(() => {
    if (!book) return;
    if (jumpTo?.articleId === article.id && 'annotationId' in jumpTo) {
      const a = latest.current.annotations.find((x) => x.id === jumpTo.annotationId);
      if (a) void showOffsets(book, a.start, a.end);
    } else if (jumpTo?.articleId === article.id && 'locator' in jumpTo && jumpTo.locator) void book.goTo(jumpTo.locator);
    else if (searchMarks[0]) void showOffsets(book, searchMarks[0][0], searchMarks[0][1]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [book, jumpTo, searchMarks]);

  // Page keys while the focus is on the reader or nowhere (inside the book, the frame turns pages itself).
  useEffect(() => {
    if (!book) return;
    const onKey = (e: KeyboardEvent) => {
      const turn = PAGE_KEYS[e.key];
      const at = e.target instanceof Node ? e.target : null;
      if (!turn || !e.isTrusted || e.ctrlKey || e.metaKey || e.altKey) return;
      if (!(at === document.body || (at && main.current?.contains(at) && !(at instanceof Element && at.closest('input, textarea, select, [role="dialog"]'))))) return;
      e.preventDefault();
      void book[turn]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [book]);

  const highlightSelection = async (color: AnnotationColor, withNote: boolean) => {
    const s = selected.current;
    const section = s ? sectionRange(s.index) : null;
    if (!s || !section || !main.current) return;
    const at = popoverAt(onPage(s.rect), main.current);
    try {
      const made = await api.addAnnotation({ articleId: article.id, color, exact: s.exact, prefix: s.prefix, suffix: s.suffix, start: section.start + s.start, end: section.start + s.end, fragment: s.cfi });
      selected.current = null;
      book?.unselect();
      if (color !== latest.current.settings.highlightColor) void store.updateSettings({ highlightColor: color });
      void store.reloadAnnotations();
      setPopover(withNote ? { kind: 'editor', id: made.id, at, focusNote: true } : null);
    } catch (err) {
      fail(err);
    }
  };

  const addPlace = async () => {
    if (!where) return;
    const { cfi, tocLabel } = where;
    await places.add(() => api.addBookmark({ id: article.id, block: 0, locator: cfi, label: tocLabel ?? '' }));
  };

  useReaderActions(actions, {
    addPlace: () => void addPlace(),
    highlight: (withNote) => void highlightSelection(latest.current.settings.highlightColor, withNote),
    find: () => setFinding(true),
  });

  // Main opens only http(s) and mailto URLs (externalUrl), after its own check.
  const openOutside = (href: string) => void api.openExternal({ url: href }).catch(fail); // eng-disable OPEN_EXTERNAL_JS_CHECK

  const editing = popover?.kind === 'editor' ? props.annotations.find((a: Annotation) => a.id === popover.id) : undefined;
  return (
    <main className="reader book-reader" aria-label="Reader" ref={main}>
      <div className="reader-toolbar" role="toolbar" aria-label="Book actions">
        <button onClick={() => run('previous')} aria-label="Previous article" title="Previous article (k)">‹</button>
        <button onClick={() => run('next')} aria-label="Next article" title="Next article (j)">›</button>
        <span className="places-anchor">
          <button aria-expanded={tocOpen} onClick={() => setTocOpen((o) => !o)} disabled={toc.length === 0}>Contents</button>
          {tocOpen && (
            <nav className="places book-toc" aria-label="Contents">
              <ul>
                {toc.map((t, i) => (
                  <li key={i} style={{ paddingLeft: `${t.depth}em` }}>
                    <button
                      className="link"
                      aria-current={where?.tocLabel === t.label ? 'true' : undefined}
                      onClick={() => {
                        setTocOpen(false);
                        void book?.goTo(t.href);
                      }}
                    >
                      {t.label || 'Untitled'}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </span>
        <button onClick={() => void book?.prev()} aria-label="Previous page" title="Previous page (Page Up)" disabled={!book}>←</button>
        <button onClick={() => void book?.next()} aria-label="Next page" title="Next page (Page Down)" disabled={!book}>→</button>
        <span className="toolbar-gap" />
        <div className="progress" role="progressbar" aria-label="Reading progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((where?.fraction ?? article.progress) * 100)}>
          <div style={{ width: `${(where?.fraction ?? article.progress) * 100}%` }} />
        </div>
        <button onClick={() => run('star', [article.id])} aria-pressed={article.starred}>
          {article.starred ? '★ Starred' : '☆ Star'}
        </button>
        <button onClick={() => run('archive', [article.id])}>{article.state === 'archived' ? 'Move to inbox' : 'Archive'}</button>
        <button onClick={() => run('bookmark-place')} title="Bookmark this place (b)" disabled={!where}>Bookmark place</button>
        <button aria-expanded={notesOpen} onClick={() => setNotesOpen((o) => !o)} title="Highlights and notes in this book">
          Annotations ({props.annotations.length})
        </button>
        <span className="places-anchor">
          <button aria-expanded={places.open} onClick={places.toggle}>
            Places ({places.places.length})
          </button>
          {places.open && (
            <div className="places" role="dialog" aria-label="Places">
              {places.places.length === 0 ? (
                <p className="muted">No places yet: press <kbd>b</kbd> to mark where you are.</p>
              ) : (
                <ul>
                  {places.places.map((b) => (
                    <li key={b.id}>
                      <button className="link" onClick={() => b.locator && void book?.goTo(b.locator)}>{b.label || 'Place'}</button>
                      <button aria-label={`Delete the place ${b.label}`} onClick={() => places.remove(b)}>×</button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </span>
      </div>
      <h1 className="book-title" dir={article.titleDir}>{article.title}</h1>
      {finding && book && (
        <BookFind
          text={text}
          onShow={showFound}
          onMatches={setFindMarks}
          onClose={() => {
            setFinding(false);
            setFindMarks(null);
          }}
        />
      )}
      {error && <p role="alert" className="problem">{error}</p>}
      {malformed.length > 0 && (
        <p role="status" className="book-notice">
          Not well-formed XHTML, shown as the browser reads HTML (it may not be what the book means): {malformed.join(', ')}
        </p>
      )}
      <iframe ref={frame} className="book-frame" src="book.html" title={`${article.title} (book)`} />
      {leaving && (
        <ExternalLinkDialog
          href={leaving}
          onOpen={() => openOutside(leaving)}
          onClose={() => setLeaving(null)}
        />
      )}
      {notesOpen && (
        <NotesPanel
          // A book's highlights are placed chapter by chapter as they are shown: each is listed by its range in the book's text.
          placed={props.annotations.map((a) => ({ annotation: a, range: a.orphaned ? null : { start: a.start, end: a.end } }))}
          activeId={activeId}
          onGo={({ annotation: a }) => {
            setActiveId(a.id);
            if (!a.orphaned && book) void showOffsets(book, a.start, a.end);
            // Its note, to read or edit, beside the book's first lines.
            const at = frame.current!.getBoundingClientRect();
            if (main.current) setPopover({ kind: 'editor', id: a.id, at: popoverAt(new DOMRect(at.left + 48, at.top + 24, 0, 0), main.current), focusNote: true });
          }}
          onExport={(format) => void store.exportAnnotations(format, article.id)}
          onClose={() => setNotesOpen(false)}
        />
      )}
      {popover?.kind === 'selection' && (
        <SelectionPopover
          at={popover.at}
          onColor={(c) => void highlightSelection(c, false)}
          onNote={() => void highlightSelection(latest.current.settings.highlightColor, true)}
          onCopy={() => {
            void navigator.clipboard?.writeText(selected.current?.exact ?? '');
            setPopover(null);
          }}
        />
      )}
      {popover?.kind === 'editor' && editing && (
        <AnnotationEditor
          key={popover.id}
          annotation={editing}
          at={popover.at}
          knownTags={props.knownTags}
          focusNote={popover.focusNote}
          onClose={() => setPopover(null)}
        />
      )}
    </main>
  );
}

/** Ctrl/Cmd+F in a book: matches over the whole stored text, each shown at its chapter and all marked (none typed: null). */
function BookFind(props: { text: string; onShow: (start: number, end: number) => void; onMatches: (matches: [number, number][] | null) => void; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const [current, setCurrent] = useState(0);
  const matches = useMemo(() => phraseMatches(props.text, typed), [props.text, typed]);
  const { onShow, onMatches } = props;
  useEffect(() => onMatches(typed.trim() ? matches : null), [matches, typed, onMatches]);
  useEffect(() => {
    const m = matches[Math.min(current, matches.length - 1)];
    if (m) onShow(m[0], m[1]);
  }, [matches, current, onShow]);
  const move = (delta: number) => matches.length && setCurrent((c) => (c + delta + matches.length) % matches.length);
  return (
    <FindBox
      label="Find in book"
      text={typed}
      onText={(t) => {
        setTyped(t);
        setCurrent(0);
      }}
      current={current}
      count={matches.length}
      onMove={move}
      onClose={props.onClose}
    />
  );
}
