// A model's prediction turned into one JSON result per row: the prediction in the user's labels,
// class probabilities (or an anomaly score), and the decision under the model's current policy.

import { expectedValueClass, isAboveBoundary, isFlagged, labelsAtThresholds } from '../frame/decision-rules.js';
import type { Prediction } from '../learn/estimator.js';
import type { CostMatrix } from '../registry/decision-package.js';
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

/**
 * The result of every row, in row order; each decision by the rule of frame/decision-rules.ts for
 * the policy's kind. `prediction` is the model's own output (the most likely class, its label set,
 * anomaly or normal at its own cut); `decision` is the policy's. A policy of a kind that does not
 * fit the prediction is ignored (the model's own output decides).
 */
export function rowOutputs(prediction: Prediction, rowCount: number, policy: Policy | undefined, positiveIndex = 1): RowOutput[] {
  const out: RowOutput[] = [];
  switch (prediction.kind) {
    case 'regression': {
      const boundary = policy?.kind === 'boundary' ? policy : undefined;
      for (let i = 0; i < rowCount; i++) {
        const v = prediction.values[i]!;
        out.push({ prediction: v, decision: boundary === undefined ? { kind: 'value', value: v } : boundaryDecision(boundary, v) });
      }
      return out;
    }
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
      const thresholds = policy?.kind === 'label-thresholds' ? policy : undefined;
      for (let i = 0; i < rowCount; i++) {
        const probabilities: Record<string, number> = {};
        for (let k = 0; k < L; k++) probabilities[prediction.labels[k]!] = prediction.probabilities[i * L + k]!;
        // Without per-label thresholds the model's own set is the decision.
        const decision: Decision =
          thresholds === undefined
            ? { kind: 'labels', labels: prediction.sets[i]! }
            : withSource({ kind: 'labels', labels: labelsAtThresholds(prediction.probabilities, i * L, prediction.labels, thresholds.thresholds) }, thresholds.source);
        out.push({ prediction: prediction.sets[i]!, probabilities, decision });
      }
      return out;
    }
    case 'clustering':
      for (let i = 0; i < rowCount; i++) out.push({ prediction: String(prediction.clusters[i]!), decision: { kind: 'label', label: String(prediction.clusters[i]!) } });
      return out;
    case 'anomaly': {
      const cut = policy?.kind === 'score-threshold' ? policy : undefined;
      for (let i = 0; i < rowCount; i++) {
        const label = prediction.isAnomaly[i] === 1 ? 'anomaly' : 'normal';
        const score = prediction.scores[i]!;
        // A score is not a probability: it is its own member. Without a threshold the model's own cut decides.
        out.push({ prediction: label, score, decision: cut === undefined ? { kind: 'label', label } : flagDecision(cut, score) });
      }
      return out;
    }
  }
}

/** `decision` with the policy's source when it is known. */
function withSource<D extends Decision>(decision: D, source: ServedPolicySource | undefined): D {
  return source === undefined ? decision : { ...decision, source };
}

/** A regression decision: the predicted number against the policy's boundary. */
export function boundaryDecision(policy: Extract<Policy, { kind: 'boundary' }>, value: number): Decision {
  return withSource({ kind: 'boundary', boundary: policy.boundary, value, above: isAboveBoundary(value, policy.boundary) }, policy.source);
}

/** An anomaly decision: the score against the policy's threshold, `anomaly` when flagged. */
export function flagDecision(policy: Extract<Policy, { kind: 'score-threshold' }>, score: number): Decision {
  const flagged = isFlagged(score, policy.threshold);
  return withSource({ kind: 'flag', threshold: policy.threshold, score, flagged, label: flagged ? 'anomaly' : 'normal' }, policy.source);
}

/** Expected value of deciding class `decided` for one row of K probabilities at `offset`: sum over actual a of p(a) x costMatrix[a][decided]. */
export function expectedValueOf(p: ArrayLike<number>, offset: number, classes: readonly string[], costMatrix: CostMatrix, decided: number): number {
  let value = 0;
  for (let actual = 0; actual < classes.length; actual++) value += p[offset + actual]! * (costMatrix[classes[actual]!]?.[classes[decided]!] ?? 0);
  return value;
}

function decide(classes: readonly string[], p: Float64Array, row: number, predicted: string, policy: Policy | undefined, positiveIndex: number): Decision {
  const K = classes.length;
  if (policy?.kind === 'expected-value') {
    const decided = expectedValueClass(p, row * K, classes, policy.costMatrix);
    return withSource({ kind: 'expected-value', label: classes[decided]!, expectedValue: expectedValueOf(p, row * K, classes, policy.costMatrix, decided) }, policy.source);
  }
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
