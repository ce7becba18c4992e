// The brief for anomaly detection: the isolation forest trained on every row, the score threshold
// it flags at (from the card's share or threshold, the value-best share when labels and outcomes
// exist, else the assessment's share), the promise (the flagged share, and held-out metrics at the
// threshold when labelled), what drives the flags, and how to watch them.

import type { AssessmentRun } from '../evaluate/assess.js';
import { knownAnomalies } from '../evaluate/assess-anomaly.js';
import { agreement, flagsAt, shareFlagged, thresholdForShare } from '../evaluate/anomaly-flags.js';
import { anomalyFolds, clip01, type FoldRun, heldOutMetrics, heldOutValue, modelFoldRuns, ruleFoldRuns, valueBestShare } from '../evaluate/anomaly-folds.js';
import { type Interval, meanInterval } from '../evaluate/interval.js';
import type { BusinessCase } from '../evaluate/value/business-case.js';
import { computeRoi } from '../evaluate/value/roi.js';
import { watchPlan } from '../evaluate/watch-plan.js';
import type { Frame } from '../data/frame.js';
import { permutation } from '../core/rng.js';
import type { Problem } from '../frame/problem.js';
import { IsolationForest } from '../learn/iforest/iforest.js';
import { cardDataSettings, type DecisionPolicy, type DecisionPromise, type PolicySource } from '../registry/decision-package.js';
import type { Brief, Explanations } from './brief-data.js';
import { briefOpening } from './brief-data.js';
import { briefDecisionPackage, flatPolicy } from './brief-decision.js';
import type { ProgressSink } from '../core/progress.js';
import type { DataSettings } from '../data/data-settings.js';
import type { FittedModel } from '../learn/estimator.js';
import type { DecisionPackage } from '../registry/decision-package.js';

/** What makeBrief passes on (its MakeBriefOptions). */
export interface AnomalyBriefOptions {
  readonly progress?: ProgressSink;
  readonly modelPath: string;
  readonly data?: DataSettings;
}

/** What makeBrief returns (its MadeBrief), always with a model and its package. */
export interface AnomalyBrief {
  readonly brief: Brief;
  readonly model: FittedModel;
  readonly run: AssessmentRun;
  readonly decision: DecisionPackage;
}

