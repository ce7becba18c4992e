// The promise a model is registered with, measured out of fold at its decision policy: every
// leaderboard metric with its interval, a binary model's decision metrics at the policy threshold,
// the value per decision with a bootstrap interval, and the share of positive decisions (or, for a
// regression boundary, the shares decided above it and on the truth's side).

import { Rng } from '../../core/rng.js';
import type { BusinessSpec } from '../../frame/card.js';
import type { CvResult } from '../cross-validate.js';
import { type Interval, percentile } from '../interval.js';
import { withinRange } from '../metric-ranges.js';
import { takePredictions, type Truth } from '../oof.js';
import { boundaryFlags, canValueRegression, regressionCosts, regressionValue } from './boundary-value.js';
import { classDecisionValues, type ClassPolicy, classRuleOfCard, classRuleOfPolicy } from './class-decisions.js';

/** Binary metrics that depend on the threshold: measured again at the policy's, replacing the leaderboard's (taken at 0.5). */
export const THRESHOLD_METRICS = ['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1'] as const;

export interface PromiseInput {
  readonly truth: Truth;
  /** The chosen model's cross-validation: its out-of-fold predictions and the rows they cover. */
  readonly result: CvResult;
  /** The model's leaderboard metrics (out of fold, each with its 95% interval). */
  readonly metrics: Readonly<Record<string, Interval>>;
  /** Binary: act when the positive class's probability is at least this; null for other tasks. */
  readonly threshold: number | null;
  /** Regression: the policy's boundary, at which decisions are counted and valued (null or absent: none). */
  readonly boundary?: number | null;
  readonly business: BusinessSpec | undefined;
  /** Several classes: the policy rows are decided by (expected value under its matrix, else the most likely class); default the card's figures' rule. */
  readonly policy?: ClassPolicy;
  readonly seed?: number;
  /** The assessment's main metric, which the promise names as its headline (monitoring and retraining read it). */
  readonly mainMetric?: string;
  /** Bootstrap resamples (default 1000 up to 5,000 rows, 200 above). */
  readonly resamples?: number;
}

/** The same shape as the registry's DecisionPromise, which this fills. */
export interface MeasuredPromise {
  readonly metrics: Readonly<Record<string, Interval>>;
  readonly value: { readonly perDecision: Interval; readonly currency: string; readonly decisionsPerMonth: number | null } | null;
  readonly positiveRate: number | null;
  readonly rows: number;
  /** Regression with a boundary: the share decided above it and the share decided on the truth's side, with intervals. */
  readonly boundary?: BoundaryPromise;
  /** The metric among `metrics` that heads the promise (the assessment's main metric). */
  readonly mainMetric?: string;
}

/** The boundary decisions a regression model promises (the decision package's `promise.boundary`). */
export interface BoundaryPromise {
  readonly boundary: number;
  readonly aboveShare: Interval;
  readonly sideAccuracy: Interval;
}

export function measurePromise(input: PromiseInput): MeasuredPromise {
  const { truth, result } = input;
  const rows = result.tested;
  const n = rows.length;
  const b = input.business ?? {};
  const rowValue = rowValuesOf(input, b);
  const resamples = input.resamples ?? (n <= 5000 ? 1000 : 200);
  const rng = new Rng(input.seed ?? 7);
  // Each promised interval within what its metric can reach (a log loss is never below zero).
  const metrics: Record<string, Interval> = Object.fromEntries(Object.entries(input.metrics).map(([id, interval]) => [id, withinRange(id, interval)]));
  let positiveRate: number | null = null;
  let valueDraws: number[] = [];
  let boundaryPromise: BoundaryPromise | null = null;

  if (truth.kind === 'classification' && truth.classes.length === 2 && result.oof.kind === 'classification' && input.threshold !== null) {
    // Each row's outcome at the threshold: 0 true positive, 1 false positive, 2 true negative, 3 false negative.
    const oof = result.oof;
    const outcome = new Uint8Array(n);
    const threshold = input.threshold;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const flagged = oof.probabilities[r * 2 + truth.positive]! >= threshold;
      const actual = truth.y[r] === truth.positive;
      outcome[i] = actual ? (flagged ? 0 : 3) : flagged ? 1 : 2;
    }
    const point = countsOf(outcome, null);
    positiveRate = n === 0 ? Number.NaN : (point[0] + point[1]) / n;
    const draws = THRESHOLD_METRICS.map(() => [] as number[]);
    const sample = new Int32Array(n);
    for (let d = 0; d < resamples && n > 0; d++) {
      for (let i = 0; i < n; i++) sample[i] = rng.int(n);
      const at = fromCounts(countsOf(outcome, sample));
      THRESHOLD_METRICS.forEach((m, j) => draws[j]!.push(at[m]));
      if (rowValue !== null) valueDraws.push(meanOf(rowValue, sample));
    }
    const atPoint = fromCounts(point);
    THRESHOLD_METRICS.forEach((m, j) => {
      metrics[m] = withinRange(m, spanning(atPoint[m], draws[j]!));
    });
  } else if (rowValue !== null) {
    const sample = new Int32Array(n);
    for (let d = 0; d < resamples && n > 0; d++) {
      for (let i = 0; i < n; i++) sample[i] = rng.int(n);
      valueDraws.push(meanOf(rowValue, sample));
    }
  } else valueDraws = [];
  if (truth.kind === 'regression' && result.oof.kind === 'regression' && input.boundary !== undefined && input.boundary !== null) {
    const oof = result.oof;
    // Its own stream, so the value's interval is drawn as it is without a boundary.
    boundaryPromise = measureBoundary(Float64Array.from(rows, (r) => truth.y[r]!), Float64Array.from(rows, (r) => oof.values[r]!), input.boundary, new Rng((input.seed ?? 7) + 1), resamples);
  }

  return {
    metrics,
    value: rowValue === null ? null : { perDecision: spanning(meanOf(rowValue, null), valueDraws), currency: b.currency ?? '', decisionsPerMonth: b.decisionsPerMonth ?? null },
    positiveRate,
    rows: n,
    ...(boundaryPromise === null ? {} : { boundary: boundaryPromise }),
    ...(input.mainMetric === undefined ? {} : { mainMetric: input.mainMetric }),
  };
}

