// The problem card (framewise.yaml): what we predict, from which data, which features exist at
// prediction time, the team's own rules, the decision the output drives, and what it is worth.
// One zod schema; every problem in a card is reported at once with its path.

import { z } from 'zod';
import { FILE_FORMATS } from '../data/file-format.js';
import { SEMANTIC_TYPES } from '../data/semantic-type.js';

export const TASKS = ['regression', 'binary', 'multiclass', 'multilabel', 'clustering', 'anomaly'] as const;

const money = z.number().finite();
const nonNegative = z.number().finite().min(0);
const columnName = z.string().min(1);

const FeatureNote = z
  .object({
    availableAtPrediction: z.boolean().optional(),
    note: z.string().optional(),
  })
  .strict();

const TeamRule = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z][A-Za-z0-9_ -]*$/, 'a rule name starts with a letter and holds letters, digits, spaces, - or _'),
    /** A DuckDB SQL expression over one row of the data, e.g. `precipitation > 0`. */
    sql: z.string().min(1),
    /** What the expression gives: a class label, a score (higher means the positive class), or a number. */
    output: z.enum(['class', 'score', 'number']).optional(),
    note: z.string().optional(),
  })
  .strict();

const Decision = z
  .object({
    /** What the model output drives. */
    output: z.enum(['threshold', 'top-k', 'class', 'number']).optional(),
    /** For a binary classifier: the probability above which the positive decision is taken. */
    threshold: z.number().min(0).max(1).optional(),
    /** static: baked into the labels and the product; dynamic: the application sets it later. */
    thresholdMode: z.enum(['static', 'dynamic']).optional(),
    k: z.number().int().positive().optional(),
    positiveClass: z.string().optional(),
    /** Regression: the predicted value at which the decision changes. */
    boundary: z.number().finite().optional(),
    /**
     * Anomalies: the share of rows to flag (the score threshold is set where this share of the
     * training rows is flagged). `threshold` on an anomaly card is the anomaly score itself, in (0, 1].
     */
    flaggedShare: z.number().gt(0).max(0.5).optional(),
  })
  .strict();

const Business = z
  .object({
    /** Binary outcomes: the value of each decision in money (a cost is negative). */
    outcomes: z
      .object({ truePositive: money.optional(), falsePositive: money.optional(), trueNegative: money.optional(), falseNegative: money.optional() })
      .strict()
      .optional(),
    /** Several classes: value of predicting `predicted` when the truth is `actual`: costMatrix[actual][predicted]. */
    costMatrix: z.record(z.string(), z.record(z.string(), money)).optional(),
    /** Regression: the cost of one unit of error, or separately for over- and under-prediction. */
    costPerUnitError: nonNegative.optional(),
    overPredictionCostPerUnit: nonNegative.optional(),
    underPredictionCostPerUnit: nonNegative.optional(),
    decisionsPerMonth: nonNegative.optional(),
    buildCost: nonNegative.optional(),
    monthlyRunningCost: nonNegative.optional(),
    retrainingCost: nonNegative.optional(),
    labellingCostPerRow: nonNegative.optional(),
    currency: z.string().optional(),
    /** The business outcome, in words, that the model serves. */
    successMetric: z.string().optional(),
    /** The model metric that stands in for it. */
    modelMetric: z.string().optional(),
    /** Where the figures come from. */
    source: z.string().optional(),
  })
  .strict();

const Assess = z
  .object({
    folds: z.number().int().min(2).max(20).optional(),
    seed: z.number().int().optional(),
    budgetSeconds: z.number().positive().optional(),
    /** The smallest lift over the best baseline that counts as worth it, in the main metric's units. */
    minimumLift: z.number().min(0).optional(),
  })
  .strict();

const DRIFT_TEST_NAMES = ['ks', 'chi_squared', 'psi', 'jensen_shannon', 'wasserstein'] as const;
/** A duration such as `30m`, `6h`, `1d`, `7d`. */
const duration = z.string().regex(/^[1-9][0-9]*(m|h|d)$/, 'a duration: a whole number and m, h or d, e.g. 30m, 6h, 1d');

