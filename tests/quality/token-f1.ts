/** Token F1 of a text against a reference, as the quality scripts report it; each brings its own tokens. */
export function tokenF1(a: Map<string, number>, b: Map<string, number>): number {
  let common = 0;
  for (const [t, n] of a) common += Math.min(n, b.get(t) ?? 0);
  const na = [...a.values()].reduce((x, y) => x + y, 0);
  const nb = [...b.values()].reduce((x, y) => x + y, 0);
  if (!na || !nb) return na === nb ? 1 : 0;
  const p = common / na;
  const r = common / nb;
  return p + r ? (2 * p * r) / (p + r) : 0;
}
