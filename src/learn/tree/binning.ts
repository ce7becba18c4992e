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
  const sorted = sortFloat64(present.subarray(0, count));
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

/** Below this many values the built-in sort is as fast as the radix sort. */
const RADIX_FROM = 4096;

/**
 * Sorts numbers (no NaN) ascending in place, -0 before +0 as TypedArray.prototype.sort does:
 * a least-significant-digit radix sort on the bits, 16 at a time, after mapping each number to
 * an unsigned key with the same order (sign bit flipped on positives, every bit on negatives).
 * Four passes over the values instead of a comparison sort's n log n steps.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_FROM) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1]!;
    const l = words[2 * i]!;
    const negative = h >>> 31;
    // Negatives: every bit flipped; positives: the sign bit set.
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[i] = negative ? ~l >>> 0 : l;
  }
  let hiNext = new Uint32Array(n);
  let loNext = new Uint32Array(n);
  const counts = new Uint32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const keys = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((keys[i]! >>> shift) & 0xffff) + 1]++;
    // A pass where every value has the same digit would move nothing.
    if (counts[((keys[0]! >>> shift) & 0xffff) + 1] === n) continue;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1]!;
    for (let i = 0; i < n; i++) {
      const at = counts[(keys[i]! >>> shift) & 0xffff]++;
      hiNext[at] = hi[i]!;
      loNext[at] = lo[i]!;
    }
    [hi, hiNext] = [hiNext, hi];
    [lo, loNext] = [loNext, lo];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    const positive = h >>> 31;
    words[2 * i + 1] = positive ? h & 0x7fffffff : ~h >>> 0;
    words[2 * i] = positive ? lo[i]! : ~lo[i]! >>> 0;
  }
  return values;
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

/** Cells of the lookup grid laid over the edges' range. */
const GRID = 2048;

/**
 * The edges prepared for fast lookup: a uniform grid over [first edge, last edge] whose cell c
 * records how many edges fall in earlier cells. Cells are computed by one monotone formula, so an
 * edge in an earlier cell is below any value in cell c and an edge in a later cell above it: the
 * search only looks at the edges inside the value's cell (usually none or one; a binary search
 * when skewed data crowd many edges into one cell).
 */
export interface EdgeLookup {
  readonly edges: Float64Array;
  /** start[c]: edges in cells before c; start[c + 1]: edges in cells up to c (GRID + 1 entries). */
  readonly start: Uint8Array;
  readonly low: number;
  readonly scale: number;
}

function cellOf(v: number, low: number, scale: number): number {
  const t = (v - low) * scale;
  // Comparisons first: t may be huge, infinite or NaN, where "| 0" alone would wrap.
  return t >= GRID - 1 ? GRID - 1 : t > 0 ? t | 0 : 0;
}

function edgeLookup(edges: BinEdges): EdgeLookup {
  const m = edges.length;
  const low = m > 0 ? edges[0]! : 0;
  const span = m > 0 ? edges[m - 1]! - low : 0;
  const scale = span > 0 && Number.isFinite(span) ? (GRID - 1) / span : 0;
  const start = new Uint8Array(GRID + 1);
  let p = 0;
  for (let c = 0; c < GRID; c++) {
    while (p < m && cellOf(edges[p]!, low, scale) < c) p++;
    start[c] = p;
  }
  start[GRID] = m;
  return { edges, start, low, scale };
}

// A fitted model bins with the same edge arrays on every call: their grids are built once, which
// is most of the time of a one-row prediction otherwise. Edges are never changed once learned.
const lookups = new WeakMap<BinEdges, EdgeLookup>();

function cachedLookup(edges: BinEdges): EdgeLookup {
  let lookup = lookups.get(edges);
  if (lookup === undefined) {
    lookup = edgeLookup(edges);
    lookups.set(edges, lookup);
  }
  return lookup;
}

/**
 * Bins one feature's values into out[outOffset + i × outStride], NaN as `missingCode`: a value
 * goes to the first bin i with value <= edges[i] (binOf, found here through the grid lookup).
 */
export function binColumn(values: Float64Array, edges: BinEdges, out: Uint8Array, outOffset: number, outStride: number, missingCode: number): void {
  binRange(values, edgeLookup(edges), 0, values.length, out, outOffset, outStride, missingCode);
}

/** binColumn over rows from..to-1 only; row i goes to outOffset + (i - from) × outStride. */
function binRange(values: Float64Array, lookup: EdgeLookup, from: number, to: number, out: Uint8Array, outOffset: number, outStride: number, missingCode: number): void {
  const { edges: e, start, low, scale } = lookup;
  let at = outOffset;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    const c = cellOf(v, low, scale);
    let lo = start[c]!;
    let hi = start[c + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v > e[mid]!) lo = mid + 1;
      else hi = mid;
    }
    out[at] = v === v ? lo : missingCode;
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
  const out = new Uint8Array(rowCount * features.length);
  binRowsInto(features, prepareEdges(edges), rowCount, out);
  return out;
}

/** Every feature's edges with their lookup grid, looked up once (a fitted model keeps these). */
export interface PreparedEdges {
  readonly lookups: readonly EdgeLookup[];
}

export function prepareEdges(edges: readonly BinEdges[]): PreparedEdges {
  return { lookups: edges.map(cachedLookup) };
}

/** binRows into `out` (at least rowCount × features bytes), with edges already prepared. */
export function binRowsInto(features: readonly Float64Array[], prepared: PreparedEdges, rowCount: number, out: Uint8Array): void {
  const width = features.length;
  const lookups = prepared.lookups;
  // Block by rows so the block being written stays in cache while every feature fills it.
  const block = 4096;
  for (let from = 0; from < rowCount; from += block) {
    const to = Math.min(rowCount, from + block);
    for (let f = 0; f < width; f++) binRange(features[f]!, lookups[f]!, from, to, out, from * width + f, width, ROW_MISSING);
  }
}
