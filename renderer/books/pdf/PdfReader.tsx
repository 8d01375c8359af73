/**
 * The PDF reader: the original file drawn by pdf.js (pdf-view.ts), with the article reader's
 * toolbar, keys, highlights, notes, place bookmarks and find bar, plus pages: page keys, a page
 * number, zoom (fit width, fit page, percent) and the outline as a table of contents. Highlights
 * are offsets into the page texts the import stored (one builder for both, pdf-text.ts), saved
 * with the page they start on as FragmentSelector 'page=N' (one running onto the next pages is
 * drawn on each); the reading position is 'page=N&offset=M'. A locked PDF's password is asked
 * for in a dialog and kept nowhere but in memory while the book is open.
 */
import '../books.css';
import './pdf-reader.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { describe } from '../../../main/common/annotations/anchor';
import type { AnnotationColor } from '../../../main/common/contract';
import { api } from '../../api';
import { AnnotationEditor, NotesPanel, SelectionPopover, popoverAt, type Placed } from '../../components/Annotations';
import { useApp } from '../../state/use-app';
import { usePlaces } from '../../components/use-places';
import type { BookReaderProps } from '../types';
import { annotationAt, drawMarks, type Mark } from './marks';
import { PasswordCancelled, PdfView, type TocEntry, type Zoom } from './pdf-view';
import { phraseMatches, wordMatches } from '../book-text';
import { findInPages, formatLocator, joinPages, parseLocator, pageStart, placeOnPage, type Hit, type PdfPlaced } from './pdf-places';
import { FindBox } from '../../components/FindBox';
import { PasswordField } from '../../components/PasswordField';
import { useReaderActions } from '../../components/use-reader-actions';

const ASSET_BASE = location.protocol === 'lectern:' ? 'lectern://asset/' : '/asset/';
const ZOOMS: { label: string; value: Zoom }[] = [
  { label: 'Fit width', value: 'page-width' },
  { label: 'Fit page', value: 'page-fit' },
  ...[0.5, 0.75, 1, 1.25, 1.5, 2, 3].map((z) => ({ label: `${z * 100} %`, value: z })),
];
const zoomKey = (z: Zoom) => String(z);

function isDark(theme: string): boolean {
  return theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
}

/**
 * The page a book opens at, when known before its text is read: a place bookmark's, else where
 * the reader was; page 1 for a search's words (their page is found in the text once it is open).
 */
function firstPage({ article, jumpTo, marks }: BookReaderProps): number {
  const jump = jumpTo?.articleId === article.id ? jumpTo : null;
  if (jump && 'locator' in jump && jump.locator) return parseLocator(jump.locator)?.page ?? 1;
  if (marks?.length) return 1;
  return parseLocator(article.locator)?.page ?? 1;
}

type Popover = { kind: 'selection'; at: { top: number; left: number } } | { kind: 'editor'; id: number; at: { top: number; left: number }; focusNote: boolean } | null;

