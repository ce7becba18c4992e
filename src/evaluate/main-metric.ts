// The main (headline) metric of a supervised problem, chosen once from its task and its labels:
// average precision (PR AUC) when the positive class of a yes/no target is rare, else the task's usual one.

import type { Supervised, Truth } from './oof.js';
import { DEFAULT_MINIMUM_LIFT, MAIN_METRIC } from './task-metrics.js';

/** Below this share of the labelled rows the positive class is rare, and PR AUC heads the assessment. */
export const RARE_POSITIVE_SHARE = 0.05;

/**
 * The smallest lift in PR AUC that matters, unless the card sets another. Guessing scores the
 * positive share in average precision (under 0.05 here) and a perfect ranking 1, so 0.04 is about
 * the same share of the way from guessing to perfect (4%) as 0.02 is in ROC AUC, where guessing
 * scores 0.5.
 */
export const PR_AUC_MINIMUM_LIFT = 0.04;

export interface MainMetricChoice {
  /** The metric every stage ranks, lifts and promises by. */
  readonly metric: string;
  /** The smallest lift in it that matters by default (the card's assess.minimumLift overrides it). */
  readonly minimumLift: number;
  /** A metric reported beside the main one, for readers who know it (ROC AUC beside PR AUC); null when none. */
  readonly beside: string | null;
  /** Binary: the positive class's share of the labelled rows; null for other tasks. */
  readonly positiveShare: number | null;
  /** Why this metric, in one plain sentence; null when it is the task's usual one. */
  readonly reason: string | null;
}

export function chooseMainMetric(task: Supervised, truth: Truth): MainMetricChoice {
  const usual: MainMetricChoice = { metric: MAIN_METRIC[task], minimumLift: DEFAULT_MINIMUM_LIFT[task], beside: besideMetric(MAIN_METRIC[task]), positiveShare: null, reason: null };
  if (task !== 'binary' || truth.kind !== 'classification' || truth.classes.length !== 2 || truth.y.length === 0) return usual;
  let positives = 0;
  for (const c of truth.y) if (c === truth.positive) positives++;
  const share = positives / truth.y.length;
  if (share >= RARE_POSITIVE_SHARE || positives === 0) return { ...usual, positiveShare: share };
  const pct = `${(100 * share).toFixed(1)}%`;
  return {
    metric: 'pr_auc',
    minimumLift: PR_AUC_MINIMUM_LIFT,
    beside: besideMetric('pr_auc'),
    positiveShare: share,
    reason: `The headline metric is PR AUC (average precision), with ROC AUC beside it, because '${truth.classes[truth.positive]}' is only ${pct} of the labelled rows: with ${pct} positives, ROC AUC can look good while the top of the ranking is mostly wrong.`,
  };
}

/** The smallest lift that matters in `metric` by default: PR AUC's own, else the task's. */
export function defaultMinimumLift(metric: string, task: Supervised): number {
  return metric === 'pr_auc' ? PR_AUC_MINIMUM_LIFT : DEFAULT_MINIMUM_LIFT[task];
}

/** The metric shown beside a main one: ROC AUC beside PR AUC, else none. */
export function besideMetric(main: string): string | null {
  return main === 'pr_auc' ? 'roc_auc' : null;
}
