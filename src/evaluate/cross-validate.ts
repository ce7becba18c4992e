// Runs one candidate over the folds: out-of-fold predictions for every tested row, each metric
// per fold with its mean and 95% interval, and the time spent fitting and predicting.

import type { Fold } from '../data/split.js';
import type { Candidate, CandidateKind } from './candidates.js';
import { type Interval, meanInterval } from './interval.js';
import { emptyPredictions, type Predictions, scatterPredictions, takePredictions, takeTruth, type Truth } from './oof.js';
import { withinRange } from './metric-ranges.js';
import { computeMetric } from './task-metrics.js';

export interface CvResult {
  readonly id: string;
  readonly name: string;
  readonly kind: CandidateKind;
  /** Predictions for every row; only rows in `tested` were predicted. */
  readonly oof: Predictions;
  readonly metrics: Readonly<Record<string, Interval>>;
  readonly perFold: readonly Readonly<Record<string, number>>[];
  /** Seconds to learn and predict one fold, on average. */
  readonly fitPredictSeconds: number;
  /** The same split into learning and predicting (models only; null for baselines). */
  readonly fitSeconds: number | null;
  readonly predictSeconds: number | null;
  readonly warnings: readonly string[];
  /** Folds actually run (fewer than asked when `keepGoing` stopped early). */
  readonly foldsRun: number;
  /** The rows those folds tested, ascending: the rows `oof` holds predictions for. */
  readonly tested: Int32Array;
}

/** Asked before each fold after the first, with the slowest fold's seconds so far. */
export type KeepGoing = (foldsDone: number, slowestFoldSeconds: number) => boolean;
/** Told after each fold, for progress. */
export type FoldDone = (foldsDone: number) => void;

/** Rows that some fold tests (all rows for k-fold; later rows only for time-ordered folds). */
export function testedRows(folds: readonly Fold[]): Int32Array {
  const rows = new Int32Array(folds.reduce((s, f) => s + f.test.length, 0));
  let at = 0;
  for (const f of folds) {
    rows.set(f.test, at);
    at += f.test.length;
  }
  return rows.sort();
}

export async function crossValidate(candidate: Candidate, folds: readonly Fold[], truth: Truth, metricIds: readonly string[], rowCount: number, keepGoing?: KeepGoing, onFold?: FoldDone): Promise<CvResult> {
  const k = truth.kind === 'regression' ? 1 : truth.classes.length;
  let oof = emptyPredictions(truth, rowCount);
  const perFold: Record<string, number>[] = [];
  const warnings = new Set<string>();
  let seconds = 0;
  let fitSeconds = 0;
  let predictSeconds = 0;
  let slowest = 0;
  let foldsRun = 0;
  for (const fold of folds) {
    if (foldsRun > 0 && keepGoing && !keepGoing(foldsRun, slowest)) break;
    const start = performance.now();
    const part = await candidate.fitPredict(fold.train, fold.test);
    const took = (performance.now() - start) / 1000;
    seconds += took;
    const timing = candidate.lastTiming?.();
    if (timing) {
      fitSeconds += timing.fit;
      predictSeconds += timing.predict;
    }
    slowest = Math.max(slowest, took);
    foldsRun++;
    oof = scatterPredictions(oof, part, fold.test, k);
    const foldTruth = takeTruth(truth, fold.test);
    const scores: Record<string, number> = {};
    for (const id of metricIds) {
      const result = computeMetric(id, foldTruth, part);
      scores[id] = result.value;
      for (const w of result.warnings) warnings.add(`${id}: ${w}`);
    }
    perFold.push(scores);
    onFold?.(foldsRun);
  }
  const metrics: Record<string, Interval> = {};
  for (const id of metricIds) metrics[id] = withinRange(id, meanInterval(perFold.map((f) => f[id]!)));
  return { id: candidate.id, name: candidate.name, kind: candidate.kind, oof, metrics, perFold, fitPredictSeconds: seconds / foldsRun, fitSeconds: candidate.lastTiming ? fitSeconds / foldsRun : null, predictSeconds: candidate.lastTiming ? predictSeconds / foldsRun : null, warnings: [...warnings], foldsRun, tested: testedRows(folds.slice(0, foldsRun)) };
}

/** A metric over the pooled out-of-fold predictions of the tested rows. */
export function pooledMetric(id: string, truth: Truth, oof: Predictions, rows: Int32Array): number {
  const k = truth.kind === 'regression' ? 1 : truth.classes.length;
  return computeMetric(id, takeTruth(truth, rows), takePredictions(oof, rows, k)).value;
}
