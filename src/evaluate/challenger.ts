// A challenger against the champion: the champion's learner and parameters trained on the
// training part of new labelled data, both scored on the same held-out rows (the most recent
// ones when there is a time column), with the lift's paired bootstrap interval, the business
// value of each at the champion's figures and decision threshold, whether a retraining round pays
// for itself, and the challenger's promise on those rows.

import { FramewiseError } from '../core/errors.js';
import type { ProgressSink } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import { valueAt } from '../data/column.js';
import { predictInBatches } from '../learn/predict-batches.js';
import type { Frame } from '../data/frame.js';
import type { BusinessSpec, Card } from '../frame/card.js';
import type { Estimator, FittedModel } from '../learn/estimator.js';
import { FOREST_NAME } from '../learn/forest/fitted-forest.js';
import { RandomForest } from '../learn/forest/forest.js';
import { GBDT_NAME } from '../learn/gbdt/fitted-gbdt.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { LOGISTIC, LogisticRegression } from '../learn/linear/logistic.js';
import { RIDGE, Ridge } from '../learn/linear/ridge.js';
import { type Lift, bootstrapLift } from './bootstrap-lift.js';
import { alignPrediction } from './candidates.js';
import { percentile } from './interval.js';
import { withinRange } from './metric-ranges.js';
import { type Predictions, type Supervised, takePredictions, takeTruth, type Truth } from './oof.js';
import { adviseRetraining, type RetrainAdvice } from './retrain-advice.js';
import type { ChampionSpec, RetrainData } from './retrain-data.js';
import { type HoldoutSplit, holdoutSplit, type SplitOptions } from './retrain-split.js';
import { compareValue, type ValueComparison, type ValuePolicy } from './retrain-value.js';
import { computeMetric, METRICS, metricInfo } from './task-metrics.js';
import { chooseMainMetric, defaultMinimumLift } from './main-metric.js';
import { evaluationPositiveIndex } from '../frame/decision-defaults.js';
import { type BoundaryPromise, measureBoundary } from './value/decision-promise.js';

/** The learners a challenger can be trained with: the champion's own, rebuilt from its parameters. */
export const RETRAINABLE_ESTIMATORS = [GBDT_NAME, FOREST_NAME, LOGISTIC, RIDGE] as const;

export interface ChallengerInput {
  readonly champion: FittedModel;
  readonly spec: ChampionSpec;
  /** New labelled data, prepared by `prepareRetrainData`. */
  readonly data: RetrainData;
  readonly card: Card | null;
  readonly split: SplitOptions;
  readonly progress?: ProgressSink;
  /** Bootstrap resamples for the lift and the metric intervals (default 1000 and 200). */
  readonly resamples?: number;
  /**
   * The champion's decision policy (from its registered decision package): the threshold both
   * models are valued, counted and scored at. Default: the card's threshold, else 0.5.
   */
  readonly policy?: RetrainPolicy;
  /** The business figures decisions are valued with (the champion's package's). Default: the card's. */
  readonly business?: BusinessSpec;
  /** Regression: the champion's boundary (its policy's, or the server's), at which decisions are counted and valued. */
  readonly boundary?: number | null;
  /** The metric the champion was promised by (its package's `promise.mainMetric`); absent: chosen from the new labels as an assessment would. */
  readonly mainMetric?: string;
}

/** A two-class decision policy as retraining applies it. */
export interface RetrainPolicy extends ValuePolicy {
  /** The class the threshold is on; null: the card's, else a yes-like label, else the rarer. */
  readonly positiveClass: string | null;
}

/** What the challenger promises, measured on the held-out rows (the shape of a decision package's promise). */
export interface ChallengerPromise {
  /** Every metric with its 95% interval; threshold metrics at the policy's threshold. */
  readonly metrics: IntervalMetrics;
  readonly value: { readonly perDecision: { readonly mean: number; readonly low: number; readonly high: number }; readonly currency: string; readonly decisionsPerMonth: number | null } | null;
  /** Two classes: the share of held-out rows the challenger decides positive at the threshold. */
  readonly positiveRate: number | null;
  readonly rows: number;
  /** Regression with a boundary: the challenger's shares decided above it and on the truth's side. */
  readonly boundary?: BoundaryPromise;
  /** The metric the comparison was decided by, which heads the challenger's promise as it did the champion's. */
  readonly mainMetric?: string;
}

