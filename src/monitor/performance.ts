// Performance once labels arrive: the registration's metrics on the labelled rows of a window,
// overall and per rolling window, each with a seeded bootstrap 95% interval, set against the
// figures promised at registration, and the business value the decisions realised (with its
// interval, overall and per window) against the value promised.

import { Rng } from '../core/rng.js';
import { positiveClassIndex } from '../frame/decision-defaults.js';
import type { BusinessSpec, Card } from '../frame/card.js';
import { percentile } from '../evaluate/interval.js';
import { withinRange } from '../evaluate/metric-ranges.js';
import { type Predictions, takePredictions, takeTruth, type Truth } from '../evaluate/oof.js';
import { computeMetric, MAIN_METRIC, metricInfo, metricRange, METRICS } from '../evaluate/task-metrics.js';
import type { Prediction } from '../learn/estimator.js';
import { decisionValues, meanOver, meanWithInterval, type ValueEstimate, valueBelowPromise } from './performance-value.js';
import type { ClassPolicy } from '../evaluate/value/class-decisions.js';
import { type ClassPerformance, classPerformance } from './class-performance.js';
import { type LoggedClassDecision, takenClasses } from './class-decisions-taken.js';
import { isoTime, timeWindows, type WindowLength } from './time-windows.js';
import { type BoundaryPerformance, boundaryPerformance, type PromisedBoundary } from './boundary-performance.js';

