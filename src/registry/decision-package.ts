// The decision package: what `brief --register` stores beside the model and every later stage
// (predict, serve, monitor, models check, retrain) reads instead of its own defaults: the data
// settings the model was trained through, the decision policy with where it came from, and the
// promise (metrics and value per decision at that policy, out of fold, with intervals).

import type { DataSettings } from '../data/data-settings.js';
import { NO_DATA_SETTINGS } from '../data/data-settings.js';
import type { FileFormat } from '../data/file-format.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { BusinessSpec, Card } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';

export const DECISION_PACKAGE_VERSION = 1;

/**
 * Where a policy came from: the brief's threshold with the most value (`brief-best-value`), the
 * card's static threshold (`card-static`), the card's threshold with no mode (`card`), the plain
 * default (`default`: 0.5, the most likely class), a command-line flag (`override`), or the policy
 * set on the server with `PUT /v1/models/NAME/policy` (`serving`; see policy-in-force.ts). Multi-label
 * thresholds chosen for each label's best F1, as no outcome is priced, are `brief-best-f1`.
 */
export type PolicySource = 'brief-best-value' | 'brief-best-f1' | 'card-static' | 'card' | 'default' | 'override' | 'serving';

export type DecisionPolicy =
  /** Binary: act when the positive class's probability is at least `threshold`. */
  | { readonly kind: 'threshold'; readonly threshold: number; readonly positiveClass: string; readonly source: PolicySource }
  /** Multiclass: the k most likely classes. */
  | { readonly kind: 'top-k'; readonly k: number; readonly source: PolicySource }
  /** Multiclass with no cost matrix: the most likely class is the decision (older multi-label packages too). */
  | { readonly kind: 'class'; readonly source: PolicySource }
  /**
   * Multiclass with a cost matrix: each row is decided as the class with the highest expected
   * value, sum over actual classes of p(actual) x costMatrix[actual][decided] (see
   * frame/decision-rules.ts). The matrix is the card's, copied so the policy stands alone.
   */
  | { readonly kind: 'expected-value'; readonly costMatrix: CostMatrix; readonly source: PolicySource }
  /**
   * Regression: the predicted number, with the boundary at which the decision changes (null:
   * none). A prediction at or above the boundary is the `above` decision.
   */
  | { readonly kind: 'number'; readonly boundary: number | null; readonly source: PolicySource }
  /** Multi-label: each label is in the decided set when its probability is at least its threshold. */
  | { readonly kind: 'label-thresholds'; readonly thresholds: Readonly<Record<string, number>>; readonly source: PolicySource }
  /**
   * Anomalies: a row is flagged when its anomaly score is at least `threshold`; `flaggedShare` is
   * the share of training rows flagged at that threshold (the share the threshold was chosen
   * for, when it was chosen that way), null when unknown.
   */
  | { readonly kind: 'score-threshold'; readonly threshold: number; readonly flaggedShare: number | null; readonly source: PolicySource }
  /**
   * Clustering (and anomaly packages written before score thresholds): the model's own output, the
   * cluster; `k` is the number of clusters (optional: absent in packages written without it).
   */
  | { readonly kind: 'model-output'; readonly k?: number; readonly source: PolicySource };

/** Value of deciding `decided` when the truth is `actual`: costMatrix[actual][decided] (a cost is negative). */
export type CostMatrix = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface Estimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface DecisionPromise {
  /** Every model metric, out of fold, with its 95% interval; threshold metrics at the policy. */
  readonly metrics: Readonly<Record<string, Estimate>>;
  /** Value per decision at the policy, out of fold, with its interval; null without business figures. */
  readonly value: { readonly perDecision: Estimate; readonly currency: string; readonly decisionsPerMonth: number | null } | null;
  /** Binary: the share of positive decisions at the policy threshold, out of fold (decision drift's reference). */
  readonly positiveRate: number | null;
  /** Rows the promise was measured on. */
  readonly rows: number;
  /**
   * Regression with a boundary: the share of rows decided above it and the share decided on the
   * truth's side, out of fold, with intervals (monitor compares its window with them). Optional:
   * absent without a boundary and in packages written before it.
   */
  readonly boundary?: { readonly boundary: number; readonly aboveShare: Estimate; readonly sideAccuracy: Estimate };
  /**
   * Clustering: each cluster's share of the training rows, by cluster label ('0', '1', …), which
   * monitoring compares the window's shares with. Optional: absent for other kinds and older packages.
   */
  readonly clusterShares?: Readonly<Record<string, number>>;
  /**
   * The metric among `metrics` that heads the promise: the assessment's main metric (PR AUC for a
   * yes/no target with rare positives, see evaluate/main-metric.ts). Monitoring shows it first and
   * retraining compares by it. Optional: absent in packages written before it (then the task's usual one).
   */
  readonly mainMetric?: string;
}

