// "Did you mean …?" for names the user mistyped: closest candidates by edit distance.

export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = new Array<number>(y.length + 1);
  let current = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[y.length]!;
}

/** Up to `limit` candidates close to `name`, closest first; none when nothing is reasonably close. */
export function closestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored = candidates.map((candidate) => {
    const c = candidate.toLowerCase();
    const contains = c.includes(lower) || lower.includes(c);
    return { candidate, distance: contains ? 0.5 : editDistance(name, candidate) };
  });
  const budget = Math.max(2, Math.ceil(name.length / 2));
  return scored
    .filter((s) => s.distance <= budget)
    .sort((p, q) => p.distance - q.distance || p.candidate.localeCompare(q.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** A hint sentence listing the closest names, or all names when the list is short. */
export function suggestionHint(name: string, candidates: readonly string[], what = 'column'): string {
  const close = closestNames(name, candidates);
  if (close.length > 0) return `Did you mean ${close.map((c) => `'${c}'`).join(' or ')}?`;
  const shown = candidates.slice(0, 12).map((c) => `'${c}'`).join(', ');
  const more = candidates.length > 12 ? `, … (${candidates.length} in all)` : '';
  return `Available ${what}s: ${shown}${more}.`;
}
