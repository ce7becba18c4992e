// Lloyd's k-means iterations on packed rows with Hamerly's bounds (2010), which skip only the
// distance computations that cannot change an assignment: the result is plain Lloyd's.

import type { NearestTwo } from './local-search.js';
import { distancesToAll, squaredDistance } from './seeding.js';

export interface LloydOptions {
  readonly maxIter: number;
  /** Absolute tolerance on the sum of squared centre shifts. */
  readonly tol: number;
}

export interface LloydResult {
  /** Row-packed k × d. */
  readonly centers: Float64Array;
  readonly labels: Int32Array;
  /** Sum of squared distances from each row to its centre. */
  readonly inertia: number;
  readonly iterations: number;
  /** True when the last iteration changed no assignment (not only a small shift). */
  readonly converged: boolean;
}

/**
 * Runs Lloyd's algorithm from `initial` (row-packed k × d, not modified). Cluster sums are kept
 * up to date as rows move rather than recomputed, so centres may differ from a recomputation by
 * rounding only. `start`, when given, is every row's nearest-two assignment to `initial`, which
 * then replaces the first full assignment.
 */
export function lloyd(x: Float64Array, n: number, d: number, initial: Float64Array, options: LloydOptions, start?: NearestTwo): LloydResult {
  const k = initial.length / d;
  const centers = Float64Array.from(initial);
  const next = new Float64Array(k * d);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const half = new Float64Array(k);
  const shift = new Float64Array(k);

  if (start === undefined) assignAll(x, n, d, centers, k, labels, upper, lower, sums, counts);
  else startFrom(x, n, d, start, labels, upper, lower, sums, counts);
  let iterations = 0;
  let strict = false;
  let changed = n;
  for (;;) {
    iterations++;
    const shiftTotal = moveCenters(x, n, d, k, centers, next, sums, counts, labels, upper, lower, shift);
    if (changed === 0) {
      strict = true;
      break;
    }
    widenBounds(n, k, labels, upper, lower, shift);
    if (shiftTotal <= options.tol || iterations >= options.maxIter) break;
    changed = assignWithBounds(x, n, d, centers, k, labels, upper, lower, half, sums, counts);
  }
  // Stopped on a small shift: relabel once against the final centres, as scikit-learn does.
  if (!strict) assignWithBounds(x, n, d, centers, k, labels, upper, lower, half, sums, counts);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += squaredDistance(x, i, centers, labels[i]!, d);
  return { centers, labels, inertia, iterations, converged: strict };
}

/** Full assignment: exact nearest and second-nearest distances for every row, and the cluster sums. */
function assignAll(
  x: Float64Array, n: number, d: number, centers: Float64Array, k: number, labels: Int32Array,
  upper: Float64Array, lower: Float64Array, sums: Float64Array, counts: Float64Array,
): void {
  const scratch = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    nearestTwo(x, i, d, centers, k, labels, upper, lower, scratch);
    const c = labels[i]!;
    counts[c]++;
    const oc = c * d;
    const oi = i * d;
    for (let f = 0; f < d; f++) sums[oc + f] += x[oi + f]!;
  }
}

/** The same as assignAll, from an assignment measured already. */
function startFrom(
  x: Float64Array, n: number, d: number, start: NearestTwo, labels: Int32Array,
  upper: Float64Array, lower: Float64Array, sums: Float64Array, counts: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const c = start.nearest[i]!;
    labels[i] = c;
    upper[i] = Math.sqrt(start.nearestDist[i]!);
    lower[i] = Math.sqrt(start.secondDist[i]!);
    counts[c]++;
    const oc = c * d;
    const oi = i * d;
    for (let f = 0; f < d; f++) sums[oc + f] += x[oi + f]!;
  }
}

