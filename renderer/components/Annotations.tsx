/**
 * Annotations in the reader: highlights drawn with the CSS Custom Highlight API (the article's
 * DOM is never rewritten, so overlapping highlights are fine), the popover on a selection, the
 * editor of one annotation, and the panel listing the article's annotations in document order.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { anchor, describe } from '../../main/common/annotations/anchor';
import { TextMap } from '../../main/common/annotations/text-map';
import { canonicalText } from '../../main/common/canonical-text';
import { ANNOTATION_COLORS, type Annotation, type AnnotationColor } from '../../main/common/contract';
import { api } from '../api';
import { useApp } from '../state/use-app';
import { TagChips } from './TagInput';

export const COLOR_NAMES: Record<AnnotationColor, string> = { yellow: 'Yellow', green: 'Green', blue: 'Blue', pink: 'Pink', purple: 'Purple' };
const ACTIVE = 'annot-active';

/** An annotation and where it is on the page now (null: not found in this text). */
export interface Placed {
  annotation: Annotation;
  range: Range | null;
  start: number;
  end: number;
}

const NONE: Placed[] = [];

/**
 * The article's annotations, anchored in the DOM shown and drawn.
 * The text map is built from the DOM itself, so offsets and ranges agree with what is shown. It
 * is built when first needed (annotations to place, a selection to highlight), not as the
 * article opens: its text is on screen first. `content` changes when the body's DOM is replaced.
 */
export function useAnnotations(articleId: number | null, body: React.RefObject<HTMLElement | null>, content: string | undefined, annotations: Annotation[]) {
  const built = useRef<{ root: HTMLElement; content: string | undefined; map: TextMap } | null>(null);
  const mapNow = useCallback((): TextMap | null => {
    const root = body.current;
    if (!root || articleId === null) return null;
    if (built.current?.root !== root || built.current.content !== content) built.current = { root, content, map: new TextMap(root, canonicalText(root)) };
    return built.current.map;
  }, [articleId, body, content]);

  const [placed, setPlaced] = useState<Placed[]>(NONE);
  // After the article's DOM is committed: anchored in what is on the page.
  useLayoutEffect(() => {
    const map = annotations.length > 0 ? mapNow() : null;
    const anchored = (m: TextMap) =>
      annotations
        .map((a) => {
          const found = anchor(m.text, a);
          return { annotation: a, start: found?.start ?? -1, end: found?.end ?? -1, range: found ? m.toRange(found.start, found.end, document) : null };
        })
        .sort((x, y) => (x.range ? 0 : 1) - (y.range ? 0 : 1) || x.start - y.start);
    setPlaced(map ? anchored(map) : NONE);
  }, [annotations, mapNow]);

  useLayoutEffect(() => {
    for (const c of ANNOTATION_COLORS) {
      const ranges = placed.filter((p) => p.range && p.annotation.color === c).map((p) => p.range!);
      if (ranges.length) CSS.highlights.set(`annot-${c}`, new Highlight(...ranges));
      else CSS.highlights.delete(`annot-${c}`);
    }
    return () => {
      for (const c of ANNOTATION_COLORS) CSS.highlights.delete(`annot-${c}`);
      CSS.highlights.delete(ACTIVE);
    };
  }, [placed]);

  return { placed, mapNow };
}

/** Marks one annotation as the one being looked at (an outline drawn over its colour). */
export function showActive(p: Placed | null): void {
  if (p?.range) CSS.highlights.set(ACTIVE, new Highlight(p.range));
  else CSS.highlights.delete(ACTIVE);
}

