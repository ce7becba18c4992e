// `assess`: is ML the right tool for this problem, and does the data hold up? Readiness checks,
// feature power, the non-ML bar, a leaderboard of models on the same folds, the lift over the
// bar with its interval, a learning curve and the verdict, all inside a time budget.

import { Budget } from '../core/budget.js';
import { FramewiseError } from '../core/errors.js';
import { type ProgressSink, silentProgress } from '../core/progress.js';
import { missingCount, valueAt } from '../data/column.js';
import { contentHash, schemaHash } from '../data/fingerprint.js';
import type { Frame } from '../data/frame.js';
import type { Fold } from '../data/split.js';
import type { Problem } from '../frame/problem.js';
import { MISSING_WORDS_ROW_LIMIT, missingWordOptions, missingWordsAsValues, missingWordsCheck } from '../profile/missing-words.js';
import { dataReadiness } from '../profile/readiness.js';
import { type Assessment, ASSESSMENT_VERSION, type CandidateScore } from './assessment.js';
import { bootstrapLift, type Lift } from './bootstrap-lift.js';
import { bestOneFeatureRuleCandidate, modelCandidate, priorCandidate, teamRuleCandidate } from './candidates.js';
import { crossValidate, type CvResult } from './cross-validate.js';
import { assessMultilabelRun, type MultilabelRun } from './assess-multilabel.js';
import { assessUnsupervised } from './assess-unsupervised.js';
import { featurePower } from './feature-power.js';
import { findLeaks, leakageCheck } from './leakage.js';
import { vouchedNotes, withAvailabilityQuestion } from './availability-question.js';
import { vouchedFeatures } from '../frame/vouched-features.js';
import { runLeaderboard } from './leaderboard.js';
import { learningCurve } from './learning-curve.js';
import { chooseModel } from './model-choice.js';
import { modelFamilies } from './model-families.js';
import { commonRows, type Supervised, type Truth } from './oof.js';
import { METRICS } from './task-metrics.js';
import { chooseMainMetric, defaultMinimumLift } from './main-metric.js';
import { positivesPerFoldCheck, unlearnableFoldsError } from './positives-per-fold.js';
import { budgetToSettle, liftUndecided } from './settle.js';
import { decideVerdict, type ScoredCandidate, type ValueComparison, type VerdictInput } from './verdict.js';
import { decidesOneClass, describeRuleDecisions } from './baselines/one-feature-rule.js';
import { readsAsRanking } from './baselines/rule-ranking.js';
import type { BarCandidate } from './value/bar-values.js';
import { businessCase } from './value/business-case.js';
import { LIFT_RESAMPLES, PLAN_ABOVE_ROWS, StageLog } from './budget-plan.js';
import { capTraining } from './stage-sample.js';
import { evaluationRows } from './evaluation-rows.js';
import { evaluationPositiveIndex } from '../frame/decision-defaults.js';
import { targetSpreadCheck } from './target-spread-check.js';

export interface AssessOptions {
  readonly budgetSeconds?: number;
  readonly progress?: ProgressSink;
  /** Folds to use instead of choosing them (multi-label runs every label on the same folds). */
  readonly folds?: readonly Fold[];
  /** The main metric to use instead of choosing it (multi-label averages every label's ROC AUC). */
  readonly mainMetric?: string;
}

export const DEFAULT_BUDGET_SECONDS = 60;

