// The decision policy a served model answers with, changeable without retraining: a threshold on
// the positive class's probability (binary), the k most likely classes or the best expected value
// (multiclass), a boundary (regression), per-label thresholds (multi-label), a score threshold (anomalies).

import type { CostMatrix, PolicySource } from '../registry/decision-package.js';
import type { RequestIssue } from './http-errors.js';

/**
 * Where a served policy came from: the version's decision package (its `PolicySource`: the
 * brief's best value, the card, the default) or `serving-policy`, one set with
 * `PUT /v1/models/NAME/policy`, which wins over the package until changed again.
 */
export type ServedPolicySource = PolicySource | 'serving-policy';

export const SERVING_POLICY: ServedPolicySource = 'serving-policy';

/** A policy the server decides with; `source` is named in each decision (absent only in callers that do not know it). */
export type Policy =
  /** `positiveClass`: the class the threshold acts on, kept with a policy set through the API (absent in older records). */
  | { readonly kind: 'threshold'; readonly threshold: number; readonly positiveClass?: string; readonly source?: ServedPolicySource }
  | { readonly kind: 'top-k'; readonly k: number; readonly source?: ServedPolicySource }
  /** Multiclass with a cost matrix: the class with the highest expected value (frame/decision-rules.ts). */
  | { readonly kind: 'expected-value'; readonly costMatrix: CostMatrix; readonly source?: ServedPolicySource }
  /** Regression: which side of the boundary the predicted number falls (at or above: `above`). */
  | { readonly kind: 'boundary'; readonly boundary: number; readonly source?: ServedPolicySource }
  /** Multi-label: each label's threshold on its probability. */
  | { readonly kind: 'label-thresholds'; readonly thresholds: Readonly<Record<string, number>>; readonly source?: ServedPolicySource }
  /** Anomalies: flag a row when its anomaly score reaches the threshold. */
  | { readonly kind: 'score-threshold'; readonly threshold: number; readonly source?: ServedPolicySource };

/** What a policy change carries besides the policy: who asked and why (kept in the audit). */
export interface PolicyChange {
  readonly policy: Policy;
  readonly by: string;
  readonly why: string;
}

export const DEFAULT_THRESHOLD: Policy = { kind: 'threshold', threshold: 0.5, source: 'default' };

/** The body each task's policy is set with, as error messages name it. */
const BODY_BY_TASK: Readonly<Record<string, string>> = {
  binary: '{ threshold } (a probability from 0 to 1)',
  multiclass: '{ topK } (an integer from 1 to the number of classes)',
  regression: '{ boundary } or { threshold } (the number at which the decision changes)',
  multilabel: '{ thresholds: { label: probability, … } }',
  anomaly: '{ threshold } (the anomaly score from which a row is flagged)',
};

/**
 * Reads `{ threshold | topK | boundary | thresholds, by, why }` for a model of the given task;
 * every issue listed, naming the field. Binary: `threshold` on the positive class's probability;
 * multiclass: `topK`; regression: `boundary` (or `threshold`, the same thing) moves the boundary to
 * any finite number; multi-label: `thresholds` per label, each 0 to 1, unknown labels refused by
 * name (a label left out keeps its threshold in force); anomalies: `threshold` on the score.
 */
