// Metrics on scores rather than labels: ROC AUC (binary, and one-vs-rest for several classes)
// and PR AUC as average precision, both with tied scores grouped as scikit-learn does.

import { averageOver } from './classification.js';
import { type Codes, type MetricResult, checkCodes, checkSameLength, countNonFinite, ok, undefinedMetric } from './result.js';

/** Cumulative true and false positives at each distinct score, from the highest score down. */
interface Curve {
  readonly tps: Float64Array;
  readonly fps: Float64Array;
  readonly points: number;
  readonly positives: number;
  readonly negatives: number;
}

/**
 * Positive and negative scores are sorted apart (a native numeric sort, far faster than sorting
 * row indices with a comparator) and merged from the top; rows tied on a score close one point
 * together, so ties move the curve diagonally as in scikit-learn.
 */
function binaryCurve(isPositive: (i: number) => boolean, scores: ArrayLike<number>, n: number, stride = 1, offset = 0): Curve {
  let positives = 0;
  for (let i = 0; i < n; i++) if (isPositive(i)) positives++;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(n - positives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i * stride + offset]!;
    if (isPositive(i)) pos[p++] = s;
    else neg[q++] = s;
  }
  pos.sort();
  neg.sort();
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let points = 0;
  let ip = pos.length - 1;
  let ineg = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (ip >= 0 || ineg >= 0) {
    const top = ip < 0 ? neg[ineg]! : ineg < 0 ? pos[ip]! : Math.max(pos[ip]!, neg[ineg]!);
    while (ip >= 0 && pos[ip] === top) {
      tp++;
      ip--;
    }
    while (ineg >= 0 && neg[ineg] === top) {
      fp++;
      ineg--;
    }
    tps[points] = tp;
    fps[points] = fp;
    points++;
  }
  return { tps, fps, points, positives: tp, negatives: fp };
}

function checkScores(metric: string, scores: ArrayLike<number>): MetricResult | undefined {
  const bad = countNonFinite(scores);
  return bad > 0 ? undefinedMetric(`${metric} is undefined: ${bad} score${bad > 1 ? 's are' : ' is'} NaN or infinite`) : undefined;
}

function rocArea(curve: Curve): MetricResult {
  if (curve.positives === 0 || curve.negatives === 0) {
    return undefinedMetric(`ROC AUC is undefined: there ${curve.positives === 0 ? 'is no positive' : 'is no negative'} row`);
  }
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let p = 0; p < curve.points; p++) {
    const tp = curve.tps[p]!;
    const fp = curve.fps[p]!;
    area += (fp - prevFp) * (tp + prevTp);
    prevTp = tp;
    prevFp = fp;
  }
  return ok(area / (2 * curve.positives * curve.negatives));
}

function averagePrecisionOf(curve: Curve): MetricResult {
  if (curve.positives === 0) return undefinedMetric('average precision is undefined: there is no positive row');
  let ap = 0;
  let prevTp = 0;
  for (let p = 0; p < curve.points; p++) {
    const tp = curve.tps[p]!;
    if (tp !== prevTp) ap += ((tp - prevTp) / curve.positives) * (tp / (tp + curve.fps[p]!));
    prevTp = tp;
  }
  return ok(ap);
}

/** Area under the ROC curve of `scores` (higher = more positive) for the class `positive` (default 1). */
export function rocAuc(yTrue: Codes, scores: ArrayLike<number>, positive = 1): MetricResult {
  checkSameLength('rocAuc', yTrue, scores);
  return checkScores('ROC AUC', scores) ?? rocArea(binaryCurve((i) => yTrue[i] === positive, scores, yTrue.length));
}

/** Average precision (scikit-learn's average_precision_score): the step-wise area under the PR curve. */
export function averagePrecision(yTrue: Codes, scores: ArrayLike<number>, positive = 1): MetricResult {
  checkSameLength('averagePrecision', yTrue, scores);
  return checkScores('average precision', scores) ?? averagePrecisionOf(binaryCurve((i) => yTrue[i] === positive, scores, yTrue.length));
}

export interface OvrOptions {
  /** 'macro': plain mean over classes; 'weighted': weighted by each class's number of true rows. */
  readonly average?: 'macro' | 'weighted';
}

function oneVsRest(metric: string, per: (curve: Curve) => MetricResult, yTrue: Codes, probabilities: ArrayLike<number>, classes: number, options: OvrOptions): MetricResult {
  checkSameLength(metric, yTrue, probabilities, classes);
  const invalid = checkScores(metric, probabilities);
  if (invalid) return invalid;
  const seen = checkCodes(metric, yTrue);
  const warnings: string[] = [];
  if (seen > classes) return undefinedMetric(`${metric} is undefined: class code ${seen - 1} has no probability column (${classes} columns)`);
  const n = yTrue.length;
  if (metric === 'ROC AUC') {
    let offRows = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < classes; c++) s += probabilities[i * classes + c]!;
      if (Math.abs(s - 1) > 1e-8) offRows++;
    }
    if (offRows > 0) warnings.push(`${offRows} probability row${offRows > 1 ? 's do' : ' does'} not sum to 1`);
  }
  const values = new Float64Array(classes);
  const weights = new Float64Array(classes);
  const codes = new Int32Array(classes);
  for (let c = 0; c < classes; c++) {
    const curve = binaryCurve((i) => yTrue[i] === c, probabilities, n, classes, c);
    const r = per(curve);
    values[c] = r.value;
    weights[c] = options.average === 'weighted' ? curve.positives : 1;
    codes[c] = c;
  }
  return averageOver(values, weights, codes, `one-vs-rest ${options.average ?? 'macro'} ${metric}`, warnings);
}

/**
 * One-vs-rest ROC AUC over classes, as scikit-learn's roc_auc_score(multi_class='ovr').
 * `probabilities` is row-major rows × classes. A class with no true row is left out with a warning.
 */
export function rocAucOvr(yTrue: Codes, probabilities: ArrayLike<number>, classes: number, options: OvrOptions = {}): MetricResult {
  return oneVsRest('ROC AUC', rocArea, yTrue, probabilities, classes, options);
}

/** One-vs-rest average precision (scikit-learn's average_precision_score on binarised labels). */
export function averagePrecisionOvr(yTrue: Codes, probabilities: ArrayLike<number>, classes: number, options: OvrOptions = {}): MetricResult {
  return oneVsRest('average precision', averagePrecisionOf, yTrue, probabilities, classes, options);
}