/** What the brief needs beyond the JSON: live out-of-fold predictions and the winning setup. */
export interface AssessmentRun {
  readonly assessment: Assessment;
  /** The rows the candidates were scored on (a seeded sample of the labelled rows for large data), which `folds` and `truth` index. */
  readonly frame: Frame;
  /** What the candidates were scored against; null for clustering and anomaly detection. */
  readonly truth: Truth | null;
  readonly folds: readonly Fold[];
  readonly results: ReadonlyMap<string, CvResult>;
  /** The best model's learning-curve runs below 100% of the rows, by share. */
  readonly curveRuns: ReadonlyMap<number, CvResult>;
  /** Every non-ML approach, to value each in money (the business case compares the model with the most valuable). */
  readonly bars: readonly BarCandidate[];
  /** How to train the chosen model again on all rows. */
  readonly chosen: {
    readonly family: string;
    readonly params: Readonly<Record<string, number | string | boolean>>;
    readonly frame: Frame;
    readonly target: string;
    /** The evaluation rows (a sample of `frame` for large data), which `folds` index; absent when they are `frame`. */
    readonly sample?: Frame;
  } | null;
  /** Multi-label: each label's run and the label truth (the brief chooses thresholds and trains from it). */
  readonly multilabel?: MultilabelRun;
}