export function parsePolicyChange(body: unknown, task: string, classCount: number, labels: readonly string[] = []): PolicyChange | RequestIssue[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [{ field: '(body)', problem: 'expected a JSON object { threshold | topK | boundary | thresholds, by, why }' }];
  const b = body as Record<string, unknown>;
  const issues: RequestIssue[] = [];
  for (const key of Object.keys(b)) if (!['threshold', 'topK', 'boundary', 'thresholds', 'by', 'why'].includes(key)) issues.push({ field: key, problem: 'unknown field' });
  if (typeof b.why !== 'string' || b.why.trim() === '') issues.push({ field: 'why', problem: 'required: a non-empty string saying why the policy changes' });
  if (b.by !== undefined && (typeof b.by !== 'string' || b.by.trim() === '')) issues.push({ field: 'by', problem: 'expected a non-empty string naming who changes the policy' });
  const sent = (['threshold', 'topK', 'boundary', 'thresholds'] as const).filter((k) => b[k] !== undefined);
  const expected = BODY_BY_TASK[task];
  let policy: Policy | undefined;
  if (expected === undefined) issues.push({ field: sent[0] ?? '(body)', problem: `a ${task} model has no decision policy to set: its prediction is the decision` });
  else if (sent.length > 1) issues.push({ field: sent[0]!, problem: `send one of ${sent.join(', ')}, not ${sent.length === 2 ? 'both' : 'several'}: this ${task} model takes ${expected}` });
  else if (sent.length === 0) issues.push({ field: task === 'multiclass' ? 'topK' : task === 'multilabel' ? 'thresholds' : task === 'regression' ? 'boundary' : 'threshold', problem: `required: this ${task} model takes ${expected}` });
  else {
    const field = sent[0]!;
    const value = b[field];
    const wrongKind = (): void => void issues.push({ field, problem: `${field} does not apply to this ${task} model: send ${expected}` });
    if (task === 'binary') {
      if (field !== 'threshold') wrongKind();
      else if (typeof value !== 'number' || !(value >= 0 && value <= 1)) issues.push({ field, problem: 'expected a number from 0 to 1' });
      else policy = { kind: 'threshold', threshold: value, source: SERVING_POLICY };
    } else if (task === 'multiclass') {
      if (field === 'threshold') issues.push({ field, problem: `a threshold applies to binary models; this model is multiclass: send ${expected}` });
      else if (field !== 'topK') wrongKind();
      else if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > classCount) issues.push({ field, problem: `expected an integer from 1 to ${classCount}` });
      else policy = { kind: 'top-k', k: value, source: SERVING_POLICY };
    } else if (task === 'regression') {
      if (field !== 'threshold' && field !== 'boundary') wrongKind();
      else if (typeof value !== 'number' || !Number.isFinite(value)) issues.push({ field, problem: 'expected a finite number: the predicted value at which the decision changes' });
      else policy = { kind: 'boundary', boundary: value, source: SERVING_POLICY };
    } else if (task === 'multilabel') {
      if (field !== 'thresholds') wrongKind();
      else policy = labelThresholds(value, labels, issues);
    } else if (task === 'anomaly') {
      if (field !== 'threshold') wrongKind();
      else if (typeof value !== 'number' || !Number.isFinite(value)) issues.push({ field, problem: 'expected a finite number: the anomaly score from which a row is flagged' });
      else policy = { kind: 'score-threshold', threshold: value, source: SERVING_POLICY };
    }
  }
  if (issues.length > 0 || policy === undefined) return issues;
  return { policy, by: typeof b.by === 'string' ? b.by : 'api', why: (b.why as string).trim() };
}

/** `{ label: probability, … }` for a multi-label model; each problem named as `thresholds.<label>`. */
function labelThresholds(value: unknown, labels: readonly string[], issues: RequestIssue[]): Policy | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ field: 'thresholds', problem: `expected an object of label: probability (labels: ${labels.join(', ')})` });
    return undefined;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) issues.push({ field: 'thresholds', problem: `expected at least one label (labels: ${labels.join(', ')})` });
  const thresholds: Record<string, number> = {};
  const before = issues.length;
  for (const [label, t] of entries) {
    if (!labels.includes(label)) issues.push({ field: `thresholds.${label}`, problem: `'${label}' is not a label of this model (labels: ${labels.join(', ')})` });
    else if (typeof t !== 'number' || !(t >= 0 && t <= 1)) issues.push({ field: `thresholds.${label}`, problem: 'expected a probability from 0 to 1' });
    else thresholds[label] = t;
  }
  return issues.length > before || entries.length === 0 ? undefined : { kind: 'label-thresholds', thresholds, source: SERVING_POLICY };
}

/** The task each policy kind decides for. */
const TASK_OF_KIND: Readonly<Record<Policy['kind'], string>> = {
  threshold: 'binary',
  'top-k': 'multiclass',
  'expected-value': 'multiclass',
  boundary: 'regression',
  'label-thresholds': 'multilabel',
  'score-threshold': 'anomaly',
};

/**
 * Whether a policy set for a model's name applies to the version served now: the server keeps one
 * policy per name, and one set for a version of another task (a threshold before the name became
 * a regression) leaves the served version's own policy in force.
 */
export function policyFits(policy: Policy, task: string): boolean {
  return TASK_OF_KIND[policy.kind] === task;
}
