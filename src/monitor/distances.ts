// Distances between two distributions: Population Stability Index and Jensen–Shannon over bin or
// category counts, reference-quantile bins for numbers, and the exact 1-D Wasserstein distance.

/** Share given to an empty bin in PSI, so its logarithm stays finite (Evidently uses the same 1e-4). */
export const PSI_EMPTY_BIN_SHARE = 1e-4;
/** Numeric PSI and Jensen–Shannon bin numbers by the reference's deciles. */
export const DEFAULT_QUANTILE_BINS = 10;

/**
 * Inner bin edges at the reference quantiles i/bins (i = 1 … bins − 1), linearly interpolated
 * between order statistics exactly as numpy.quantile's default does; repeated edges (ties in
 * the reference) are dropped, so a column with few values gets fewer bins.
 */
export function quantileEdges(sorted: Float64Array, bins = DEFAULT_QUANTILE_BINS): Float64Array {
  const n = sorted.length;
  const edges: number[] = [];
  if (n === 0) return new Float64Array(0);
  for (let i = 1; i < bins; i++) {
    const q = i / bins;
    const virtual = (n - 1) * q;
    let lo: number;
    let hi: number;
    let gamma: number;
    if (virtual >= n - 1) {
      lo = hi = n - 1;
      gamma = virtual - Math.floor(virtual);
    } else if (virtual < 0) {
      lo = hi = 0;
      gamma = virtual - Math.floor(virtual);
    } else {
      lo = Math.floor(virtual);
      hi = lo + 1;
      gamma = virtual - lo;
    }
    const a = sorted[lo]!;
    const b = sorted[hi]!;
    const diff = b - a;
    const edge = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return Float64Array.from(edges);
}

/** Rows per bin of a sorted sample: bin b holds values v with edges[b−1] ≤ v < edges[b]. */
export function binCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let start = 0;
  for (let b = 0; b < edges.length; b++) {
    // First index with value ≥ edge, by binary search from where the previous bin ended.
    let lo = start;
    let hi = sorted.length;
    const edge = edges[b]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < edge) lo = mid + 1;
      else hi = mid;
    }
    counts[b] = lo - start;
    start = lo;
  }
  counts[edges.length] = sorted.length - start;
  return counts;
}

function total(counts: Float64Array): number {
  let s = 0;
  for (const c of counts) s += c;
  return s;
}

/** PSI = Σ (c − r) ln(c / r) over shares, an empty share counted as PSI_EMPTY_BIN_SHARE. */
export function populationStabilityIndex(reference: Float64Array, current: Float64Array): number {
  const nr = total(reference);
  const nc = total(current);
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]! === 0 ? PSI_EMPTY_BIN_SHARE : reference[i]! / nr;
    const c = current[i]! === 0 ? PSI_EMPTY_BIN_SHARE : current[i]! / nc;
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

function relativeEntropy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(x / y);
}

/** Jensen–Shannon distance in base 2 (0 … 1), as scipy.spatial.distance.jensenshannon(p, q, base=2). */
export function jensenShannonDistance(p: Float64Array, q: Float64Array): number {
  const np = total(p);
  const nq = total(q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / np;
    const qi = q[i]! / nq;
    const m = (pi + qi) / 2;
    left += relativeEntropy(pi, m);
    right += relativeEntropy(qi, m);
  }
  const js = (left + right) / Math.LN2;
  return Math.sqrt(Math.max(0, js) / 2);
}

/**
 * First Wasserstein distance between two sorted samples: ∫ |F_a − F_b| over the pooled values,
 * one merge (scipy.stats.wasserstein_distance with equal weights).
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let previous = Math.min(a[0]!, b[0]!);
  while (i < n1 || j < n2) {
    const va = i < n1 ? a[i]! : Infinity;
    const vb = j < n2 ? b[j]! : Infinity;
    const v = va <= vb ? va : vb;
    // F_a and F_b are constant on [previous, v): they count values ≤ previous.
    sum += Math.abs(i / n1 - j / n2) * (v - previous);
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    previous = v;
  }
  return sum;
}

/** Population standard deviation (ddof 0) of a sample, two-pass. */
export function standardDeviation(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}
