// Local-search refinement of k-means++ centres (Lattanzi & Sohler, ICML 2019, "LocalSearch++"):
// draw a row by squared distance, swap it for the centre whose removal costs least, if that helps.

import type { Rng } from '../../core/rng.js';
import { distancesToAll, drawIndex, squaredDistance } from './seeding.js';

/** Every row's nearest and second-nearest centre with their squared distances. */
export interface NearestTwo {
  readonly nearest: Int32Array;
  readonly second: Int32Array;
  readonly nearestDist: Float64Array;
  /** Infinity when there is a single centre. */
  readonly secondDist: Float64Array;
}

/**
 * Local search on at most this many rows: beyond it, swaps are priced on a uniform sample of
 * rows (the relative error of a price is then about 1/√sample, well below the gaps between
 * local optima that a swap is for), so the refinement costs the same on any data size.
 */
export const LOCAL_SEARCH_ROWS = 32_768;

/**
 * Runs `localSearch` on all rows when there are at most `cap`, and returns the final assignment;
 * otherwise on a uniform sample of `cap` rows (drawn from `rng`), returning no assignment.
 */
export function refineCenters(x: Float64Array, n: number, d: number, centers: Float64Array, steps: number, rng: Rng, cap = LOCAL_SEARCH_ROWS): NearestTwo | undefined {
  if (n <= cap) return localSearch(x, n, d, centers, steps, rng);
  // Partial Fisher–Yates: the first `cap` places end up a uniform sample without repeats.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < cap; i++) {
    const j = i + rng.int(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  // In row order, so the copy reads the data front to back.
  const chosen = order.subarray(0, cap).sort();
  const sample = new Float64Array(cap * d);
  for (let r = 0; r < cap; r++) sample.set(x.subarray(chosen[r]! * d, chosen[r]! * d + d), r * d);
  localSearch(sample, cap, d, centers, steps, rng);
  return undefined;
}

export interface LocalSearchResult extends NearestTwo {
  /** Accepted swaps (at most `steps`). */
  readonly swaps: number;
}

/**
 * Refines `centers` (row-packed k × d, changed in place) by `steps` swap trials. Each trial draws
 * a row p with probability proportional to its squared distance to its nearest centre (as a
 * k-means++ step does), prices "replace centre q by p" for every q in one pass over the rows,
 * and makes the cheapest swap when it lowers the potential (the sum of squared distances to the
 * nearest centre). The potential never rises. Returns the final nearest-two assignment, so that
 * Lloyd's first assignment need not be recomputed.
 *
 * Pricing: a row owned by q goes to min(dp, second) if q leaves, any other row to min(dp,
 * nearest). Rows with dp ≥ second change nothing; the triangle inequality rules those out without
 * measuring dp when |p − own centre| ≥ √nearest + √second.
 */
export function localSearch(x: Float64Array, n: number, d: number, centers: Float64Array, steps: number, rng: Rng): LocalSearchResult {
  const k = centers.length / d;
  const state = nearestTwo(x, n, d, centers, k);
  const { nearest, second, nearestDist, secondDist } = state;
  let swaps = 0;
  if (k < 2 || steps <= 0) return { ...state, swaps };
  const cumulative = new Float64Array(n);
  const dp = new Float64Array(n);
  const gap = new Float64Array(k);
  /** Per centre: Σ over its rows of (second − nearest), the cost of removing it with no replacement. */
  const removal = new Float64Array(k);
  const adjust = new Float64Array(k);
  const scratch = new Float64Array(k);
  let potential = 0;
  let fresh = false;
  for (let step = 0; step < steps; step++) {
    if (!fresh) {
      potential = 0;
      removal.fill(0);
      for (let i = 0; i < n; i++) {
        potential += nearestDist[i]!;
        cumulative[i] = potential;
        removal[nearest[i]!] += secondDist[i]! - nearestDist[i]!;
      }
      fresh = true;
    }
    if (!(potential > 0)) break;
    const p = drawIndex(cumulative, rng.next() * potential);
    for (let c = 0; c < k; c++) gap[c] = Math.sqrt(squaredDistance(x, p, centers, c, d));
    // Changes relative to "p joins, nothing leaves nearest" (baseAdjust) and to removal[q].
    let baseAdjust = 0;
    adjust.fill(0);
    for (let i = 0; i < n; i++) {
      const a = nearestDist[i]!;
      const b = secondDist[i]!;
      const own = nearest[i]!;
      if (gap[own]! >= Math.sqrt(a) + Math.sqrt(b)) {
        dp[i] = Infinity;
        continue;
      }
      const v = squaredDistance(x, i, x, p, d);
      dp[i] = v;
      if (v >= b) continue;
      if (v < a) {
        baseAdjust += v - a;
        adjust[own] += a - b;
      } else adjust[own] += v - b;
    }
    let q = 0;
    for (let c = 1; c < k; c++) if (removal[c]! + adjust[c]! < removal[q]! + adjust[q]!) q = c;
    const after = potential + baseAdjust + removal[q]! + adjust[q]!;
    // A relative margin keeps rounding noise from passing for an improvement.
    if (!(after < potential * (1 - 1e-12))) continue;
    swaps++;
    fresh = false;
    centers.set(x.subarray(p * d, p * d + d), q * d);
    for (let i = 0; i < n; i++) {
      if (nearest[i] === q || second[i] === q) {
        measureRow(x, i, d, centers, k, state, scratch);
        continue;
      }
      const v = dp[i]!;
      if (v < nearestDist[i]!) {
        second[i] = nearest[i]!;
        secondDist[i] = nearestDist[i]!;
        nearest[i] = q;
        nearestDist[i] = v;
      } else if (v < secondDist[i]!) {
        second[i] = q;
        secondDist[i] = v;
      }
    }
  }
  return { ...state, swaps };
}

/** The nearest-two assignment of every row, measured in full. */
export function nearestTwo(x: Float64Array, n: number, d: number, centers: Float64Array, k: number): NearestTwo {
  const state: NearestTwo = {
    nearest: new Int32Array(n),
    second: new Int32Array(n),
    nearestDist: new Float64Array(n),
    secondDist: new Float64Array(n),
  };
  const scratch = new Float64Array(k);
  for (let i = 0; i < n; i++) measureRow(x, i, d, centers, k, state, scratch);
  return state;
}

function measureRow(x: Float64Array, i: number, d: number, centers: Float64Array, k: number, state: NearestTwo, scratch: Float64Array): void {
  distancesToAll(x, i, centers, k, d, scratch);
  let best = Infinity;
  let next = Infinity;
  let arg = 0;
  let argNext = 0;
  for (let c = 0; c < k; c++) {
    const dist = scratch[c]!;
    if (dist < best) {
      next = best;
      argNext = arg;
      best = dist;
      arg = c;
    } else if (dist < next) {
      next = dist;
      argNext = c;
    }
  }
  state.nearest[i] = arg;
  state.second[i] = argNext;
  state.nearestDist[i] = best;
  state.secondDist[i] = next;
}