/**
 * The value of each tested row's decision at the card's figures (missing figures taken as 0, as
 * the business case lists them), or null when the card gives none for this task: binary outcomes
 * at the threshold, the cost matrix at the policy's class (class-decisions.ts: by expected value
 * under the matrix, as the server decides and the monitor values), or a regression decision's value (at the boundary when there is one).
 */
function rowValuesOf(input: PromiseInput, b: BusinessSpec): Float64Array | null {
  const { truth, result } = input;
  const rows = result.tested;
  const p = result.oof;
  if (truth.kind === 'classification' && p.kind === 'classification' && truth.classes.length === 2) {
    const o = b.outcomes;
    if (o === undefined || input.threshold === null) return null;
    const threshold = input.threshold;
    return Float64Array.from(rows, (r) => {
      const flagged = p.probabilities[r * 2 + truth.positive]! >= threshold;
      return truth.y[r] === truth.positive ? (flagged ? o.truePositive ?? 0 : o.falseNegative ?? 0) : flagged ? o.falsePositive ?? 0 : o.trueNegative ?? 0;
    });
  }
  if (truth.kind === 'classification' && p.kind === 'classification') {
    const matrix = b.costMatrix;
    if (matrix === undefined) return null;
    const k = truth.classes.length;
    const tested = takePredictions(p, rows, k);
    const rule = input.policy === undefined ? classRuleOfCard(b, undefined, truth.classes) : classRuleOfPolicy(input.policy, truth.classes);
    return classDecisionValues(Int32Array.from(rows, (r) => truth.y[r]!), tested, k, (a, d) => matrix[truth.classes[a]!]?.[truth.classes[d]!] ?? 0, rule);
  }
  if (truth.kind === 'regression' && p.kind === 'regression') {
    // At the policy's boundary only decisions on its wrong side cost; without one, every unit of error (boundary-value.ts).
    const costs = regressionCosts(b, input.boundary ?? null);
    if (!canValueRegression(costs)) return null;
    return Float64Array.from(rows, (r) => regressionValue(p.values[r]!, truth.y[r]!, costs));
  }
  return null;
}

/** The boundary decisions of predictions against their truth, with percentile bootstrap intervals. */
export function measureBoundary(actual: Float64Array, predicted: Float64Array, boundary: number, rng: Rng, resamples: number): BoundaryPromise {
  const flags = boundaryFlags(actual, predicted, boundary);
  const above = Float64Array.from(flags.above);
  const right = Float64Array.from(flags.right);
  const n = actual.length;
  const aboveDraws: number[] = [];
  const rightDraws: number[] = [];
  const sample = new Int32Array(n);
  for (let d = 0; d < resamples && n > 0; d++) {
    for (let i = 0; i < n; i++) sample[i] = rng.int(n);
    aboveDraws.push(meanOf(above, sample));
    rightDraws.push(meanOf(right, sample));
  }
  return { boundary, aboveShare: spanning(meanOf(above, null), aboveDraws), sideAccuracy: spanning(meanOf(right, null), rightDraws) };
}

/** Outcome counts [tp, fp, tn, fn] over all rows, or over a resample's row positions. */
function countsOf(outcome: Uint8Array, sample: Int32Array | null): [number, number, number, number] {
  const c: [number, number, number, number] = [0, 0, 0, 0];
  if (sample === null) for (let i = 0; i < outcome.length; i++) c[outcome[i]! as 0 | 1 | 2 | 3]++;
  else for (let i = 0; i < sample.length; i++) c[outcome[sample[i]!]! as 0 | 1 | 2 | 3]++;
  return c;
}

/** The threshold metrics from outcome counts, a share with nothing to divide by being 0 (as the leaderboard scores it). */
export function fromCounts([tp, fp, tn, fn]: readonly [number, number, number, number]): Record<(typeof THRESHOLD_METRICS)[number], number> {
  const share = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const precision = share(tp, tp + fp);
  const recall = share(tp, tp + fn);
  const specificity = share(tn, tn + fp);
  const classesPresent = (tp + fn > 0 ? 1 : 0) + (tn + fp > 0 ? 1 : 0);
  return {
    accuracy: share(tp + tn, tp + fp + tn + fn),
    balanced_accuracy: share(recall * (tp + fn > 0 ? 1 : 0) + specificity * (tn + fp > 0 ? 1 : 0), classesPresent),
    precision,
    recall,
    f1: share(2 * precision * recall, precision + recall),
  };
}

function meanOf(values: Float64Array, sample: Int32Array | null): number {
  const n = sample === null ? values.length : sample.length;
  if (n === 0) return Number.NaN;
  let total = 0;
  if (sample === null) for (let i = 0; i < n; i++) total += values[i]!;
  else for (let i = 0; i < n; i++) total += values[sample[i]!]!;
  return total / n;
}

/**
 * The point value with the 2.5% and 97.5% percentiles of its bootstrap draws, widened to take in
 * the point when a skewed statistic on few rows puts it outside them.
 */
function spanning(point: number, draws: readonly number[]): Interval {
  if (!Number.isFinite(point) || draws.length === 0) return { mean: point, low: Number.NaN, high: Number.NaN };
  return { mean: point, low: Math.min(point, percentile(draws, 0.025)), high: Math.max(point, percentile(draws, 0.975)) };
}