export interface MetricPair {
  readonly metric: string;
  readonly label: string;
  readonly higherIsBetter: boolean;
  readonly champion: number;
  readonly challenger: number;
}

export interface Comparison {
  readonly task: Supervised;
  readonly mainMetric: string;
  /** Rows both models were scored on (the same rows, in the same order). */
  readonly rows: number;
  /** Rows the challenger learned from. */
  readonly trainRows: number;
  readonly classes: readonly string[] | null;
  readonly positiveClass: string | null;
  /** Metrics on the held-out rows; with two classes, threshold metrics (accuracy, precision…) at `threshold`. */
  readonly metrics: readonly MetricPair[];
  /** Two classes: the probability of the positive class at or above which a model decides positive (the champion's policy). */
  readonly threshold: number | null;
  /** Two classes: the share of held-out rows each model decides positive at `threshold`. */
  readonly positiveRate: { readonly champion: number; readonly challenger: number } | null;
  /** Challenger over champion in the main metric (positive: the challenger is better). */
  readonly lift: Lift;
  readonly value: ValueComparison | null;
  readonly advice: RetrainAdvice;
}

export type IntervalMetrics = Record<string, { readonly mean: number; readonly low: number; readonly high: number }>;

export interface ChallengerRun {
  readonly challenger: FittedModel;
  /** The rows (features and target) the challenger learned from. */
  readonly trainFrame: Frame;
  /** The held-out rows both models were scored on. */
  readonly testFrame: Frame;
  readonly split: HoldoutSplit;
  readonly comparison: Comparison;
  /** The challenger's metrics on the held-out rows with 95% percentile-bootstrap intervals, for its lineage. */
  readonly challengerMetrics: IntervalMetrics;
  /** The challenger's promise on the held-out rows, for its decision package. */
  readonly promise: ChallengerPromise;
}

/** A fresh learner like the champion's: the same estimator and parameters (its seed included). */
export function estimatorLike(estimator: string, params: Readonly<Record<string, unknown>>): Estimator {
  switch (estimator) {
    case GBDT_NAME:
      return new Gbdt(params);
    case FOREST_NAME:
      return new RandomForest(params);
    case LOGISTIC:
      return new LogisticRegression(params);
    case RIDGE:
      return new Ridge(params);
  }
  throw new FramewiseError('INVALID_ARGUMENT', `A ${estimator} model cannot be retrained here: retraining compares predictions with labels for ${RETRAINABLE_ESTIMATORS.join(', ')} models with one target column.`, {
    hint: 'Retrain it with `framewise train` or `framewise brief` and register the result.',
    location: { field: 'estimator' },
  });
}

