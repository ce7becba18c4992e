// The values each metric can take, in one table, and the cut every interval gets where it is made
// (cross-validation's t-interval, the promise's bootstrap, a challenger's, monitoring's), so that no
// interval promises a log loss below zero or an accuracy above one.

import type { Interval } from './interval.js';

type Range = readonly [number, number];

const SHARE: Range = [0, 1];
const NON_NEGATIVE: Range = [0, Infinity];

/** By metric id; a metric not listed is left open. */
export const METRIC_RANGES: Readonly<Record<string, Range>> = {
  roc_auc: SHARE,
  pr_auc: SHARE,
  accuracy: SHARE,
  balanced_accuracy: SHARE,
  precision: SHARE,
  recall: SHARE,
  f1: SHARE,
  f1_macro: SHARE,
  f1_weighted: SHARE,
  precision_macro: SHARE,
  recall_macro: SHARE,
  roc_auc_ovr: SHARE,
  roc_auc_macro: SHARE,
  hamming_loss: SHARE,
  subset_accuracy: SHARE,
  flagged_share: SHARE,
  log_loss: NON_NEGATIVE,
  // Over all classes (metrics/probabilistic.ts): 0 to 1 with two classes scored on one, up to 2 with several.
  brier: [0, 2],
  rmse: NON_NEGATIVE,
  mae: NON_NEGATIVE,
  // Worse than predicting the mean has no floor.
  r2: [-Infinity, 1],
  silhouette: [-1, 1],
  // Corrected for chance, so a little below 0 when the agreement is worse than chance.
  ami: [-Infinity, 1],
};

const OPEN: Range = [-Infinity, Infinity];

/** The values metric `id` can take. */
export function rangeOfMetric(id: string): Range {
  return METRIC_RANGES[id] ?? OPEN;
}

/** The interval cut to what the metric can reach; the mean is left as measured. */
export function withinRange(id: string, interval: Interval): Interval {
  const [min, max] = rangeOfMetric(id);
  const low = Number.isNaN(interval.low) ? interval.low : Math.min(max, Math.max(min, interval.low));
  const high = Number.isNaN(interval.high) ? interval.high : Math.max(min, Math.min(max, interval.high));
  return { mean: interval.mean, low, high };
}
