// The decision policy a served model answers with, changeable without retraining: a threshold on
// the positive class's probability (binary) or the k most likely classes (multiclass).

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

/** Reads `{ threshold | topK, by, why }` for a model of the given task; every issue listed. */
export function parsePolicyChange(body: unknown, task: string, classCount: number): PolicyChange | RequestIssue[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [{ field: '(body)', problem: 'expected a JSON object { threshold | topK, by, why }' }];
  const b = body as Record<string, unknown>;
  const issues: RequestIssue[] = [];
  for (const key of Object.keys(b)) if (!['threshold', 'topK', 'by', 'why'].includes(key)) issues.push({ field: key, problem: 'unknown field' });
  if (typeof b.why !== 'string' || b.why.trim() === '') issues.push({ field: 'why', problem: 'required: a non-empty string saying why the policy changes' });
  if (b.by !== undefined && (typeof b.by !== 'string' || b.by.trim() === '')) issues.push({ field: 'by', problem: 'expected a non-empty string naming who changes the policy' });
  let policy: Policy | undefined;
  if (b.threshold !== undefined && b.topK !== undefined) issues.push({ field: 'threshold', problem: 'send either threshold or topK, not both' });
  else if (b.threshold !== undefined) {
    if (task !== 'binary') issues.push({ field: 'threshold', problem: `a threshold applies to binary models; this model is ${task}` });
    else if (typeof b.threshold !== 'number' || !(b.threshold >= 0 && b.threshold <= 1)) issues.push({ field: 'threshold', problem: 'expected a number from 0 to 1' });
    else policy = { kind: 'threshold', threshold: b.threshold, source: SERVING_POLICY };
  } else if (b.topK !== undefined) {
    if (task !== 'multiclass') issues.push({ field: 'topK', problem: `top-k applies to multiclass models; this model is ${task}` });
    else if (typeof b.topK !== 'number' || !Number.isInteger(b.topK) || b.topK < 1 || b.topK > classCount) issues.push({ field: 'topK', problem: `expected an integer from 1 to ${classCount}` });
    else policy = { kind: 'top-k', k: b.topK, source: SERVING_POLICY };
  } else issues.push({ field: 'threshold', problem: 'send threshold (binary models) or topK (multiclass models)' });
  if (issues.length > 0 || policy === undefined) return issues;
  return { policy, by: typeof b.by === 'string' ? b.by : 'api', why: (b.why as string).trim() };
}
