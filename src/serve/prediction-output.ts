// A model's prediction turned into one JSON result per row: the prediction in the user's labels,
// class probabilities, and the decision under the model's current policy.

import type { Prediction } from '../learn/estimator.js';
import type { Policy, ServedPolicySource } from './policy.js';

export type Decision =
  | { readonly kind: 'threshold'; readonly threshold: number; readonly positiveClass: string; readonly positive: boolean; readonly label: string; readonly source?: ServedPolicySource }
  | { readonly kind: 'top-k'; readonly k: number; readonly labels: readonly string[]; readonly source?: ServedPolicySource }
  | { readonly kind: 'label'; readonly label: string }
  /** Multiclass under a cost matrix: the class with the highest expected value, and that value. */
  | { readonly kind: 'expected-value'; readonly label: string; readonly expectedValue: number; readonly source?: ServedPolicySource }
  /** Regression with a boundary: the predicted number and whether it is at or above the boundary. */
  | { readonly kind: 'boundary'; readonly boundary: number; readonly value: number; readonly above: boolean; readonly source?: ServedPolicySource }
  /** Multi-label: the labels whose probability reached their threshold. */
  | { readonly kind: 'labels'; readonly labels: readonly string[]; readonly source?: ServedPolicySource }
  /** Anomalies: the row is flagged when its score reached the threshold (`label` is anomaly or normal). */
  | { readonly kind: 'flag'; readonly threshold: number; readonly score: number; readonly flagged: boolean; readonly label: string; readonly source?: ServedPolicySource }
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'none' };

export interface RowOutput {
  readonly prediction: string | number | readonly string[] | null;
  readonly probabilities?: Readonly<Record<string, number>>;
  /** Anomalies: the anomaly score (higher is more anomalous; not a probability). */
  readonly score?: number;
  readonly decision: Decision;
}

/** The result of every row, in row order. */
export function rowOutputs(prediction: Prediction, rowCount: number, policy: Policy | undefined, positiveIndex = 1): RowOutput[] {
  const out: RowOutput[] = [];
  switch (prediction.kind) {
    case 'regression':
      for (let i = 0; i < rowCount; i++) {
        const v = prediction.values[i]!;
        out.push({ prediction: v, decision: { kind: 'value', value: v } });
      }
      return out;
    case 'classification': {
      const K = prediction.classes.length;
      for (let i = 0; i < rowCount; i++) {
        const probabilities: Record<string, number> = {};
        for (let k = 0; k < K; k++) probabilities[prediction.classes[k]!] = prediction.probabilities[i * K + k]!;
        out.push({ prediction: prediction.labels[i]!, probabilities, decision: decide(prediction.classes, prediction.probabilities, i, prediction.labels[i]!, policy, positiveIndex) });
      }
      return out;
    }
    case 'multilabel': {
      const L = prediction.labels.length;
      for (let i = 0; i < rowCount; i++) {
        const probabilities: Record<string, number> = {};
        for (let k = 0; k < L; k++) probabilities[prediction.labels[k]!] = prediction.probabilities[i * L + k]!;
        out.push({ prediction: prediction.sets[i]!, probabilities, decision: { kind: 'none' } });
      }
      return out;
    }
    case 'clustering':
      for (let i = 0; i < rowCount; i++) out.push({ prediction: String(prediction.clusters[i]!), decision: { kind: 'label', label: String(prediction.clusters[i]!) } });
      return out;
    case 'anomaly':
      for (let i = 0; i < rowCount; i++) {
        const label = prediction.isAnomaly[i] === 1 ? 'anomaly' : 'normal';
        out.push({ prediction: label, probabilities: { score: prediction.scores[i]! }, decision: { kind: 'label', label } });
      }
      return out;
  }
}

function decide(classes: readonly string[], p: Float64Array, row: number, predicted: string, policy: Policy | undefined, positiveIndex: number): Decision {
  const K = classes.length;
  if (K === 2) {
    // The positive class is the card's (else a yes-like one, else the second): the threshold applies to its probability.
    const threshold = policy?.kind === 'threshold' ? policy.threshold : 0.5;
    const positive = p[row * 2 + positiveIndex]! >= threshold;
    return thresholdDecision(classes, threshold, positiveIndex, positive, policy?.kind === 'threshold' ? policy.source : undefined);
  }
  if (policy?.kind === 'top-k') {
    const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => p[row * K + b]! - p[row * K + a]! || a - b);
    return { kind: 'top-k', k: policy.k, labels: order.slice(0, policy.k).map((k) => classes[k]!), ...(policy.source === undefined ? {} : { source: policy.source }) };
  }
  return { kind: 'label', label: predicted };
}

/** A binary decision at a threshold, naming where the threshold came from when that is known. */
export function thresholdDecision(classes: readonly string[], threshold: number, positiveIndex: number, positive: boolean, source: ServedPolicySource | undefined): Decision {
  const yes = classes[positiveIndex]!;
  const label = positive ? yes : classes[1 - positiveIndex]!;
  return source === undefined ? { kind: 'threshold', threshold, positiveClass: yes, positive, label } : { kind: 'threshold', threshold, positiveClass: yes, positive, label, source };
}

/** The label a decision settles on, for the predictions-by-class counter. */
export function decidedClass(output: RowOutput): string {
  const d = output.decision;
  switch (d.kind) {
    case 'threshold':
    case 'label':
    case 'expected-value':
    case 'flag':
      return d.label;
    case 'boundary':
      return d.above ? 'above' : 'below';
    case 'labels':
      return d.labels.join('|');
    case 'top-k':
      return d.labels[0] ?? '';
    case 'value':
    case 'none':
      return '';
  }
}