export interface MetricInterval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface PromisedMetric {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface PerformanceWindow {
  readonly start: string;
  readonly end: string;
  readonly rows: number;
  readonly metrics: Readonly<Record<string, MetricInterval>>;
  readonly valuePerDecision: number | null;
  /** The window's realised value per decision with its bootstrap 95% interval (null without business figures). */
  readonly value: ValueEstimate | null;
}

/** The realised business value of the labelled decisions, set against the value promised at registration. */
export interface RealisedValue {
  readonly perDecision: number;
  readonly total: number;
  readonly currency: string | null;
  readonly threshold: number | null;
  /** Regression: the boundary the decisions were valued at (absent without one). */
  readonly boundary?: number;
  /** The 95% bootstrap interval of `perDecision`. */
  readonly low: number;
  readonly high: number;
  /** Value per decision promised at registration (out of fold, at the policy), or null when none was. */
  readonly promised: { readonly perDecision: number; readonly low: number; readonly high: number } | null;
  /** The whole realised interval lies under the promise's lower bound (with at least VALUE_MIN_ROWS labelled rows). */
  readonly belowPromise: boolean;
  /** Several classes: how each valued row's class was decided, in words (as logged, or the policy's rule); absent otherwise. */
  readonly decidedBy?: string;
}

export interface Performance {
  /** Rows with a usable label (the rows every figure below is computed on). */
  readonly labelled: number;
  /** Labels left out because they are not one of the model's classes (or not a number, for regression). */
  readonly unusableLabels: number;
  /** The rolling window's length, e.g. `1d`. */
  readonly window: string;
  /** What registration promised, for the metrics computed here. */
  readonly promised: Readonly<Record<string, PromisedMetric>>;
  /** The headline metric (the promise's main metric: PR AUC for rare positives), shown first. Optional: absent for tasks without one. */
  readonly mainMetric?: string;
  readonly overall: { readonly rows: number; readonly metrics: Readonly<Record<string, MetricInterval>> };
  readonly windows: readonly PerformanceWindow[];
  /** Metrics whose whole interval lies on the wrong side of the promised interval. */
  readonly belowPromise: readonly string[];
  readonly value: RealisedValue | null;
  /** Regression with a boundary: the window's decisions at it against the promise (absent otherwise). */
  readonly boundary?: BoundaryPerformance;
  /** Several classes: recall, precision and the confusion matrix of the decisions, per class (absent for other tasks). */
  readonly classes?: ClassPerformance;
  readonly notes: readonly string[];
}

/** The metrics always watched per task, besides the ones registration promised. */
export const WATCHED_METRICS: Readonly<Record<string, readonly string[]>> = {
  binary: ['roc_auc', 'accuracy', 'log_loss'],
  multiclass: ['balanced_accuracy', 'accuracy', 'log_loss'],
  regression: ['r2', 'rmse', 'mae'],
};

/** Bootstrap resamples for the whole window, and for each rolling window (many, each smaller). */
export const DEFAULT_RESAMPLES = 500;
export const WINDOW_RESAMPLES = 200;
/** The bootstrap draws from at most this many rows (a seeded subsample, spread rescaled); point values use all rows. */
export const BOOTSTRAP_MAX_ROWS = 2000;

export interface PerformanceInput {
  readonly task: string;
  /** The model's predictions on every row of the window. */
  readonly prediction: Prediction;
  /** The true label of each row as text, or null when none has arrived. */
  readonly labels: readonly (string | null)[];
  /** Prediction time of each row in ms (NaN when unknown), or null when the window has no times. */
  readonly times: Float64Array | null;
  readonly window: WindowLength;
  /** Where the first window starts (ms; e.g. --since); default the earliest time's whole unit. */
  readonly origin?: number;
  readonly promised: Readonly<Record<string, PromisedMetric>>;
  /** The promise's main metric (a decision package's `promise.mainMetric`); default the task's usual one. */
  readonly mainMetric?: string;
  readonly card: Card | null;
  /** The current decision threshold (binary). */
  readonly threshold: number | null;
  /** Regression: the boundary in force, at which decisions are counted and valued (null or absent: none). */
  readonly boundary?: number | null;
  /** Regression: the boundary decisions promised at registration, or null. */
  readonly promisedBoundary?: PromisedBoundary | null;
  /**
   * Binary decisions as they were taken (the prediction log's): the class each row was decided as
   * (null where the log holds none; those rows are decided at `threshold`), and the one threshold
   * they were all taken at (null when several). Hard-class metrics and value follow these.
   */
  readonly decided?: { readonly labels: readonly (string | null)[]; readonly threshold: number | null } | null;
  /** The business figures decisions are valued with (the decision package's); default the card's. */
  readonly business?: BusinessSpec;
  /** The positive class of the policy (binary); default the card's, else a yes-like class. */
  readonly positiveClass?: string | null;
  /** Value per decision promised at registration, or null when none was. */
  readonly promisedValue?: { readonly mean: number; readonly low: number; readonly high: number } | null;
  readonly seed?: number;
  /** Resamples for the whole window (default 500); rolling windows take at most WINDOW_RESAMPLES. */
  readonly resamples?: number;
  /** Rows the bootstrap draws from at most (default BOOTSTRAP_MAX_ROWS). */
  readonly bootstrapMaxRows?: number;
  /** Notes from reading the labels (unknown prediction ids, repeated feedback). */
  readonly notes?: readonly string[];
  /** Several classes: the policy in force rows are decided by (expected value under its cost matrix, else the most likely class), and its description. */
  readonly classPolicy?: { readonly policy: ClassPolicy; readonly description: string } | null;
  /** Several classes: each window row's decision as the server logged it (null where none); valued as taken. */
  readonly loggedClasses?: readonly (LoggedClassDecision | null)[] | null;
}

export interface PerformanceOutcome {
  readonly performance: Performance | null;
  /** Why there is none, when there is none. */
  readonly reason: string | null;
}

interface Labelled {
  readonly truth: Truth;
  readonly predictions: Predictions;
  /** Index into the window's rows of each labelled row. */
  readonly rows: Int32Array;
  readonly unknown: number;
  readonly examples: readonly string[];
}

/** The labelled rows as truth and predictions over the model's classes; labels outside them are counted. */
function labelledRows(input: PerformanceInput): Labelled | { reason: string } {
  const p = input.prediction;
  const rows: number[] = [];
  const examples = new Set<string>();
  let unknown = 0;
  const skip = (label: string): void => {
    unknown++;
    if (examples.size < 5) examples.add(label);
  };
  if (p.kind === 'regression') {
    const y: number[] = [];
    input.labels.forEach((label, i) => {
      if (label === null) return;
      const v = label.trim() === '' ? Number.NaN : Number(label);
      if (!Number.isFinite(v)) return skip(label);
      rows.push(i);
      y.push(v);
    });
    const r = Int32Array.from(rows);
    return { truth: { kind: 'regression', y: Float64Array.from(y) }, predictions: takePredictions({ kind: 'regression', values: p.values }, r, 1), rows: r, unknown, examples: [...examples] };
  }
  if (p.kind !== 'classification') return { reason: `performance is not tracked for ${p.kind} models` };
  const classes = p.classes;
  const index = new Map(classes.map((c, i) => [c, i]));
  const y: number[] = [];
  input.labels.forEach((label, i) => {
    if (label === null) return;
    const code = index.get(label);
    if (code === undefined) return skip(label);
    rows.push(i);
    y.push(code);
  });
  const r = Int32Array.from(rows);
  const positive = input.positiveClass != null && classes.includes(input.positiveClass) ? classes.indexOf(input.positiveClass) : positiveClassIndex(classes, input.card);
  // One threshold: a binary model's hard decisions (accuracy, precision, recall, ...) are taken at
  // the policy's threshold, as the promise's threshold metrics and the server's decisions are.
  // Decisions read from the log are the ones taken, whatever threshold was in force at the time.
  const threshold = input.threshold;
  const decided = classes.length === 2 ? (input.decided?.labels ?? null) : null;
  const atThreshold = (i: number): number => (threshold === null ? (index.get(p.labels[i]!) ?? -1) : p.probabilities[i * 2 + positive]! >= threshold ? positive : 1 - positive);
  const labels =
    classes.length === 2 && (threshold !== null || decided !== null)
      ? Int32Array.from({ length: p.labels.length }, (_, i) => {
          const taken = decided?.[i];
          const code = taken === null || taken === undefined ? undefined : index.get(taken);
          return code ?? atThreshold(i);
        })
      : Int32Array.from(p.labels, (l) => index.get(l) ?? -1);
  const all: Predictions = { kind: 'classification', probabilities: p.probabilities, labels, calibrated: true };
  return {
    truth: { kind: 'classification', y: Int32Array.from(y), classes, positive },
    predictions: takePredictions(all, r, classes.length),
    rows: r,
    unknown,
    examples: [...examples],
  };
}

/**
 * Gathers rows of the truth and predictions into buffers sized for one sample, reused for every
 * resample (the metric functions keep no reference to their inputs).
 */
function sampler(truth: Truth, p: Predictions, size: number): (rows: Int32Array) => { truth: Truth; predictions: Predictions } {
  const k = truth.kind === 'regression' ? 1 : truth.classes.length;
  if (truth.kind === 'regression' && p.kind === 'regression') {
    const y = new Float64Array(size);
    const values = new Float64Array(size);
    const t: Truth = { kind: 'regression', y };
    const q: Predictions = { kind: 'regression', values };
    return (rows) => {
      for (let i = 0; i < rows.length; i++) {
        y[i] = truth.y[rows[i]!]!;
        values[i] = p.values[rows[i]!]!;
      }
      return { truth: t, predictions: q };
    };
  }
  if (truth.kind === 'classification' && p.kind === 'classification') {
    const y = new Int32Array(size);
    const labels = new Int32Array(size);
    const probabilities = new Float64Array(size * k);
    const t: Truth = { ...truth, y };
    const q: Predictions = { kind: 'classification', probabilities, labels, calibrated: p.calibrated };
    return (rows) => {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        y[i] = truth.y[r]!;
        labels[i] = p.labels[r]!;
        for (let c = 0; c < k; c++) probabilities[i * k + c] = p.probabilities[r * k + c]!;
      }
      return { truth: t, predictions: q };
    };
  }
  throw new Error('truth and predictions of different kinds');
}

