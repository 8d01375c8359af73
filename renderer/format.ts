/** Display formats shared by the list and the reader. */
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateFormat.format(d);
}

export function minutes(n: number): string {
  return `${n} min read`;
}

/** A source is a file name; the extension says nothing to a reader. */
export function sourceName(source: string | null): string | null {
  return source ? source.replace(/\.(txt|text|md|markdown|html?|xhtml)$/i, '') : null;
}