export async function runChallenger(input: ChallengerInput): Promise<ChallengerRun> {
  const { spec, data } = input;
  const progress = input.progress ?? silentProgress;
  const estimator = estimatorLike(spec.estimator, spec.params);
  const split = holdoutSplit(data.frame, input.split);
  const columns = [...spec.signature.features.map((f) => f.name), spec.target];
  // Only the needed columns are copied, and the held-out rows only after the fit: on millions of
  // rows each copy is a large share of the frame, and the fit is where memory peaks.
  const trainFrame = data.frame.select(columns).take(split.train);
  // The learner reports its own progress (rounds or trees), as `framewise train` shows it.
  const challenger = await estimator.fit(trainFrame, spec.target, { progress });
  const testFrame = data.frame.select(columns).take(split.test);

  progress.start('Comparing the models on the held-out rows');
  const policy = input.policy ?? cardPolicy(input.card);
  const truth = buildRetrainTruth(data.frame, spec, policy.positiveClass ?? input.card?.decision?.positiveClass);
  const testTruth = takeTruth(truth.truth, split.test);
  const task: Supervised = testTruth.kind === 'regression' ? 'regression' : testTruth.classes.length === 2 ? 'binary' : 'multiclass';
  // Two classes: both models decide at the policy's threshold, so the threshold metrics, the
  // positive share and the value all describe the decisions that would really be taken.
  const threshold = task === 'binary' ? policy.threshold : null;
  // A batch of rows at a time, so the models' working arrays stay small on a large held-out share.
  const championPredictions = atThreshold(alignPrediction(await predictInBatches(input.champion, testFrame), testTruth), testTruth, threshold);
  const challengerPredictions = atThreshold(alignPrediction(await predictInBatches(challenger, testFrame), testTruth), testTruth, threshold);
  // The champion's headline metric, so a rare-positive model is compared by PR AUC as it was promised.
  const main = input.mainMetric ?? chooseMainMetric(task, truth.truth).metric;
  const all = Int32Array.from({ length: split.test.length }, (_, i) => i);
  const seed = input.split.seed;
  const lift = bootstrapLift(main, testTruth, challengerPredictions, championPredictions, all, { seed, ...(input.resamples === undefined ? {} : { resamples: input.resamples }) });
  const metrics: MetricPair[] = METRICS[task].map((metric) => {
    const info = metricInfo(metric);
    return { metric, label: info.label, higherIsBetter: info.higherIsBetter, champion: computeMetric(metric, testTruth, championPredictions).value, challenger: computeMetric(metric, testTruth, challengerPredictions).value };
  });
  const business = input.business ?? input.card?.business;
  const { value, missing } = compareValue(testTruth, championPredictions, challengerPredictions, business, { ...policy, boundary: input.boundary ?? null });
  const minimumLift = input.card?.assess?.minimumLift ?? defaultMinimumLift(main, task);
  const advice = adviseRetraining({ lift, value, missing, minimumLift, hasCard: input.card !== null });
  const challengerMetrics = metricIntervals(testTruth, challengerPredictions, METRICS[task], seed, Math.min(200, input.resamples ?? 200));
  const positiveRate = threshold === null || testTruth.kind !== 'classification' ? null : { champion: positiveShare(championPredictions, testTruth.positive), challenger: positiveShare(challengerPredictions, testTruth.positive) };
  const promise: ChallengerPromise = {
    metrics: challengerMetrics,
    value: value === null ? null : { perDecision: { mean: value.perDecision.challenger.value, low: value.perDecision.challenger.low, high: value.perDecision.challenger.high }, currency: value.currency, decisionsPerMonth: value.decisionsPerMonth },
    positiveRate: positiveRate?.challenger ?? null,
    rows: split.test.length,
    mainMetric: main,
    ...(input.boundary === undefined || input.boundary === null || testTruth.kind !== 'regression' || challengerPredictions.kind !== 'regression'
      ? {}
      : { boundary: measureBoundary(testTruth.y, challengerPredictions.values, input.boundary, new Rng(seed + 1), Math.min(200, input.resamples ?? 200)) }),
  };
  progress.stop();
  return {
    challenger,
    trainFrame,
    testFrame,
    split,
    comparison: {
      task,
      mainMetric: main,
      rows: split.test.length,
      trainRows: split.train.length,
      classes: testTruth.kind === 'classification' ? testTruth.classes : null,
      positiveClass: testTruth.kind === 'classification' && testTruth.classes.length === 2 ? testTruth.classes[testTruth.positive]! : null,
      metrics,
      threshold,
      positiveRate,
      lift,
      value,
      advice,
    },
    challengerMetrics,
    promise,
  };
}

/** The policy a card sets by itself: its threshold and positive class, else 0.5 on the usual class. */
export function cardPolicy(card: Card | null): RetrainPolicy {
  const threshold = card?.decision?.threshold;
  return {
    threshold: threshold ?? 0.5,
    positiveClass: card?.decision?.positiveClass ?? null,
    source: threshold === undefined ? 'the default' : "the card's decision",
    isDefault: threshold === undefined,
  };
}

