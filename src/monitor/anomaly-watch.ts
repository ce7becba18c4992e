// Monitoring an anomaly model: the share of rows flagged at the score threshold in force, against
// the share promised at registration (overall and per rolling window), and, once labels arrive
// (the card's referenceColumn in a file, fed-back labels in the log), precision and recall at the
// threshold against the held-out promise.

import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { isKnownAnomaly } from '../evaluate/anomaly-flags.js';
import type { BusinessSpec, Card } from '../frame/card.js';
import { isFlagged } from '../frame/decision-rules.js';
import type { Prediction } from '../learn/estimator.js';
import type { DecisionPolicy, DecisionPromise } from '../registry/decision-package.js';
import { twoProportionTest } from './decision-drift.js';
import { isoTime, timeWindows, type WindowLength } from './time-windows.js';

/** A change in the flagged share is alert-worthy when it is unlikely by chance (p below this)... */
export const FLAGGED_SHARE_ALPHA = 0.01;
/** ...and large: at least this fraction of the promised share, up or down. */
export const FLAGGED_SHARE_RELATIVE_CHANGE = 0.25;

export interface FlaggedShare {
  readonly rows: number;
  readonly flagged: number;
  readonly share: number;
  /** Two-sided two-proportion z-test against the promised share (on the promise's rows). */
  readonly pValue: number;
  /** Unlikely by chance and at least a quarter of the promised share away from it. */
  readonly changed: boolean;
}

export interface AnomalyWatch {
  /** The score threshold rows are flagged at (isFlagged), and the policy in words. */
  readonly threshold: number;
  readonly policy: string;
  /** The share flagged on the training rows at registration, with its 95% interval and rows; null when the package promises none. */
  readonly promised: { readonly share: number; readonly low: number; readonly high: number; readonly rows: number } | null;
  /** Whether the threshold in force is the one the promise was made at. */
  readonly sameThreshold: boolean;
  readonly current: FlaggedShare;
  /** Per rolling window (empty without row times). */
  readonly overTime: readonly (FlaggedShare & { readonly start: string; readonly end: string })[];
  /** Precision and recall at the threshold on labelled rows; null until labels arrive. */
  readonly performance: {
    readonly labelled: number;
    readonly knownAnomalies: number;
    readonly precision: number;
    readonly recall: number;
    /** The held-out promise (null when the brief had no known anomalies). */
    readonly promised: { readonly precision: { readonly mean: number; readonly low: number; readonly high: number }; readonly recall: { readonly mean: number; readonly low: number; readonly high: number } } | null;
    /** Metrics whose value lies below the promise's lower bound. */
    readonly belowPromise: readonly string[];
    /** Value per labelled decision from the card's outcomes (a flag is the positive decision), against the promised value; null without outcomes. */
    readonly value: { readonly perDecision: number; readonly currency: string; readonly promised: { readonly mean: number; readonly low: number; readonly high: number } | null } | null;
  } | null;
  readonly summary: string;
}

export interface AnomalyWatchInput {
  readonly scores: Float64Array;
  readonly threshold: number;
  readonly registeredThreshold: number | null;
  readonly policy: string;
  readonly promise: DecisionPromise;
  readonly times: Float64Array | null;
  readonly rolling: WindowLength;
  readonly origin?: number;
  /** Each row's label (a known anomaly or not), null where unlabelled; null when the window has no labels. */
  readonly labels: readonly (string | null)[] | null;
  /** The value that marks a known anomaly (the card's decision.positiveClass), else 1/true/yes. */
  readonly positiveLabel: string | undefined;
  /** The card's outcome values, to price the labelled decisions. */
  readonly outcomes?: BusinessSpec['outcomes'];
  readonly currency?: string;
}

export function anomalyWatch(input: AnomalyWatchInput): AnomalyWatch {
  const { scores, threshold } = input;
  const flags = Uint8Array.from(scores, (s) => (Number.isFinite(s) && isFlagged(s, threshold) ? 1 : 0));
  const m = input.promise.metrics['flagged_share'];
  const promisedShare = m?.mean ?? input.promise.positiveRate;
  const sameThreshold = input.registeredThreshold === null || input.registeredThreshold === threshold;
  const promised = promisedShare === null || promisedShare === undefined || input.promise.rows <= 0 ? null : { share: promisedShare, low: m?.low ?? promisedShare, high: m?.high ?? promisedShare, rows: input.promise.rows };
  const shareOf = (rows: ArrayLike<number> | null): FlaggedShare => {
    const n = rows === null ? flags.length : rows.length;
    let flagged = 0;
    for (let i = 0; i < n; i++) flagged += flags[rows === null ? i : rows[i]!]!;
    const share = n === 0 ? 0 : flagged / n;
    if (promised === null || n === 0) return { rows: n, flagged, share, pValue: 1, changed: false };
    const test = twoProportionTest(Math.round(promised.share * promised.rows), promised.rows, flagged, n);
    // Compared with the promise only at the threshold it was made at: another threshold flags another share by design.
    const changed = sameThreshold && test.pValue < FLAGGED_SHARE_ALPHA && Math.abs(share - promised.share) >= FLAGGED_SHARE_RELATIVE_CHANGE * promised.share;
    return { rows: n, flagged, share, pValue: test.pValue, changed };
  };
  const current = shareOf(null);
  const overTime = input.times === null ? [] : timeWindows(input.times, input.rolling, input.origin).map((w) => ({ start: isoTime(w.start), end: isoTime(w.end), ...shareOf(w.rows) }));
  const performance = input.labels === null ? null : measure(flags, input.labels, input.positiveLabel, input.promise, input.outcomes, input.currency ?? '');
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const summary = `${pct(current.share)} of ${current.rows.toLocaleString('en-US')} rows flagged at score ${threshold}${promised === null ? '' : ` against the ${pct(promised.share)} promised${sameThreshold ? '' : ' at another threshold'}`}${current.changed ? ' (flagged share changed)' : ''}${performance === null ? '' : `; precision ${performance.precision.toFixed(3)}, recall ${performance.recall.toFixed(3)} on ${performance.labelled} labelled rows`}`;
  return { threshold, policy: input.policy, promised, sameThreshold, current, overTime, performance, summary };
}

