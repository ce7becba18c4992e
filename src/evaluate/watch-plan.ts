// What to watch once the model is live: each input with its training range or categories, the
// drift and out-of-range thresholds monitoring uses by default, the performance floor promised
// by cross-validation, and when to retrain.

import { metricInfo } from './task-metrics.js';
import type { InputSignature } from '../learn/estimator.js';

/** Defaults the monitoring stage applies unless the card overrides them. */
export const DRIFT_DEFAULTS = {
  /** From 1,000 reference rows: a number has drifted when the Wasserstein distance, in reference standard deviations, reaches this. */
  wassersteinDrift: 0.1,
  /** From 1,000 reference rows: a category mix has drifted when the Jensen–Shannon distance (base 2) reaches this. */
  jensenShannonDrift: 0.1,
  /** Population Stability Index, when chosen per feature: drifted at 0.2, worth watching from 0.1. */
  psiDrift: 0.2,
  psiWatch: 0.1,
  /** With fewer reference rows than this, statistical tests (KS, chi-squared) at p < 0.05 decide instead. */
  minRowsForDistances: 1000,
  pValue: 0.05,
  /** The data set has drifted when at least this share of features has. */
  datasetDriftShare: 0.5,
  /** Out-of-distribution inputs (out of range, unseen category, unexpected missing) above this share raise an alert. */
  oodRate: 0.05,
} as const;

export interface WatchedFeature {
  readonly name: string;
  readonly type: string;
  readonly min?: number;
  readonly max?: number;
  readonly categories?: readonly string[];
  readonly hadMissing: boolean;
  /** Rank by importance to the chosen model (1 = most important), when known. */
  readonly importanceRank: number | null;
}

export interface WatchPlan {
  readonly features: readonly WatchedFeature[];
  readonly drift: typeof DRIFT_DEFAULTS;
  readonly performance: { readonly metric: string; readonly expected: number; readonly floor: number; readonly note: string };
  readonly retrainTrigger: string;
}

export function watchPlan(signature: InputSignature, importanceOrder: readonly string[], metric: string, expected: number, floor: number): WatchPlan {
  const rank = new Map(importanceOrder.map((f, i) => [f, i + 1]));
  const features = signature.features
    .map((f) => ({
      name: f.name,
      type: f.type,
      ...(f.min === undefined ? {} : { min: f.min }),
      ...(f.max === undefined ? {} : { max: f.max }),
      ...(f.categories === undefined ? {} : { categories: f.categories }),
      hadMissing: f.hadMissing,
      importanceRank: rank.get(f.name) ?? null,
    }))
    .sort((a, b) => (a.importanceRank ?? 1e9) - (b.importanceRank ?? 1e9));
  const top = features.slice(0, 3).map((f) => `'${f.name}'`);
  return {
    features,
    drift: DRIFT_DEFAULTS,
    performance: {
      metric,
      expected,
      floor,
      note: `Cross-validation promises ${metricInfo(metric).label} ${expected.toFixed(3)}; once true labels arrive, a rolling window below ${floor.toFixed(3)} (the lower end of that promise) means the model is doing worse than when it was chosen.`,
    },
    retrainTrigger: `Retrain when ${top.length > 0 ? `any of the most important inputs (${top.join(', ')}) drifts` : 'inputs drift'}, when more than ${DRIFT_DEFAULTS.datasetDriftShare * 100}% of inputs drift, or when labelled performance stays below ${floor.toFixed(3)} for two windows in a row, and the cost of a round is covered by the value it is expected to recover.`,
  };
}