export async function assess(problem: Problem, options: AssessOptions = {}): Promise<AssessmentRun> {
  const task = problem.task.task;
  if (task === 'clustering' || task === 'anomaly') {
    const assessment = withBasis(await assessUnsupervised(problem, options));
    return { assessment, frame: problem.frame, truth: null, folds: [], results: new Map(), curveRuns: new Map(), bars: [], chosen: null };
  }
  if (task === 'multilabel') {
    const made = await assessMultilabelRun(problem, options);
    const assessment = withBasis(made.assessment);
    return { assessment, frame: problem.frame, truth: null, folds: [], results: new Map(), curveRuns: new Map(), bars: [], chosen: null, multilabel: made.multilabel };
  }
  if (task !== 'regression' && task !== 'binary' && task !== 'multiclass') {
    throw new FramewiseError('INVALID_ARGUMENT', `Assessing a ${task} problem is not supported yet; framewise assesses regression, classification with one target column, clustering and anomaly detection.`, {
      hint: 'Name a single target column in the card, or assess each label as its own yes/no target.',
      location: { field: 'task' },
    });
  }
  const budget = new Budget(options.budgetSeconds ?? problem.card.assess?.budgetSeconds ?? DEFAULT_BUDGET_SECONDS);
  const progress = options.progress ?? silentProgress;
  const target = problem.target as string;
  const seed = problem.card.assess?.seed ?? 42;
  const k = problem.card.assess?.folds ?? 5;

  // Rows without a label cannot be learned from or scored.
  const targetColumn = problem.frame.column(target);
  const unlabelled = missingCount(targetColumn);
  const labelled = new Int32Array(problem.frame.rowCount - unlabelled);
  if (unlabelled === 0) for (let i = 0; i < labelled.length; i++) labelled[i] = i;
  else for (let i = 0, at = 0; i < problem.frame.rowCount; i++) if (valueAt(targetColumn, i) !== null) labelled[at++] = i;
  if (labelled.length < 10) {
    throw new FramewiseError('TARGET_ALL_MISSING', `Only ${labelled.length} rows have a value for target '${target}'.`, {
      hint: 'framewise needs labelled rows to assess: check the target column and the missing-value strings.',
      location: { column: target },
    });
  }
  const labelledFrame = labelled.length === problem.frame.rowCount ? problem.frame : problem.frame.take(labelled);
  const labelledTruth = buildTruth(labelledFrame, target, task, problem.card.decision?.positiveClass);
  const supervised = task as Supervised;
  // PR AUC heads a yes/no problem whose positives are rare (see main-metric.ts); every stage below ranks by it.
  const mainChoice = options.mainMetric === undefined ? chooseMainMetric(supervised, labelledTruth) : { metric: options.mainMetric, minimumLift: defaultMinimumLift(options.mainMetric, supervised), reason: null };
  const main = mainChoice.metric;
  const metrics = METRICS[supervised];
  const minimumLift = problem.card.assess?.minimumLift ?? mainChoice.minimumLift;

  // Readiness reads every labelled row (each check is linear); later stages may run on samples.
  const stages = new StageLog();
  progress.start('Checking the data');
  stages.begin();
  const readiness = dataReadiness({
    frame: labelledFrame,
    features: problem.features,
    target,
    classification: labelledTruth.kind === 'classification',
    leftOut: problem.leftOut,
    timeColumn: problem.timeColumn,
  });
  // A word such as "NA" read as missing while it is a large share of a column of words (North America).
  const words = missingWordsCheck(await missingWordsAsValues(problem.source.file, problem.frame, { ...missingWordOptions(problem.card.data), ...(problem.frame.rowCount > PLAN_ABOVE_ROWS ? { rowLimit: MISSING_WORDS_ROW_LIMIT } : {}) }));
  if (words !== null) readiness.push(words);
  if (problem.targetWarning !== undefined) readiness.push(targetSpreadCheck(problem.targetWarning, target));
  progress.stop();
  stages.end('readiness', labelledFrame.rowCount, labelledFrame.rowCount, null, null);

  // Large data: the budget is planned and the bar and the models share one seeded sample.
  const rowsFor = await evaluationRows({ frame: labelledFrame, fileRows: problem.frame.rowCount, truth: labelledTruth, features: problem.features, target, task: supervised, timeColumn: problem.timeColumn, folds: k, seed, rules: problem.rules, budget, progress, stages, ...(options.folds === undefined ? {} : { givenFolds: options.folds }) });
  const { frame, truth, folds, foldKind } = rowsFor.evaluation;
  const unlearnable = unlearnableFoldsError(truth, folds, foldKind, problem.timeColumn);
  if (unlearnable !== null) throw unlearnable;
  const foldPositives = positivesPerFoldCheck(truth, folds, foldKind, mainChoice.metric === 'pr_auc');
  if (foldPositives !== null) readiness.push(foldPositives);
  const plan = rowsFor.plan;
  const planned = (seconds: number | undefined): number | null => (plan === null || seconds === undefined ? null : seconds);
  const powerRows = rowsFor.featurePower;
  progress.start('Measuring each feature alone');
  stages.begin();
  const power = await featurePower(powerRows.frame, problem.features, powerRows.truth, supervised, powerRows.folds, Int32Array.from({ length: powerRows.frame.rowCount }, (_, i) => i));
  stages.end('feature-power', powerRows.frame.rowCount, labelledFrame.rowCount, powerRows.how, planned(plan?.seconds.featurePower));
  progress.stop();
  // Features the card vouches for are known at prediction time: never suspects for their power.
  const vouched = vouchedFeatures(problem.card, problem.rules, problem.features);
  const leaks = findLeaks(powerRows.frame, power, powerRows.truth, supervised, problem.unavailable, vouched);
  readiness.push(leakageCheck(leaks));
  if (problem.card.targetNote) {
    readiness.push({ id: 'proxy-label', title: 'What the label stands for', status: 'warn', message: `The card says the target is a proxy: ${problem.card.targetNote} Check that doing well on it moves what the team really wants.`, evidence: { note: problem.card.targetNote } });
  }

  // The non-ML bar: the prior, the best one-feature rule, and every team rule.
  progress.start('Setting the non-ML bar');
  stages.begin();
  const results = new Map<string, CvResult>();
  const priorResult = await crossValidate(priorCandidate(truth), folds, truth, metrics, frame.rowCount);
  results.set(priorResult.id, priorResult);
  const priorWords = truth.kind === 'regression' ? `always ${fmt(mean(truth.y))}` : `always '${truth.classes[majority(truth)]}'`;
  const baselines: CandidateScore[] = [score(priorResult, priorWords)];
  // The same approaches, valued in money later by their decisions (see value/bar-values.ts).
  const bars: BarCandidate[] = [{ id: priorResult.id, name: priorResult.name, kind: 'prior', result: priorResult, description: priorWords, decides: 'score' }];
  const notes: string[] = [...vouchedNotes(power, truth, vouched)];
  if (problem.features.length > 0) {
    const chosen: string[] = [];
    const rule = await crossValidate(bestOneFeatureRuleCandidate(frame, problem.features, truth, main, chosen), folds, truth, metrics, frame.rowCount);
    // Named after the feature most folds chose; described by that feature's rule on all rows.
    const feature = mostCommon(chosen);
    const named = { ...rule, id: `rule:${feature}`, name: `best one-feature rule ('${feature}')` };
    results.set(named.id, named);
    const found = power.rules.get(feature)!;
    const words = power.rows.find((r) => r.feature === feature)!.rule;
    // A rule giving one class on every row decides exactly as the prior does: it is reported as
    // the prior, not as an approach of its own under a feature's name, unless it is scored as the
    // ranking it gives (ROC AUC), where it is an approach of its own, worded as a ranking.
    if (decidesOneClass(found, truth) && !readsAsRanking(main, truth)) notes.push('The best one-feature rule gives the same class on every row, as the prior does, so it is reported as the prior.');
    else baselines.push(score(named, words));
    const column = frame.column(feature);
    bars.push({ id: named.id, name: named.name, kind: 'one-feature-rule', result: named, description: words, decides: 'score', describeDecisions: (rows, acted, threshold) => describeRuleDecisions(found, column, truth, rows, acted, threshold) });
  }
  for (const rule of problem.rules) {
    const result = await crossValidate(teamRuleCandidate(frame, rule.name, rule.column, rule.output, truth), folds, truth, metrics, frame.rowCount);
    results.set(result.id, result);
    baselines.push(score(result, rule.sql));
    const column = frame.column(rule.column);
    const scores = rule.output === 'score' ? Float64Array.from({ length: frame.rowCount }, (_, r) => Number(valueAt(column, r) ?? Number.NaN)) : undefined;
    bars.push({ id: result.id, name: result.name, kind: 'team-rule', result, description: rule.sql, decides: rule.output === 'score' ? 'score' : 'class', ...(scores === undefined ? {} : { scores }) });
  }

  stages.end('bar', frame.rowCount, labelledFrame.rowCount, rowsFor.evaluation.how, planned(plan?.seconds.bar));
  progress.stop();

  // The models, on the same folds, inside what is left of the budget. A planned budget keeps
  // only the slack back from the defaults (the models come first) and the curve's share from the search.
  const modelFrame = frame.select([...problem.features, target]);
  const spentBeforeModels = budget.elapsedSeconds;
  const reserve = plan === null ? Math.max(2, budget.remainingSeconds * 0.15) : plan.seconds.slack;
  // Each family learns from its planned share of every fold's training rows and predicts the same test rows.
  const familyFolds = new Map<string, readonly Fold[]>();
  if (plan !== null) for (const [family, cap] of Object.entries(plan.trainingRows)) familyFolds.set(family, capTraining(folds, cap, seed, truth.kind === 'classification' ? truth.y : null, foldKind === 'time-ordered'));
  const { entries: board, skipped } = await runLeaderboard({ frame: modelFrame, target, truth, task: supervised, folds, metrics, budget, reserveSeconds: reserve, seed, progress, mainMetric: main, ...(plan === null ? {} : { searchReserveSeconds: plan.seconds.slack + plan.seconds.curve, searchMargin: 2.5, foldsFor: (f: string) => familyFolds.get(f) ?? folds }) });
  for (const e of board) {
    const share = plan === null ? null : (plan.familySeconds[e.family] ?? 0) + plan.seconds.search / Object.keys(plan.familySeconds).length;
    stages.add({ stage: `model:${e.family}`, rows: frame.rowCount, of: labelledFrame.rowCount, sampled: frame.rowCount < labelledFrame.rowCount, how: frame.rowCount < labelledFrame.rowCount ? rowsFor.evaluation.how : null, plannedSeconds: share, spentSeconds: e.seconds, trainingRows: Math.max(...(familyFolds.get(e.family) ?? folds).map((f) => f.train.length)) });
  }
  for (const entry of board) results.set(entry.result.id, entry.result);
  const leaderboard = board.map((e) => ({ ...score(e.result), params: e.params, configsTried: e.configsTried, cutShort: e.cutShort }));

  stages.begin();
  const better = (a: CandidateScore, b: CandidateScore): number => b.metrics[main]!.mean - a.metrics[main]!.mean;
  const sortedBaselines = [...baselines].sort(better);
  const bestBaseline = sortedBaselines[0]!;
  // The model put forward (the one choice the verdict names, the brief explains and registration
  // stores): a more complex family only when its advantage is beyond its paired interval, and one
  // that ran every fold before one the budget cut short. Its lifts are the ones the verdict weighs.
  const choice = chooseModel({
    candidates: board.map((e) => ({ family: e.family, result: e.result })),
    truth,
    folds: folds.length,
    metric: main,
    seed,
    valuePerDecision: (t, r) => businessCase({ truth: t, model: r, bar: r, half: null, business: problem.card.business, decision: problem.card.decision }).model.perDecision,
    currency: problem.card.business?.currency ?? '',
    ...(plan === null ? {} : { liftRows: plan.liftRows }),
  });
  stages.end('model-choice', choice?.advantages[0]?.rows ?? frame.rowCount, labelledFrame.rowCount, 'random', null);
  const bestModel = choice === null ? null : leaderboard.find((e) => e.id === choice.model)!;
  // Picking the best of many candidates flatters it, so the intervals are family-wise: 95%
  // across all the comparisons made (Bonferroni), not 95% for each.
  const comparisons = Math.max(1, baselines.length - 1 + board.reduce((s, e) => s + e.configsTried, 0));
  const level = 1 - 0.05 / comparisons;
  const liftOf = (a: string, b: string): Lift => {
    const ra = results.get(a)!;
    const rb = results.get(b)!;
    const rows = commonRows(ra.tested, rb.tested);
    return bootstrapLift(main, truth, ra.oof, rb.oof, rows, { seed, level, ...(plan === null ? {} : { maxRows: plan.liftRows, resamples: LIFT_RESAMPLES }) });
  };
  progress.start('Measuring the lift over the bar');
  stages.begin();
  const overBaseline = bestModel && bestBaseline.id !== 'prior' ? liftOf(bestModel.id, bestBaseline.id) : null;
  const overPrior = bestModel ? liftOf(bestModel.id, 'prior') : null;
  const baselineOverPrior = bestBaseline.id !== 'prior' ? liftOf(bestBaseline.id, 'prior') : null;
  stages.end('lift', overPrior?.rows ?? frame.rowCount, labelledFrame.rowCount, 'random', null);
  progress.stop();

  let curve = null;
  let curveRuns: ReadonlyMap<number, CvResult> = new Map();
  if (bestModel) {
    const entry = board.find((e) => e.result.id === bestModel.id)!;
    const family = modelFamilies(supervised, seed).find((f) => f.family === entry.family)!;
    progress.start('Drawing the learning curve');
    stages.begin();
    const run = await learningCurve(
      modelCandidate(entry.result.id, entry.result.name, () => family.make(entry.params), modelFrame, target, truth),
      (familyFolds.get(entry.family) ?? folds).slice(0, entry.result.foldsRun),
      truth,
      main,
      frame.rowCount,
      minimumLift,
      entry.result.perFold.map((f) => f[main]!),
      // A planned budget keeps its slack for the lifts, the choice and the value after the curve.
      plan === null ? budget : new Budget(Math.max(0, budget.remainingSeconds - plan.seconds.slack)),
      entry.result.fitPredictSeconds,
      seed,
    );
    curve = run.curve;
    curveRuns = run.runs;
    stages.end('learning-curve', frame.rowCount, labelledFrame.rowCount, rowsFor.evaluation.how, planned(plan?.seconds.curve));
    progress.stop();
  }

  // With the card's business figures, the model put forward is valued against every non-ML
  // approach on the same out-of-fold rows, as the brief does.
  stages.begin();
  let value: ValueComparison | null = null;
  const valueModel: VerdictInput['valueModel'] = null;
  const putForward = bestModel === null ? undefined : board.find((e) => e.result.id === bestModel.id);
  if (putForward) {
    const c = businessCase({ truth, model: putForward.result, bar: results.get(bestBaseline.id)!, bars, half: null, business: problem.card.business, decision: problem.card.decision });
    if (c.model.perDecision !== null && c.bars.length > 0) {
      const b = problem.card.business ?? {};
      const running = b.monthlyRunningCost !== undefined && b.decisionsPerMonth !== undefined && b.decisionsPerMonth > 0 ? b.monthlyRunningCost / b.decisionsPerMonth : null;
      value = {
        currency: c.currency,
        rows: c.rows,
        decisionsPerMonth: c.decisionsPerMonth,
        model: { id: putForward.result.id, name: putForward.result.name, perDecision: c.model.perDecision, afterRunningCost: c.model.perDecision - (running ?? 0) },
        runningCostPerDecision: running,
        bar: c.bars[0]!,
        bars: c.bars,
      };
    }
  }
  stages.end('value', value?.rows ?? frame.rowCount, labelledFrame.rowCount, rowsFor.evaluation.how, null);

  // The budget that would settle an inconclusive verdict (settle.ts), timed only when it may be one.
  const mayBeUndecided = bestModel === null || [overBaseline, overPrior, baselineOverPrior].some((l) => liftUndecided(l, minimumLift));
  const budgetSuggestedSeconds = mayBeUndecided ? await budgetToSettle({ frame: modelFrame, target, truth, folds, families: modelFamilies(supervised, seed), board, skipped, budget, spentBeforeModels }) : null;
  // The content hash reads every value once: linear, and timed as a stage of its own.
  stages.begin();
  const fingerprint = contentHash(problem.frame);
  stages.end('fingerprint', problem.frame.rowCount, problem.frame.rowCount, null, null);
  const scored = (c: CandidateScore): ScoredCandidate => ({ id: c.id, name: c.name, score: c.metrics[main]!.mean, ...(c.description === undefined ? {} : { description: c.description }) });
  const verdict = decideVerdict({
    metric: main,
    minimumLift,
    checks: readiness,
    bestModel: bestModel ? scored(bestModel) : null,
    bestBaseline: scored(bestBaseline),
    prior: scored(baselines[0]!),
    liftOverBaseline: overBaseline,
    liftOverPrior: overPrior,
    baselineOverPrior,
    learningCurve: curve,
    value,
    valueModel,
    budgetSuggestedSeconds,
    budgetSeconds: budget.totalSeconds,
    labelledRows: frame.rowCount,
  });
  // A feature whose power alone raises the availability question is asked about by name, beside any verdict.
  const asked = withAvailabilityQuestion(verdict, leaks);

  const assessment: Assessment = {
    kind: 'framewise.assessment',
    version: ASSESSMENT_VERSION,
    name: problem.name,
    createdAt: new Date().toISOString(),
    source: { file: problem.source.file, format: problem.source.format, sql: problem.source.sql, card: problem.cardPath },
    data: { rows: problem.frame.rowCount, labelledRows: labelledFrame.rowCount, fingerprint, schemaHash: schemaHash(problem.frame) },
    framing: {
      task,
      reason: problem.task.reason,
      output: problem.task.output,
      target: problem.target,
      targetNote: problem.card.targetNote ?? null,
      classes: labelledTruth.kind === 'classification' ? classShares(labelledTruth) : null,
      positiveClass: truth.kind === 'classification' && truth.classes.length === 2 ? truth.classes[truth.positive]! : null,
      features: problem.features,
      leftOut: problem.leftOut,
      decision: problem.card.decision ?? null,
    },
    evaluation: { folds: folds.length, foldKind, seed, mainMetric: main, mainMetricReason: mainChoice.reason, metrics, budgetSeconds: budget.totalSeconds, elapsedSeconds: budget.elapsedSeconds },
    readiness,
    leakSuspects: leaks,
    featurePower: power.rows,
    baselines,
    leaderboard,
    lift: { overBestBaseline: overBaseline, overPrior, bestBaselineOverPrior: baselineOverPrior, bestModel: bestModel?.id ?? null, bestBaseline: bestBaseline.id },
    choice,
    learningCurve: curve,
    verdict: asked,
    stages: stages.list,
    warnings: [
      ...notes,
      ...board.filter((e) => e.cutShort).map((e) => `${e.result.name} ran ${e.result.foldsRun} of ${folds.length} folds before the ${budget.totalSeconds} s budget ran out; raise --budget for a full run`),
      ...skipped.map((f) => `${f.name} was not tried: ${f.reason}; raise --budget to include it`),
    ],
  };
  // Trained again on every labelled row; `sample` holds the evaluation rows the folds index.
  const chosen = putForward ? { family: putForward.family, params: putForward.params, frame: plan === null ? modelFrame : labelledFrame.select([...problem.features, target]), target, ...(plan === null ? {} : { sample: modelFrame }) } : null;
  return { assessment, frame, truth, folds, results, curveRuns, bars, chosen };
}

