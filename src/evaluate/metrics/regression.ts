// Metrics on numeric predictions: root mean squared error, mean absolute error and R².

import { type MetricResult, checkSameLength, countNonFinite, ok, undefinedMetric } from './result.js';

function guard(metric: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): MetricResult | undefined {
  checkSameLength(metric, yTrue, yPred);
  if (yTrue.length === 0) return undefinedMetric(`${metric} is undefined on zero rows`);
  const bad = countNonFinite(yTrue) + countNonFinite(yPred);
  return bad > 0 ? undefinedMetric(`${metric} is undefined: ${bad} value${bad > 1 ? 's are' : ' is'} NaN or infinite`) : undefined;
}

export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): MetricResult {
  const bad = guard('RMSE', yTrue, yPred);
  if (bad) return bad;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const d = yTrue[i]! - yPred[i]!;
    total += d * d;
  }
  return ok(Math.sqrt(total / yTrue.length));
}

export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): MetricResult {
  const bad = guard('MAE', yTrue, yPred);
  if (bad) return bad;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) total += Math.abs(yTrue[i]! - yPred[i]!);
  return ok(total / yTrue.length);
}

/**
 * Coefficient of determination, 1 - SS_res / SS_tot. When the truth is constant (SS_tot = 0) it
 * is undefined: NaN with a warning (scikit-learn's force_finite would report 0 or 1 instead).
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): MetricResult {
  const bad = guard('R²', yTrue, yPred);
  if (bad) return bad;
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const r = yTrue[i]! - yPred[i]!;
    const t = yTrue[i]! - mean;
    ssRes += r * r;
    ssTot += t * t;
  }
  if (ssTot === 0) return undefinedMetric('R² is undefined: the true values are all equal');
  return ok(1 - ssRes / ssTot);
}
