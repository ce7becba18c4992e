// Which metrics score each task, which one is the main one (and the smallest lift in it that
// matters), and computing them all from out-of-fold predictions.

import { accuracy, averagePrecision, balancedAccuracy, brier, brierBinary, f1, logLoss, logLossBinary, mae, precision, r2, recall, rmse, rocAuc, rocAucOvr } from './metrics/index.js';
import type { MetricResult } from './metrics/index.js';
import { rangeOfMetric } from './metric-ranges.js';
import type { Predictions, Supervised, Truth } from './oof.js';

export interface MetricInfo {
  readonly id: string;
  readonly label: string;
  /** One line a non-specialist understands. */
  readonly explain: string;
  readonly higherIsBetter: boolean;
  /** Needs probabilities, not just hard classes. */
  readonly needsProbabilities?: boolean;
}

const INFO: Readonly<Record<string, MetricInfo>> = {
  roc_auc: { id: 'roc_auc', label: 'ROC AUC', explain: 'how often a random positive row is ranked above a random negative one (0.5 is guessing, 1 is perfect)', higherIsBetter: true },
  pr_auc: { id: 'pr_auc', label: 'PR AUC', explain: 'average precision over all thresholds: how clean the top of the ranking is', higherIsBetter: true },
  accuracy: { id: 'accuracy', label: 'accuracy', explain: 'share of rows whose class is predicted correctly', higherIsBetter: true },
  balanced_accuracy: { id: 'balanced_accuracy', label: 'balanced accuracy', explain: 'accuracy averaged over classes, so rare classes count as much as common ones', higherIsBetter: true },
  precision: { id: 'precision', label: 'precision', explain: 'of the rows flagged positive, the share that really are', higherIsBetter: true },
  recall: { id: 'recall', label: 'recall', explain: 'of the rows that really are positive, the share that get flagged', higherIsBetter: true },
  f1: { id: 'f1', label: 'F1', explain: 'the balance (harmonic mean) of precision and recall', higherIsBetter: true },
  f1_macro: { id: 'f1_macro', label: 'F1 (macro)', explain: 'F1 averaged over classes equally', higherIsBetter: true },
  f1_weighted: { id: 'f1_weighted', label: 'F1 (weighted)', explain: 'F1 averaged over classes by their size', higherIsBetter: true },
  precision_macro: { id: 'precision_macro', label: 'precision (macro)', explain: 'precision averaged over classes equally', higherIsBetter: true },
  recall_macro: { id: 'recall_macro', label: 'recall (macro)', explain: 'recall averaged over classes equally', higherIsBetter: true },
  roc_auc_ovr: { id: 'roc_auc_ovr', label: 'ROC AUC (one-vs-rest, macro)', explain: 'how well each class is ranked above the others, averaged over classes', higherIsBetter: true },
  log_loss: { id: 'log_loss', label: 'log loss', explain: 'penalty for confident wrong probabilities (lower is better)', higherIsBetter: false, needsProbabilities: true },
  brier: { id: 'brier', label: 'Brier score', explain: 'mean squared error of the probabilities (lower is better)', higherIsBetter: false, needsProbabilities: true },
  r2: { id: 'r2', label: 'R²', explain: 'share of the variation in the target that the predictions explain (0 is no better than the average, 1 is perfect)', higherIsBetter: true },
  rmse: { id: 'rmse', label: 'RMSE', explain: 'typical size of an error, in the target\'s units, with large errors weighing more (lower is better)', higherIsBetter: false },
  roc_auc_macro: { id: 'roc_auc_macro', label: 'ROC AUC (mean over labels)', explain: 'ROC AUC of each label, averaged over the labels', higherIsBetter: true },
  hamming_loss: { id: 'hamming_loss', label: 'Hamming loss', explain: 'share of all label decisions that are wrong (lower is better)', higherIsBetter: false },
  f1_micro: { id: 'f1_micro', label: 'F1 over all label decisions', explain: 'F1 counted over every label decision of every row (micro average)', higherIsBetter: true },
  subset_accuracy: { id: 'subset_accuracy', label: 'subset accuracy', explain: 'share of rows whose whole set of labels is exactly right', higherIsBetter: true },
  flagged_share: { id: 'flagged_share', label: 'share flagged', explain: 'share of rows flagged as anomalies', higherIsBetter: false },
  average_precision: { id: 'average_precision', label: 'average precision', explain: 'precision averaged over every threshold on the anomaly scores: how clean the top of the ranking is', higherIsBetter: true },
  flag_stability: { id: 'flag_stability', label: 'flag stability', explain: 'share of the flagged rows that stay flagged when the model is grown with other seeds or on other rows', higherIsBetter: true },
  flag_agreement: { id: 'flag_agreement', label: 'agreement with the one-feature rule', explain: "share of the model's flagged rows the one-feature rule flags too at the same share", higherIsBetter: true },
  silhouette: { id: 'silhouette', label: 'silhouette', explain: 'how much closer each row is to its own group than to the next one (-1 to 1; above 0.25 means real structure, above 0.5 clear groups)', higherIsBetter: true },
  ami: { id: 'ami', label: 'adjusted mutual information', explain: 'agreement between the groups found and a known grouping, corrected for chance (0 is chance, 1 is identical)', higherIsBetter: true },
  mae: { id: 'mae', label: 'MAE', explain: 'average size of an error, in the target\'s units (lower is better)', higherIsBetter: false },
};

