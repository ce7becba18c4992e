// How predictions compare with a known target in the same rows (the training rows after
// `train`, or a labelled file given to `predict`), and what a prediction looks like in brief.

import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { adjustedMutualInfo } from '../evaluate/metrics/information.js';
import { hammingLoss, subsetAccuracy } from '../evaluate/metrics/multilabel.js';
import { r2, rmse } from '../evaluate/metrics/regression.js';
import type { FittedModel, InputSignature, Prediction } from '../learn/estimator.js';
import { encodeMultiLabelTarget } from '../learn/multilabel/multilabel-target.js';
import { formatNumber, formatShare } from './table.js';
import { targetColumnNames } from './estimator-choice.js';

/** The target a supervised model was trained on, as given to --target. */
export function modelTarget(model: FittedModel): string | undefined {
  const target = (model as { readonly target?: unknown }).target;
  return typeof target === 'string' ? target : undefined;
}

/**
 * One line comparing `prediction` with the target's values in `frame`, or undefined when the
 * frame lacks the target. Rows whose target is missing are left out of the comparison.
 */
export function scoreAgainstTarget(prediction: Prediction, frame: Frame, target: string, model: FittedModel): string | undefined {
  const names = targetColumnNames(target, frame.names);
  if (!names.every((n) => frame.has(n))) return undefined;
  const n = frame.rowCount;
  switch (prediction.kind) {
    case 'classification': {
      const column = frame.column(names[0]!);
      let compared = 0;
      let right = 0;
      for (let i = 0; i < n; i++) {
        const truth = valueAt(column, i);
        if (truth === null) continue;
        compared++;
        if (String(truth) === prediction.labels[i]) right++;
      }
      return compared === 0 ? undefined : `accuracy ${formatShare(right / compared)} (${formatNumber(right)} of ${formatNumber(compared)} rows)`;
    }
    case 'regression': {
      const column = frame.column(names[0]!);
      if (column.kind !== 'numeric') return undefined;
      const truth: number[] = [];
      const predicted: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = column.values[i]!;
        if (v === v) {
          truth.push(v);
          predicted.push(prediction.values[i]!);
        }
      }
      if (truth.length === 0) return undefined;
      return `R² ${formatNumber(r2(truth, predicted).value)}, RMSE ${formatNumber(rmse(truth, predicted).value)} (${formatNumber(truth.length)} rows)`;
    }
    case 'multilabel': {
      const delimiter = typeof model.params['delimiter'] === 'string' ? model.params['delimiter'] : '|';
      let encoded;
      try {
        encoded = encodeMultiLabelTarget(frame, target, delimiter);
      } catch {
        return undefined;
      }
      const labels = prediction.labels;
      const yTrue = new Uint8Array(n * labels.length);
      const yPred = new Uint8Array(n * labels.length);
      labels.forEach((label, k) => {
        const j = encoded.labels.indexOf(label);
        if (j >= 0) for (let i = 0; i < n; i++) yTrue[i * labels.length + k] = encoded.y[j]![i]!;
      });
      prediction.sets.forEach((set, i) => {
        for (const label of set) yPred[i * labels.length + labels.indexOf(label)] = 1;
      });
      const unknown = encoded.labels.filter((l) => !labels.includes(l));
      const exact = subsetAccuracy(yTrue, yPred, labels.length).value;
      return `exact label sets ${formatShare(exact)}, Hamming loss ${formatNumber(hammingLoss(yTrue, yPred, labels.length).value)}${unknown.length > 0 ? ` (labels the model never saw are not scored: ${unknown.join(', ')})` : ''}`;
    }
    case 'clustering': {
      const column = frame.column(names[0]!);
      const codes = new Map<string, number>();
      const truth: number[] = [];
      const clusters: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = valueAt(column, i);
        if (v === null) continue;
        const key = String(v);
        if (!codes.has(key)) codes.set(key, codes.size);
        truth.push(codes.get(key)!);
        clusters.push(prediction.clusters[i]!);
      }
      if (truth.length === 0 || codes.size > Math.max(50, truth.length / 10)) return undefined;
      return `adjusted mutual information between clusters and '${names[0]}': ${formatNumber(adjustedMutualInfo(truth, clusters).value)} (1 = the same grouping, 0 = no better than chance)`;
    }
    case 'anomaly':
      return undefined;
  }
}

/**
 * Values of categorical model columns that training never saw (the model treats them as unseen),
 * as "island: 'Atlantis' (3 rows)"; empty when there are none.
 */
export function unseenCategories(frame: Frame, signature: InputSignature): string[] {
  const out: string[] = [];
  for (const feature of signature.features) {
    if (feature.categories === undefined || !frame.has(feature.name)) continue;
    const column = frame.column(feature.name);
    if (column.kind !== 'categorical') continue;
    const known = new Set(feature.categories);
    const counts = new Map<string, number>();
    for (const code of column.codes) {
      if (code < 0) continue;
      const value = column.dictionary[code]!;
      if (!known.has(value)) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    if (counts.size === 0) continue;
    const shown = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([v, c]) => `'${v}' (${formatNumber(c)} rows)`);
    out.push(`${feature.name}: ${shown.join(', ')}${counts.size > 3 ? `, and ${counts.size - 3} more` : ''}`);
  }
  return out;
}

/** A one-line picture of the predictions themselves. */
export function describePrediction(prediction: Prediction): string {
  const n = rowsOf(prediction);
  switch (prediction.kind) {
    case 'classification':
      return counts(prediction.labels, n);
    case 'regression': {
      const sorted = Float64Array.from(prediction.values).sort();
      if (sorted.length === 0) return 'no rows';
      return `min ${formatNumber(sorted[0]!)}, median ${formatNumber(sorted[Math.floor((sorted.length - 1) / 2)]!)}, max ${formatNumber(sorted[sorted.length - 1]!)}`;
    }
    case 'multilabel': {
      const k = prediction.labels.length;
      const perLabel = prediction.labels.map((label) => {
        let c = 0;
        for (const set of prediction.sets) if (set.includes(label)) c++;
        return `${label} ${formatShare(n === 0 ? 0 : c / n)}`;
      });
      const empty = prediction.sets.filter((s) => s.length === 0).length;
      return `${perLabel.slice(0, 8).join(', ')}${k > 8 ? ', …' : ''} of rows; ${formatNumber(empty)} rows with no label`;
    }
    case 'clustering':
      return counts(Array.from(prediction.clusters, (c) => `cluster ${c}`), n);
    case 'anomaly': {
      let flagged = 0;
      for (const v of prediction.isAnomaly) flagged += v;
      return `${formatNumber(flagged)} of ${formatNumber(n)} rows flagged as anomalies (${formatShare(n === 0 ? 0 : flagged / n)})`;
    }
  }
}

export function rowsOf(prediction: Prediction): number {
  switch (prediction.kind) {
    case 'classification':
    case 'multilabel':
      return prediction.kind === 'classification' ? prediction.labels.length : prediction.sets.length;
    case 'regression':
      return prediction.values.length;
    case 'clustering':
      return prediction.clusters.length;
    case 'anomaly':
      return prediction.scores.length;
  }
}

function counts(values: readonly string[], n: number): string {
  const tally = new Map<string, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  const sorted = [...tally].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, 8).map(([v, c]) => `${v} ${formatNumber(c)} (${formatShare(c / n)})`);
  return shown.join(', ') + (sorted.length > 8 ? `, and ${sorted.length - 8} more` : '');
}
