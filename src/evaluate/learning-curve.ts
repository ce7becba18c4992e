// The learning curve: the chosen model trained on 10%, 25%, 50% and 100% of each fold's
// training rows, scored on the same test rows. A score still climbing at 100% says more data
// is likely to help.

import type { Budget } from '../core/budget.js';
import { Rng } from '../core/rng.js';
import type { Fold } from '../data/split.js';
import type { Candidate } from './candidates.js';
import { keepEveryClass } from './class-keeping-sample.js';
import { crossValidate, type CvResult } from './cross-validate.js';
import type { Truth } from './oof.js';
import { metricInfo } from './task-metrics.js';

export const CURVE_SHARES = [0.1, 0.25, 0.5, 1] as const;

export interface LearningCurvePoint {
  readonly share: number;
  readonly trainingRows: number;
  readonly score: number;
}

export interface LearningCurveRun {
  readonly curve: LearningCurve;
  /** The cross-validation behind each share below 100%, keyed by share: their predictions value a retraining round. */
  readonly runs: ReadonlyMap<number, CvResult>;
}

export interface LearningCurve {
  readonly metric: string;
  readonly points: readonly LearningCurvePoint[];
  /** Folds used (fewer than the assessment's when the budget was short). */
  readonly folds: number;
  readonly moreDataLikelyHelps: boolean | null;
  readonly reason: string;
}

export async function learningCurve(candidate: Candidate, folds: readonly Fold[], truth: Truth, metric: string, rowCount: number, minimumLift: number, fullPerFold: readonly number[], budget: Budget, fullFoldSeconds: number, seed: number): Promise<LearningCurveRun> {
  const runs = new Map<number, CvResult>();
  // Each fold's three smaller fits cost about 0.85 of a full one; use as many folds as fit.
  const perFold = fullFoldSeconds * 0.85;
  const usable = Math.max(0, Math.min(folds.length, Math.floor(budget.remainingSeconds / Math.max(perFold, 1e-3))));
  if (usable === 0) return { curve: { metric, points: [], folds: 0, moreDataLikelyHelps: null, reason: 'the time budget ran out before the learning curve could be measured' }, runs };
  const used = folds.slice(0, usable);
  const fullScore = fullPerFold.slice(0, usable).reduce((s, v) => s + v, 0) / usable;
  const rng = new Rng(seed);
  const points: LearningCurvePoint[] = [];
  for (const share of CURVE_SHARES) {
    if (share === 1) {
      points.push({ share, trainingRows: Math.round(used.reduce((s, f) => s + f.train.length, 0) / used.length), score: fullScore });
      continue;
    }
    const subFolds: Fold[] = used.map((f) => {
      const shuffled = rng.shuffleInPlace(f.train.slice());
      return { fold: f.fold, test: f.test, train: keepEveryClass(shuffled, Math.max(2, Math.round(f.train.length * share)), truth).sort() };
    });
    const result = await crossValidate(candidate, subFolds, truth, [metric], rowCount);
    runs.set(share, result);
    points.push({ share, trainingRows: Math.round(subFolds.reduce((s, f) => s + f.train.length, 0) / subFolds.length), score: result.metrics[metric]!.mean });
  }
  const half = points.find((p) => p.share === 0.5)!.score;
  const full = fullScore;
  const gain = full - half;
  const bar = Math.max(0.25 * minimumLift, 0.005);
  const helps = Number.isFinite(gain) ? gain >= bar : null;
  const curve: LearningCurve = {
    metric,
    points,
    folds: used.length,
    moreDataLikelyHelps: helps,
    reason:
      helps === null
        ? 'the scores were undefined'
        : helps
          ? `doubling the training rows from half to all raised ${metricInfo(metric).label} by ${gain.toFixed(3)}, so the curve is still climbing`
          : `going from half to all of the training rows changed ${metricInfo(metric).label} by only ${gain.toFixed(3)}: the curve has flattened`,
  };
  return { curve, runs };
}
