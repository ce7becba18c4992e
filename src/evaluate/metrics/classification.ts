// Metrics on predicted labels: confusion matrix, accuracy, balanced accuracy, and precision,
// recall and F1 for one positive class or averaged (micro, macro, weighted) over classes.

import { type Codes, type MetricResult, checkCodes, checkSameLength, ok, undefinedMetric } from './result.js';

export interface ConfusionMatrix {
  readonly classes: number;
  /** Row-major classes × classes: row = true class, column = predicted class. */
  readonly counts: Int32Array;
}

/** Counts of (true, predicted) pairs; `classes` defaults to one more than the largest code seen. */
export function confusionMatrix(yTrue: Codes, yPred: Codes, classes?: number): ConfusionMatrix {
  checkSameLength('confusionMatrix', yTrue, yPred);
  const k = Math.max(classes ?? 0, checkCodes('confusionMatrix', yTrue), checkCodes('confusionMatrix', yPred));
  const counts = new Int32Array(k * k);
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]! * k + yPred[i]!]!++;
  return { classes: k, counts };
}

export function accuracy(yTrue: Codes, yPred: Codes): MetricResult {
  checkSameLength('accuracy', yTrue, yPred);
  const n = yTrue.length;
  if (n === 0) return undefinedMetric('accuracy is undefined on zero rows');
  let hits = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hits++;
  return ok(hits / n);
}

/** Mean recall over the classes present in `yTrue` (scikit-learn's balanced_accuracy_score). */
export function balancedAccuracy(yTrue: Codes, yPred: Codes): MetricResult {
  const { classes: k, counts } = confusionMatrix(yTrue, yPred);
  if (yTrue.length === 0) return undefinedMetric('balanced accuracy is undefined on zero rows');
  const warnings: string[] = [];
  let sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    let support = 0;
    for (let p = 0; p < k; p++) support += counts[c * k + p]!;
    if (support === 0) {
      let predicted = 0;
      for (let t = 0; t < k; t++) predicted += counts[t * k + c]!;
      if (predicted > 0) warnings.push(`class ${c} is predicted but never true; it is left out of the mean recall`);
      continue;
    }
    sum += counts[c * k + c]! / support;
    present++;
  }
  return ok(sum / present, warnings);
}

export type Average = 'micro' | 'macro' | 'weighted';

export type PrfOptions =
  | {
      readonly average: 'binary';
      /** The code of the positive class (default 1). */
      readonly positive?: number;
      /** Value of a ratio whose denominator is zero (default NaN, with a warning). */
      readonly zeroDivision?: number;
    }
  | {
      readonly average: Average;
      /**
       * Value of a per-class ratio whose denominator is zero (default NaN, with a warning). NaN
       * classes are left out of macro and weighted averages; pass 0 to get scikit-learn 1.2's
       * default (zero_division='warn', which counts them as 0).
       */
      readonly zeroDivision?: number;
    };

export interface PerClassScores {
  /** The class codes scored: those present in yTrue or yPred, ascending (as scikit-learn). */
  readonly classes: Int32Array;
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly f1: Float64Array;
  /** Number of true rows of each class. */
  readonly support: Int32Array;
  readonly warnings: readonly string[];
}

interface Tallies {
  readonly classes: Int32Array;
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly fn: Float64Array;
}

function tallies(yTrue: Codes, yPred: Codes): Tallies {
  const { classes: k, counts } = confusionMatrix(yTrue, yPred);
  const seen: number[] = [];
  for (let c = 0; c < k; c++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += counts[c * k + j]!;
      col += counts[j * k + c]!;
    }
    if (row + col > 0) seen.push(c);
  }
  const m = seen.length;
  const tp = new Float64Array(m);
  const fp = new Float64Array(m);
  const fn = new Float64Array(m);
  seen.forEach((c, i) => {
    tp[i] = counts[c * k + c]!;
    for (let j = 0; j < k; j++) {
      if (j === c) continue;
      fp[i] += counts[j * k + c]!;
      fn[i] += counts[c * k + j]!;
    }
  });
  return { classes: Int32Array.from(seen), tp, fp, fn };
}

function ratio(num: number, den: number, zeroDivision: number, what: () => string, warnings: string[]): number {
  if (den > 0) return num / den;
  warnings.push(`${what()}; it is set to ${zeroDivision}`);
  return zeroDivision;
}