/** The anomaly brief from an anomaly assessment run (see make-brief.ts). */
export async function makeAnomalyBrief(problem: Problem, run: AssessmentRun, options: AnomalyBriefOptions): Promise<AnomalyBrief> {
  const a = run.assessment;
  const x = a.anomaly!;
  const seed = a.evaluation.seed;
  const frame = problem.frame.select(problem.features);
  const n = frame.rowCount;
  const known = knownAnomalies(problem);
  const d = problem.card.decision;
  const business = problem.card.business;

  // Held-out runs with known anomalies: the value-best share is chosen on them, and the promise measured there.
  const folds = known === null ? null : anomalyFolds(known, problem.card.assess?.folds ?? 5, seed);
  const modelRuns: FoldRun[] | null = folds === null ? null : await modelFoldRuns(frame, folds, seed);
  const ruleRuns = folds === null || known === null ? null : ruleFoldRuns(frame, problem.features, known, folds).runs;
  const bestShare = modelRuns === null || d?.flaggedShare !== undefined || d?.threshold !== undefined ? null : valueBestShare(modelRuns, known!, business);
  const share = d?.flaggedShare ?? bestShare ?? x.flaggedShare;
  const source: PolicySource = d?.flaggedShare !== undefined ? 'card' : d?.threshold !== undefined ? (d.thresholdMode === 'static' ? 'card-static' : 'card') : bestShare !== null ? 'brief-best-value' : 'default';

  options.progress?.start('Training isolation forest on every row');
  const model = await new IsolationForest({ seed, contamination: Math.min(0.5, Math.max(1e-3, Number(share.toFixed(4)))) }).fit(frame, undefined);
  options.progress?.stop();
  const scores = model.score(frame);
  // A readable threshold (4 significant digits); the share is the one it really flags.
  const threshold = d?.threshold ?? readableBelow(thresholdForShare(scores, share));
  const flaggedShare = shareFlagged(scores, threshold);
  const policy: DecisionPolicy = { kind: 'score-threshold', threshold, flaggedShare, source };

  const half = 1.96 * Math.sqrt((flaggedShare * (1 - flaggedShare)) / Math.max(1, n));
  const metrics: Record<string, Interval> = {
    flagged_share: { mean: flaggedShare, low: Math.max(0, flaggedShare - half), high: Math.min(1, flaggedShare + half) },
    flag_stability: { mean: Math.min(x.stability.seeds.mean, x.stability.subsamples.mean), low: Math.min(x.stability.seeds.min, x.stability.subsamples.min), high: Math.max(x.stability.seeds.mean, x.stability.subsamples.mean) },
  };
  let modelValue: Interval | null = null;
  let ruleValue: Interval | null = null;
  if (modelRuns !== null && known !== null) {
    const held = heldOutMetrics(modelRuns, known, share);
    for (const key of ['roc_auc', 'average_precision', 'precision', 'recall']) metrics[key] = held[key]!;
    modelValue = heldOutValue(modelRuns, known, share, business);
    ruleValue = ruleRuns === null ? null : heldOutValue(ruleRuns, known, share, business);
  }
  const promise: DecisionPromise = {
    metrics,
    value: modelValue === null ? null : { perDecision: modelValue, currency: business?.currency ?? '', decisionsPerMonth: business?.decisionsPerMonth ?? null },
    positiveRate: flaggedShare,
    rows: n,
  };

  const explanations = flagDrivers(model, frame, flagsAt(scores, threshold), threshold, seed);
  const base = watchPlan(model.signature, explanations.permutation.map((p) => p.feature), 'flagged_share', flaggedShare, metrics['flagged_share']!.low);
  const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
  const watch = {
    ...base,
    performance: {
      metric: 'flagged_share',
      expected: flaggedShare,
      floor: metrics['flagged_share']!.low,
      note: `the model flags ${pct(flaggedShare)} of the training rows at score ${threshold} (95% interval ${pct(metrics['flagged_share']!.low)} to ${pct(metrics['flagged_share']!.high)}); a window that flags a share outside what chance allows around it means the data or the model has moved. ${known === null ? 'When reviewed labels arrive (1 = anomaly, in the card’s referenceColumn), precision and recall at the threshold are measured.' : `Once labels arrive, precision and recall at the threshold are compared with the promise (${metrics['precision']!.mean.toFixed(3)} and ${metrics['recall']!.mean.toFixed(3)} on held-out rows).`}`,
    },
    retrainTrigger: `Retrain when the flagged share leaves its band, when the most important inputs drift${known === null ? '' : ', or when precision or recall at the threshold fall below their promise'}; retrain compares the flagged sets of both models${known === null ? ' (without labels it can say how far they agree, not which is right)' : ' and their precision and recall on the labelled rows'}.`,
  };

  const decisionsPerMonth = business?.decisionsPerMonth ?? null;
  const perMonth = (v: number | null): number | null => (v === null || decisionsPerMonth === null ? null : v * decisionsPerMonth);
  const ruleName = a.baselines[0]?.name ?? 'no one-feature rule';
  const bc: BusinessCase = {
    currency: business?.currency ?? '',
    decisionsPerMonth,
    rows: n,
    model: { name: 'isolation forest', perDecision: modelValue?.mean ?? null, perMonth: perMonth(modelValue?.mean ?? null) },
    bar: { name: ruleName, perDecision: ruleValue?.mean ?? null, perMonth: perMonth(ruleValue?.mean ?? null) },
    bars: [],
    bestBar: null,
    nothing: null,
    thresholds: null,
    errors: null,
    roi: computeRoi({ modelPerMonth: perMonth(modelValue?.mean ?? null), alternativePerMonth: perMonth(ruleValue?.mean ?? null), buildCost: business?.buildCost ?? null, monthlyRunningCost: business?.monthlyRunningCost ?? null, retrainingCost: business?.retrainingCost ?? null, lastImprovementPerMonth: null }),
    inputs: Object.fromEntries(Object.entries(business ?? {}).filter(([, v]) => typeof v === 'number' || typeof v === 'string')) as Record<string, number | string>,
    assumptions: known === null ? [{ field: 'referenceColumn', text: 'No known anomalies: the value of a flag cannot be measured until flagged and unflagged rows are reviewed.' }] : business?.outcomes === undefined ? [{ field: 'business.outcomes', text: 'No outcome values: give the value of a true and a false flag (truePositive, falsePositive, falseNegative) to price the threshold.' }] : [],
    successMetric: business?.successMetric ?? null,
    modelMetric: business?.modelMetric ?? null,
  };
  const choice = {
    model: 'model:iforest',
    reason: `isolation forest, trained on all ${n} rows, flags rows at anomaly score ${threshold} or above (${pct(flaggedShare)} of them)${source === 'brief-best-value' ? ', the share with the most value per decision on held-out rows' : source === 'default' ? '' : ", as the card's decision says"}.`,
    valueByModel: [{ model: 'isolation forest', perDecision: modelValue?.mean ?? null }],
  };
  const brief: Brief = {
    ...briefOpening(problem.name, problem.card.goal, a),
    business: { ...bc, policy: flatPolicy(policy) },
    choice,
    explanations,
    watch,
    confusion: null,
    promise,
    model: { path: options.modelPath, estimator: model.estimator, params: model.params, rows: n },
  };
  const decision = briefDecisionPackage(options.data ?? cardDataSettings(problem.card), policy, promise, problem.card, problem.leftOut.map((l) => ({ name: l.name, reason: l.reason })));
  // The registered version's reference data is every column the model reads and the ones it was read beside.
  return { brief, model, run: { ...run, chosen: { family: 'iforest', params: model.params as Readonly<Record<string, number | string | boolean>>, frame: problem.frame, target: '' } }, decision };
}

