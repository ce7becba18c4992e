// The best split of one node from its histogram: every bin boundary of every candidate feature,
// with missing values sent left or right, scored by the L2-regularised gain of the second-order
// objective (which is the variance / Gini reduction when hessians are weights).

import type { HistogramLayout } from './histogram.js';
import { bestCategorySplit } from './split-categorical.js';

export interface SplitConstraints {
  readonly minSamplesLeaf: number;
  readonly minHessianLeaf: number;
  readonly lambda: number;
}

/**
 * A chosen split: rows with bin <= bin go left, or, for a category split, rows whose code is
 * in `categories`; the missing code goes left when missingLeft.
 */
export interface Split {
  readonly gain: number;
  readonly feature: number;
  readonly bin: number;
  readonly missingLeft: boolean;
  /** Gradient sums of the left child per output, then its hessian, then its row count. */
  readonly left: Float64Array;
  /** The value bins (category codes) that go left, ascending: set on category splits only. */
  readonly categories?: Uint8Array;
}

/** Σ_k G_k² / (H + λ): the objective reduction a leaf with these sums achieves. */
export function leafScore(sums: Float64Array, offset: number, outputs: number, lambda: number): number {
  const h = sums[offset + outputs]! + lambda;
  if (!(h > 0)) return 0;
  let s = 0;
  for (let k = 0; k < outputs; k++) {
    const g = sums[offset + k]!;
    s += g * g;
  }
  return s / h;
}

/**
 * Scans the candidate features for the best split, or returns undefined when no split meets the
 * constraints with a positive gain. Ties keep the earlier feature and bin, so results are stable.
 */
export function findBestSplit(
  hist: Float64Array,
  layout: HistogramLayout,
  valueBins: Int32Array,
  candidates: Int32Array,
  totals: Float64Array,
  constraints: SplitConstraints,
  categorical?: Uint8Array,
): Split | undefined {
  const stride = layout.stride;
  const outputs = layout.outputs;
  const hIdx = outputs;
  const cIdx = outputs + 1;
  const { minSamplesLeaf, minHessianLeaf, lambda } = constraints;
  const parentScore = leafScore(totals, 0, outputs, lambda);
  // Gains below this are rounding noise (a pure node scores a tiny non-zero gain).
  const minGain = 1e-10 * Math.max(1, Math.abs(parentScore));
  const cum = new Float64Array(stride);
  const withMissing = new Float64Array(stride);
  const right = new Float64Array(stride);
  let best: Split | undefined;
  let bestGain = minGain;
  for (let k = 0; k < candidates.length; k++) {
    const f = candidates[k]!;
    if (categorical !== undefined && categorical[f] === 1 && outputs === 1) {
      const found = bestCategorySplit(hist, layout, valueBins, f, totals, constraints, parentScore, bestGain);
      if (found !== undefined) {
        best = found;
        bestGain = found.gain;
      }
      continue;
    }
    const nb = valueBins[f]!;
    const base = layout.offsets[f]! * stride;
    if (outputs === 1) {
      const found = bestThresholdOneOutput(hist, base, nb, totals, constraints, parentScore, bestGain);
      if (found !== undefined) {
        best = { ...found, feature: f };
        bestGain = found.gain;
      }
      continue;
    }
    const missBase = base + nb * stride;
    const missingCount = hist[missBase + cIdx]!;
    cum.fill(0);
    // With no missing values in the node, the last boundary puts every row left: skip it.
    const lastBin = missingCount > 0 ? nb - 1 : nb - 2;
    for (let b = 0; b <= lastBin; b++) {
      const p = base + b * stride;
      // An empty bin moves no row: its boundary splits exactly like the one before it, which
      // was already scored and wins the tie. Small nodes have mostly empty bins.
      if (hist[p + cIdx] === 0) continue;
      for (let c = 0; c < stride; c++) cum[c] += hist[p + c]!;
      // Missing values go right.
      for (let c = 0; c < stride; c++) right[c] = totals[c]! - cum[c]!;
      if (cum[cIdx]! >= minSamplesLeaf && right[cIdx]! >= minSamplesLeaf && cum[hIdx]! >= minHessianLeaf && right[hIdx]! >= minHessianLeaf) {
        const gain = leafScore(cum, 0, outputs, lambda) + leafScore(right, 0, outputs, lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          best = { gain, feature: f, bin: b, missingLeft: false, left: cum.slice() };
        }
      }
      if (missingCount > 0 && b < nb - 1) {
        // Missing values go left.
        for (let c = 0; c < stride; c++) {
          withMissing[c] = cum[c]! + hist[missBase + c]!;
          right[c] = totals[c]! - withMissing[c]!;
        }
        if (
          withMissing[cIdx]! >= minSamplesLeaf &&
          right[cIdx]! >= minSamplesLeaf &&
          withMissing[hIdx]! >= minHessianLeaf &&
          right[hIdx]! >= minHessianLeaf
        ) {
          const gain = leafScore(withMissing, 0, outputs, lambda) + leafScore(right, 0, outputs, lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            best = { gain, feature: f, bin: b, missingLeft: true, left: withMissing.slice() };
          }
        }
      }
    }
  }
  if (best !== undefined && !best.missingLeft) {
    // With no missing values seen at this node, unseen missing values follow the larger child.
    const p = layout.offsets[best.feature]! * stride + valueBins[best.feature]! * stride;
    if (hist[p + cIdx] === 0 && best.left[cIdx]! >= totals[cIdx]! - best.left[cIdx]!) best = { ...best, missingLeft: true };
  }
  return best;
}

