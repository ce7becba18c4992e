// Category splits for one output: the node's categories (missing counting as one more) ordered
// by their smoothed mean gradient, then every cut of that order tried as "these go left", which
// finds the best two-way grouping without trying every subset (Fisher's ordering).

import type { HistogramLayout } from './histogram.js';
import { leafScore, type Split, type SplitConstraints } from './split.js';

/** Hessian added to each category's when ordering them, so that tiny categories sort near 0. */
const ORDER_SMOOTHING = 10;

/** The best category split of `feature` with a gain above `bestGain`, if there is one. */
export function bestCategorySplit(
  hist: Float64Array,
  layout: HistogramLayout,
  valueBins: Int32Array,
  feature: number,
  totals: Float64Array,
  constraints: SplitConstraints,
  parentScore: number,
  bestGain: number,
): Split | undefined {
  const stride = layout.stride;
  const cIdx = 2;
  const nb = valueBins[feature]!;
  const base = layout.offsets[feature]! * stride;
  const present: number[] = [];
  // Code nb stands for missing: it takes part in the order like any category.
  for (let b = 0; b <= nb; b++) if (hist[base + b * stride + cIdx]! > 0) present.push(b);
  if (present.length < 2) return undefined;
  const key = (b: number): number => hist[base + b * stride]! / (hist[base + b * stride + 1]! + ORDER_SMOOTHING);
  present.sort((a, b) => key(a) - key(b) || a - b);
  const { minSamplesLeaf, minHessianLeaf, lambda } = constraints;
  const cum = new Float64Array(stride);
  const right = new Float64Array(stride);
  let bestCut = -1;
  let bestLeft: Float64Array | undefined;
  for (let j = 0; j < present.length - 1; j++) {
    const p = base + present[j]! * stride;
    for (let c = 0; c < stride; c++) cum[c] += hist[p + c]!;
    for (let c = 0; c < stride; c++) right[c] = totals[c]! - cum[c]!;
    if (cum[cIdx]! < minSamplesLeaf || right[cIdx]! < minSamplesLeaf || cum[1]! < minHessianLeaf || right[1]! < minHessianLeaf) continue;
    const gain = leafScore(cum, 0, 1, lambda) + leafScore(right, 0, 1, lambda) - parentScore;
    if (gain > bestGain) {
      bestGain = gain;
      bestCut = j;
      bestLeft = cum.slice();
    }
  }
  if (bestLeft === undefined) return undefined;
  const leftCodes = present.slice(0, bestCut + 1);
  const hasMissing = hist[base + nb * stride + cIdx]! > 0;
  // Without missing values at this node, unseen missing values follow the larger child.
  const missingLeft = hasMissing ? leftCodes.includes(nb) : bestLeft[cIdx]! >= totals[cIdx]! - bestLeft[cIdx]!;
  const categories = Uint8Array.from(leftCodes.filter((b) => b !== nb)).sort();
  return { gain: bestGain, feature, bin: 0, missingLeft, left: bestLeft, categories };
}
