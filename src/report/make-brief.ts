// Makes the decision brief: assesses the problem, trains the chosen model on every labelled
// row, values its decisions, explains it, plans its monitoring, and gathers it all as brief.json
// data and a document for the renderers.

import { prefixedProgress, type ProgressSink, silentProgress } from '../core/progress.js';
import { assess, type AssessmentRun } from '../evaluate/assess.js';
import { modelFamilies } from '../evaluate/model-families.js';
import type { Supervised } from '../evaluate/oof.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import { businessCase } from '../evaluate/value/business-case.js';
import { classRuleOfPolicy, decidedClass } from '../evaluate/value/class-decisions.js';
import { measurePromise } from '../evaluate/value/decision-promise.js';
import { watchPlan } from '../evaluate/watch-plan.js';
import type { Problem } from '../frame/problem.js';
import type { FittedModel } from '../learn/estimator.js';
import { cardDataSettings, type DecisionPackage, type DecisionPolicy, type DecisionPromise } from '../registry/decision-package.js';
import type { DataSettings } from '../data/data-settings.js';
import type { Brief } from './brief-data.js';
import { briefOpening } from './brief-data.js';
import { briefDecisionPackage, briefPolicy, flatPolicy } from './brief-decision.js';
import { makeAnomalyBrief } from './anomaly-brief.js';
import { clusterBrief } from './cluster-brief.js';
import { explainChosenModel } from './explain-model.js';
import { multilabelChoice } from './multilabel-brief.js';

export interface MakeBriefOptions {
  readonly budgetSeconds?: number;
  readonly progress?: ProgressSink;
  /** Where the model file will be written, as shown in the brief. */
  readonly modelPath: string;
  /** The settings the problem's data was read with (default: the card's). */
  readonly data?: DataSettings;
}

export interface MadeBrief {
  readonly brief: Brief;
  /** The chosen model trained on every labelled row; null when no model was run. */
  readonly model: FittedModel | null;
  readonly run: AssessmentRun;
  /** The decision package of the chosen model (data settings, policy, promise, business figures); null when no model was run. */
  readonly decision: DecisionPackage | null;
}