export function metricInfo(id: string): MetricInfo {
  const known = INFO[id];
  if (known) return known;
  // A per-label or per-class metric, 'recall:prime', reads as 'recall (prime)' and ranks as its metric does.
  const at = id.indexOf(':');
  if (at > 0 && INFO[id.slice(0, at)]) {
    const base = INFO[id.slice(0, at)]!;
    const of = id.slice(at + 1);
    return { ...base, id, label: `${base.label} (${of})`, explain: `${base.explain}, for '${of}'` };
  }
  return { id, label: id, explain: id, higherIsBetter: true };
}

/** The values a metric can take (the table in metric-ranges.ts). */
export function metricRange(id: string): readonly [number, number] {
  return rangeOfMetric(id);
}

export function isKnownMetric(id: string): boolean {
  return INFO[id] !== undefined;
}

export const MAIN_METRIC: Readonly<Record<Supervised, string>> = {
  binary: 'roc_auc',
  multiclass: 'balanced_accuracy',
  regression: 'r2',
};

/** The smallest lift in the main metric that counts as mattering, unless the card sets another. */
export const DEFAULT_MINIMUM_LIFT: Readonly<Record<Supervised, number>> = {
  binary: 0.02,
  multiclass: 0.02,
  regression: 0.02,
};

export const METRICS: Readonly<Record<Supervised, readonly string[]>> = {
  binary: ['roc_auc', 'pr_auc', 'accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'log_loss', 'brier'],
  multiclass: ['balanced_accuracy', 'accuracy', 'f1_macro', 'f1_weighted', 'precision_macro', 'recall_macro', 'roc_auc_ovr', 'log_loss', 'brier'],
  regression: ['r2', 'rmse', 'mae'],
};

/** One metric on predictions; NaN (with a warning) where undefined. */
export function computeMetric(id: string, truth: Truth, p: Predictions): MetricResult {
  if (truth.kind === 'regression' || p.kind === 'regression') {
    if (truth.kind !== 'regression' || p.kind !== 'regression') throw new Error('regression metric on class predictions');
    switch (id) {
      case 'r2':
        return r2(truth.y, p.values);
      case 'rmse':
        return rmse(truth.y, p.values);
      case 'mae':
        return mae(truth.y, p.values);
    }
    throw new Error(`unknown regression metric ${id}`);
  }
  const k = truth.classes.length;
  const positive = truth.positive;
  if (INFO[id]?.needsProbabilities && !p.calibrated) return { value: Number.NaN, warnings: ['hard class predictions have no probabilities'] };
  const scores = (): Float64Array => Float64Array.from({ length: truth.y.length }, (_, i) => p.probabilities[i * k + positive]!);
  switch (id) {
    case 'roc_auc':
      return rocAuc(truth.y, scores(), positive);
    case 'pr_auc':
      return averagePrecision(truth.y, scores(), positive);
    case 'accuracy':
      return accuracy(truth.y, p.labels);
    case 'balanced_accuracy':
      return balancedAccuracy(truth.y, p.labels);
    case 'precision':
      return precision(truth.y, p.labels, { average: 'binary', positive, zeroDivision: 0 });
    case 'recall':
      return recall(truth.y, p.labels, { average: 'binary', positive, zeroDivision: 0 });
    case 'f1':
      return f1(truth.y, p.labels, { average: 'binary', positive, zeroDivision: 0 });
    case 'f1_macro':
      return f1(truth.y, p.labels, { average: 'macro', zeroDivision: 0 });
    case 'f1_weighted':
      return f1(truth.y, p.labels, { average: 'weighted', zeroDivision: 0 });
    case 'precision_macro':
      return precision(truth.y, p.labels, { average: 'macro', zeroDivision: 0 });
    case 'recall_macro':
      return recall(truth.y, p.labels, { average: 'macro', zeroDivision: 0 });
    case 'roc_auc_ovr':
      return rocAucOvr(truth.y, p.probabilities, k, { average: 'macro' });
    case 'log_loss':
      return k === 2 ? logLossBinary(truth.y, scores(), positive) : logLoss(truth.y, p.probabilities, k);
    case 'brier':
      return k === 2 ? brierBinary(truth.y, scores(), positive) : brier(truth.y, p.probabilities, k);
  }
  throw new Error(`unknown classification metric ${id}`);
}