/** Two-class predictions relabelled at `threshold` on the positive class's probability (others unchanged). */
function atThreshold(p: Predictions, truth: Truth, threshold: number | null): Predictions {
  if (threshold === null || p.kind !== 'classification' || truth.kind !== 'classification' || truth.classes.length !== 2) return p;
  const positive = truth.positive;
  const labels = Int32Array.from({ length: p.labels.length }, (_, i) => (p.probabilities[i * 2 + positive]! >= threshold ? positive : 1 - positive));
  return { ...p, labels };
}

/** The share of rows decided positive. */
function positiveShare(p: Predictions, positive: number): number {
  if (p.kind !== 'classification' || p.labels.length === 0) return Number.NaN;
  let n = 0;
  for (const l of p.labels) if (l === positive) n++;
  return n / p.labels.length;
}

/**
 * The truth over every prepared row. Classes are the champion's together with any new label
 * values, sorted as the learners sort them; the positive class is the card's, else a yes-like
 * label, else the rarer one in the new data (as the assessment chooses it).
 */
export function buildRetrainTruth(frame: Frame, spec: ChampionSpec, positiveClass: string | undefined): { truth: Truth } {
  const column = frame.column(spec.target);
  if (spec.classes === null) {
    if (column.kind !== 'numeric') throw new FramewiseError('INTERNAL', `regression label '${spec.target}' is ${column.kind}`);
    return { truth: { kind: 'regression', y: column.values } };
  }
  const labels = Array.from({ length: frame.rowCount }, (_, i) => String(valueAt(column, i)));
  const classes = [...new Set([...spec.classes, ...labels])].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(labels, (l) => index.get(l)!);
  const positive = evaluationPositiveIndex(classes, y, positiveClass, spec.target);
  return { truth: { kind: 'classification', y, classes, positive } };
}

/** Each metric with a seeded 95% percentile-bootstrap interval over the rows. */
/** Held-out rows above which the promise's intervals resample a subsample (see metricIntervals). */
const FULL_BOOTSTRAP_ROWS = 20_000;

function metricIntervals(truth: Truth, p: Predictions, metrics: readonly string[], seed: number, resamples: number): IntervalMetrics {
  const n = truth.y.length;
  const k = truth.kind === 'regression' ? 1 : truth.classes.length;
  const rng = new Rng(seed + 1);
  // Full-size resamples up to FULL_BOOTSTRAP_ROWS rows, fewer of them on larger data. Past that,
  // resample a seeded subsample of m rows and scale its spread by sqrt(m/n) (the m-out-of-n
  // bootstrap, as monitoring does): full-size draws of millions of held-out rows cost gigabytes
  // of row indices and minutes of metrics for an interval of the same width.
  let pool: Int32Array | null = null;
  let scale = 1;
  if (n > FULL_BOOTSTRAP_ROWS) {
    pool = rng.shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i)).slice(0, FULL_BOOTSTRAP_ROWS).sort();
    scale = Math.sqrt(FULL_BOOTSTRAP_ROWS / n);
  }
  const m = pool === null ? n : pool.length;
  const count = n > FULL_BOOTSTRAP_ROWS ? Math.min(resamples, 50) : resamples;
  const draws: Int32Array[] = [];
  for (let b = 0; b < count; b++) draws.push(Int32Array.from({ length: m }, () => (pool === null ? rng.int(n) : pool[rng.int(m)]!)));
  const out: IntervalMetrics = {};
  for (const metric of metrics) {
    const point = computeMetric(metric, truth, p).value;
    if (!Number.isFinite(point)) continue;
    const centre = pool === null ? point : computeMetric(metric, takeTruth(truth, pool), takePredictions(p, pool, k)).value;
    const values = draws.map((rows) => computeMetric(metric, takeTruth(truth, rows), takePredictions(p, rows, k)).value);
    const low = percentile(values, 0.025);
    const high = percentile(values, 0.975);
    out[metric] = withinRange(metric, pool === null ? { mean: point, low, high } : { mean: point, low: point + (low - centre) * scale, high: point + (high - centre) * scale });
  }
  return out;
}
