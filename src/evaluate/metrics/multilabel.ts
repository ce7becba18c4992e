// Metrics for multi-label predictions held as row-major rows × labels 0/1 indicator arrays:
// per-label precision, recall and F1 (and their micro/macro averages), Hamming loss, subset accuracy.

import { FramewiseError } from '../../core/errors.js';
import { averageOver } from './classification.js';
import { type MetricResult, checkSameLength, ok, undefinedMetric } from './result.js';

export interface MultilabelScores {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly f1: Float64Array;
  /** True rows carrying each label. */
  readonly support: Int32Array;
  readonly micro: { readonly precision: MetricResult; readonly recall: MetricResult; readonly f1: MetricResult };
  readonly macro: { readonly precision: MetricResult; readonly recall: MetricResult; readonly f1: MetricResult };
  readonly warnings: readonly string[];
}

function checkShape(metric: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: number): number {
  checkSameLength(metric, yTrue, yPred);
  if (!(labels >= 1) || !Number.isInteger(labels) || yTrue.length % labels !== 0) {
    throw new FramewiseError('INVALID_ARGUMENT', `${metric}: ${yTrue.length} indicator cells do not make rows of ${labels} labels.`, {
      hint: 'Pass row-major rows × labels 0/1 arrays and the number of labels.',
    });
  }
  return yTrue.length / labels;
}

/**
 * Each label scored as its own binary problem. An undefined per-label ratio is `zeroDivision`
 * (default NaN, left out of the macro mean); pass 0 for scikit-learn 1.2's default.
 */
export function multilabelScores(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: number, zeroDivision = Number.NaN): MultilabelScores {
  const n = checkShape('multilabelScores', yTrue, yPred, labels);
  const tp = new Float64Array(labels);
  const fp = new Float64Array(labels);
  const fn = new Float64Array(labels);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < labels; l++) {
      const t = yTrue[i * labels + l]! > 0;
      const p = yPred[i * labels + l]! > 0;
      if (t && p) tp[l]++;
      else if (p) fp[l]++;
      else if (t) fn[l]++;
    }
  }
  const warnings: string[] = [];
  const div = (a: number, b: number, what: string): number => {
    if (b > 0) return a / b;
    warnings.push(`${what}; it is set to ${zeroDivision}`);
    return zeroDivision;
  };
  const precision = new Float64Array(labels);
  const recall = new Float64Array(labels);
  const f1 = new Float64Array(labels);
  const support = new Int32Array(labels);
  let TP = 0;
  let FP = 0;
  let FN = 0;
  for (let l = 0; l < labels; l++) {
    precision[l] = div(tp[l]!, tp[l]! + fp[l]!, `precision of label ${l} is undefined (never predicted)`);
    recall[l] = div(tp[l]!, tp[l]! + fn[l]!, `recall of label ${l} is undefined (never true)`);
    f1[l] = div(2 * tp[l]!, 2 * tp[l]! + fp[l]! + fn[l]!, `F1 of label ${l} is undefined`);
    support[l] = tp[l]! + fn[l]!;
    TP += tp[l]!;
    FP += fp[l]!;
    FN += fn[l]!;
  }
  const micro = (a: number, b: number, what: string): MetricResult => (b > 0 ? ok(a / b) : undefinedMetric(`micro ${what} is undefined`));
  const ones = new Float64Array(labels).fill(1);
  const ids = Int32Array.from({ length: labels }, (_, l) => l);
  return {
    precision,
    recall,
    f1,
    support,
    micro: { precision: micro(TP, TP + FP, 'precision'), recall: micro(TP, TP + FN, 'recall'), f1: micro(2 * TP, 2 * TP + FP + FN, 'F1') },
    macro: {
      precision: averageOver(precision, ones, ids, 'macro precision', []),
      recall: averageOver(recall, ones, ids, 'macro recall', []),
      f1: averageOver(f1, ones, ids, 'macro F1', []),
    },
    warnings,
  };
}

/** Share of (row, label) cells predicted wrongly. */
export function hammingLoss(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: number): MetricResult {
  const n = checkShape('hammingLoss', yTrue, yPred, labels);
  if (n === 0) return undefinedMetric('Hamming loss is undefined on zero rows');
  let wrong = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i]! > 0 !== yPred[i]! > 0) wrong++;
  return ok(wrong / yTrue.length);
}

/** Share of rows whose whole predicted label set is exactly right. */
export function subsetAccuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: number): MetricResult {
  const n = checkShape('subsetAccuracy', yTrue, yPred, labels);
  if (n === 0) return undefinedMetric('subset accuracy is undefined on zero rows');
  let exact = 0;
  for (let i = 0; i < n; i++) {
    let same = true;
    for (let l = 0; l < labels && same; l++) same = yTrue[i * labels + l]! > 0 === yPred[i * labels + l]! > 0;
    if (same) exact++;
  }
  return ok(exact / n);
}
