// 95% intervals: Student's t over fold scores, and percentiles of bootstrap resamples.

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** Mean with a t-interval; NaN values are left out (a metric undefined on a fold). */
export function meanInterval(values: readonly number[]): Interval {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN };
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  if (xs.length === 1) return { mean, low: Number.NaN, high: Number.NaN };
  const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1));
  const t = T975[Math.min(xs.length - 1, T975.length) - 1]!;
  const half = (t * sd) / Math.sqrt(xs.length);
  return { mean, low: mean - half, high: mean + half };
}

/** The q-quantile of values, linear between order statistics. */
export function percentile(values: readonly number[], q: number): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}