export async function makeBrief(problem: Problem, options: MakeBriefOptions): Promise<MadeBrief> {
  const progress = options.progress ?? silentProgress;
  const run = await assess(problem, { ...(options.budgetSeconds === undefined ? {} : { budgetSeconds: options.budgetSeconds }), progress });
  const a = run.assessment;
  // Anomaly detection has its own model, threshold and promise, with or without known anomalies.
  if (a.anomaly) return makeAnomalyBrief(problem, run, options);
  const main = a.evaluation.mainMetric;
  let model: FittedModel | null = null;
  let explanations: Brief['explanations'] = null;
  let watch: Brief['watch'] = null;
  let confusion: Brief['confusion'] = null;
  let business: Brief['business'] = null;
  let choice: Brief['choice'] = null;
  let promise: DecisionPromise | null = null;
  let policy: DecisionPolicy | null = null;
  // Multi-label: the best model over all labels, each label deciding at its own threshold.
  const labelled = a.framing.task === 'multilabel' ? await multilabelChoice(problem, run, progress) : null;
  if (labelled !== null) {
    ({ model, policy, promise, choice } = labelled);
    business = null;
    // Watched at the thresholds: the F1 over every label decision, against its promised interval.
    const f1 = promise.metrics['f1_micro']!;
    watch = watchPlan(model.signature, problem.features, 'f1_micro', f1.mean, Number.isFinite(f1.low) ? f1.low : f1.mean);
  }
  const chosen = run.chosen;
  const barResult = run.results.get(a.lift.bestBaseline);
  if (chosen && run.truth && barResult) {
    // Each model's decisions are valued, for the table of value by model.
    const valued = a.leaderboard.map((entry) => ({
      entry,
      value: businessCase({ truth: run.truth!, model: run.results.get(entry.id)!, bar: barResult, bars: run.bars, half: entry.id === a.lift.bestModel ? (run.curveRuns.get(0.5) ?? null) : null, business: problem.card.business, decision: problem.card.decision }),
    }));
    const byValue = valued.every((v) => v.value.model.perDecision !== null) ? [...valued].sort((x, y) => y.value.model.perDecision! - x.value.model.perDecision!) : valued;
    // The model the assessment put forward, the one its verdict names (see evaluate/model-choice.ts).
    const pick = valued.find((v) => v.entry.id === a.choice?.model) ?? byValue[0]!;
    policy = briefPolicy(a.framing.task, problem.card, pick.value, a.framing.positiveClass);
    business = { ...pick.value, policy: flatPolicy(policy) };
    // The promise, measured where the model will decide: at the policy, on its out-of-fold rows.
    promise = measurePromise({ truth: run.truth, result: run.results.get(pick.entry.id)!, metrics: pick.entry.metrics, threshold: policy.kind === 'threshold' ? policy.threshold : null, boundary: policy.kind === 'number' ? policy.boundary : null, business: problem.card.business, policy, seed: a.evaluation.seed, mainMetric: main });
    choice = {
      model: pick.entry.id,
      reason: a.choice?.model === pick.entry.id ? a.choice.reason : pick.entry.id === a.lift.bestModel ? `${pick.entry.name} has the best ${metricInfo(main).label}${byValue !== valued ? ' and the highest value per decision' : ''}.` : `${pick.entry.name} is worth the most per decision (${pick.value.model.perDecision!.toFixed(2)}), although ${a.leaderboard[0]!.name} has the best ${metricInfo(main).label}.`,
      valueByModel: valued.map((v) => ({ model: v.entry.name, perDecision: v.value.model.perDecision })),
    };
    const family = modelFamilies(a.framing.task as Supervised, a.evaluation.seed).find((f) => `model:${f.family}` === pick.entry.id)!;
    const params = pick.entry.params ?? family.configs[0]!;
    // The learner reports its own steps (rounds, trees), shown under this step's name.
    model = await family.make(params).fit(chosen.frame, chosen.target, { progress: prefixedProgress(progress, 'Training the chosen model on every labelled row') });
    progress.start('Explaining the model');
    explanations = await explainChosenModel({ run, model, family, params, seed: a.evaluation.seed });
    progress.stop();
    const m = pick.entry.metrics[main]!;
    watch = watchPlan(model.signature, explanations.permutation.map((p) => p.feature), main, m.mean, Number.isFinite(m.low) ? m.low : m.mean);
    confusion = confusionOf(run, pick.entry.id, policy);
  }
  // Clustering has no labels to value: k-means with the assessment's k is the model, its cluster the decision.
  const cluster = a.framing.task === 'clustering' ? await clusterBrief(problem, run) : null;
  if (cluster) ({ model, policy, promise, choice, watch } = cluster);
  const brief: Brief = {
    ...briefOpening(problem.name, problem.card.goal, a),
    business,
    choice,
    explanations,
    watch,
    confusion,
    promise,
    ...(labelled === null ? {} : { labels: labelled.labels }),
    model: model ? { path: options.modelPath, estimator: model.estimator, params: model.params, rows: (run.chosen?.frame ?? run.frame).rowCount } : null,
    ...(cluster ? { clusters: cluster.groups } : {}),
  };
  const decision = policy !== null && promise !== null && model !== null ? briefDecisionPackage(options.data ?? cardDataSettings(problem.card), policy, promise, problem.card, problem.leftOut.map((l) => ({ name: l.name, reason: l.reason }))) : null;
  return { brief, model, run: labelled?.run ?? cluster?.run ?? run, decision };
}

/** Out-of-fold confusion counts at the policy: two classes at its threshold, more by its rule (expected value under a cost matrix). */
function confusionOf(run: AssessmentRun, id: string, policy: DecisionPolicy): Brief['confusion'] {
  const threshold = policy.kind === 'threshold' ? policy.threshold : null;
  const truth = run.truth;
  if (truth === null || truth.kind !== 'classification') return null;
  const result = run.results.get(id)!;
  const oof = result.oof;
  if (oof.kind !== 'classification') return null;
  const k = truth.classes.length;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rule = classRuleOfPolicy(policy, truth.classes);
  const decide = (r: number): number => (threshold !== null && k === 2 ? (oof.probabilities[r * 2 + truth.positive]! >= threshold ? truth.positive : 1 - truth.positive) : k > 2 ? decidedClass(oof, r, k, rule) : oof.labels[r]!);
  for (const r of result.tested) {
    const predicted = decide(r);
    if (predicted >= 0) counts[truth.y[r]!]![predicted]!++;
  }
  return { classes: truth.classes, counts };
}