const AlertRule = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'an alert name starts with a letter and holds letters, digits, ., - or _'),
    /**
     * What is watched: `drift.share` (share of drifted features), `drift.<feature>` (that feature's
     * statistic), `prediction.drift`, `ood.rate`, `ood.<feature>`, `performance.<metric>` (e.g.
     * performance.roc_auc over the labelled window), `value.perDecision` (realised business value).
     */
    metric: z.string().min(1),
    /** Breach when the value is above this... */
    above: z.number().finite().optional(),
    /** ...or below this. */
    below: z.number().finite().optional(),
    /** The window the metric is computed over (default: the monitoring window). */
    window: duration.optional(),
    /** The fewest rows (or labelled rows, for performance) a window needs before the rule is judged. */
    minRows: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((r) => (r.above === undefined) !== (r.below === undefined), { message: 'an alert sets exactly one of above or below' });

const Monitoring = z
  .object({
    /** The rolling window for performance and out-of-distribution rates over time (default 1d). */
    window: duration.optional(),
    /** Share of drifted features at which the data set counts as drifted (default 0.5). */
    datasetDriftShare: z.number().gt(0).max(1).optional(),
    /** Per-feature drift test and threshold, e.g. `{ temp_max: { test: ks, threshold: 0.01 } }`. */
    drift: z.record(columnName, z.union([z.enum(DRIFT_TEST_NAMES), z.object({ test: z.enum(DRIFT_TEST_NAMES), threshold: z.number().finite().positive().optional() }).strict()])).optional(),
    alerts: z.array(AlertRule).optional(),
    /** Where alerts are POSTed as JSON; or name an environment variable holding the URL. */
    webhook: z.string().url().optional(),
    webhookEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    /** How often `framewise serve` evaluates the alert rules (default 1h; off when there are no rules). */
    schedule: duration.optional(),
  })
  .strict();

export const CardSchema = z
  .object({
    name: z.string().min(1).optional(),
    /** The product goal in one sentence. */
    goal: z.string().optional(),
    data: z
      .object({
        file: z.string().min(1),
        sql: z.string().min(1).optional(),
        format: z.enum(FILE_FORMATS as [string, ...string[]]).optional(),
        delimiter: z.string().length(1).optional(),
        /** false: the file has no header line (columns are named column0, column1, …). Default true. */
        header: z.boolean().optional(),
        missing: z.array(z.string()).optional(),
        types: z.record(z.string(), z.enum(SEMANTIC_TYPES as [string, ...string[]])).optional(),
      })
      .strict(),
    /** The column to predict; several 0/1 columns for multi-label; null or absent for clustering and anomalies. */
    target: z.union([columnName, z.array(columnName).min(1), z.null()]).optional(),
    /** Say so when the target is a proxy for what the team really wants. */
    targetNote: z.string().optional(),
    /** For one column of delimited labels (multi-label). */
    labelDelimiter: z.string().min(1).optional(),
    task: z.enum(TASKS).optional(),
    id: columnName.optional(),
    time: columnName.optional(),
    features: z
      .object({
        /** Only these columns (default: all but target, id and time). */
        include: z.array(columnName).optional(),
        exclude: z.array(columnName).optional(),
        notes: z.record(z.string(), FeatureNote).optional(),
      })
      .strict()
      .optional(),
    rules: z.array(TeamRule).optional(),
    decision: Decision.optional(),
    business: Business.optional(),
    assess: Assess.optional(),
    monitoring: Monitoring.optional(),
    /** A reference column: a known grouping to compare clusters with, or known anomalies (1/true/yes, or decision.positiveClass) for anomaly detection. */
    referenceColumn: columnName.optional(),
  })
  .strict();

export type Card = z.infer<typeof CardSchema>;
export type TeamRuleSpec = z.infer<typeof TeamRule>;
export type DecisionSpec = z.infer<typeof Decision>;
export type BusinessSpec = z.infer<typeof Business>;
export type MonitoringSpec = z.infer<typeof Monitoring>;
export type AlertRuleSpec = z.infer<typeof AlertRule>;