/** Each metric on the rows, with a percentile bootstrap 95% interval; undefined metrics are left out. */
function metricsWithIntervals(ids: readonly string[], truth: Truth, p: Predictions, rows: Int32Array, rng: Rng, resamples: number, maxRows: number): Record<string, MetricInterval> {
  const k = truth.kind === 'regression' ? 1 : truth.classes.length;
  const whole = { truth: takeTruth(truth, rows), predictions: takePredictions(p, rows, k) };
  const point = ids.map((id) => computeMetric(id, whole.truth, whole.predictions).value);
  // Past the cap, resample a seeded subsample of m rows and scale its spread by sqrt(m/n) (the
  // m-out-of-n bootstrap): the interval keeps the whole window's width at a fraction of the work.
  let pool = rows;
  let centre = point;
  let scale = 1;
  if (rows.length > maxRows) {
    pool = rng.shuffleInPlace(rows.slice()).subarray(0, maxRows);
    const sub = { truth: takeTruth(truth, pool), predictions: takePredictions(p, pool, k) };
    centre = ids.map((id) => computeMetric(id, sub.truth, sub.predictions).value);
    scale = Math.sqrt(pool.length / rows.length);
  }
  const draws: number[][] = ids.map(() => []);
  const sample = new Int32Array(pool.length);
  const gather = sampler(truth, p, pool.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < pool.length; i++) sample[i] = pool[rng.int(pool.length)]!;
    const s = gather(sample);
    ids.forEach((id, m) => draws[m]!.push(computeMetric(id, s.truth, s.predictions).value));
  }
  const out: Record<string, MetricInterval> = {};
  ids.forEach((id, m) => {
    const value = point[m]!;
    const [min, max] = metricRange(id);
    const low = Math.max(min, value + (percentile(draws[m]!, 0.025) - centre[m]!) * scale);
    const high = Math.min(max, value + (percentile(draws[m]!, 0.975) - centre[m]!) * scale);
    if (Number.isFinite(value) && Number.isFinite(low) && Number.isFinite(high)) out[id] = { value, low, high };
  });
  return out;
}

