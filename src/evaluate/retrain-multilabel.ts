// A multi-label challenger against its champion: the champion's learner (one base model per
// label, same parameters) trained on the training part of new labelled data, both models deciding
// the same held-out rows at the champion's per-label thresholds (labelsAtThresholds), compared by
// F1 over all label decisions with a paired bootstrap interval, per label and in value.

import { FramewiseError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Frame } from '../data/frame.js';
import type { BusinessSpec } from '../frame/card.js';
import type { FittedModel } from '../learn/estimator.js';
import { encodeMultiLabelTarget } from '../learn/multilabel/multilabel-target.js';
import { MULTILABEL_SPECS, MultiLabelClassifier } from '../learn/multilabel/one-vs-rest.js';
import { estimatorLike } from './challenger.js';
import { type Interval, percentile } from './interval.js';
import { decideLabels, labelMetricsWithIntervals, labelSetMetrics, rowValues } from './label-thresholds.js';
import { recodeOntoChampion } from './retrain-data.js';
import { type HoldoutSplit, holdoutSplit, type SplitOptions } from './retrain-split.js';

export interface MultilabelChallengerInput {
  readonly champion: FittedModel;
  /** The new labelled rows, read with the champion's data settings. */
  readonly frame: Frame;
  /** The per-label thresholds both models decide at (the champion's policy in force). */
  readonly thresholds: Readonly<Record<string, number>>;
  readonly business: BusinessSpec | undefined;
  readonly split: SplitOptions;
  readonly resamples?: number;
}

export interface MultilabelComparison {
  readonly task: 'multilabel';
  readonly mainMetric: 'f1_micro';
  readonly rows: number;
  readonly trainRows: number;
  readonly labels: readonly string[];
  /** Every metric (per label and over the set) of both models at the same thresholds. */
  readonly metrics: readonly { readonly metric: string; readonly champion: number; readonly challenger: number; readonly higherIsBetter: boolean }[];
  /** Challenger minus champion in F1 over all label decisions, with its paired bootstrap 95% interval. */
  readonly lift: { readonly value: number; readonly low: number; readonly high: number };
  /** Value per row of both models at the card's outcome prices; null when the card prices none. */
  readonly value: { readonly champion: number; readonly challenger: number; readonly currency: string | null } | null;
  readonly advice: { readonly verdict: 'challenger-better' | 'champion-better' | 'no-clear-difference'; readonly reason: string };
}

export interface MultilabelChallengerRun {
  readonly challenger: FittedModel;
  readonly trainFrame: Frame;
  readonly testFrame: Frame;
  readonly split: HoldoutSplit;
  readonly comparison: MultilabelComparison;
  /** The challenger's promise on the held-out rows at the same thresholds (a decision package's promise). */
  readonly promise: { readonly metrics: Record<string, Interval>; readonly value: { readonly perDecision: Interval; readonly currency: string; readonly decisionsPerMonth: number | null } | null; readonly positiveRate: null; readonly rows: number };
}

/** The champion's base learner, rebuilt from its saved per-label models' estimator. */
function baseOf(champion: FittedModel): { specs: ReturnType<typeof estimatorLike>['specs']; make: (p: Readonly<Record<string, unknown>>) => ReturnType<typeof estimatorLike> } {
  const json = champion.toJSON() as unknown as { readonly models?: readonly unknown[] };
  const saved = (json.models ?? []).find((m: unknown): m is { estimator: string } => typeof m === 'object' && m !== null && typeof (m as { estimator?: unknown }).estimator === 'string');
  const name = saved?.estimator ?? 'logistic';
  const own = new Set(MULTILABEL_SPECS.map((s) => s.name));
  return { specs: estimatorLike(name, {}).specs.filter((s) => !own.has(s.name)), make: (p) => estimatorLike(name, p) };
}

