// Agreement between two labellings of the same rows: entropy, mutual information and adjusted
// mutual information (arithmetic normalisation, as scikit-learn 1.2), natural logarithms.

import { type Codes, type MetricResult, checkSameLength, ok, undefinedMetric } from './result.js';

const DOUBLE_EPS = 2 ** -52;

/** Labels renumbered 0..k-1 in ascending order of the original values, with each group's size. */
function dense(labels: Codes): { ids: Int32Array; sizes: Float64Array } {
  const values = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const ids = new Int32Array(labels.length);
  const sizes = new Float64Array(values.length);
  for (let i = 0; i < labels.length; i++) {
    const id = index.get(labels[i]!)!;
    ids[i] = id;
    sizes[id]++;
  }
  return { ids, sizes };
}

interface Contingency {
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Non-zero cells as (row, column, count) triples. */
  readonly cells: readonly (readonly [number, number, number])[];
  readonly n: number;
}

function contingency(labelsTrue: Codes, labelsPred: Codes): Contingency {
  const t = dense(labelsTrue);
  const p = dense(labelsPred);
  const cols = p.sizes.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < t.ids.length; i++) {
    const key = t.ids[i]! * cols + p.ids[i]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const cells = [...counts.entries()].sort((x, y) => x[0] - y[0]).map(([key, c]) => [Math.floor(key / cols), key % cols, c] as const);
  return { a: t.sizes, b: p.sizes, cells, n: labelsTrue.length };
}

function entropyOfSizes(sizes: Float64Array): number {
  if (sizes.length <= 1) return 0;
  let total = 0;
  for (const s of sizes) total += s;
  const logTotal = Math.log(total);
  let h = 0;
  for (const s of sizes) if (s > 0) h += (s / total) * (Math.log(s) - logTotal);
  return -h;
}

/** Shannon entropy (nats) of a labelling. */
export function entropy(labels: Codes): MetricResult {
  if (labels.length === 0) return undefinedMetric('entropy is undefined on zero rows');
  return ok(entropyOfSizes(dense(labels).sizes));
}

function mutualInfoOf(c: Contingency): number {
  // A single group carries no information about anything.
  if (c.a.length === 1 || c.b.length === 1) return 0;
  const logN = Math.log(c.n);
  // Sums of the margins are both n; written out as scikit-learn does so the rounding matches.
  let mi = 0;
  for (const [i, j, nij] of c.cells) {
    const p = nij / c.n;
    const logOuter = -Math.log(c.a[i]! * c.b[j]!) + logN + logN;
    const term = p * (Math.log(nij) - logN) + p * logOuter;
    if (Math.abs(term) >= DOUBLE_EPS) mi += term;
  }
  return Math.max(mi, 0);
}

/** Mutual information (nats) between two labellings of the same rows. */
export function mutualInfo(labelsTrue: Codes, labelsPred: Codes): MetricResult {
  checkSameLength('mutualInfo', labelsTrue, labelsPred);
  if (labelsTrue.length === 0) return undefinedMetric('mutual information is undefined on zero rows');
  return ok(mutualInfoOf(contingency(labelsTrue, labelsPred)));
}

const FACTORIALS: Float64Array = (() => {
  const f = new Float64Array(171);
  f[0] = 1;
  for (let k = 1; k <= 170; k++) f[k] = f[k - 1]! * k;
  return f;
})();

/** log(n!) for a whole n ≥ 0: exact product below 171, Stirling's series (error < 1e-17 relative) above. */
export function logFactorial(n: number): number {
  if (n <= 170) return Math.log(FACTORIALS[n]!);
  const x = n + 1;
  const x2 = x * x;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x;
}

/** Expected mutual information of two random labellings with these margins (Vinh et al., 2010). */
function expectedMutualInfo(c: Contingency): number {
  const { a, b, n } = c;
  if (a.length === 1 || b.length === 1) return 0;
  const logN = Math.log(n);
  const lfN = logFactorial(n);
  let emi = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    const glnA = logFactorial(ai) + logFactorial(n - ai);
    const logA = Math.log(ai);
    for (let j = 0; j < b.length; j++) {
      const bj = b[j]!;
      const glnAB = glnA + logFactorial(bj) + logFactorial(n - bj) - lfN;
      const logB = Math.log(bj);
      const start = Math.max(1, ai + bj - n);
      const end = Math.min(ai, bj);
      for (let nij = start; nij <= end; nij++) {
        const term2 = logN + Math.log(nij) - logA - logB;
        const gln = glnAB - logFactorial(nij) - logFactorial(ai - nij) - logFactorial(bj - nij) - logFactorial(n - ai - bj + nij);
        emi += (nij / n) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}

/**
 * Adjusted mutual information, (MI - E[MI]) / (mean(H(true), H(pred)) - E[MI]): 1 for identical
 * labellings, about 0 for independent ones. Two single-cluster labellings score 1, as scikit-learn.
 */
export function adjustedMutualInfo(labelsTrue: Codes, labelsPred: Codes): MetricResult {
  checkSameLength('adjustedMutualInfo', labelsTrue, labelsPred);
  if (labelsTrue.length === 0) return undefinedMetric('adjusted mutual information is undefined on zero rows');
  const c = contingency(labelsTrue, labelsPred);
  if (c.a.length === 1 && c.b.length === 1) return ok(1, ['both labellings put every row in one group; AMI is 1 by convention']);
  const mi = mutualInfoOf(c);
  const emi = expectedMutualInfo(c);
  const normalizer = (entropyOfSizes(c.a) + entropyOfSizes(c.b)) / 2;
  let denominator = normalizer - emi;
  denominator = denominator < 0 ? Math.min(denominator, -DOUBLE_EPS) : Math.max(denominator, DOUBLE_EPS);
  return ok((mi - emi) / denominator);
}
