// The anomaly section of assessment.json (`anomaly`): what can be said of flagged rows with and
// without known anomalies. Documented in docs/assessment-json.md.

import type { ScoreDistribution } from './anomaly-flags.js';
import type { Interval } from './interval.js';

/** How many rows stay flagged when the model is grown again: mean and lowest agreement over runs. */
export interface FlagStability {
  /** Of the rows the assessed model flags, the share a rerun flags too: mean over runs. */
  readonly mean: number;
  readonly min: number;
  readonly runs: number;
}

export interface AnomalyAssessment {
  /** True when a reference column marks known anomalies (the card's referenceColumn). */
  readonly labelled: boolean;
  /** The share of rows the policy flags, and where it comes from: the card (decision.flaggedShare or decision.threshold), the known anomalies' share, or the default 0.1. */
  readonly flaggedShare: number;
  readonly shareSource: 'card' | 'known-anomalies' | 'default';
  /** The isolation forest's score threshold flagging that share of the rows (scores are in (0, 1]). */
  readonly threshold: number;
  readonly scores: ScoreDistribution;
  /**
   * Agreement of the flagged set with the model grown with other seeds (`seeds`) and on 80% of
   * the rows (`subsamples`), each flagging its own top share of every row; `chance` is what two
   * random sets of that share agree on.
   */
  readonly stability: { readonly seeds: FlagStability; readonly subsamples: FlagStability; readonly chance: number };
  /** The one-feature rule (distance from the feature's median) that flags the same share and agrees most with the model; null without numeric features. */
  readonly rule: { readonly id: string; readonly feature: string; readonly agreement: number } | null;
  /**
   * With known anomalies: each model grown on the training folds alone, each feature rule chosen
   * on the training folds' labels, both scored on the held-out rows, at the threshold flagging the
   * share on the training rows. Null without known anomalies.
   */
  readonly heldOut: {
    readonly folds: number;
    readonly knownShare: number;
    readonly rulesChosen: readonly string[];
    readonly model: Readonly<Record<string, Interval>>;
    readonly rule: Readonly<Record<string, Interval>>;
    /** Model minus rule in ROC AUC, paired by fold. */
    readonly lift: Interval;
  } | null;
}