/** The selection, when it is inside `body` and not empty. */
export function selectionIn(body: HTMLElement | null): Range | null {
  const sel = window.getSelection();
  if (!body || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  return body.contains(range.commonAncestorContainer) && range.toString().trim() ? range : null;
}

/** Where to float a popover over `rect`, in the scrolling reader's coordinates. */
export function popoverAt(rect: DOMRect, scroller: HTMLElement): { top: number; left: number } {
  const box = scroller.getBoundingClientRect();
  const left = Math.min(Math.max(8, rect.left - box.left + rect.width / 2 - 150), box.width - 316);
  return { top: rect.bottom - box.top + scroller.scrollTop + 8, left };
}

/** Saves a highlight of `range` in `color`. */
export async function highlight(articleId: number, map: TextMap, range: Range, color: AnnotationColor): Promise<Annotation | null> {
  const at = map.fromRange(range);
  if (!at) return null;
  const selectors = describe(map.text, at.start, at.end);
  return api.addAnnotation({ articleId, color, ...selectors });
}

function Swatches(props: { current?: AnnotationColor; onPick: (c: AnnotationColor) => void; verb: string }) {
  return (
    <div className="swatches" role="group" aria-label="Colours">
      {ANNOTATION_COLORS.map((c) => (
        <button key={c} className={`swatch swatch-${c}`} aria-label={`${props.verb} ${COLOR_NAMES[c].toLowerCase()}`} aria-pressed={props.current === undefined ? undefined : props.current === c} title={COLOR_NAMES[c]} onClick={() => props.onPick(c)} />
      ))}
    </div>
  );
}

/** Shown over a fresh selection: five colours, a note, copy. */
export function SelectionPopover(props: { at: { top: number; left: number }; onColor: (c: AnnotationColor) => void; onNote: () => void; onCopy: () => void }) {
  return (
    <div className="annot-popover" role="toolbar" aria-label="Highlight the selection" style={props.at} onMouseDown={(e) => e.preventDefault()}>
      <Swatches verb="Highlight" onPick={props.onColor} />
      <button onClick={props.onNote} title="Highlight and add a note (n)">Note</button>
      <button onClick={props.onCopy}>Copy</button>
    </div>
  );
}

/** One annotation: its colour, note and tags; delete (undo brings it back). */
export function AnnotationEditor(props: {
  annotation: Annotation;
  at: { top: number; left: number };
  knownTags: string[];
  focusNote: boolean;
  onClose: () => void;
}) {
  const a = props.annotation;
  const { store } = useApp();
  // Every reader (article, EPUB, PDF) edits an annotation the same way: saved, then the list reloaded; a delete can be undone.
  const change = (c: { color?: AnnotationColor; note?: string; tags?: string[] }) =>
    void api.updateAnnotation({ annotationId: a.id, ...c }).then(store.reloadAnnotations, store.fail);
  const remove = () =>
    void api.deleteAnnotation({ annotationId: a.id }).then(({ undoId }) => {
      store.rememberUndo('Deleted a highlight', undoId);
      props.onClose();
      void store.reloadAnnotations();
    }, store.fail);
  const [note, setNote] = useState(a.note);
  const [tagging, setTagging] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => setNote(a.note), [a.id, a.note]);
  const { onClose } = props;
  useEffect(() => {
    const away = (e: PointerEvent) => !ref.current?.contains(e.target as Node) && onClose();
    window.addEventListener('pointerdown', away, true);
    return () => window.removeEventListener('pointerdown', away, true);
  }, [onClose]);
  const saveNote = () => note !== a.note && change({ note });
  return (
    <div
      ref={ref}
      className="annot-popover annot-editor"
      role="dialog"
      aria-label="Annotation"
      style={props.at}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          saveNote();
          props.onClose();
        }
      }}
    >
      <Swatches verb="Colour" current={a.color} onPick={(color) => change({ color })} />
      <textarea
        aria-label="Note"
        placeholder="Add a note…"
        value={note}
        autoFocus={props.focusNote}
        rows={3}
        maxLength={20_000}
        onChange={(e) => setNote(e.target.value)}
        onBlur={saveNote}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            saveNote();
            props.onClose();
          }
        }}
      />
      <TagChips
        tags={a.tags}
        known={props.knownTags}
        editing={tagging}
        onEdit={setTagging}
        onAdd={(t) => change({ tags: [...a.tags, t] })}
        onRemove={(t) => change({ tags: a.tags.filter((x) => x !== t) })}
      />
      <div className="annot-actions">
        <button className="danger" onClick={remove}>Delete</button>
        <button onClick={() => void navigator.clipboard?.writeText(a.exact)}>Copy quote</button>
        <button
          className="primary"
          onClick={() => {
            saveNote();
            props.onClose();
          }}
        >
          Done
        </button>
      </div>
    </div>
  );
}

/**
 * The article's annotations in document order; those not found in the text last (`range` null).
 * The book readers list theirs too, each with whatever range they keep for it.
 */
export function NotesPanel<P extends { annotation: Annotation; range: unknown }>(props: { placed: P[]; activeId: number | null; onGo: (p: P) => void; onExport: (format: 'md' | 'jsonld' | 'csv') => void; onClose: () => void }) {
  const found = props.placed.filter((p) => p.range);
  const orphans = props.placed.filter((p) => !p.range);
  const item = (p: P) => (
    <li key={p.annotation.id}>
      <button className={`note-item color-${p.annotation.color}`} aria-current={p.annotation.id === props.activeId ? 'true' : undefined} onClick={() => props.onGo(p)}>
        <span className="note-quote">{p.annotation.exact}</span>
        {p.annotation.note && <span className="note-text">{p.annotation.note}</span>}
        {p.annotation.tags.length > 0 && <span className="note-tags">{p.annotation.tags.map((t) => `#${t}`).join(' ')}</span>}
      </button>
    </li>
  );
  return (
    <aside className="notes-panel" aria-label="Annotations in this article">
      <header>
        <h2>Annotations</h2>
        <button className="icon" aria-label="Close annotations" onClick={props.onClose}>×</button>
      </header>
      {props.placed.length === 0 ? (
        <p className="muted">Select text and pick a colour, or press <kbd>h</kbd>, to highlight it. <kbd>n</kbd> highlights and opens a note.</p>
      ) : (
        <>
          <ul>{found.map(item)}</ul>
          {orphans.length > 0 && (
            <>
              <h3 className="group">Not found in the text ({orphans.length})</h3>
              <p className="muted small">The passage changed since these were made. They are kept with their quote and note.</p>
              <ul>{orphans.map(item)}</ul>
            </>
          )}
          <p className="export-row">
            Export: <button className="link" onClick={() => props.onExport('md')}>Markdown</button> · <button className="link" onClick={() => props.onExport('jsonld')}>JSON-LD</button> · <button className="link" onClick={() => props.onExport('csv')}>CSV</button>
          </p>
        </>
      )}
    </aside>
  );
}
