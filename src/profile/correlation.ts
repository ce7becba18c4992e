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
  // A native numeric sort of the present values, then each value's rank from the first and last
  // positions it occupies (found by binary search): no comparator sort over indices.
  const sorted = Float64Array.from({ length: n }, (_, i) => values[i]!).filter((v) => v === v).sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) {
      ranks[i] = Number.NaN;
      continue;
    }
    const first = lowerBound(sorted, v);
    const last = lowerBound(sorted, nextUp(v)) - 1;
    ranks[i] = (first + last) / 2 + 1;
  }
  return ranks;
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The smallest double above v. */
function nextUp(v: number): number {
  if (v === Infinity) return Infinity;
  const buffer = new Float64Array([v === 0 ? 0 : v]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0] = v >= 0 ? bits[0]! + 1n : bits[0]! - 1n;
  return buffer[0]!;
}

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  // Rank only the rows where both are present, so that missing values do not shift ranks.
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i]) keep.push(i);
  const xs = Float64Array.from(keep, (i) => x[i]!);
  const ys = Float64Array.from(keep, (i) => y[i]!);
  return pearson(averageRanks(xs), averageRanks(ys));
}
