// Feature binning shared by the tree learners: quantile bin edges learned once from a seeded
// sample, then every value mapped to a small bin code with one extra code for "missing".

import { Rng } from '../../core/rng.js';

/** Most value bins a feature may have; one more code (at most 255) is kept for missing. */
export const MAX_VALUE_BINS = 255;

/**
 * Edges of one feature: a value x falls in the first bin i with x <= edges[i], or in bin
 * edges.length when it is above every edge. The missing code is edges.length + 1.
 */
export type BinEdges = Float64Array;

/** Rows to learn edges from, without replacement, seeded; every row when there are few. */
export function edgeSampleRows(n: number, sampleSize: number, seed: number): Int32Array | undefined {
  if (n <= sampleSize) return undefined;
  const rng = new Rng(seed);
  // Partial Fisher-Yates: only the first sampleSize places are drawn.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < sampleSize; i++) {
    const j = i + rng.int(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const sample = order.slice(0, sampleSize);
  sample.sort();
  return sample;
}

/**
 * Learns the edges of one feature: midpoints between distinct values when there are at most
 * maxBins of them, otherwise midpoint-interpolated quantiles at maxBins - 1 evenly spaced levels.
 */
export function learnEdges(values: Float64Array, maxBins: number, sample: Int32Array | undefined): BinEdges {
  const m = sample === undefined ? values.length : sample.length;
  const present = new Float64Array(m);
  let count = 0;
  for (let i = 0; i < m; i++) {
    const v = values[sample === undefined ? i : sample[i]!]!;
    if (v === v) present[count++] = v;
  }
  const sorted = present.subarray(0, count).sort();
  const distinct: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = sorted[i]!;
    if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v === 0 ? 0 : v);
    if (distinct.length > maxBins) break;
  }
  if (distinct.length <= maxBins) {
    const edges = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < edges.length; i++) edges[i] = midpoint(distinct[i]!, distinct[i + 1]!);
    return edges;
  }
  const out: number[] = [];
  for (let q = 1; q < maxBins; q++) {
    const pos = (q / maxBins) * (count - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const e = midpoint(sorted[lo]!, sorted[hi]!);
    if (out.length === 0 || e > out[out.length - 1]!) out.push(e);
  }
  // The top edge must leave the largest value in a bin of its own side; drop an edge equal to the max.
  while (out.length > 0 && out[out.length - 1]! >= sorted[count - 1]!) out.pop();
  return Float64Array.from(out);
}

/** Edges that give each of k category codes 0..k-1 a bin of its own (bin = code). */
export function categoryEdges(k: number): BinEdges {
  return Float64Array.from({ length: Math.max(0, k - 1) }, (_, i) => i + 0.5);
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return Number.isFinite(m) ? m : a / 2 + b / 2;
}

/** The bin of x under `edges` (binary search); NaN gets the missing code. */
export function binOf(x: number, edges: BinEdges): number {
  if (x !== x) return edges.length + 1;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The edges padded with +Infinity to 255 entries, for the fixed eight-step search. */
function padEdges(edges: BinEdges): Float64Array {
  const padded = new Float64Array(MAX_VALUE_BINS).fill(Number.POSITIVE_INFINITY);
  padded.set(edges);
  return padded;
}

/**
 * Bins one feature's values into out[outOffset + i × outStride], NaN as `missingCode`. The
 * search takes eight steps whatever the value, each adding its step by a mask rather than a
 * branch, so no branch depends on the data (several times faster than a plain binary search).
 */
export function binColumn(values: Float64Array, edges: BinEdges, out: Uint8Array, outOffset: number, outStride: number, missingCode: number): void {
  binRange(values, padEdges(edges), 0, values.length, out, outOffset, outStride, missingCode);
}

/** binColumn over rows from..to-1 only, with edges already padded; row i goes to outOffset + (i - from) × outStride. */
function binRange(values: Float64Array, e: Float64Array, from: number, to: number, out: Uint8Array, outOffset: number, outStride: number, missingCode: number): void {
  let at = outOffset;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    let p = 0;
    p += 128 & -(v > e[p + 127]!);
    p += 64 & -(v > e[p + 63]!);
    p += 32 & -(v > e[p + 31]!);
    p += 16 & -(v > e[p + 15]!);
    p += 8 & -(v > e[p + 7]!);
    p += 4 & -(v > e[p + 3]!);
    p += 2 & -(v > e[p + 1]!);
    p += 1 & -(v > e[p]!);
    out[at] = v === v ? p : missingCode;
    at += outStride;
  }
}

/** Features binned column by column, as the histogram kernels read them. */
export interface BinnedColumns {
  readonly rowCount: number;
  /** One Uint8Array of rowCount codes per feature. */
  readonly columns: readonly Uint8Array[];
  /** Value bins per feature (edges.length + 1); the missing code equals this number. */
  readonly valueBins: Int32Array;
  /** The same codes row by row, four features per word (see histogram-rows.ts), when kept. */
  readonly rowGroups?: Uint32Array;
}

export function binColumns(
  features: readonly Float64Array[],
  edges: readonly BinEdges[],
  rowCount: number,
  allocate: (length: number) => Uint8Array = (length) => new Uint8Array(length),
): BinnedColumns {
  const columns = features.map((values, f) => {
    const out = allocate(rowCount);
    binColumn(values, edges[f]!, out, 0, 1, edges[f]!.length + 1);
    return out;
  });
  return { rowCount, columns, valueBins: Int32Array.from(edges, (e) => e.length + 1) };
}

/** The code every feature's missing values get in row-major binned data (above any value bin). */
export const ROW_MISSING = 255;

/**
 * Features binned row by row (rows × features bytes), as tree traversal at prediction reads
 * them; missing values get ROW_MISSING whatever the feature.
 */
export function binRows(features: readonly Float64Array[], edges: readonly BinEdges[], rowCount: number): Uint8Array {
  const width = features.length;
  const out = new Uint8Array(rowCount * width);
  const padded = edges.map(padEdges);
  // Block by rows so the block being written stays in cache while every feature fills it.
  const block = 4096;
  for (let from = 0; from < rowCount; from += block) {
    const to = Math.min(rowCount, from + block);
    for (let f = 0; f < width; f++) binRange(features[f]!, padded[f]!, from, to, out, from * width + f, width, ROW_MISSING);
  }
  return out;
}
