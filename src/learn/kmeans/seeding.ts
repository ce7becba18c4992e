// Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with several candidates per step as
// scikit-learn does): each new centre is drawn with probability proportional to the squared
// distance to the nearest centre so far, keeping the best of 2 + ⌊ln k⌋ candidates.

import type { Rng } from '../../core/rng.js';

/** Squared Euclidean distance between row `i` of `x` and row `j` of `c` (both row-packed, width d). */
export function squaredDistance(x: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  const oi = i * d;
  const oj = j * d;
  let s = 0;
  for (let f = 0; f < d; f++) {
    const diff = x[oi + f]! - c[oj + f]!;
    s += diff * diff;
  }
  return s;
}

/** k initial centres (row-packed k × d) chosen among the n rows of `x`. */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = squaredDistance(x, i, centers, 0, d);
  const cumulative = new Float64Array(n);
  const candidate = new Float64Array(n);
  const best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i]!;
      cumulative[i] = running;
    }
    let bestPotential = Infinity;
    let bestIndex = -1;
    for (let t = 0; t < trials; t++) {
      const id = drawIndex(cumulative, rng.next() * running);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const dist = squaredDistance(x, i, x, id, d);
        const m = dist < closest[i]! ? dist : closest[i]!;
        candidate[i] = m;
        pot += m;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        bestIndex = id;
        best.set(candidate);
      }
    }
    centers.set(x.subarray(bestIndex * d, bestIndex * d + d), c * d);
    closest.set(best);
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