export async function runMultilabelChallenger(input: MultilabelChallengerInput): Promise<MultilabelChallengerRun> {
  const { champion } = input;
  // A category the new rows lack stays known to the challenger, so its input contract is the champion's.
  const frame = recodeOntoChampion(input.frame, champion.signature);
  const target = (champion as FittedModel & { target?: string }).target;
  const labels = (champion as FittedModel & { labels?: readonly string[] }).labels;
  if (champion.task !== 'multilabel' || target === undefined || labels === undefined) {
    throw new FramewiseError('INTERNAL', 'runMultilabelChallenger needs a multi-label champion.');
  }
  const delimiter = typeof champion.params['delimiter'] === 'string' ? champion.params['delimiter'] : '|';
  const encoded = encodeMultiLabelTarget(frame, target, delimiter);
  const columns = [...champion.signature.features.map((f) => f.name), ...encoded.columns];
  const split = holdoutSplit(frame, input.split);
  const trainFrame = frame.take(split.train).select(columns);
  const testFrame = frame.take(split.test).select(columns);
  const challenger = await new MultiLabelClassifier(champion.params, baseOf(champion)).fit(trainFrame, target);

  // Truth and both models' probabilities over the champion's labels, on the held-out rows.
  const L = labels.length;
  const n = testFrame.rowCount;
  const truth = new Uint8Array(n * L);
  const testTruth = encodeMultiLabelTarget(testFrame, target, delimiter);
  labels.forEach((label, k) => {
    const j = testTruth.labels.indexOf(label);
    if (j >= 0) for (let i = 0; i < n; i++) truth[i * L + k] = testTruth.y[j]![i]!;
  });
  const over = (model: FittedModel): Float64Array => {
    const p = model.predict(testFrame.drop(encoded.columns));
    const out = new Float64Array(n * L);
    if (p.kind !== 'multilabel') return out;
    labels.forEach((label, k) => {
      const j = p.labels.indexOf(label);
      if (j >= 0) for (let i = 0; i < n; i++) out[i * L + k] = p.probabilities[i * p.labels.length + j]!;
    });
    return out;
  };
  const decidedChampion = decideLabels({ labels, probabilities: over(champion) }, n, input.thresholds);
  const decidedChallenger = decideLabels({ labels, probabilities: over(challenger) }, n, input.thresholds);
  const rows = Array.from({ length: n }, (_, i) => i);
  const a = labelSetMetrics(labels, truth, decidedChampion, rows);
  const b = labelSetMetrics(labels, truth, decidedChallenger, rows);
  const metrics = Object.keys(a).map((metric) => ({ metric, champion: a[metric]!, challenger: b[metric]!, higherIsBetter: metric !== 'hamming_loss' }));

  // Paired bootstrap of the F1 lift: the same resampled rows for both models.
  const rng = new Rng(input.split.seed);
  const draws: number[] = [];
  const sample = new Array<number>(n);
  for (let r = 0; r < (input.resamples ?? 500) && n > 0; r++) {
    for (let i = 0; i < n; i++) sample[i] = rng.int(n);
    draws.push(labelSetMetrics(labels, truth, decidedChallenger, sample)['f1_micro']! - labelSetMetrics(labels, truth, decidedChampion, sample)['f1_micro']!);
  }
  const lift = { value: b['f1_micro']! - a['f1_micro']!, low: percentile(draws, 0.025), high: percentile(draws, 0.975) };
  const championValues = rowValues(labels, truth, decidedChampion, n, input.business);
  const challengerValues = rowValues(labels, truth, decidedChallenger, n, input.business);
  const mean = (v: Float64Array): number => (n === 0 ? Number.NaN : v.reduce((s, x) => s + x, 0) / n);
  const value = championValues === null || challengerValues === null ? null : { champion: mean(championValues), challenger: mean(challengerValues), currency: input.business?.currency ?? null };
  const verdict = lift.low > 0 ? 'challenger-better' : lift.high < 0 ? 'champion-better' : 'no-clear-difference';
  const f = (x: number): string => x.toFixed(3);
  const reason =
    verdict === 'challenger-better'
      ? `At the same per-label thresholds, the challenger's F1 over all label decisions is ${f(b['f1_micro']!)} against ${f(a['f1_micro']!)} for the champion, a lift of ${f(lift.value)} (95% interval ${f(lift.low)} to ${f(lift.high)}) on ${n} held-out rows.`
      : verdict === 'champion-better'
        ? `At the same per-label thresholds, the champion's F1 over all label decisions (${f(a['f1_micro']!)}) is above the challenger's (${f(b['f1_micro']!)}) on ${n} held-out rows; keep the champion.`
        : `At the same per-label thresholds, the two models' F1 over all label decisions (${f(a['f1_micro']!)} for the champion, ${f(b['f1_micro']!)} for the challenger) differ by less than the interval can tell (${f(lift.low)} to ${f(lift.high)}) on ${n} held-out rows.`;
  const measured = labelMetricsWithIntervals(labels, truth, decidedChallenger, rows, challengerValues, input.split.seed, Math.min(200, input.resamples ?? 200));
  return {
    challenger,
    trainFrame,
    testFrame,
    split,
    comparison: { task: 'multilabel', mainMetric: 'f1_micro', rows: n, trainRows: trainFrame.rowCount, labels, metrics, lift, value, advice: { verdict, reason } },
    promise: {
      metrics: measured.metrics,
      value: measured.value === null ? null : { perDecision: measured.value, currency: input.business?.currency ?? '', decisionsPerMonth: input.business?.decisionsPerMonth ?? null },
      positiveRate: null,
      rows: n,
    },
  };
}
