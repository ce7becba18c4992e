// Held-out anomaly scores with known anomalies: the isolation forest grown on each training fold
// alone, a one-feature rule chosen with the training folds' labels alone, and what each is worth
// on the held-out rows at the threshold that flags a given share of the training rows.

import type { Frame } from '../data/frame.js';
import { type Fold, stratifiedKFold } from '../data/split.js';
import type { BusinessSpec } from '../frame/card.js';
import { IsolationForest } from '../learn/iforest/iforest.js';
import { distanceFrom, flagsAt, medianOf, thresholdForShare } from './anomaly-flags.js';
import { type Interval, meanInterval } from './interval.js';
import { averagePrecision, rocAuc } from './metrics/index.js';

/** One fold's scores: on the rows it learned from (to set the threshold) and on the held-out rows. */
export interface FoldRun {
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly trainScores: Float64Array;
  readonly testScores: Float64Array;
}

/** The stratified folds every anomaly stage scores on: at most as many as there are known anomalies. */
export function anomalyFolds(known: Int32Array, folds: number, seed: number): Fold[] {
  const positives = known.reduce((s, v) => s + v, 0);
  return stratifiedKFold(known, Math.max(2, Math.min(folds, positives)), seed);
}

/** The isolation forest grown on each training fold (it never sees the labels), scoring both sides. */
export async function modelFoldRuns(frame: Frame, folds: readonly Fold[], seed: number): Promise<FoldRun[]> {
  const runs: FoldRun[] = [];
  for (const fold of folds) {
    const forest = await new IsolationForest({ seed }).fit(frame.take(fold.train), undefined);
    runs.push({ train: fold.train, test: fold.test, trainScores: forest.score(frame.take(fold.train)), testScores: forest.score(frame.take(fold.test)) });
  }
  return runs;
}

/** On each fold, the numeric feature whose distance from its training median best ranks the training fold's known anomalies. */
export function ruleFoldRuns(frame: Frame, features: readonly string[], known: Int32Array, folds: readonly Fold[]): { runs: FoldRun[]; chosen: string[] } {
  const numeric = features.filter((f) => frame.column(f).kind === 'numeric');
  const runs: FoldRun[] = [];
  const chosen: string[] = [];
  for (const fold of folds) {
    const yTrain = Int32Array.from(fold.train, (i) => known[i]!);
    let best: { feature: string; auc: number; trainScores: Float64Array; median: number } | null = null;
    for (const feature of numeric) {
      const values = (frame.column(feature) as { values: Float64Array }).values;
      const median = medianOf(values, fold.train);
      const trainScores = distanceFrom(Float64Array.from(fold.train, (i) => values[i]!), median);
      const auc = rocAuc(yTrain, trainScores).value;
      if (Number.isFinite(auc) && (best === null || auc > best.auc)) best = { feature, auc, trainScores, median };
    }
    if (best === null) continue;
    const values = (frame.column(best.feature) as { values: Float64Array }).values;
    chosen.push(best.feature);
    runs.push({ train: fold.train, test: fold.test, trainScores: best.trainScores, testScores: distanceFrom(Float64Array.from(fold.test, (i) => values[i]!), best.median) });
  }
  return { runs, chosen };
}

/** The four outcomes of flagging, counted on one fold's held-out rows at its training share's threshold. */
function counts(run: FoldRun, known: Int32Array, share: number): { tp: number; fp: number; fn: number; tn: number } {
  const flags = flagsAt(run.testScores, thresholdForShare(run.trainScores, share));
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let j = 0; j < run.test.length; j++) {
    const anomaly = known[run.test[j]!] === 1;
    if (flags[j] === 1) anomaly ? c.tp++ : c.fp++;
    else anomaly ? c.fn++ : c.tn++;
  }
  return c;
}

/** Held-out ROC AUC, average precision, and precision, recall and share flagged at the share: mean over folds, intervals clipped to [0, 1]. */
export function heldOutMetrics(runs: readonly FoldRun[], known: Int32Array, share: number): Record<string, Interval> {
  const per: Record<string, number[]> = { roc_auc: [], average_precision: [], precision: [], recall: [], flagged_share: [] };
  for (const run of runs) {
    const y = Int32Array.from(run.test, (i) => known[i]!);
    const c = counts(run, known, share);
    per['roc_auc']!.push(rocAuc(y, run.testScores).value);
    per['average_precision']!.push(averagePrecision(y, run.testScores).value);
    per['precision']!.push(c.tp + c.fp === 0 ? Number.NaN : c.tp / (c.tp + c.fp));
    per['recall']!.push(c.tp + c.fn === 0 ? Number.NaN : c.tp / (c.tp + c.fn));
    per['flagged_share']!.push((c.tp + c.fp) / Math.max(1, run.test.length));
  }
  return Object.fromEntries(Object.entries(per).map(([k, xs]) => [k, clip01(meanInterval(xs))]));
}

/** Value per decision on held-out rows at the share, from the card's outcomes (a flag is the positive decision); null without outcomes. */
export function heldOutValue(runs: readonly FoldRun[], known: Int32Array, share: number, business: BusinessSpec | undefined): Interval | null {
  const o = business?.outcomes;
  if (o === undefined) return null;
  const values = runs.map((run) => {
    const c = counts(run, known, share);
    const total = c.tp * (o.truePositive ?? 0) + c.fp * (o.falsePositive ?? 0) + c.fn * (o.falseNegative ?? 0) + c.tn * (o.trueNegative ?? 0);
    return total / Math.max(1, run.test.length);
  });
  return meanInterval(values);
}

/** The share to flag with the most held-out value per decision, among shares from 0.5% to 50%. */
export function valueBestShare(runs: readonly FoldRun[], known: Int32Array, business: BusinessSpec | undefined): number | null {
  if (business?.outcomes === undefined) return null;
  let best: { share: number; value: number } | null = null;
  for (let step = 1; step <= 100; step++) {
    const share = step * 0.005;
    const v = heldOutValue(runs, known, share, business)!.mean;
    if (best === null || v > best.value + 1e-12) best = { share, value: v };
  }
  return best!.share;
}

export function clip01(i: Interval): Interval {
  return { mean: i.mean, low: Number.isFinite(i.low) ? Math.max(0, i.low) : i.low, high: Number.isFinite(i.high) ? Math.min(1, i.high) : i.high };
}
