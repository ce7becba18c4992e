// Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with several candidates per step as
// scikit-learn does): each new centre is drawn with probability proportional to the squared
// distance to the nearest centre so far, keeping the best of 2 + ⌊ln k⌋ candidates.

import type { Rng } from '../../core/rng.js';

/**
 * Squared Euclidean distance between row `i` of `x` and row `j` of `c` (both row-packed, width d).
 * Four running sums break the add-after-add dependency chain, which roughly doubles throughput.
 */
export function squaredDistance(x: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  const oi = i * d;
  const oj = j * d;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let f = 0;
  for (; f + 3 < d; f += 4) {
    const a = x[oi + f]! - c[oj + f]!;
    const b = x[oi + f + 1]! - c[oj + f + 1]!;
    const e = x[oi + f + 2]! - c[oj + f + 2]!;
    const g = x[oi + f + 3]! - c[oj + f + 3]!;
    s0 += a * a;
    s1 += b * b;
    s2 += e * e;
    s3 += g * g;
  }
  for (; f < d; f++) {
    const a = x[oi + f]! - c[oj + f]!;
    s0 += a * a;
  }
  return s0 + s1 + (s2 + s3);
}

/**
 * k initial centres (row-packed k × d) chosen among the n rows of `x`. All candidates of a step
 * are measured in one pass over the rows (the data is read once per step, not once per
 * candidate). A candidate cannot be nearer a row than the row's current centre when it lies at
 * least twice as far from that centre (triangle inequality), so such rows skip the distance.
 */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  const owner = new Int32Array(n);
  for (let i = 0; i < n; i++) closest[i] = squaredDistance(x, i, centers, 0, d);
  const cumulative = new Float64Array(n);
  const candidates = new Float64Array(trials * d);
  const ids = new Int32Array(trials);
  const gaps = new Float64Array(trials * k);
  const potentials = new Float64Array(trials);
  const reach = new Float64Array(trials * n);
  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i]!;
      cumulative[i] = running;
    }
    for (let t = 0; t < trials; t++) {
      ids[t] = drawIndex(cumulative, rng.next() * running);
      candidates.set(x.subarray(ids[t]! * d, ids[t]! * d + d), t * d);
      for (let j = 0; j < c; j++) gaps[t * k + j] = squaredDistance(candidates, t, centers, j, d);
    }
    potentials.fill(0);
    for (let i = 0; i < n; i++) {
      const current = closest[i]!;
      const own = owner[i]!;
      const limit = 4 * current;
      for (let t = 0; t < trials; t++) {
        let dist = current;
        if (gaps[t * k + own]! < limit) {
          const exact = squaredDistance(x, i, candidates, t, d);
          if (exact < current) dist = exact;
        }
        reach[t * n + i] = dist;
        potentials[t] += dist;
      }
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if (potentials[t]! < potentials[best]!) best = t;
    centers.set(candidates.subarray(best * d, best * d + d), c * d);
    const offset = best * n;
    for (let i = 0; i < n; i++) {
      const dist = reach[offset + i]!;
      if (dist < closest[i]!) {
        closest[i] = dist;
        owner[i] = c;
      }
    }
  }
  return centers;
}

/** The first index whose cumulative weight exceeds `target` (all rows equal when every weight is 0). */
function drawIndex(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
