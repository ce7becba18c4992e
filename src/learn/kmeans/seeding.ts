// Greedy k-means++ seeding as scikit-learn's (draws by squared distance, best of 2 + ⌊ln k⌋
// candidates per centre), and the row-to-centre distance kernels the k-means code shares.

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
  const four = new Float64Array(4);
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
      let t = 0;
      // Four candidates at a time when none can be ruled out: one read of the row serves all four.
      for (; t + 3 < trials; t += 4) {
        if (gaps[t * k + own]! < limit && gaps[(t + 1) * k + own]! < limit && gaps[(t + 2) * k + own]! < limit && gaps[(t + 3) * k + own]! < limit) {
          distancesToFour(x, i, candidates, t, d, four, 0);
          for (let q = 0; q < 4; q++) {
            const dist = four[q]! < current ? four[q]! : current;
            reach[(t + q) * n + i] = dist;
            potentials[t + q] += dist;
          }
          continue;
        }
        for (let q = t; q < t + 4; q++) {
          const dist = gaps[q * k + own]! < limit ? Math.min(current, squaredDistance(x, i, candidates, q, d)) : current;
          reach[q * n + i] = dist;
          potentials[q] += dist;
        }
      }
      for (; t < trials; t++) {
        const dist = gaps[t * k + own]! < limit ? Math.min(current, squaredDistance(x, i, candidates, t, d)) : current;
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

/** Squared distances from row `i` of `x` to rows t..t+3 of `c`, into out[at..at+4), in one pass over the row. */
function distancesToFour(x: Float64Array, i: number, c: Float64Array, t: number, d: number, out: Float64Array, at: number): void {
  const oi = i * d;
  const o0 = t * d;
  const o1 = o0 + d;
  const o2 = o1 + d;
  const o3 = o2 + d;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let f = 0; f < d; f++) {
    const v = x[oi + f]!;
    const a = v - c[o0 + f]!;
    const b = v - c[o1 + f]!;
    const e = v - c[o2 + f]!;
    const g = v - c[o3 + f]!;
    s0 += a * a;
    s1 += b * b;
    s2 += e * e;
    s3 += g * g;
  }
  out[at] = s0;
  out[at + 1] = s1;
  out[at + 2] = s2;
  out[at + 3] = s3;
}

/**
 * Squared distances from row `i` of `x` to each of the k rows of `centers`, into out[0..k). Each
 * is summed feature by feature in order, so the same pair always gives the same bits.
 */
export function distancesToAll(x: Float64Array, i: number, centers: Float64Array, k: number, d: number, out: Float64Array): void {
  let c = 0;
  for (; c + 3 < k; c += 4) distancesToFour(x, i, centers, c, d, out, c);
  for (; c < k; c++) {
    const oi = i * d;
    const oc = c * d;
    let s = 0;
    for (let f = 0; f < d; f++) {
      const a = x[oi + f]! - centers[oc + f]!;
      s += a * a;
    }
    out[c] = s;
  }
}

/** The first index whose cumulative weight exceeds `target` (all rows equal when every weight is 0). */
export function drawIndex(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