function nearestTwo(x: Float64Array, i: number, d: number, centers: Float64Array, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array, scratch: Float64Array): void {
  distancesToAll(x, i, centers, k, d, scratch);
  let best = Infinity;
  let second = Infinity;
  let arg = 0;
  for (let c = 0; c < k; c++) {
    const dist = scratch[c]!;
    if (dist < best) {
      second = best;
      best = dist;
      arg = c;
    } else if (dist < second) second = dist;
  }
  labels[i] = arg;
  upper[i] = Math.sqrt(best);
  lower[i] = Math.sqrt(second);
}

/**
 * Moves each centre to the mean of its rows and returns the sum of squared shifts. An empty
 * cluster takes the row farthest from its own centre (as scikit-learn relocates empty clusters).
 */
function moveCenters(
  x: Float64Array, n: number, d: number, k: number, centers: Float64Array, next: Float64Array,
  sums: Float64Array, counts: Float64Array, labels: Int32Array, upper: Float64Array, lower: Float64Array, shift: Float64Array,
): number {
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) continue;
    let far = -1;
    let farDist = -1;
    for (let i = 0; i < n; i++) {
      if (counts[labels[i]!]! <= 1) continue;
      const dist = squaredDistance(x, i, centers, labels[i]!, d);
      if (dist > farDist) {
        farDist = dist;
        far = i;
      }
    }
    if (far < 0) continue;
    const from = labels[far]!;
    for (let f = 0; f < d; f++) {
      sums[from * d + f] -= x[far * d + f]!;
      sums[c * d + f] = x[far * d + f]!;
    }
    counts[from]--;
    counts[c] = 1;
    labels[far] = c;
    upper[far] = 0;
    lower[far] = 0;
  }
  let total = 0;
  for (let c = 0; c < k; c++) {
    const oc = c * d;
    let s = 0;
    for (let f = 0; f < d; f++) {
      const v = counts[c]! > 0 ? sums[oc + f]! / counts[c]! : centers[oc + f]!;
      const diff = v - centers[oc + f]!;
      s += diff * diff;
      next[oc + f] = v;
    }
    shift[c] = Math.sqrt(s);
    total += s;
  }
  centers.set(next);
  return total;
}

/** After centres move, a row's centre is at most shift[own] farther and any other at most max shift closer. */
function widenBounds(n: number, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array, shift: Float64Array): void {
  let first = 0;
  let second = 0;
  let argFirst = -1;
  for (let c = 0; c < k; c++) {
    const s = shift[c]!;
    if (s > first) {
      second = first;
      first = s;
      argFirst = c;
    } else if (s > second) second = s;
  }
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    upper[i] += shift[own]!;
    lower[i] -= own === argFirst ? second : first;
  }
}

/** Hamerly's assignment step; keeps the cluster sums up to date and returns how many rows moved. */
function assignWithBounds(
  x: Float64Array, n: number, d: number, centers: Float64Array, k: number, labels: Int32Array,
  upper: Float64Array, lower: Float64Array, half: Float64Array, sums: Float64Array, counts: Float64Array,
): number {
  // half[c]: half the distance from centre c to its nearest other centre.
  for (let c = 0; c < k; c++) {
    let m = Infinity;
    for (let o = 0; o < k; o++) if (o !== c) m = Math.min(m, squaredDistance(centers, c, centers, o, d));
    half[c] = Math.sqrt(m) / 2;
  }
  let moved = 0;
  const scratch = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    const bound = half[own]! > lower[i]! ? half[own]! : lower[i]!;
    if (upper[i]! <= bound) continue;
    upper[i] = Math.sqrt(squaredDistance(x, i, centers, own, d));
    if (upper[i]! <= bound) continue;
    nearestTwo(x, i, d, centers, k, labels, upper, lower, scratch);
    const now = labels[i]!;
    if (now !== own) {
      moved++;
      counts[own]--;
      counts[now]++;
      const oi = i * d;
      for (let f = 0; f < d; f++) {
        const v = x[oi + f]!;
        sums[own * d + f] -= v;
        sums[now * d + f] += v;
      }
    }
  }
  return moved;
}
