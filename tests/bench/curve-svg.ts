/**
 * The bench's plot: time per operation against library size, both axes logarithmic, one line
 * per operation, so a reader sees at a glance which costs grow with the library and which do
 * not. Plain SVG with its own text, readable on GitHub in light and dark themes.
 */
export interface Series {
  label: string;
  /** [articles, milliseconds]; a missing size is left out of the line. */
  points: [number, number][];
}

const W = 760;
const H = 420;
const PAD = { left: 64, right: 210, top: 34, bottom: 48 };
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];

const decades = (lo: number, hi: number) => {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  // One size alone still gets an axis to sit on.
  if (out.length === 1) out.push(out[0]! * 10);
  return out;
};
const label = (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1000 ? `${v / 1000}k` : String(v));

export function curveSvg(title: string, series: Series[]): string {
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (all.length === 0) throw new Error('nothing to plot');
  const xTicks = decades(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])));
  const yTicks = decades(Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1])));
  const [x0, x1] = [Math.log10(xTicks[0]!), Math.log10(xTicks.at(-1)!)];
  const [y0, y1] = [Math.log10(yTicks[0]!), Math.log10(yTicks.at(-1)!)];
  const px = (x: number) => PAD.left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - ((Math.log10(y) - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const f = (n: number) => n.toFixed(1);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="20" font-size="14" font-weight="600" fill="#222">${escape(title)}</text>`,
  ];
  for (const t of xTicks) {
    parts.push(`<line x1="${f(px(t))}" x2="${f(px(t))}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${f(px(t))}" y="${H - PAD.bottom + 16}" text-anchor="middle" fill="#444">${label(t)}</text>`);
  }
  for (const t of yTicks) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${f(py(t))}" y2="${f(py(t))}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${f(py(t) + 4)}" text-anchor="end" fill="#444">${t.toLocaleString('en')} ms</text>`);
  }
  parts.push(`<text x="${f((PAD.left + W - PAD.right) / 2)}" y="${H - 10}" text-anchor="middle" fill="#222">articles in the library (log scale)</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0).sort((a, b) => a[0] - b[0]);
    if (pts.length === 0) return;
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(([x, y]) => `${f(px(x))},${f(py(y))}`).join(' ')}"/>`);
    for (const [x, y] of pts) parts.push(`<circle cx="${f(px(x))}" cy="${f(py(y))}" r="3.5" fill="${color}"><title>${escape(s.label)}: ${y.toFixed(2)} ms at ${x.toLocaleString('en')}</title></circle>`);
    const ly = PAD.top + 8 + i * 20;
    parts.push(`<line x1="${W - PAD.right + 14}" x2="${W - PAD.right + 34}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${W - PAD.right + 40}" y="${ly + 4}" fill="#222">${escape(s.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
