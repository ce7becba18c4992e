// The decision the brief puts forward for its model: the policy (the business case's operating
// threshold for two classes, the card's decision otherwise), as brief.json shows it, and the
// decision package that `brief` writes beside the model and `brief --register` registers.

import type { DataSettings } from '../data/data-settings.js';
import type { BusinessCase } from '../evaluate/value/business-case.js';
import type { Card } from '../frame/card.js';
import { type CostMatrix, DECISION_PACKAGE_VERSION, type DecisionPackage, type DecisionPolicy, type DecisionPromise, policyFromCard } from '../registry/decision-package.js';

/** brief.json's `business.policy`: the policy in one flat shape, null where a field does not apply. */
export interface BriefPolicy {
  readonly kind: DecisionPolicy['kind'];
  readonly threshold: number | null;
  readonly positiveClass: string | null;
  readonly source: DecisionPolicy['source'];
  /** top-k: how many classes. */
  readonly k: number | null;
  /** number: the predicted value at which the decision changes. */
  readonly boundary: number | null;
  /** expected-value: the cost matrix the classes are decided by, costMatrix[actual][decided]. */
  readonly costMatrix?: CostMatrix | null;
  /** label-thresholds: each label's threshold. */
  readonly thresholds?: Readonly<Record<string, number>> | null;
  /** score-threshold: the share of training rows flagged at `threshold` (the anomaly score threshold). */
  readonly flaggedShare?: number | null;
}

/**
 * The policy for a model the brief valued: a binary model decides at its business case's operating
 * threshold (one rule, in evaluate/value/decision-policy.ts) on the positive class as the data
 * writes it; a regression model at the boundary its decisions were valued at; other tasks take the
 * card's decision.
 */
export function briefPolicy(task: string, card: Card, business: BusinessCase | null, positiveClass: string | null): DecisionPolicy {
  const t = business?.thresholds;
  if (task === 'binary' && t) return { kind: 'threshold', threshold: t.operating.threshold, positiveClass: t.positiveClass, source: t.source };
  // Regression: the boundary the business case valued the decisions at is the policy's value, so
  // the server decides (and PUT /policy moves) the very boundary the brief priced.
  const e = business?.errors;
  if (task === 'regression' && e) return { kind: 'number', boundary: e.boundary, source: e.boundary === null ? 'default' : 'card' };
  const fromCard = policyFromCard(task, card, positiveClass);
  return fromCard.kind === 'threshold' && positiveClass !== null ? { ...fromCard, positiveClass } : fromCard;
}

export function flatPolicy(policy: DecisionPolicy): BriefPolicy {
  return {
    kind: policy.kind,
    threshold: policy.kind === 'threshold' || policy.kind === 'score-threshold' ? policy.threshold : null,
    positiveClass: policy.kind === 'threshold' ? policy.positiveClass : null,
    source: policy.source,
    k: policy.kind === 'top-k' ? policy.k : null,
    boundary: policy.kind === 'number' ? policy.boundary : null,
    costMatrix: policy.kind === 'expected-value' ? policy.costMatrix : null,
    thresholds: policy.kind === 'label-thresholds' ? policy.thresholds : null,
    flaggedShare: policy.kind === 'score-threshold' ? policy.flaggedShare : null,
  };
}

/** The package: the data settings the problem was read with, the policy, the promise, the card's business figures and the columns left out of the model (which the server accepts and ignores). */
export function briefDecisionPackage(data: DataSettings, policy: DecisionPolicy, promise: DecisionPromise, card: Card, leftOut: DecisionPackage['leftOut'] = []): DecisionPackage {
  return { version: DECISION_PACKAGE_VERSION, data, policy, promise, business: card.business ?? {}, leftOut: leftOut ?? [] };
}

/** The policy a brief.json `business.policy` stands for (to name it with describePolicy). */
export function policyOfBrief(p: BriefPolicy): DecisionPolicy {
  if (p.kind === 'threshold') return { kind: 'threshold', threshold: p.threshold ?? 0.5, positiveClass: p.positiveClass ?? '', source: p.source };
  if (p.kind === 'top-k') return { kind: 'top-k', k: p.k ?? 1, source: p.source };
  if (p.kind === 'number') return { kind: 'number', boundary: p.boundary, source: p.source };
  if (p.kind === 'expected-value') return { kind: 'expected-value', costMatrix: p.costMatrix ?? {}, source: p.source };
  if (p.kind === 'label-thresholds') return { kind: 'label-thresholds', thresholds: p.thresholds ?? {}, source: p.source };
  if (p.kind === 'score-threshold') return { kind: 'score-threshold', threshold: p.threshold ?? 0.5, flaggedShare: p.flaggedShare ?? null, source: p.source };
  return { kind: p.kind, source: p.source };
}