/**
 * findBestSplit's scan of one feature's thresholds for one output, on scalars rather than
 * arrays (the boosting case, most of the split-finding time); the same sums in the same order,
 * so the same split. Returns the best split that beats minGain, without its feature.
 */
function bestThresholdOneOutput(
  hist: Float64Array,
  base: number,
  nb: number,
  totals: Float64Array,
  constraints: SplitConstraints,
  parentScore: number,
  minGain: number,
): Omit<Split, 'feature'> | undefined {
  const { minSamplesLeaf, minHessianLeaf, lambda } = constraints;
  const tg = totals[0]!;
  const th = totals[1]!;
  const tc = totals[2]!;
  const missBase = base + nb * 3;
  const mg = hist[missBase]!;
  const mh = hist[missBase + 1]!;
  const mc = hist[missBase + 2]!;
  const lastBin = mc > 0 ? nb - 1 : nb - 2;
  let bestGain = minGain;
  let bestBin = -1;
  let bestMissingLeft = false;
  let lg = 0;
  let lh = 0;
  let lc = 0;
  let cg = 0;
  let ch = 0;
  let cc = 0;
  for (let b = 0; b <= lastBin; b++) {
    const p = base + b * 3;
    if (hist[p + 2] === 0) continue;
    cg += hist[p]!;
    ch += hist[p + 1]!;
    cc += hist[p + 2]!;
    // Missing values go right.
    let rh = th - ch;
    let rc = tc - cc;
    if (cc >= minSamplesLeaf && rc >= minSamplesLeaf && ch >= minHessianLeaf && rh >= minHessianLeaf) {
      const gain = score(cg, ch, lambda) + score(tg - cg, rh, lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = b;
        bestMissingLeft = false;
        lg = cg;
        lh = ch;
        lc = cc;
      }
    }
    if (mc > 0 && b < nb - 1) {
      // Missing values go left.
      const wg = cg + mg;
      const wh = ch + mh;
      const wc = cc + mc;
      rh = th - wh;
      rc = tc - wc;
      if (wc >= minSamplesLeaf && rc >= minSamplesLeaf && wh >= minHessianLeaf && rh >= minHessianLeaf) {
        const gain = score(wg, wh, lambda) + score(tg - wg, rh, lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestBin = b;
          bestMissingLeft = true;
          lg = wg;
          lh = wh;
          lc = wc;
        }
      }
    }
  }
  return bestBin < 0 ? undefined : { gain: bestGain, bin: bestBin, missingLeft: bestMissingLeft, left: Float64Array.of(lg, lh, lc) };
}

/** leafScore for one output: G² / (H + λ). */
function score(g: number, h: number, lambda: number): number {
  const d = h + lambda;
  return d > 0 ? (g * g) / d : 0;
}