/** The metric's interval lies wholly on the wrong side of the promised one. */
export function isBelowPromise(metric: string, observed: MetricInterval, promised: PromisedMetric): boolean {
  if (!Number.isFinite(promised.low) || !Number.isFinite(promised.high)) return false;
  return metricInfo(metric).higherIsBetter ? observed.high < promised.low : observed.low > promised.high;
}

export function performanceReport(input: PerformanceInput): PerformanceOutcome {
  const supervised = METRICS[input.task as keyof typeof METRICS];
  if (supervised === undefined) return { performance: null, reason: `performance is not tracked for ${input.task} models` };
  const labelled = labelledRows(input);
  if ('reason' in labelled) return { performance: null, reason: labelled.reason };
  const total = input.labels.length;
  const notes = [...(input.notes ?? [])];
  if (labelled.unknown > 0) {
    const what = labelled.truth.kind === 'regression' ? 'are not numbers' : `are not among the model's classes (${labelled.truth.classes.map((c) => `'${c}'`).join(', ')})`;
    notes.push(`${labelled.unknown} label(s) ${what} and were left out, e.g. ${labelled.examples.map((e) => `'${e}'`).join(', ')}.`);
  }
  const n = labelled.rows.length;
  if (n === 0) return { performance: null, reason: labelled.unknown > 0 ? `none of the ${labelled.unknown} label(s) is usable: ${notes.at(-1)}` : `no labels yet for the ${total} prediction(s) in the window` };
  if (n < total) {
    const waiting = total - n - labelled.unknown;
    const why = labelled.unknown === 0 ? 'no label yet' : waiting === 0 ? `a label that is not usable (${labelled.unknown}, above)` : `no label yet (${waiting}) or one that is not usable (${labelled.unknown}, above)`;
    notes.push(`${total - n} of ${total} rows have no usable label: ${why}; performance is over the ${n} labelled rows.`);
  }

  const promisedIds = Object.keys(input.promised).filter((id) => supervised.includes(id));
  const otherPromises = Object.keys(input.promised).filter((id) => !supervised.includes(id));
  if (otherPromises.length > 0) {
    notes.push(`Registration recorded ${otherPromises.join(', ')}: ${otherPromises.every((id) => id.startsWith('training_')) ? 'figures on the training rows, which are optimistic and not a promise' : 'not metrics of this task'}; they are not compared.`);
  }
  // The promise's headline metric first, so a rare-positive model is watched by PR AUC as it was promised.
  const main = input.mainMetric !== undefined && supervised.includes(input.mainMetric) ? input.mainMetric : MAIN_METRIC[input.task as keyof typeof MAIN_METRIC];
  const ids = [...new Set([main, ...(WATCHED_METRICS[input.task] ?? []), ...promisedIds])];
  const promised: Record<string, PromisedMetric> = {};
  // A version registered before intervals were cut to the metric's range may promise a log loss below zero.
  for (const id of promisedIds) promised[id] = withinRange(id, input.promised[id]!);
  if (promisedIds.length === 0) notes.push('Registration promised no held-out metrics, so nothing is compared with a promise.');

  const rng = new Rng(input.seed ?? 7);
  // Value intervals draw from their own stream, so adding them left the metric intervals as they were.
  const valueRng = new Rng((input.seed ?? 7) + 1);
  const resamples = input.resamples ?? DEFAULT_RESAMPLES;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const maxRows = input.bootstrapMaxRows ?? BOOTSTRAP_MAX_ROWS;
  const overall = metricsWithIntervals(ids, labelled.truth, labelled.predictions, all, rng.fork(), resamples, maxRows);
  const undefinedIds = ids.filter((id) => overall[id] === undefined);
  if (undefinedIds.length > 0) notes.push(`Undefined on these rows (e.g. only one class among the labels): ${undefinedIds.join(', ')}.`);
  const belowPromise = promisedIds.filter((id) => overall[id] !== undefined && isBelowPromise(id, overall[id]!, promised[id]!));

  const asTaken = input.decided !== undefined && input.decided !== null && labelled.truth.kind === 'classification' && labelled.truth.classes.length === 2;
  // Several classes: each row at the class it was decided as (logged, else the policy's rule), for its value and the per-class figures.
  const lt = labelled.truth;
  const lp = labelled.predictions;
  const taken = lt.kind === 'classification' && lt.classes.length > 2 && lp.kind === 'classification' ? takenClasses(lt.classes, lp.probabilities, labelled.rows, input.classPolicy?.policy ?? { kind: 'class' }, input.classPolicy?.description ?? 'the most likely class', input.loggedClasses ?? null) : null;
  const classes = taken !== null && lt.kind === 'classification' ? classPerformance(lt.classes, lt.y, taken.codes, total, taken.decidedBy) : null;
  const decidedPredictions: Predictions = taken !== null && lp.kind === 'classification' ? { ...lp, labels: taken.codes } : lp;
  const valued = decisionValues(labelled.truth, decidedPredictions, input.business ?? input.card?.business, asTaken ? (input.decided!.threshold ?? null) : input.threshold, asTaken, input.boundary ?? null);
  let valueRows: Float64Array | null = null;
  let value: Performance['value'] = null;
  if ('reason' in valued) notes.push(`No business value: ${valued.reason}.`);
  else {
    valueRows = valued.values;
    notes.push(...valued.notes);
    let sum = 0;
    for (const v of valued.values) sum += v;
    const realised = meanWithInterval(valued.values, all, valueRng.fork(), resamples, maxRows);
    const p = input.promisedValue ?? null;
    const promisedValue = p === null ? null : { perDecision: p.mean, low: p.low, high: p.high };
    value = { perDecision: sum / n, total: sum, currency: valued.currency, threshold: valued.threshold, ...(input.boundary === undefined || input.boundary === null ? {} : { boundary: input.boundary }), low: realised.low, high: realised.high, promised: promisedValue, belowPromise: valueBelowPromise(realised, promisedValue, n), ...(taken === null ? {} : { decidedBy: taken.decidedBy }) };
  }

  const windows: PerformanceWindow[] = [];
  if (input.times !== null) {
    const times = Float64Array.from(labelled.rows, (r) => input.times![r]!);
    for (const w of timeWindows(times, input.window, input.origin ?? firstTime(input.times))) {
      const metrics = metricsWithIntervals(ids, labelled.truth, labelled.predictions, w.rows, rng.fork(), Math.min(resamples, WINDOW_RESAMPLES), maxRows);
      const windowValue = valueRows === null ? null : meanWithInterval(valueRows, w.rows, valueRng.fork(), Math.min(resamples, WINDOW_RESAMPLES), maxRows);
      windows.push({ start: isoTime(w.start), end: isoTime(w.end), rows: w.rows.length, metrics, valuePerDecision: valueRows === null ? null : meanOver(valueRows, w.rows), value: windowValue });
    }
  } else notes.push('The window has no prediction times, so there are no rolling windows.');

  const t = labelled.truth;
  const q = labelled.predictions;
  // Its own stream, so the metric and value intervals are drawn as without a boundary.
  const boundary = t.kind === 'regression' && q.kind === 'regression' ? boundaryPerformance(t.y, q.values, input.boundary ?? null, input.promisedBoundary ?? null, new Rng((input.seed ?? 7) + 2), resamples, maxRows) : null;
  if (boundary?.promisedAtOtherBoundary !== null && boundary !== null) notes.push(`Decisions are counted at boundary ${boundary.boundary}; the registered promise was measured at ${boundary.promisedAtOtherBoundary}, so its shares decided above and on the right side are not compared.`);
  return { performance: { labelled: n, unusableLabels: labelled.unknown, window: input.window.text, promised, mainMetric: main, overall: { rows: n, metrics: overall }, windows, belowPromise, value, ...(boundary === null ? {} : { boundary }), ...(classes === null ? {} : { classes }), notes }, reason: null };
}

/** The earliest known time, so windows of labelled rows line up with those of all rows. */
function firstTime(times: Float64Array): number | undefined {
  let first = Infinity;
  for (const t of times) if (t < first) first = t;
  return Number.isFinite(first) ? first : undefined;
}