/**
 * What drives the flags: each input shuffled in turn (three times), the rows flagged at the same
 * threshold compared with the rows flagged before; the drop in agreement is how much the flags lean on it.
 */
function flagDrivers(model: { score(frame: Frame): Float64Array }, frame: Frame, flagged: Uint8Array, threshold: number, seed: number): Explanations {
  const rows = frame.rowCount;
  const out = frame.names.map((feature, f) => {
    const drops: number[] = [];
    for (let r = 0; r < 3; r++) {
      const order = permutation(rows, seed + 101 * (f + 1) + r);
      const shuffled = frame.withColumn(frame.select([feature]).take(order).column(feature), frame.typeOf(feature));
      drops.push(1 - agreement(flagged, flagsAt(model.score(shuffled), threshold)));
    }
    const i = clip01(meanInterval(drops));
    return { feature, mean: i.mean, low: Number.isFinite(i.low) ? i.low : i.mean, high: Number.isFinite(i.high) ? i.high : i.mean };
  });
  out.sort((p, q) => q.mean - p.mean);
  return { metric: 'flag_agreement', permutation: out, shap: null, notes: ['For anomaly detection the importance of an input is the share of flagged rows that stop being flagged when that input is shuffled (no labels are needed).'] };
}

/** The threshold rounded down to 4 significant digits, so it flags at least the rows the exact one does. */
function readableBelow(t: number): number {
  if (!(t > 0) || !Number.isFinite(t)) return t;
  const rounded = Number(t.toPrecision(4));
  return rounded <= t ? rounded : Number((rounded - 10 ** (Math.floor(Math.log10(t)) - 3)).toPrecision(4));
}
