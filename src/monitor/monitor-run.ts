// One monitoring run: a registered version's training sample against a current window (a data
// file read with the model's types, or the server's logged inputs since a time), giving feature
// drift (with the card's per-feature tests), prediction drift or training-serving skew, decision
// drift at the policy threshold, out-of-distribution rates (overall and over time) and, once labels
// arrive, value per decision and performance against the version's decision package's promise.

import { type ProgressSink, silentProgress } from '../core/progress.js';
import { FramewiseError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import type { SettingOverride } from '../data/data-settings.js';
import type { Card } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';
import type { FittedModel, Prediction } from '../learn/estimator.js';
import { loadModel } from '../learn/model-io.js';
import type { TypedDataSettings } from '../learn/read-for-model.js';
import { type DecisionPackage, decisionPackageOf } from '../registry/decision-package.js';
import { formatRef, usedRef } from '../registry/model-ref.js';
import { policyInForce } from '../registry/policy-in-force.js';
import { readReferenceSample, sampleFrame } from '../registry/reference-sample.js';
import { labelExpectation } from '../registry/reuse-guard.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import type { ModelRef, ModelVersion } from '../registry/store.js';
import { type AnomalyWatch, anomalyWatchOf } from './anomaly-watch.js';
import { comparablePromise } from './label-promise.js';
import { type ClusterWatch, clusterPart, clusterWatch } from './cluster-watch.js';
import { type DriftReport, driftReport } from './drift-report.js';
import { fileWindow, logWindow, type Window } from './monitor-window.js';
import { oodReport, type OodReport } from './ood.js';
import { type DecisionDrift, decisionDrift, positiveDecisions } from './decision-drift.js';
import { type Performance, performanceReport } from './performance.js';
import { feedbackLabelSets, fileLabelSets, labelPerformance } from './label-performance.js';
import { currentPolicy, type LoggedDecision, type MonitorPolicy } from './performance-log.js';
import { type LoggedPolicyPeriod, loggedPeriods, loggedPolicyText } from './logged-policy.js';
import { boundaryDecisionDrift } from './boundary-drift.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import { compareOutputs, type Predicted, type PredictionComparison, predictSafely, predictSafelyInBatches } from './skew.js';
import type { DriftOverride, DriftOverrides } from './test-choice.js';
import { DEFAULT_WINDOW, isoTime, parseWindow, timeWindows, type WindowLength } from './time-windows.js';

/**
 * 2 added performance, oodOverTime, notes, window.rolling/timeColumn and verdict.belowPromise;
 * later additions (same version, nothing renamed): policy, predictions.decisions,
 * performance.value.{low, high, promised, belowPromise}, performance.windows[].value,
 * verdict.{valueBelowPromise, decisionsDrifted}, window.unreadable.
 */
export const MONITOR_VERSION = 2;
/** Share of out-of-distribution rows above which `--fail-on ood` fails. */
export const OOD_FAIL_RATE = 0.05;

/** A file window's `options` are the data settings the user typed over the registered ones. */
export type CurrentWindow = { readonly kind: 'file'; readonly path: string; readonly options: TypedDataSettings } | { readonly kind: 'log'; readonly since: string };

export interface MonitorInput {
  readonly registry: string;
  readonly ref: ModelRef;
  readonly current: CurrentWindow;
  /** Rolling window for performance and OOD over time, e.g. `1d` (default: the card's monitoring.window, else 1d). */
  readonly window?: string;
  /** Seed of the bootstrap intervals. */
  readonly seed?: number;
  readonly resamples?: number;
  /** Where the steps report (a terminal's bar); silent when left out. */
  readonly progress?: ProgressSink;
}

export interface OodWindow {
  readonly start: string;
  readonly end: string;
  readonly rows: number;
  readonly oodRate: number;
}

export interface MonitorResult {
  readonly kind: 'framewise.monitor';
  readonly version: typeof MONITOR_VERSION;
  readonly createdAt: string;
  readonly model: { readonly name: string; readonly version: number; readonly estimator: string; readonly task: string; readonly target: string | null };
  readonly window: {
    readonly source: 'file' | 'prediction-log';
    readonly path: string | null;
    readonly since: string | null;
    readonly rows: number;
    /** The rolling window's length, e.g. `1d`. */
    readonly rolling: string;
    /** Where row times come from: `at` of the log, a file's time column, or null (no times). */
    readonly timeColumn: string | null;
    /** A log window's logged predictions that could not be read and were skipped (missing or damaged records); null for a file. */
    readonly unreadable: number | null;
  };
  readonly reference: { readonly rows: number; readonly sourceRows: number; readonly seed: number };
  readonly drift: DriftReport;
  /** Model outputs on the reference sample vs the window: prediction drift for a file, skew for the log. */
  readonly predictions: PredictionComparison & {
    readonly comparison: 'prediction-drift' | 'training-serving-skew';
    /** Decision drift: the share of positive decisions at the policy threshold against the reference share; null when the policy is not a threshold or the model could not predict. */
    readonly decisions: DecisionDrift | null;
  };
  /**
   * The decision policy in force (the server's, else the registered package's), with its source;
   * a file window's decisions are counted and valued at it. A log window's binary decisions are
   * counted and valued as the server took them: `logged` lists the thresholds they were taken at.
   */
  readonly policy: MonitorPolicy & {
    /** Log windows of binary models: one period per run of logged decisions at one threshold, in time order; null for a file window. */
    readonly logged: readonly LoggedPolicyPeriod[] | null;
    /** `logged` in words (null with it), e.g. "threshold 0.273 on 'malignant' (…) until 2026-12-07 14:01 (120 decisions), then threshold 0.4 …". */
    readonly loggedDescription: string | null;
  };
  readonly ood: OodReport & { readonly failRate: number };
  /** Out-of-distribution share per rolling window (empty without row times). */
  readonly oodOverTime: readonly OodWindow[];
  /** Null until labels arrive (see notes for why). */
  readonly performance: Performance | null;
  /** Clustering only: cluster shares and silhouette against the promise, overall and over time (see cluster-watch.ts); null when the model could not predict. */
  readonly clusters?: ClusterWatch | null;
  readonly verdict: {
    readonly datasetDrifted: boolean;
    readonly oodExceeded: boolean;
    readonly predictionsDrifted: boolean;
    readonly belowPromise: boolean;
    /** Realised value per decision lies wholly under the promised value's lower bound. */
    readonly valueBelowPromise: boolean;
    /** The share of positive decisions at the policy threshold differs from the reference share. */
    readonly decisionsDrifted: boolean;
    readonly summary: string;
  };
  /** What the reader should know: no labels yet, a card that could not be read, and so on. */
  readonly notes: readonly string[];
  /** Each registered data setting a typed flag changed for reading the current file. */
  readonly overrides: readonly SettingOverride[];
  /** Anomaly models: the flagged share against the promise (overall and over time), and precision and recall once labels arrive. */
  readonly anomaly?: AnomalyWatch;
}

export async function runMonitor(input: MonitorInput): Promise<MonitorResult> {
  const store = SqliteModelStore.open(input.registry);
  let model: FittedModel;
  let artifactPath: string;
  let version: ModelVersion;
  try {
    version = store.get(usedRef(input.ref, store));
    model = loadModel(store.artifact(version.name, version.version));
    artifactPath = store.artifactPath(version.name, version.version);
  } finally {
    store.close();
  }
  const label = `'${version.name}'@${version.version}`;
  const notes: string[] = [];
  const card = registeredCard(version, label, notes);
  const pkg = decisionPackageOf(version);
  const policy = currentPolicy(input.registry, version.name, pkg.policy, version.task);
  const rolling = input.window !== undefined ? parseWindow(input.window) : parseWindow(card?.monitoring?.window ?? DEFAULT_WINDOW, card?.monitoring?.window === undefined ? '--window' : 'monitoring.window');
  const sample = readReferenceSample(artifactPath, label, version.referenceSha256);
  const reference = sampleFrame(sample);
  const overrides = cardOverrides(card, reference, label);
  const settingOverrides: SettingOverride[] = [];
  const progress = input.progress ?? silentProgress;
  const window = input.current.kind === 'file' ? await fileWindow(input.current.path, input.current.options, version, model.signature, card, notes, settingOverrides, labelExpectation(model)?.categories ?? null, progress) : await logWindow(input.registry, version, input.current.since, model.signature, notes);
  const current = window.frame;
  // A log window's decisions are judged as they were taken: each at the threshold logged with it.
  const periods = window.decided === null || window.times === null || version.task !== 'binary' ? [] : loggedPeriods(window.decided, window.times);
  const taken = periods.length === 0 ? null : { periods, description: loggedPolicyText(periods)!, decided: window.decided! };
  notes.push(...policyNotes(policy, pkg, taken, version.name));
  const shared = reference.names.filter((n) => current.has(n));
  const missingFeatures = reference.names.filter((n) => !current.has(n));
  if (shared.length === 0) {
    throw new FramewiseError('SCHEMA_MISMATCH', `The current data has none of the features of ${label} (${reference.names.slice(0, 5).join(', ')}${reference.names.length > 5 ? ', …' : ''}).`, {
      hint: 'Check that the file is the data this model is meant for.',
      ...(input.current.kind === 'file' ? { location: { file: input.current.path } } : {}),
    });
  }
  const usable = Object.fromEntries(Object.entries(overrides).filter(([name]) => current.has(name)));
  progress.start(`Testing ${current.rowCount.toLocaleString('en-US')} current rows for drift and out-of-distribution inputs`);
  const drift = driftReport(reference, current, { columns: shared, overrides: usable, ...(card?.monitoring?.datasetDriftShare === undefined ? {} : { datasetDriftShare: card.monitoring.datasetDriftShare }) });
  const ood = oodReport(model.signature, current, reference);
  progress.stop();
  // Each side is predicted once: prediction drift, decision drift and performance share the outputs.
  const referencePredicted = predictSafely(model, reference);
  const currentPredicted: Predicted = missingFeatures.length > 0 ? { prediction: null, error: `the current data lacks ${missingFeatures.join(', ')}` } : await predictSafelyInBatches(model, current, progress);
  const predictions = missingFeatures.length > 0 ? { drift: null, note: `the current data lacks ${missingFeatures.join(', ')}` } : compareOutputs(referencePredicted, currentPredicted, current.rowCount);
  const decisions = missingFeatures.length > 0 || current.rowCount === 0 ? null : decisionDriftOf(policy, pkg, referencePredicted, currentPredicted, taken);
  const origin = input.current.kind === 'log' ? Date.parse(input.current.since) : undefined;
  const oodOverTime = window.times === null ? [] : timeWindows(window.times, rolling, origin).map((w) => ({ start: isoTime(w.start), end: isoTime(w.end), rows: w.rows.length, oodRate: oodReport(model.signature, current.take(w.rows), reference).oodRate }));
  // Anomalies have no target: the flagged share and, with labels, precision and recall at the threshold.
  if (window.labels !== null) progress.start('Measuring performance on the labelled rows');
  const performance = version.task === 'anomaly' ? null : measurePerformance(model, version, card, pkg, policy, taken, currentPredicted, window, rolling, origin, input, notes);
  if (window.labels !== null) progress.stop();
  const anomaly = version.task !== 'anomaly' ? null : anomalyWatchOf({ pkg, business: pkg.business, inForce: policyInForce(input.registry, version.name, pkg.policy, version.task).policy, description: policy.description, modelThreshold: (model as { threshold?: number }).threshold ?? null, prediction: currentPredicted.prediction, frame: current, source: input.current.kind, loggedLabels: window.labels, card, times: window.times, rolling, ...(origin === undefined ? {} : { origin }), }, notes);
  const clusters = version.task === 'clustering' ? clusterWatch({ model, current, prediction: currentPredicted.prediction, reference: referencePredicted.prediction, promise: pkg.promise, times: window.times, rolling, ...(origin === undefined ? {} : { origin }), seed: input.seed ?? 0 }) : null;
  // A cost matrix prices one class per row: under a top-k policy the value shown is that of the most likely class.
  if (policy.kind === 'top-k' && performance?.value) notes.push(`The policy is ${policy.description}, but a cost matrix prices one class per decision: the value shown is that of each row's most likely class.`);

  const oodExceeded = ood.oodRate > OOD_FAIL_RATE;
  const predictionsDrifted = predictions.drift?.result.drifted ?? false;
  const belowPromise = (performance?.belowPromise.length ?? 0) > 0 || (anomaly?.performance?.belowPromise.length ?? 0) > 0;
  const value = performance?.value ?? null;
  const valueBelowPromise = value?.belowPromise ?? false;
  const decisionsDrifted = (decisions?.drifted ?? false) || (anomaly?.current.changed ?? false);
  const parts = [
    // Money first: a leader reads the start of the line.
    ...(value === null ? [] : [valuePart(value, performance!.labelled, performance!.unusableLabels)]),
    drift.datasetDrifted ? `data set drifted (${drift.driftedFeatures.length} of ${drift.features.length} features)` : drift.driftedFeatures.length > 0 ? `${drift.driftedFeatures.length} of ${drift.features.length} features drifted, below the data-set level` : 'no feature drifted',
    `${(ood.oodRate * 100).toFixed(1)}% of rows out of distribution${oodExceeded ? ` (above ${OOD_FAIL_RATE * 100}%)` : ''}`,
    predictions.drift === null ? 'predictions not compared' : predictionsDrifted ? (input.current.kind === 'log' ? 'training-serving skew in predictions' : 'predictions drifted') : 'predictions stable',
    ...(decisions === null ? [] : [`${decisionsDrifted ? 'decisions drifted' : 'decisions stable'}: ${pctText(decisions.current.rate)} ${(policy.boundary ?? null) === null ? 'positive' : `decided above ${policy.boundary}`} now vs ${pctText(decisions.reference.rate)} in the ${decisions.reference.source === 'promise' ? 'promise' : 'reference sample'}`]),
    ...(anomaly === null ? [] : [anomaly.summary]),
    performance === null
      ? anomaly?.performance ? (anomaly.performance.belowPromise.length > 0 ? `${anomaly.performance.belowPromise.join(', ')} below the promise` : 'precision and recall within or above the promise') : 'no labels to measure performance'
      : belowPromise
        ? `${performance.belowPromise.map((id) => metricInfo(id).label).join(', ')} below the promise on ${performance.labelled.toLocaleString('en-US')} labelled rows`
        : Object.keys(performance.promised).length === 0
          ? `performance measured on ${performance.labelled.toLocaleString('en-US')} labelled rows (nothing promised to compare with)`
          : `performance within or above the promise on ${performance.labelled.toLocaleString('en-US')} labelled rows`,
    ...(clusters === null ? [] : [clusterPart(clusters)]),
    taken !== null ? `decided at ${taken.description}` : policy.kind === 'threshold' || (policy.boundary ?? null) !== null ? `decided at ${policy.description}` : `policy: ${policy.description}`,
  ];
  return {
    kind: 'framewise.monitor',
    version: MONITOR_VERSION,
    createdAt: new Date().toISOString(),
    model: { name: version.name, version: version.version, estimator: version.estimator, task: version.task, target: version.target },
    window: {
      source: input.current.kind === 'file' ? 'file' : 'prediction-log',
      path: input.current.kind === 'file' ? input.current.path : null,
      since: input.current.kind === 'log' ? input.current.since : null,
      rows: current.rowCount,
      rolling: rolling.text,
      timeColumn: window.timeColumn,
      unreadable: window.unreadable ?? null,
    },
    reference: { rows: sample.rows, sourceRows: sample.sourceRows, seed: sample.seed },
    drift,
    predictions: { ...predictions, comparison: input.current.kind === 'log' ? 'training-serving-skew' : 'prediction-drift', decisions },
    policy: { ...policy, logged: input.current.kind === 'log' && version.task === 'binary' ? periods : null, loggedDescription: taken?.description ?? null },
    ood: { ...ood, failRate: OOD_FAIL_RATE },
    oodOverTime,
    performance,
    ...(version.task === 'clustering' ? { clusters } : {}),
    verdict: { datasetDrifted: drift.datasetDrifted, oodExceeded, predictionsDrifted, belowPromise, valueBelowPromise, decisionsDrifted, summary: summaryLine(formatRef({ name: version.name, version: version.version }), parts, valueBelowPromise) },
    notes,
    overrides: settingOverrides,
    ...(anomaly === null ? {} : { anomaly }),
  };
}

const pctText = (share: number): string => `${(share * 100).toFixed(1)}%`;
const moneyText = (value: number, currency: string | null): string => `${value < 0 ? '-' : '+'}${Math.abs(value) >= 100 ? Math.abs(value).toFixed(0) : Math.abs(value).toFixed(2)}${currency === null ? '' : ` ${currency}`}`;

/** The one-line verdict; a value below the promise opens it, before the model's name. */
function summaryLine(ref: string, parts: readonly string[], valueBelow: boolean): string {
  return valueBelow ? `VALUE BELOW PROMISE for ${ref}: ${parts.join('; ')}.` : `${ref}: ${parts.join('; ')}.`;
}

/** The summary's value part: realised against promised, with both intervals. */
function valuePart(value: NonNullable<Performance['value']>, labelled: number, unusable: number): string {
  const now = `${moneyText(value.perDecision, value.currency)} per decision [${moneyText(value.low, null)}, ${moneyText(value.high, null)}]`;
  // Labels left out change what the value is measured on: say so where the value is read.
  const on = `${labelled.toLocaleString('en-US')} labelled decisions${unusable > 0 ? ` (${unusable} unusable label${unusable === 1 ? '' : 's'} left out)` : ''}`;
  if (value.promised === null) return `value ${now} on ${on} (no value was promised)`;
  const promised = `${moneyText(value.promised.perDecision, value.currency)} [${moneyText(value.promised.low, null)}, ${moneyText(value.promised.high, null)}]`;
  return `value ${now} against the promised ${promised} on ${on}`;
}

/** A log window's binary decisions as the server took them: per row (null where none was logged), and their periods. */
interface Taken {
  readonly periods: readonly LoggedPolicyPeriod[];
  readonly description: string;
  readonly decided: readonly (LoggedDecision | null)[];
}

/**
 * Decision drift for a threshold policy: the current window's positive share against the
 * promise's (when it was measured at this same threshold) or the reference sample's. A log
 * window's share counts the decisions as logged; when they were taken at several thresholds, the
 * reference is the sample's share at each threshold, weighted by the decisions taken at it.
 */
function decisionDriftOf(policy: MonitorPolicy, pkg: DecisionPackage, reference: Predicted, current: Predicted, taken: Taken | null): DecisionDrift | null {
  // A regression boundary: the share decided above it (boundary-drift.ts).
  if (policy.boundary !== undefined && policy.boundary !== null) {
    const b = pkg.promise.boundary;
    return boundaryDecisionDrift({ policy: policy.description, boundary: policy.boundary, current: current.prediction, reference: reference.prediction, promised: b === undefined ? null : { boundary: b.boundary, aboveShare: b.aboveShare.mean, rows: pkg.promise.rows } });
  }
  if (policy.threshold === null || current.prediction === null || current.prediction.kind !== 'classification' || current.prediction.classes.length !== 2) return null;
  const classes = current.prediction.classes;
  const positiveClass = policy.positiveClass !== null && classes.includes(policy.positiveClass) ? policy.positiveClass : null;
  if (positiveClass === null) return null;
  const positive = classes.indexOf(positiveClass);
  const currentRows = current.prediction.labels.length;
  const probabilities = current.prediction.probabilities;
  // Rows decided at each threshold, and the positive decisions (as logged, else at the policy now).
  const atThreshold = new Map<number, number>();
  let currentPositive = 0;
  for (let i = 0; i < currentRows; i++) {
    const d = taken?.decided[i] ?? null;
    const t = d === null ? policy.threshold : d.threshold;
    atThreshold.set(t, (atThreshold.get(t) ?? 0) + 1);
    if (d === null ? probabilities[i * 2 + positive]! >= t : d.label === positiveClass) currentPositive++;
  }
  const thresholds = [...atThreshold.keys()];
  const only = thresholds.length === 1 ? thresholds[0]! : null;
  const promise = pkg.promise;
  const sameThreshold = only !== null && pkg.policy.kind === 'threshold' && pkg.policy.threshold === only;
  let ref: DecisionDrift['reference'] | null = null;
  if (sameThreshold && promise.positiveRate !== null && promise.rows > 0) ref = { rows: promise.rows, rate: promise.positiveRate, source: 'promise' };
  else if (reference.prediction !== null && reference.prediction.kind === 'classification') {
    const rows = reference.prediction.labels.length;
    const refPositive = reference.prediction.classes.indexOf(positiveClass);
    if (rows > 0 && refPositive >= 0) {
      let rate = 0;
      for (const [t, n] of atThreshold) rate += (n / currentRows) * (positiveDecisions(reference.prediction.probabilities, 2, refPositive, t) / rows);
      ref = { rows, rate, source: 'reference-sample' };
    }
  }
  if (ref === null) return null;
  return decisionDrift({ policy: taken?.description ?? policy.description, threshold: only ?? policy.threshold, positiveClass, current: { rows: currentRows, positive: currentPositive }, reference: ref });
}

/**
 * What a reader should know about the thresholds: a server's policy other than the registered one
 * (the promise was measured at the registered threshold), and, for a log window, decisions taken
 * at other thresholds than the one in force now.
 */
function policyNotes(policy: MonitorPolicy, pkg: DecisionPackage, taken: Taken | null, name: string): string[] {
  const registered = pkg.policy.kind === 'threshold' ? pkg.policy.threshold : null;
  if (registered === null) return [];
  if (taken === null) {
    if (policy.source !== 'serving' || policy.threshold === registered) return [];
    return [`The server decides at threshold ${policy.threshold}, set with PUT /v1/models/${name}/policy; the registered promise was measured at ${registered}. Decisions, their value and threshold metrics (accuracy, precision, recall, ...) are taken at ${policy.threshold} and compared with a promise made at another threshold.`];
  }
  const notes: string[] = [];
  const thresholds = [...new Set(taken.periods.map((p) => p.threshold))];
  if (thresholds.length > 1 || thresholds[0] !== registered) {
    notes.push(`Each logged decision is counted and valued as the server took it: ${taken.description}. The registered promise was measured at ${registered}; decisions at another threshold are compared with a promise made at ${registered}.`);
  }
  if (policy.threshold !== null && !thresholds.includes(policy.threshold)) {
    notes.push(`The server now decides at ${policy.description}; no decision in the window was taken at it.`);
  }
  const missing = taken.decided.filter((d) => d === null).length;
  if (missing > 0) notes.push(`${missing} logged prediction(s) carry no threshold decision; they are decided at ${policy.description}.`);
  return notes;
}

/** The card the version was registered with, or null (a note says why when it cannot be read). */
function registeredCard(version: ModelVersion, label: string, notes: string[]): Card | null {
  if (version.lineage.card === null) return null;
  try {
    return parseCard(version.lineage.card, `the card of ${label}`);
  } catch (error) {
    notes.push(`The card registered with ${label} could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); its monitoring settings and business figures are not used.`);
    return null;
  }
}

/** The card's per-feature drift tests, each naming a feature of the model. */
function cardOverrides(card: Card | null, reference: Frame, label: string): DriftOverrides {
  const overrides = card?.monitoring?.drift ?? {};
  const unknown = Object.keys(overrides).filter((name) => !reference.has(name));
  if (unknown.length > 0) {
    throw new FramewiseError('CARD_INVALID', `The card of ${label} sets a drift test for ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a feature' : 'are not features'} of the model (features: ${reference.names.join(', ')}).`, {
      hint: 'Fix monitoring.drift in the card to name the model\'s features, and register the model again.',
      location: { field: `monitoring.drift.${unknown[0]}` },
    });
  }
  const out: Record<string, DriftOverride> = {};
  for (const [name, o] of Object.entries(overrides)) out[name] = typeof o === 'string' ? o : o.threshold === undefined ? { test: o.test } : { test: o.test, threshold: o.threshold };
  return out;
}

function measurePerformance(model: FittedModel, version: ModelVersion, card: Card | null, pkg: DecisionPackage, policy: MonitorPolicy, taken: Taken | null, predicted: Predicted, window: Window, rolling: WindowLength, origin: number | undefined, input: MonitorInput, notes: string[]): Performance | null {
  if (version.task === 'multilabel') return multilabelPerformance(model, version, pkg, policy, predicted, window, rolling, origin, input, notes);
  if (window.labels === null) {
    notes.push(...window.labelNotes);
    return null;
  }
  const prediction = windowPrediction(model, predicted, window, notes);
  if (prediction === null) return null;
  const threshold = version.task === 'binary' ? policy.threshold : null;
  const outcome = performanceReport({
    task: version.task,
    prediction,
    labels: window.labels,
    times: window.times,
    window: rolling,
    ...(origin === undefined ? {} : { origin }),
    promised: pkg.promise.metrics,
    ...(pkg.promise.mainMetric === undefined ? {} : { mainMetric: pkg.promise.mainMetric }),
    card,
    threshold,
    boundary: policy.boundary ?? null,
    promisedBoundary: pkg.promise.boundary ?? null,
    // Decisions as logged; the one threshold they share names the value's threshold (none when several).
    decided: taken === null ? null : { labels: taken.decided.map((d) => d?.label ?? null), threshold: sharedThreshold(taken, threshold) },
    business: pkg.business,
    positiveClass: policy.positiveClass,
    promisedValue: pkg.promise.value?.perDecision ?? null,
    notes: window.labelNotes,
    // Several classes: decided as logged, else by the policy in force (expected value under its cost matrix).
    classPolicy: { policy: policy.costMatrix === undefined ? { kind: policy.kind } : { kind: policy.kind, costMatrix: policy.costMatrix }, description: policy.description },
    loggedClasses: window.decidedClasses ?? null,
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    ...(input.resamples === undefined ? {} : { resamples: input.resamples }),
  });
  if (outcome.performance === null) notes.push(`Performance is not measured: ${outcome.reason}.`, ...window.labelNotes);
  return outcome.performance;
}

/** The window's prediction (made once for drift, else here); null with a note when the model cannot predict it. */
function windowPrediction(model: FittedModel, predicted: Predicted, window: Window, notes: string[]): Prediction | null {
  try {
    return predicted.prediction ?? model.predict(window.frame);
  } catch (error) {
    notes.push(`Performance is not measured: the model could not predict the window (${error instanceof Error ? error.message : String(error)}).`);
    return null;
  }
}

/** The one threshold every row of a log window was decided at (rows without a logged decision at the policy's), else null. */
function sharedThreshold(taken: Taken, policyThreshold: number | null): number | null {
  const thresholds = new Set(taken.decided.map((d) => (d === null ? policyThreshold : d.threshold)));
  return thresholds.size === 1 ? [...thresholds][0]! : null;
}

/**
 * Multi-label: the true label sets from the file's label columns (or the fed-back sets of a log
 * window), decided at the per-label thresholds in force (label-performance.ts).
 */
function multilabelPerformance(model: FittedModel, version: ModelVersion, pkg: DecisionPackage, policy: MonitorPolicy, predicted: Predicted, window: Window, rolling: WindowLength, origin: number | undefined, input: MonitorInput, notes: string[]): Performance | null {
  const delimiter = typeof model.params['delimiter'] === 'string' ? model.params['delimiter'] : '|';
  const sets = input.current.kind === 'file' ? (version.target === null ? null : fileLabelSets(window.frame, version.target, delimiter)) : window.labels === null ? null : feedbackLabelSets(window.labels, delimiter);
  if (sets === null) {
    notes.push(input.current.kind === 'file' ? `The file has none of the label columns of ${version.target ?? 'the model'}, so there are no labels to measure performance with.` : 'No label sets were fed back for the window.', ...window.labelNotes);
    return null;
  }
  const prediction = windowPrediction(model, predicted, window, notes);
  if (prediction === null) return null;
  const thresholds = policy.thresholds ?? (pkg.policy.kind === 'label-thresholds' ? pkg.policy.thresholds : {});
  const comparable = comparablePromise(pkg.promise.metrics, pkg.promise.value?.perDecision ?? null, pkg.policy.kind === 'label-thresholds' ? pkg.policy.thresholds : {}, thresholds);
  if (comparable.moved.length > 0) {
    notes.push(`The thresholds of ${comparable.moved.map((l) => `'${l}'`).join(', ')} were moved from the registered ones, at which the promise was measured: their metrics, the set-level ones and the value are measured at the thresholds in force but not compared with the promise.`);
  }
  const outcome = labelPerformance({
    prediction,
    sets,
    thresholds,
    promised: comparable.promised,
    promisedValue: comparable.promisedValue,
    business: pkg.business,
    times: window.times,
    window: rolling,
    ...(origin === undefined ? {} : { origin }),
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    ...(input.resamples === undefined ? {} : { resamples: input.resamples }),
    notes: window.labelNotes,
  });
  if (outcome.performance === null) notes.push(`Performance is not measured: ${outcome.reason}.`);
  return outcome.performance;
}