export function PdfReader(props: BookReaderProps) {
  const { store, run } = useApp();
  const { article, actions, jumpTo, marks } = props;
  const fail = store.fail;
  const stage = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<PdfView | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** A locked PDF: the password asked for (`wrong` after one that did not open it), or given up on. */
  const [asking, setAsking] = useState<{ n: number; wrong: boolean; answer: (password: string | null) => void } | null>(null);
  const [locked, setLocked] = useState(false);
  /** Bumped to open the PDF again (after the password was given up on). */
  const [attempt, setAttempt] = useState(0);
  /**
   * The password that opened this PDF, in memory while it is open (the theme changing opens it
   * again); never saved: the next time the book is opened, it is asked for again.
   */
  const password = useRef<string | null>(null);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState<Zoom>('page-width');
  const [toc, setToc] = useState<TocEntry[]>([]);
  const [tocOpen, setTocOpen] = useState(false);
  const [placed, setPlaced] = useState<PdfPlaced[]>([]);
  const [popover, setPopover] = useState<Popover>(null);
  const [activeId, setActiveId] = useState<number | null>(null);
  const [notesOpen, setNotesOpen] = useState(false);
  const places = usePlaces(article.id, store.fail);
  const [finding, setFinding] = useState(false);
  const [found, setFound] = useState<{ hits: Hit[]; current: number }>({ hits: [], current: 0 });
  const [searchHits, setSearchHits] = useState<Hit[]>([]);
  /** Bumped when a page's text layer is drawn: its marks are drawn again. */
  const [drawn, setDrawn] = useState<{ page: number; n: number }>({ page: 0, n: 0 });
  const dark = isDark(props.settings.theme);
  const latest = useRef(props);
  const zoomNow = useRef(zoom);
  useLayoutEffect(() => {
    latest.current = props;
    zoomNow.current = zoom;
  });

  const articleId = article.id;
  const sections = article.sections;
  const pageText = useCallback(async (n: number) => (view ? (await view.pageText(n)).text : ''), [view]);

  // Open the original; again when the theme turns dark or light (pdf.js takes page colours when made).
  useEffect(() => {
    const el = container.current;
    if (!el || !article.original) return;
    let closed = false;
    let opened: PdfView | null = null;
    setView(null);
    setError(null);
    setLocked(false);
    let asked = 0;
    let pending: ((given: string | null) => void) | null = null;
    const askPassword = (wrong: boolean) => {
      if (wrong) password.current = null;
      if (password.current !== null) return Promise.resolve(password.current);
      return new Promise<string | null>((resolve) => {
        pending = (given) => {
          pending = null;
          setAsking(null);
          password.current = given;
          resolve(given);
        };
        setAsking({ n: ++asked, wrong, answer: pending });
      });
    };
    void (async () => {
      try {
        opened = await PdfView.open({
          container: el,
          url: ASSET_BASE + article.original,
          dark,
          zoom: zoomNow.current,
          page: firstPage(latest.current),
          askPassword,
          onExternalLink: (url) => void api.openExternal({ url }).catch(fail), // eng-disable OPEN_EXTERNAL_JS_CHECK
          onPage: setPage,
          onTextLayer: (n) => setDrawn((d) => ({ page: n, n: d.n + 1 })),
        });
        if (closed) return opened.destroy();
        setView(opened);
      } catch (err) {
        if (closed) return;
        if (err instanceof PasswordCancelled) setLocked(true);
        else setError((err as Error).message);
      }
    })();
    return () => {
      closed = true;
      // Left while the password is asked for: pdf.js's loading ends there.
      pending?.(null);
      opened?.destroy();
    };
  }, [articleId, article.original, dark, fail, attempt]);

  // First view: the contents, and where the reader was (unless a search or a place bookmark says where to go).
  useEffect(() => {
    if (!view) return;
    void view.toc().then(setToc);
    const { jumpTo: jump, marks: words, article: shown } = latest.current;
    const saved = parseLocator(shown.locator);
    if (saved && !words?.length && !(jump?.articleId === shown.id && 'locator' in jump && jump.locator)) view.goTo(saved.page, saved.offset);
  }, [view]);

  // A place bookmark chosen (in the Bookmarks view, also while the book is open).
  useEffect(() => {
    const place = view && jumpTo?.articleId === articleId && 'locator' in jumpTo ? parseLocator(jumpTo.locator) : null;
    if (view && place) view.goTo(place.page, place.offset);
  }, [view, jumpTo, articleId]);

  useEffect(() => {
    if (view) view.zoom = zoom;
  }, [view, zoom]);

  // Search words: every hit marked, the first one shown.
  useEffect(() => {
    setSearchHits([]);
    if (!view || !marks?.length) return;
    let stale = false;
    void findInPages(view.pageCount, pageText, (text) => wordMatches(text, marks)).then((hits) => {
      if (stale) return;
      setSearchHits(hits);
      if (hits[0]) view.goTo(hits[0].page, hits[0].start);
    });
    return () => {
      stale = true;
    };
  }, [view, marks, pageText]);

  // The annotations, each on its page.
  useEffect(() => {
    if (!view) return setPlaced([]);
    let stale = false;
    void Promise.all(props.annotations.map((a) => placeOnPage(a, sections, pageText))).then((p) => !stale && setPlaced(p));
    return () => {
      stale = true;
    };
  }, [view, props.annotations, sections, pageText]);

  useEffect(() => {
    if (!view || !jumpTo || jumpTo.articleId !== articleId || !('annotationId' in jumpTo)) return;
    const p = placed.find((x) => x.annotation.id === jumpTo.annotationId);
    if (p?.found) {
      setActiveId(p.annotation.id);
      view.goTo(p.page, p.start);
    }
  }, [view, placed, jumpTo, articleId]);

  // What is drawn over each page; a page whose text layer is not drawn yet gets it when it is.
  const marksOf = useCallback(
    (n: number): Mark[] => [
      ...placed.flatMap((p) => p.parts.filter((part) => part.page === n).map((part) => ({ start: part.start, end: part.end, className: `pdf-mark annot-${p.annotation.color}${p.annotation.id === activeId ? ' annot-active' : ''}`, annotationId: p.annotation.id }))),
      ...searchHits.filter((h) => h.page === n).map((h) => ({ ...h, className: 'pdf-mark search-match' })),
      ...found.hits.map((h, i) => ({ ...h, i })).filter((h) => h.page === n).map((h) => ({ start: h.start, end: h.end, className: `pdf-mark ${h.i === found.current ? 'find-current' : 'find-match'}` })),
    ],
    [placed, searchHits, found, activeId],
  );
  useEffect(() => {
    if (!view) return;
    for (const n of view.textPages()) void drawMarks(view, n, marksOf(n));
  }, [view, marksOf]);
  useEffect(() => {
    if (view && drawn.page) void drawMarks(view, drawn.page, marksOf(drawn.page));
    // Only the page just drawn; the effect above redraws every page when the marks change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawn]);

  // The reading position as the reader scrolls: the page, and the offset of the first line in view.
  useEffect(() => {
    const el = container.current;
    if (!el || !view) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const save = async () => {
      timer = null;
      const n = view.page;
      const top = el.getBoundingClientRect().top;
      const spans = view.spans(n);
      const { spans: maps } = await view.pageText(n);
      const i = spans.findIndex((s) => s.getBoundingClientRect().bottom > top);
      const offset = i < 0 ? 0 : (maps[i]?.[0] ?? 0);
      const progress = view.pageCount > 1 ? Math.min(1, (n - 1) / (view.pageCount - 1)) : 1;
      await api.saveLocator({ id: articleId, progress, locator: formatLocator({ page: n, offset }) }).catch(fail);
      const shown = latest.current.article;
      if (n === view.pageCount && el.scrollTop + el.clientHeight >= el.scrollHeight - 4) void store.reachedEnd(shown);
    };
    const onScroll = () => {
      timer ??= setTimeout(() => void save(), 400);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      if (timer) clearTimeout(timer);
    };
  }, [view, articleId, fail, store]);

  /**
   * The selection as offsets into the text of the pages it spans, joined as the book's text joins
   * them (pdf-places.ts), from the page where it starts; a selection ending outside any page is
   * cut at the end of that page.
   */
  const selectionInPages = useCallback(async () => {
    const sel = window.getSelection();
    if (!view || !sel || sel.rangeCount === 0 || sel.isCollapsed || !container.current) return null;
    const range = sel.getRangeAt(0);
    if (!container.current.contains(range.commonAncestorContainer)) return null;
    const pageOf = (node: Node) => (node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element))?.closest<HTMLElement>('.page[data-page-number]') ?? null;
    const startEl = pageOf(range.startContainer);
    if (!startEl) return null;
    const first = Number(startEl.dataset.pageNumber);
    const endEl = pageOf(range.endContainer);
    const last = endEl && container.current.contains(endEl) ? Math.max(first, Number(endEl.dataset.pageNumber)) : first;
    const { text, pages } = await joinPages(first, last, pageText);
    const start = await view.offsetAt(first, range.startContainer, range.startOffset);
    const endOnPage = endEl ? await view.offsetAt(last, range.endContainer, range.endOffset) : null;
    const end = endOnPage === null ? pages[0]!.end : pages.at(-1)!.start + endOnPage;
    if (start === null) return null;
    // Not the spaces at either end.
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    return e > s ? { page: first, text, start: s, end: e, rect: range.getBoundingClientRect() } : null;
  }, [view, pageText]);

  const highlightSelection = async (color: AnnotationColor, withNote: boolean) => {
    const at = await selectionInPages();
    if (!at || !stage.current) return;
    const where = popoverAt(at.rect, stage.current);
    try {
      const base = pageStart(sections, at.page);
      const sel = describe(at.text, at.start, at.end);
      const made = await api.addAnnotation({ articleId, color, exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix, start: base + at.start, end: base + at.end, fragment: `page=${at.page}` });
      window.getSelection()?.removeAllRanges();
      if (color !== props.settings.highlightColor) void store.updateSettings({ highlightColor: color });
      void store.reloadAnnotations();
      setPopover(withNote ? { kind: 'editor', id: made.id, at: where, focusNote: true } : null);
      setActiveId(made.id);
    } catch (err) {
      fail(err);
    }
  };

  const addPlace = async () => {
    if (!view || !container.current) return;
    const n = view.page;
    const top = container.current.getBoundingClientRect().top;
    const { spans: maps } = await view.pageText(n);
    const i = view.spans(n).findIndex((s) => s.getBoundingClientRect().bottom > top);
    const locator = formatLocator({ page: n, offset: i < 0 ? 0 : (maps[i]?.[0] ?? 0) });
    await places.add(() => api.addBookmark({ id: articleId, block: 0, locator }));
  };

  const goToPage = useCallback((n: number) => view?.goTo(n), [view]);

  useReaderActions(actions, {
    addPlace: () => void addPlace(),
    highlight: (withNote) => void highlightSelection(latest.current.settings.highlightColor, withNote),
    find: () => setFinding(true),
  });

  // Page keys: a page at a time, the first and last page. Not while typing.
  useEffect(() => {
    if (!view) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || t.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      const to = { PageDown: view.page + 1, PageUp: view.page - 1, Home: 1, End: view.pageCount }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      view.goTo(to);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view]);

  const notesPlaced = useMemo<Placed[]>(
    () =>
      [...placed]
        .sort((x, y) => Number(y.found) - Number(x.found) || x.page - y.page || x.start - y.start)
        // The notes panel tells found from not found by a range; the highlight itself is drawn as boxes.
        .map((p) => ({ annotation: p.annotation, start: p.start, end: p.end, range: p.found ? document.createRange() : null })),
    [placed],
  );

  const openEditorFor = (id: number) => {
    const box = document.querySelector(`[data-annotation-id="${id}"]`);
    if (!box || !stage.current) return;
    setActiveId(id);
    setPopover({ kind: 'editor', id, at: popoverAt(box.getBoundingClientRect(), stage.current), focusNote: false });
  };

  const pageLabel = (n: number) => sections.find((s) => s.page === n)?.label ?? String(n);
  const annotation = popover?.kind === 'editor' ? props.annotations.find((a) => a.id === popover.id) : undefined;
  return (
    <main className={`reader pdf-reader${notesOpen ? ' with-notes' : ''}`} aria-label="Reader">
      <div className="reader-toolbar" role="toolbar" aria-label="Book actions">
        <button onClick={() => run('previous')} aria-label="Previous article" title="Previous article (k)">‹</button>
        <button onClick={() => run('next')} aria-label="Next article" title="Next article (j)">›</button>
        <span className="toolbar-gap" />
        <span className="places-anchor">
          <button aria-expanded={tocOpen} onClick={() => setTocOpen((o) => !o)}>Contents</button>
          {tocOpen && view && (
            <nav className="places book-toc" aria-label="Table of contents">
              <Toc entries={toc.length ? toc : Array.from({ length: view.pageCount }, (_, i) => ({ label: `Page ${pageLabel(i + 1)}`, page: i + 1, children: [] }))} onGo={(n) => {
                goToPage(n);
                setTocOpen(false);
              }} />
            </nav>
          )}
        </span>
        <button onClick={() => goToPage(page - 1)} disabled={!view || page <= 1} aria-label="Previous page" title="Previous page (Page Up)">↑</button>
        <label className="pdf-page">
          <span className="visually-hidden">Page</span>
          <input
            key={page}
            aria-label="Page number"
            inputMode="numeric"
            defaultValue={page}
            size={3}
            onKeyDown={(e) => {
              if (e.key === 'Enter') goToPage(Number((e.target as HTMLInputElement).value) || page);
            }}
          />
          <span> of {view?.pageCount ?? '…'}</span>
        </label>
        <button onClick={() => goToPage(page + 1)} disabled={!view || page >= (view?.pageCount ?? 0)} aria-label="Next page" title="Next page (Page Down)">↓</button>
        <select aria-label="Zoom" value={zoomKey(zoom)} onChange={(e) => setZoom(ZOOMS.find((z) => zoomKey(z.value) === e.target.value)!.value)}>
          {ZOOMS.map((z) => (
            <option key={zoomKey(z.value)} value={zoomKey(z.value)}>{z.label}</option>
          ))}
        </select>
        <button onClick={() => run('star', [article.id])} aria-pressed={article.starred}>{article.starred ? '★ Starred' : '☆ Star'}</button>
        <button onClick={() => run('toggle-read', [article.id])}>{article.state === 'unread' ? 'Mark read' : 'Mark unread'}</button>
        <button onClick={() => run('archive', [article.id])}>{article.state === 'archived' ? 'Move to inbox' : 'Archive'}</button>
        <button onClick={() => run('bookmark-place')} title="Bookmark this place (b)">Bookmark place</button>
        <button aria-expanded={notesOpen} onClick={() => setNotesOpen((o) => !o)} title="Highlights and notes in this book">Annotations ({placed.length})</button>
        <span className="places-anchor">
          <button aria-expanded={places.open} onClick={places.toggle}>Places ({places.places.length})</button>
          {places.open && (
            <div className="places" role="dialog" aria-label="Places">
              {places.places.length === 0 ? (
                <p className="muted">No places yet: press <kbd>b</kbd> to mark where you are.</p>
              ) : (
                <ul>
                  {places.places.map((b) => {
                    const at = parseLocator(b.locator);
                    return (
                      <li key={b.id}>
                        <button className="link" onClick={() => at && view?.goTo(at.page, at.offset)}>p. {at ? pageLabel(at.page) : '?'}</button>
                        <input aria-label={`Label for the place on page ${at?.page ?? '?'}`} placeholder="Add a label" defaultValue={b.label} onBlur={(e) => e.target.value !== b.label && places.rename(b, e.target.value)} />
                        <button aria-label={`Delete the place on page ${at?.page ?? '?'}`} onClick={() => places.remove(b)}>×</button>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          )}
        </span>
      </div>
      <div className="pdf-stage" ref={stage}>
        {finding && view && (
          <PdfFindBar
            onFind={async (phrase) => {
              const hits = await findInPages(view.pageCount, pageText, (text) => phraseMatches(text, phrase));
              setFound({ hits, current: 0 });
              if (hits[0]) view.goTo(hits[0].page, hits[0].start);
              return hits.length;
            }}
            onMove={(delta) =>
              setFound((f) => {
                if (!f.hits.length) return f;
                const current = (f.current + delta + f.hits.length) % f.hits.length;
                view.goTo(f.hits[current]!.page, f.hits[current]!.start);
                return { ...f, current };
              })
            }
            current={found.current}
            count={found.hits.length}
            onClose={() => {
              setFinding(false);
              setFound({ hits: [], current: 0 });
            }}
          />
        )}
        {error && <p className="problem pdf-error" role="alert">This PDF cannot be shown: {error}</p>}
        {locked && (
          <div className="pdf-locked" role="status">
            <p>This PDF is locked with a password.</p>
            <button onClick={() => setAttempt((a) => a + 1)}>Enter the password</button>
          </div>
        )}
        {asking && <PasswordDialog key={asking.n} title={article.title} wrong={asking.wrong} onAnswer={asking.answer} />}
        <div
          className="pdf-container"
          ref={container}
          tabIndex={0}
          aria-label={`${article.title}, page ${page}`}
          onMouseUp={() =>
            setTimeout(() => {
              void selectionInPages().then((at) => {
                if (at && stage.current) setPopover({ kind: 'selection', at: popoverAt(at.rect, stage.current) });
                else setPopover((p) => (p?.kind === 'selection' ? null : p));
              });
            })
          }
          onClick={(e) => {
            if (window.getSelection()?.isCollapsed === false) return;
            const id = annotationAt(e.currentTarget, e.clientX, e.clientY);
            if (id !== null) openEditorFor(id);
          }}
        >
          <div className="pdfViewer" />
        </div>
        {popover?.kind === 'selection' && (
          <SelectionPopover
            at={popover.at}
            onColor={(c) => void highlightSelection(c, false)}
            onNote={() => void highlightSelection(props.settings.highlightColor, true)}
            onCopy={() => {
              void navigator.clipboard?.writeText(window.getSelection()?.toString() ?? '').catch(() => document.execCommand('copy'));
              setPopover(null);
            }}
          />
        )}
        {popover?.kind === 'editor' && annotation && (
          <AnnotationEditor
            key={popover.id}
            annotation={annotation}
            at={popover.at}
            knownTags={props.knownTags}
            focusNote={popover.focusNote}
            onClose={() => setPopover(null)}
          />
        )}
      </div>
      {notesOpen && (
        <NotesPanel
          placed={notesPlaced}
          activeId={activeId}
          onGo={(p) => {
            const at = placed.find((x) => x.annotation.id === p.annotation.id);
            setActiveId(p.annotation.id);
            if (at?.found) view?.goTo(at.page, at.start);
          }}
          onExport={(format) => void store.exportAnnotations(format, article.id)}
          onClose={() => setNotesOpen(false)}
        />
      )}
    </main>
  );
}

/** Asks for a locked PDF's password; Cancel or Escape answers null. */
function PasswordDialog(props: { title: string; wrong: boolean; onAnswer: (password: string | null) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState('');
  const answered = useRef(false);
  useEffect(() => {
    if (!ref.current?.open) ref.current?.showModal();
  }, []);
  const answer = (given: string | null) => {
    if (answered.current) return;
    answered.current = true;
    props.onAnswer(given);
  };
  return (
    <dialog ref={ref} className="settings-dialog pdf-password" aria-labelledby="pdf-password-title" onClose={() => answer(null)}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          answer(value);
        }}
      >
        <h2 id="pdf-password-title">Password needed</h2>
        <p>“{props.title}” is protected by a password. Lectern does not keep it: it asks each time the book is opened.</p>
        <PasswordField value={value} onChange={setValue} wrong={props.wrong} />
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>Cancel</button>
          <button type="submit" className="primary">Open</button>
        </div>
      </form>
    </dialog>
  );
}

function Toc(props: { entries: TocEntry[]; onGo: (page: number) => void }) {
  return (
    <ul>
      {props.entries.map((e, i) => (
        <li key={i}>
          <button className="link" onClick={() => props.onGo(e.page)}>{e.label}</button>
          {e.children.length > 0 && <Toc entries={e.children} onGo={props.onGo} />}
        </li>
      ))}
    </ul>
  );
}

/** Ctrl/Cmd+F in a PDF: every page's text searched, each match marked, the current one shown. */
function PdfFindBar(props: { onFind: (phrase: string) => Promise<number>; onMove: (delta: number) => void; current: number; count: number; onClose: () => void }) {
  const [text, setText] = useState('');
  const { onFind } = props;
  useEffect(() => {
    void onFind(text);
    // onFind is a new function each render; the search runs when the text changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  return <FindBox label="Find in book" text={text} onText={setText} current={props.current} count={props.count} onMove={props.onMove} onClose={props.onClose} />;
}
