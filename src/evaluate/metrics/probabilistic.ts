// Metrics on predicted probabilities: log loss (cross-entropy) and the Brier score, binary
// (probability of the positive class) and multiclass (row-major rows × classes).

import { type Codes, type MetricResult, checkCodes, checkSameLength, countNonFinite, ok, undefinedMetric } from './result.js';

/** Probabilities are clipped to [EPS, 1 - EPS] before the log, as scikit-learn 1.2 with eps='auto'. */
const EPS = 2 ** -52;

function clip(p: number): number {
  return p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p;
}

function checkProbabilities(metric: string, p: ArrayLike<number>): { bad?: MetricResult; warnings: string[] } {
  const nonFinite = countNonFinite(p);
  if (nonFinite > 0) return { bad: undefinedMetric(`${metric} is undefined: ${nonFinite} probabilit${nonFinite > 1 ? 'ies are' : 'y is'} NaN or infinite`), warnings: [] };
  let outside = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! < 0 || p[i]! > 1) outside++;
  return { warnings: outside > 0 ? [`${outside} probabilit${outside > 1 ? 'ies lie' : 'y lies'} outside [0, 1]`] : [] };
}

/** Mean negative log-likelihood of the true class; `p` is the probability of class `positive` (default 1). */
export function logLossBinary(yTrue: Codes, p: ArrayLike<number>, positive = 1): MetricResult {
  checkSameLength('logLossBinary', yTrue, p);
  const n = yTrue.length;
  if (n === 0) return undefinedMetric('log loss is undefined on zero rows');
  const { bad, warnings } = checkProbabilities('log loss', p);
  if (bad) return bad;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const q = clip(p[i]!);
    const other = 1 - q;
    // Renormalise the two-column row exactly as scikit-learn does, so the numbers agree to the ulp.
    const s = q + other;
    total -= Math.log((yTrue[i] === positive ? q : other) / s);
  }
  return ok(total / n, warnings);
}

/** Mean negative log-likelihood of the true class; rows are clipped then renormalised to sum to 1. */
export function logLoss(yTrue: Codes, probabilities: ArrayLike<number>, classes: number): MetricResult {
  checkSameLength('logLoss', yTrue, probabilities, classes);
  const n = yTrue.length;
  if (n === 0) return undefinedMetric('log loss is undefined on zero rows');
  const seen = checkCodes('logLoss', yTrue);
  if (seen > classes) return undefinedMetric(`log loss is undefined: class code ${seen - 1} has no probability column (${classes} columns)`);
  const { bad, warnings } = checkProbabilities('log loss', probabilities);
  if (bad) return bad;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < classes; c++) s += clip(probabilities[i * classes + c]!);
    total -= Math.log(clip(probabilities[i * classes + yTrue[i]!]!) / s);
  }
  return ok(total / n, warnings);
}

/** Mean squared difference between the probability of class `positive` and the 0/1 outcome. */
export function brierBinary(yTrue: Codes, p: ArrayLike<number>, positive = 1): MetricResult {
  checkSameLength('brierBinary', yTrue, p);
  const n = yTrue.length;
  if (n === 0) return undefinedMetric('Brier score is undefined on zero rows');
  const { bad, warnings } = checkProbabilities('Brier score', p);
  if (bad) return bad;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = (yTrue[i] === positive ? 1 : 0) - p[i]!;
    total += d * d;
  }
  return ok(total / n, warnings);
}

/**
 * Multiclass Brier score: the mean over rows of the squared distance between the probability row
 * and the one-hot truth (Brier's 1950 definition, in [0, 2]; scikit-learn 1.2 has binary only,
 * later releases adopt this one). With two classes it is twice the binary score.
 */
export function brier(yTrue: Codes, probabilities: ArrayLike<number>, classes: number): MetricResult {
  checkSameLength('brier', yTrue, probabilities, classes);
  const n = yTrue.length;
  if (n === 0) return undefinedMetric('Brier score is undefined on zero rows');
  const seen = checkCodes('brier', yTrue);
  if (seen > classes) return undefinedMetric(`Brier score is undefined: class code ${seen - 1} has no probability column (${classes} columns)`);
  const { bad, warnings } = checkProbabilities('Brier score', probabilities);
  if (bad) return bad;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = yTrue[i]!;
    for (let c = 0; c < classes; c++) {
      const d = probabilities[i * classes + c]! - (c === y ? 1 : 0);
      total += d * d;
    }
  }
  return ok(total / n, warnings);
}