/** Clustering, anomaly and multi-label verdicts are decided by their metric. */
function withBasis(assessment: Assessment): Assessment {
  return { ...assessment, verdict: { basis: 'metric', value: null, ...assessment.verdict } };
}

function score(result: CvResult, description?: string): CandidateScore {
  return {
    id: result.id,
    name: result.name,
    kind: result.kind,
    ...(description === undefined ? {} : { description }),
    metrics: result.metrics,
    foldsRun: result.foldsRun,
    fitPredictSeconds: result.fitPredictSeconds,
    fitSeconds: result.fitSeconds,
    predictSeconds: result.predictSeconds,
    warnings: result.warnings,
  };
}

/** Classes sorted as the learners sort them; the positive class from the card, else a yes-like or the rarer one. */
export function buildTruth(frame: Frame, target: string, task: string, positiveClass?: string): Truth {
  const column = frame.column(target);
  if (task === 'regression') {
    if (column.kind !== 'numeric') throw new FramewiseError('INTERNAL', 'regression target is not numeric');
    return { kind: 'regression', y: column.values };
  }
  // Each distinct stored value is turned into its label once: millions of rows make no strings.
  const raw = new Int32Array(frame.rowCount);
  const seen = new Map<unknown, number>();
  const words: string[] = [];
  for (let i = 0; i < frame.rowCount; i++) {
    const v = valueAt(column, i);
    let code = seen.get(v);
    if (code === undefined) {
      code = seen.size;
      seen.set(v, code);
      words.push(String(v));
    }
    raw[i] = code;
  }
  const classes = [...new Set(words)].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const recode = Int32Array.from(words, (w) => index.get(w)!);
  const y = raw.map((c) => recode[c]!);
  const positive = evaluationPositiveIndex(classes, y, positiveClass, target);
  return { kind: 'classification', y, classes, positive };
}

function classShares(truth: Truth & { kind: 'classification' }): { label: string; count: number; share: number }[] {
  const counts = new Array<number>(truth.classes.length).fill(0);
  for (const c of truth.y) counts[c]!++;
  return truth.classes.map((label, i) => ({ label, count: counts[i]!, share: counts[i]! / truth.y.length })).sort((a, b) => b.count - a.count);
}

function majority(truth: Truth & { kind: 'classification' }): number {
  const counts = new Array<number>(truth.classes.length).fill(0);
  for (const c of truth.y) counts[c]!++;
  return counts.indexOf(Math.max(...counts));
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

function mean(values: Float64Array): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
