// A clustering's quality and shape on a set of rows: each group's share of the rows and the mean
// silhouette on a seeded sample with its 95% interval. The brief's promise and monitoring's
// window are both measured with it, so the two compare like with like.

import { permutation } from '../core/rng.js';
import { meanInterval } from './interval.js';
import { type RowMatrix, rowDistance } from './metrics/clustering.js';

/** Rows the silhouette is measured on (its cost is quadratic in them). */
export const QUALITY_SAMPLE_SIZE = 2000;

export interface ClusterQuality {
  readonly rows: number;
  /** Each cluster's share of the rows, by the cluster label as predict and the server write it ('0', '1', …); every cluster 0..k−1 is listed. */
  readonly shares: Readonly<Record<string, number>>;
  /** Each cluster's row count, by the same labels. */
  readonly sizes: Readonly<Record<string, number>>;
  /** Mean silhouette of the sampled rows in the model's scaled space, with a 95% interval (batch means); NaN when undefined (one group, or fewer than 3 rows). */
  readonly silhouette: { readonly mean: number; readonly low: number; readonly high: number };
  readonly sampledRows: number;
}

/** Shares and silhouette of `clusters` (0..k−1) on the rows of `x`. */
export function clusterQuality(x: RowMatrix, clusters: Int32Array, k: number, seed: number, sampleSize = QUALITY_SAMPLE_SIZE): ClusterQuality {
  const sizes: Record<string, number> = {};
  for (let c = 0; c < k; c++) sizes[String(c)] = 0;
  for (const c of clusters) sizes[String(c)] = (sizes[String(c)] ?? 0) + 1;
  const rows = clusters.length;
  const shares = Object.fromEntries(Object.entries(sizes).map(([c, n]) => [c, rows === 0 ? 0 : n / rows]));
  const sample = permutation(rows, seed).subarray(0, Math.min(rows, sampleSize));
  const values = rowSilhouettes(x, clusters, sample);
  const mean = values === null ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
  const half = batchHalfWidth(x, clusters, sample);
  const clip = (v: number): number => (Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : v);
  return { rows, shares, sizes, silhouette: { mean, low: clip(mean - half), high: clip(mean + half) }, sampledRows: sample.length };
}

/** Disjoint batches the sample is cut into for the interval. */
const BATCHES = 10;

/**
 * Half the 95% interval of the sample's mean silhouette, by batch means: the sample is cut into
 * disjoint batches, each scored as data of its own, and the spread of their silhouettes, over
 * sqrt(batches), is the standard error. A t-interval over the rows' own silhouettes would be far
 * too narrow: each row's silhouette depends on every other row, so they are not independent, and
 * a fresh sample from the same data lands outside it.
 */
function batchHalfWidth(x: RowMatrix, labels: Int32Array, sample: Int32Array): number {
  const batches = Math.min(BATCHES, Math.floor(sample.length / 6));
  if (batches < 2) return Number.NaN;
  const size = Math.floor(sample.length / batches);
  const scores: number[] = [];
  for (let b = 0; b < batches; b++) {
    const values = rowSilhouettes(x, labels, sample.subarray(b * size, (b + 1) * size));
    if (values !== null) scores.push(values.reduce((s, v) => s + v, 0) / values.length);
  }
  const interval = meanInterval(scores);
  return interval.high - interval.mean;
}

/** Each sampled row's silhouette (0 for a row alone in its group, as scikit-learn); null when fewer than two groups are sampled. */
function rowSilhouettes(x: RowMatrix, labels: Int32Array, sample: Int32Array): number[] | null {
  const m = sample.length;
  let k = 0;
  for (const r of sample) k = Math.max(k, labels[r]! + 1);
  const sizes = new Float64Array(k);
  for (const r of sample) sizes[labels[r]!]++;
  if (sizes.filter((s) => s > 0).length < 2 || m < 3) return null;
  const d = x.cols;
  const sums = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const oi = sample[i]! * d;
    for (let j = i + 1; j < m; j++) {
      const dist = rowDistance(x.values, d, oi, sample[j]! * d);
      sums[i * k + labels[sample[j]!]!] += dist;
      sums[j * k + labels[sample[i]!]!] += dist;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    const own = labels[sample[i]!]!;
    if (sizes[own]! <= 1) {
      out.push(0);
      continue;
    }
    const a = sums[i * k + own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let g = 0; g < k; g++) if (g !== own && sizes[g]! > 0) b = Math.min(b, sums[i * k + g]! / sizes[g]!);
    out.push((b - a) / Math.max(a, b));
  }
  return out;
}