/** Precision, recall and F1 of every class seen in yTrue or yPred, treating it as the positive one. */
export function perClassScores(yTrue: Codes, yPred: Codes, zeroDivision = Number.NaN): PerClassScores {
  const { classes, tp, fp, fn } = tallies(yTrue, yPred);
  const m = classes.length;
  const warnings: string[] = [];
  const precision = new Float64Array(m);
  const recall = new Float64Array(m);
  const f1 = new Float64Array(m);
  const support = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const c = classes[i]!;
    precision[i] = ratio(tp[i]!, tp[i]! + fp[i]!, zeroDivision, () => `precision of class ${c} is undefined (no row predicted as it)`, warnings);
    recall[i] = ratio(tp[i]!, tp[i]! + fn[i]!, zeroDivision, () => `recall of class ${c} is undefined (no true row of it)`, warnings);
    // 2tp / (2tp + fp + fn) equals 2PR / (P + R) wherever both are defined, and stays defined
    // (as 0) when only one of them is, as scikit-learn reports it.
    f1[i] = ratio(2 * tp[i]!, 2 * tp[i]! + fp[i]! + fn[i]!, zeroDivision, () => `F1 of class ${c} is undefined`, warnings);
    support[i] = tp[i]! + fn[i]!;
  }
  return { classes, precision, recall, f1, support, warnings };
}

export interface PrfResult {
  readonly precision: MetricResult;
  readonly recall: MetricResult;
  readonly f1: MetricResult;
}

/** Precision, recall and F1 for a positive class or averaged over classes (scikit-learn's definitions). */
export function precisionRecallF1(yTrue: Codes, yPred: Codes, options: PrfOptions = { average: 'binary' }): PrfResult {
  checkSameLength('precisionRecallF1', yTrue, yPred);
  const zd = options.zeroDivision ?? Number.NaN;
  if (yTrue.length === 0) {
    const none = undefinedMetric('undefined on zero rows');
    return { precision: none, recall: none, f1: none };
  }
  if (options.average === 'binary') {
    const positive = options.positive ?? 1;
    checkCodes('precisionRecallF1', yTrue);
    checkCodes('precisionRecallF1', yPred);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < yTrue.length; i++) {
      const t = yTrue[i] === positive;
      const p = yPred[i] === positive;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    return {
      precision: single(tp, tp + fp, zd, `precision is undefined: no row is predicted as class ${positive}`),
      recall: single(tp, tp + fn, zd, `recall is undefined: no row is truly class ${positive}`),
      f1: single(2 * tp, 2 * tp + fp + fn, zd, `F1 is undefined: class ${positive} is neither true nor predicted on any row`),
    };
  }
  if (options.average === 'micro') {
    const { tp, fp, fn } = tallies(yTrue, yPred);
    const [TP, FP, FN] = [sum(tp), sum(fp), sum(fn)];
    return {
      precision: single(TP, TP + FP, zd, 'micro precision is undefined'),
      recall: single(TP, TP + FN, zd, 'micro recall is undefined'),
      f1: single(2 * TP, 2 * TP + FP + FN, zd, 'micro F1 is undefined'),
    };
  }
  const scores = perClassScores(yTrue, yPred, zd);
  const weights = options.average === 'weighted' ? Float64Array.from(scores.support) : new Float64Array(scores.classes.length).fill(1);
  const avg = (values: Float64Array, name: string): MetricResult => averageOver(values, weights, scores.classes, `${options.average} ${name}`, scores.warnings);
  return { precision: avg(scores.precision, 'precision'), recall: avg(scores.recall, 'recall'), f1: avg(scores.f1, 'F1') };
}

/** Weighted mean that leaves out NaN entries (undefined per-class values), saying which. */
export function averageOver(values: Float64Array, weights: Float64Array, classes: ArrayLike<number>, name: string, warnings: readonly string[]): MetricResult {
  let num = 0;
  let den = 0;
  const skipped: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) {
      skipped.push(classes[i]!);
      continue;
    }
    num += v * weights[i]!;
    den += weights[i]!;
  }
  const all = [...warnings];
  if (skipped.length > 0) all.push(`${name} leaves out class${skipped.length > 1 ? 'es' : ''} ${skipped.join(', ')} where it is undefined`);
  if (den === 0) return undefinedMetric(`${name} is undefined: no class has a defined value and positive weight`, all);
  return ok(num / den, all);
}

function single(num: number, den: number, zeroDivision: number, what: string): MetricResult {
  const warnings: string[] = [];
  return ok(ratio(num, den, zeroDivision, () => what, warnings), warnings);
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

export function precision(yTrue: Codes, yPred: Codes, options?: PrfOptions): MetricResult {
  return precisionRecallF1(yTrue, yPred, options).precision;
}

export function recall(yTrue: Codes, yPred: Codes, options?: PrfOptions): MetricResult {
  return precisionRecallF1(yTrue, yPred, options).recall;
}

export function f1(yTrue: Codes, yPred: Codes, options?: PrfOptions): MetricResult {
  return precisionRecallF1(yTrue, yPred, options).f1;
}