export interface DecisionPackage {
  readonly version: number;
  readonly data: DataSettings;
  readonly policy: DecisionPolicy;
  readonly promise: DecisionPromise;
  /** The card's business figures (empty when it gives none). */
  readonly business: BusinessSpec;
  /**
   * Columns of the training data that are not features, each with the reason (the problem's
   * `leftOut`: id, time, target, free text, excluded, unavailable, team-rule outputs). The server
   * accepts and ignores them in a request row. Optional: absent in packages written without it.
   */
  readonly leftOut?: readonly { readonly name: string; readonly reason: string }[];
}

/** What a registered version holds that its package is read from (a ModelVersion). */
export interface RegisteredVersion {
  readonly name: string;
  readonly version: number;
  readonly task: string;
  readonly lineage: { readonly card: string | null; readonly metrics: Readonly<Record<string, Estimate>>; readonly decision?: DecisionPackage };
}

/**
 * The decision package of a version. A version registered before packages existed (or by
 * `train`) gets one made from its card: the card's data settings and threshold, and its
 * registered metrics as the promise, with no value.
 */
export function decisionPackageOf(version: RegisteredVersion): DecisionPackage {
  if (version.lineage.decision) return version.lineage.decision;
  let card: Card | null = null;
  try {
    if (version.lineage.card !== null) card = parseCard(version.lineage.card, `the card of '${version.name}'@${version.version}`);
  } catch {
    card = null;
  }
  return {
    version: DECISION_PACKAGE_VERSION,
    data: card === null ? NO_DATA_SETTINGS : cardDataSettings(card),
    policy: policyFromCard(version.task, card, null),
    promise: { metrics: version.lineage.metrics, value: null, positiveRate: null, rows: 0 },
    business: card?.business ?? {},
  };
}

/** The data settings a card reads its file with. */
export function cardDataSettings(card: Card): DataSettings {
  return {
    sql: card.data.sql ?? null,
    format: (card.data.format as FileFormat | undefined) ?? null,
    delimiter: card.data.delimiter ?? null,
    header: card.data.header ?? true,
    missing: card.data.missing ?? null,
    types: (card.data.types ?? {}) as Record<string, SemanticType>,
  };
}

/** The policy a card sets by itself (no brief): its threshold, top-k or boundary, else the default. */
export function policyFromCard(task: string, card: Card | null, positiveClass: string | null): DecisionPolicy {
  const d = card?.decision;
  if (task === 'binary') {
    const threshold = d?.threshold;
    return {
      kind: 'threshold',
      threshold: threshold ?? 0.5,
      positiveClass: d?.positiveClass ?? positiveClass ?? '',
      source: threshold === undefined ? 'default' : d?.thresholdMode === 'static' ? 'card-static' : 'card',
    };
  }
  if (task === 'multiclass' && d?.output === 'top-k' && d.k !== undefined) return { kind: 'top-k', k: d.k, source: 'card' };
  const costMatrix = card?.business?.costMatrix;
  if (task === 'multiclass' && costMatrix !== undefined && Object.keys(costMatrix).length > 0) return { kind: 'expected-value', costMatrix, source: 'card' };
  if (task === 'multiclass' || task === 'multilabel') return { kind: 'class', source: 'default' };
  if (task === 'regression') return { kind: 'number', boundary: d?.boundary ?? null, source: d?.boundary === undefined ? 'default' : 'card' };
  return { kind: 'model-output', source: 'default' };
}

/** How a report names a policy and its source, e.g. "threshold 0.17 on 'yes' (the brief's best value)". */
export function describePolicy(policy: DecisionPolicy): string {
  const from: Record<PolicySource, string> = {
    'brief-best-value': "the brief's threshold with the most value",
    'brief-best-f1': policy.kind === 'label-thresholds' ? "the brief's threshold with each label's best F1" : "the brief's threshold with the best F1",
    'card-static': "the card's static threshold",
    card: "the card's decision",
    default: 'the default',
    override: 'a command-line override',
    serving: 'set on the server',
  };
  const what =
    policy.kind === 'threshold'
      ? `threshold ${policy.threshold} on '${policy.positiveClass}'`
      : policy.kind === 'top-k'
        ? `top ${policy.k} classes`
        : policy.kind === 'number'
          ? policy.boundary === null ? 'the predicted number' : `boundary ${policy.boundary}`
          : policy.kind === 'class'
            ? 'the most likely class'
            : policy.kind === 'expected-value'
              ? 'the class with the highest expected value under the cost matrix'
              : policy.kind === 'label-thresholds'
                ? `per-label thresholds ${Object.entries(policy.thresholds).map(([label, t]) => `${label} ${t}`).join(', ')}`
                : policy.kind === 'score-threshold'
                  ? `flag at anomaly score ${policy.threshold}${policy.flaggedShare === null ? '' : ` (${(policy.flaggedShare * 100).toFixed(1)}% of training rows)`}`
                  : policy.k === undefined
                    ? "the model's own output"
                    : `the cluster, one of ${policy.k}`;
  return `${what} (${from[policy.source]})`;
}
