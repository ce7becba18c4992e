// Pearson and Spearman correlation between two numeric vectors, over the rows where both are
// present; NaN when either side is constant or fewer than three rows remain.

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a !== a || b !== b) continue;
    n++;
    mx += (a - mx) / n;
    my += (b - my) / n;
  }
  if (n < 3) return Number.NaN;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a !== a || b !== b) continue;
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) ** 2;
    syy += (b - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/** Ranks from 1, ties sharing their average rank; NaN stays NaN. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (values[i] === values[i]) order.push(i);
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n).fill(Number.NaN);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  // Rank only the rows where both are present, so that missing values do not shift ranks.
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i]) keep.push(i);
  const xs = Float64Array.from(keep, (i) => x[i]!);
  const ys = Float64Array.from(keep, (i) => y[i]!);
  return pearson(averageRanks(xs), averageRanks(ys));
}
