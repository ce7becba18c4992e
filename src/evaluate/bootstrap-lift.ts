// The lift of one candidate over another on the same rows, with a paired bootstrap interval:
// resample rows with replacement, score both on each resample, and take the spread of the
// difference as its standard error; the interval is the normal one at the chosen level, which
// can be raised above 95% to allow for the many candidates a leaderboard compares. (Percentiles
// that far out would need many more resamples to be stable.)

import { Rng } from '../core/rng.js';
import { normalQuantile } from './interval.js';
import { type Predictions, takePredictions, takeTruth, type Truth } from './oof.js';
import { computeMetric, metricInfo } from './task-metrics.js';

export interface Lift {
  readonly metric: string;
  /** Positive means `better` beats `than`, in the metric's units (sign flipped for lower-is-better metrics). */
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly resamples: number;
  /** Confidence of [low, high]: 0.95, or higher when adjusted for several comparisons. */
  readonly level: number;
  /** Rows the resamples were drawn from (a seeded subsample when the data is large). */
  readonly rows: number;
}

export interface LiftOptions {
  readonly resamples?: number;
  readonly maxRows?: number;
  readonly seed?: number;
  /** Confidence level of the interval (default 0.95). */
  readonly level?: number;
}

export function bootstrapLift(metric: string, truth: Truth, better: Predictions, than: Predictions, rows: Int32Array, options: LiftOptions = {}): Lift {
  const resamples = options.resamples ?? (rows.length <= 5000 ? 1000 : 200);
  const level = options.level ?? 0.95;
  const maxRows = options.maxRows ?? 10_000;
  const rng = new Rng(options.seed ?? 7);
  const k = truth.kind === 'regression' ? 1 : truth.classes.length;
  const sign = metricInfo(metric).higherIsBetter ? 1 : -1;
  let pool = rows;
  if (rows.length > maxRows) {
    const shuffled = rng.shuffleInPlace(rows.slice());
    pool = shuffled.subarray(0, maxRows).sort();
  }
  const score = (p: Predictions, sample: ArrayLike<number>): number => computeMetric(metric, takeTruth(truth, sample), takePredictions(p, sample, k)).value;
  const value = sign * (score(better, pool) - score(than, pool));
  const diffs: number[] = [];
  const sample = new Int32Array(pool.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < pool.length; i++) sample[i] = pool[rng.int(pool.length)]!;
    diffs.push(sign * (score(better, sample) - score(than, sample)));
  }
  const finite = diffs.filter((d) => Number.isFinite(d));
  const mean = finite.reduce((a, d) => a + d, 0) / finite.length;
  const se = Math.sqrt(finite.reduce((a, d) => a + (d - mean) ** 2, 0) / Math.max(1, finite.length - 1));
  const z = normalQuantile(1 - (1 - level) / 2);
  return { metric, value, low: value - z * se, high: value + z * se, resamples, level, rows: pool.length };
}