function measure(flags: Uint8Array, labels: readonly (string | null)[], positive: string | undefined, promise: DecisionPromise, outcomes: AnomalyWatchInput['outcomes'], currency: string): AnomalyWatch['performance'] {
  let tn = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let labelled = 0;
  for (let i = 0; i < flags.length; i++) {
    const label = labels[i];
    if (label === null || label === undefined || label === '') continue;
    labelled++;
    const anomaly = isKnownAnomaly(label, positive);
    if (flags[i] === 1) anomaly ? tp++ : fp++;
    else anomaly ? fn++ : tn++;
  }
  if (labelled === 0) return null;
  const value = outcomes === undefined ? null : { perDecision: (tp * (outcomes.truePositive ?? 0) + fp * (outcomes.falsePositive ?? 0) + fn * (outcomes.falseNegative ?? 0) + tn * (outcomes.trueNegative ?? 0)) / labelled, currency, promised: promise.value?.perDecision ?? null };
  const precision = tp + fp === 0 ? Number.NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? Number.NaN : tp / (tp + fn);
  const p = promise.metrics['precision'];
  const r = promise.metrics['recall'];
  const promised = p !== undefined && r !== undefined ? { precision: p, recall: r } : null;
  const belowPromise = promised === null ? [] : (['precision', 'recall'] as const).filter((k) => {
    const value = k === 'precision' ? precision : recall;
    return Number.isFinite(value) && Number.isFinite(promised[k].low) && value < promised[k].low;
  });
  return { labelled, knownAnomalies: tp + fn, precision, recall, promised, belowPromise, value };
}

/** What monitor-run hands over for an anomaly model: its package, the policy in force, the window and its scores. */
export interface AnomalyWindow {
  readonly pkg: { readonly policy: DecisionPolicy; readonly promise: DecisionPromise };
  /** The package's business figures (outcomes and currency price the labelled decisions). */
  readonly business: BusinessSpec;
  readonly inForce: DecisionPolicy;
  readonly description: string;
  /** The model's own training threshold, for packages written before score-threshold policies. */
  readonly modelThreshold: number | null;
  readonly prediction: Prediction | null;
  readonly frame: Frame;
  readonly source: 'file' | 'log';
  /** A log window's fed-back labels (null without any). */
  readonly loggedLabels: readonly (string | null)[] | null;
  readonly card: Card | null;
  readonly times: Float64Array | null;
  readonly rolling: WindowLength;
  readonly origin?: number;
}

/** The anomaly watch of a monitoring window; null when the model could not score it. */
export function anomalyWatchOf(w: AnomalyWindow, notes: string[]): AnomalyWatch | null {
  if (w.prediction === null || w.prediction.kind !== 'anomaly') return null;
  const registered = w.pkg.policy.kind === 'score-threshold' ? w.pkg.policy.threshold : null;
  const threshold = w.inForce.kind === 'score-threshold' ? w.inForce.threshold : (registered ?? w.modelThreshold);
  if (threshold === null) return null;
  const reference = w.card?.referenceColumn;
  let labels: (string | null)[] | null = null;
  if (w.source === 'log') labels = w.loggedLabels === null ? null : [...w.loggedLabels];
  else if (reference !== undefined && w.frame.has(reference)) {
    const column = w.frame.column(reference);
    labels = Array.from({ length: w.frame.rowCount }, (_, i) => {
      const v = valueAt(column, i);
      return v === null ? null : String(v);
    });
  }
  if (labels === null) notes.push(reference === undefined ? 'No reference column marks known anomalies: the flagged share is watched, precision and recall cannot be measured.' : `The window has no '${reference}' labels: the flagged share is watched, precision and recall are measured once labels arrive.`);
  if (registered !== null && threshold !== registered) notes.push(`Rows are flagged at score ${threshold} (${w.description}); the promised share was measured at ${registered}, so it is not compared.`);
  return anomalyWatch({
    scores: w.prediction.scores,
    threshold,
    registeredThreshold: registered,
    policy: w.description,
    promise: w.pkg.promise,
    times: w.times,
    rolling: w.rolling,
    ...(w.origin === undefined ? {} : { origin: w.origin }),
    labels,
    positiveLabel: w.card?.decision?.positiveClass,
    outcomes: w.business.outcomes,
    currency: w.business.currency ?? w.pkg.promise.value?.currency ?? '',
  });
}
