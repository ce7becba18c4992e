// The shape of assessment.json (kind 'framewise.assessment', version 1): stable within a
// version; fields may be added, never renamed or removed. Documented in docs/assessment-json.md.

import type { AnomalyAssessment } from './anomaly-assessment.js';
import type { ReadinessCheck } from '../profile/readiness.js';
import type { Lift } from './bootstrap-lift.js';
import type { FeaturePower } from './feature-power.js';
import type { Interval } from './interval.js';
import type { LeakSuspect } from './leakage.js';
import type { LearningCurve } from './learning-curve.js';
import type { ModelChoice } from './model-choice.js';
import type { Verdict } from './verdict.js';
import type { StageRecord } from './budget-plan.js';

export const ASSESSMENT_VERSION = 1;

export interface CandidateScore {
  readonly id: string;
  readonly name: string;
  readonly kind: 'prior' | 'one-feature-rule' | 'team-rule' | 'model';
  /** Readable rule, for baselines. */
  readonly description?: string;
  /** Every metric: mean over folds with its 95% interval. */
  readonly metrics: Readonly<Record<string, Interval>>;
  readonly foldsRun: number;
  /** Seconds to learn and predict one fold. */
  readonly fitPredictSeconds: number;
  /** The same split into learning and predicting (models only). */
  readonly fitSeconds?: number | null;
  readonly predictSeconds?: number | null;
  readonly warnings: readonly string[];
  /** Models only. */
  readonly params?: Readonly<Record<string, number | string | boolean>>;
  readonly configsTried?: number;
  readonly cutShort?: boolean;
}

export interface Assessment {
  readonly kind: 'framewise.assessment';
  readonly version: typeof ASSESSMENT_VERSION;
  readonly name: string;
  readonly createdAt: string;
  readonly source: { readonly file: string; readonly format: string; readonly sql: string | null; readonly card: string | null };
  readonly data: { readonly rows: number; readonly labelledRows: number; readonly fingerprint: string; readonly schemaHash: string };
  readonly framing: {
    readonly task: string;
    readonly reason: string;
    readonly output: string;
    readonly target: string | readonly string[] | null;
    readonly targetNote: string | null;
    readonly classes: readonly { readonly label: string; readonly count: number; readonly share: number }[] | null;
    readonly positiveClass: string | null;
    readonly features: readonly string[];
    readonly leftOut: readonly { readonly name: string; readonly reason: string }[];
    readonly decision: Readonly<Record<string, unknown>> | null;
  };
  readonly evaluation: {
    readonly folds: number;
    readonly foldKind: 'stratified' | 'k-fold' | 'time-ordered';
    readonly seed: number;
    readonly mainMetric: string;
    /** Why the main metric is not the task's usual one, in one plain sentence (PR AUC for rare positives); null or absent otherwise. */
    readonly mainMetricReason?: string | null;
    readonly metrics: readonly string[];
    readonly budgetSeconds: number;
    readonly elapsedSeconds: number;
  };
  readonly readiness: readonly ReadinessCheck[];
  readonly leakSuspects: readonly LeakSuspect[];
  readonly featurePower: readonly FeaturePower[];
  readonly baselines: readonly CandidateScore[];
  readonly leaderboard: readonly CandidateScore[];
  readonly lift: { readonly overBestBaseline: Lift | null; readonly overPrior: Lift | null; readonly bestBaselineOverPrior: Lift | null; readonly bestModel: string | null; readonly bestBaseline: string };
  readonly learningCurve: LearningCurve | null;
  /**
   * The model put forward and why (supervised kinds with a leaderboard): the one the verdict
   * names, `lift.bestModel` and its lifts, the learning curve and the brief's model. Absent in
   * assessments written before it was added, and for kinds without a leaderboard of families.
   */
  readonly choice?: ModelChoice | null;
  readonly verdict: Verdict;
  /**
   * Supervised assessments: each stage in the order it ran, with the rows it used (a seeded sample
   * for large data), how they were drawn, and the seconds planned and spent.
   */
  readonly stages?: readonly StageRecord[];
  readonly warnings: readonly string[];
  /** Anomaly detection only: the flagged share, its stability, the one-feature rule and, with known anomalies, held-out scores. */
  readonly anomaly?: AnomalyAssessment;
}
