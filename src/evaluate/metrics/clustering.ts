// Internal quality of a clustering: the silhouette coefficient (Euclidean), over every row or over
// a seeded random sample of rows for large data.

import { FramewiseError } from '../../core/errors.js';
import { permutation } from '../../core/rng.js';
import { type Codes, type MetricResult, checkCodes, countNonFinite, ok, undefinedMetric } from './result.js';

/** Row-major numeric data: row i is values[i*cols .. i*cols+cols). */
export interface RowMatrix {
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Euclidean distance between the rows starting at offsets `a` and `b` of a row-major buffer with `cols` columns. */
export function rowDistance(values: Float64Array, cols: number, a: number, b: number): number {
  let s = 0;
  for (let f = 0; f < cols; f++) {
    const diff = values[a + f]! - values[b + f]!;
    s += diff * diff;
  }
  return Math.sqrt(s);
}

export interface SilhouetteOptions {
  /** Score a random sample of this many rows (the cost is quadratic in the rows scored). */
  readonly sampleSize?: number;
  /** Seed of the sample (default 0). */
  readonly seed?: number;
}

/**
 * Mean silhouette coefficient (b - a) / max(a, b) of the scored rows, where a is the mean distance
 * to the other rows of its cluster and b the smallest mean distance to another cluster's rows;
 * a row alone in its cluster scores 0 (scikit-learn's silhouette_score).
 */
export function silhouette(x: RowMatrix, labels: Codes, options: SilhouetteOptions = {}): MetricResult {
  checkMatrix(x, labels);
  const { sampleSize } = options;
  if (sampleSize === undefined || sampleSize >= x.rows) return silhouetteOnRows(x, labels, identity(x.rows));
  if (!(sampleSize >= 2) || !Number.isInteger(sampleSize)) {
    throw new FramewiseError('INVALID_ARGUMENT', `silhouette: sampleSize must be a whole number of at least 2, got ${sampleSize}.`);
  }
  return silhouetteOnRows(x, labels, permutation(x.rows, options.seed ?? 0).subarray(0, sampleSize));
}

/** The silhouette computed on the given rows only, as if they were the whole data. */
export function silhouetteOnRows(x: RowMatrix, labels: Codes, rows: ArrayLike<number>): MetricResult {
  checkMatrix(x, labels);
  const m = rows.length;
  const d = x.cols;
  const v = x.values;
  const bad = countNonFinite(v);
  if (bad > 0) return undefinedMetric(`silhouette is undefined: ${bad} value${bad > 1 ? 's are' : ' is'} NaN or infinite`);
  const picked = new Int32Array(m);
  for (let r = 0; r < m; r++) picked[r] = labels[rows[r]!]!;
  const clusterOf = new Map<number, number>();
  const cid = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    let c = clusterOf.get(picked[r]!);
    if (c === undefined) {
      c = clusterOf.size;
      clusterOf.set(picked[r]!, c);
    }
    cid[r] = c;
  }
  const k = clusterOf.size;
  if (k < 2 || k > m - 1) {
    return undefinedMetric(`silhouette is undefined with ${k} cluster${k === 1 ? '' : 's'} among ${m} rows (it needs 2 to ${m - 1})`);
  }
  const sizes = new Float64Array(k);
  for (let r = 0; r < m; r++) sizes[cid[r]!]++;
  // Sums of distances from each scored row to each cluster, filled from each pair once.
  const sums = new Float64Array(m * k);
  const packed = new Float64Array(m * d);
  for (let r = 0; r < m; r++) packed.set(v.subarray(rows[r]! * d, rows[r]! * d + d), r * d);
  for (let i = 0; i < m; i++) {
    const oi = i * d;
    const ci = cid[i]!;
    for (let j = i + 1; j < m; j++) {
      const dist = rowDistance(packed, d, oi, j * d);
      sums[i * k + cid[j]!] += dist;
      sums[j * k + ci] += dist;
    }
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    const own = cid[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[i * k + own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[i * k + c]! / sizes[c]!);
    const top = Math.max(a, b);
    if (top > 0) total += (b - a) / top;
  }
  return ok(total / m);
}

function checkMatrix(x: RowMatrix, labels: Codes): void {
  if (x.values.length !== x.rows * x.cols || labels.length !== x.rows) {
    throw new FramewiseError('INVALID_ARGUMENT', `silhouette: ${x.values.length} values do not make ${x.rows} rows × ${x.cols} columns with ${labels.length} labels.`, {
      hint: 'Pass row-major data with one label per row.',
    });
  }
  checkCodes('silhouette', labels);
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
