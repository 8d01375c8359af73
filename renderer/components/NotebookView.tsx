import { ANNOTATION_COLORS, type Annotation, type AnnotationColor, type TagInfo } from '../../main/common/contract';
import { formatDate } from '../format';
import type { State } from '../state/state';
import { useApp } from '../state/use-app';
import { COLOR_NAMES } from './Annotations';
import { DateRange } from './DateRange';

/** Every annotation in the library, grouped by article; filtered by colour, tag, date and words. */
export function NotebookView(props: { notebook: State['notebook']; tags: TagInfo[] }) {
  const { store } = useApp();
  const { filter, annotations, articles } = props.notebook;
  const setFilter = store.setNotebookFilter;
  const groups: { articleId: number; title: string; items: Annotation[] }[] = [];
  for (const a of annotations ?? []) {
    const last = groups.at(-1);
    if (last?.articleId === a.articleId) last.items.push(a);
    else groups.push({ articleId: a.articleId, title: a.articleTitle, items: [a] });
  }
  const filtered = Object.values(filter).some((v) => v !== undefined && v !== '');
  const usedTags = props.tags.filter((t) => t.annotations > 0);
  return (
    <>
      <header className="list-header">
        <h2>Notebook</h2>
        {annotations && <span className="muted">{annotations.length} {annotations.length === 1 ? 'annotation' : 'annotations'}</span>}
      </header>
      <div className="filters notebook-filters" role="group" aria-label="Notebook filters">
        <input type="search" aria-label="Search the notebook" placeholder="Words in quotes, notes, tags" value={filter.query ?? ''} onChange={(e) => setFilter({ ...filter, query: e.target.value || undefined })} />
        <select aria-label="Colour" value={filter.color ?? ''} onChange={(e) => setFilter({ ...filter, color: (e.target.value || undefined) as AnnotationColor | undefined })}>
          <option value="">Any colour</option>
          {ANNOTATION_COLORS.map((c) => <option key={c} value={c}>{COLOR_NAMES[c]}</option>)}
        </select>
        <select aria-label="Tag" value={filter.tag ?? ''} onChange={(e) => setFilter({ ...filter, tag: e.target.value || undefined })}>
          <option value="">Any tag</option>
          {usedTags.map((t) => <option key={t.id} value={t.name}>#{t.name} ({t.annotations})</option>)}
        </select>
        <select aria-label="Article" className="article-filter" value={filter.articleId ?? ''} onChange={(e) => setFilter({ ...filter, articleId: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">Every article</option>
          {articles.map((a) => <option key={a.id} value={a.id}>{a.title}</option>)}
        </select>
        <DateRange label="Made" from={filter.from} to={filter.to} onChange={(from, to) => setFilter({ ...filter, from, to })} />
      </div>
      <div className="rows notebook">
        {annotations && annotations.length === 0 && (
          <div className="empty">
            <h3>{filtered ? 'No annotation matches' : 'No annotations yet'}</h3>
            <p>{filtered ? 'Clear a filter or use fewer words.' : 'Select text in an article and pick a colour, or press h. Annotations from other apps come in as W3C Web Annotation JSON-LD.'}</p>
          </div>
        )}
        {groups.map((g) => (
          <section key={g.articleId} aria-label={g.title}>
            <h3 className="notebook-article">{g.title}</h3>
            <ul>
              {g.items.map((a) => (
                <li key={a.id}>
                  <button className={`note-item color-${a.color}`} onClick={() => void store.goToAnnotation(a)}>
                    <span className="note-quote">{a.exact}</span>
                    {a.note && <span className="note-text">{a.note}</span>}
                    <span className="note-meta">
                      {[COLOR_NAMES[a.color], ...a.tags.map((t) => `#${t}`), formatDate(a.createdAt), ...(a.orphaned ? ['not found in the text'] : [])].join(' · ')}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <footer className="notebook-actions">
        <span>Export</span>
        <button onClick={() => void store.exportAnnotations('md')}>Markdown</button>
        <button onClick={() => void store.exportAnnotations('jsonld')}>JSON-LD</button>
        <button onClick={() => void store.exportAnnotations('csv')}>CSV</button>
        <button className="import-annotations" onClick={() => void store.importAnnotations()}>Import…</button>
      </footer>
    </>
  );
}
