// `assess`: is ML the right tool for this problem, and does the data hold up? Readiness checks,
// feature power, the non-ML bar, a leaderboard of models on the same folds, the lift over the
// bar with its interval, a learning curve and the verdict, all inside a time budget.

import { Budget } from '../core/budget.js';
import { FramewiseError } from '../core/errors.js';
import { type ProgressSink, silentProgress } from '../core/progress.js';
import { valueAt } from '../data/column.js';
import { contentHash, schemaHash } from '../data/fingerprint.js';
import type { Frame } from '../data/frame.js';
import { type Fold, kFold, stratifiedKFold, timeSeriesFolds } from '../data/split.js';
import type { Problem } from '../frame/problem.js';
import { missingWordOptions, missingWordsAsValues, missingWordsCheck } from '../profile/missing-words.js';
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
import { evaluationPositiveIndex } from '../frame/decision-defaults.js';

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
  readonly chosen: { readonly family: string; readonly params: Readonly<Record<string, number | string | boolean>>; readonly frame: Frame; readonly target: string } | null;
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
  const labelled: number[] = [];
  const targetColumn = problem.frame.column(target);
  for (let i = 0; i < problem.frame.rowCount; i++) if (valueAt(targetColumn, i) !== null) labelled.push(i);
  if (labelled.length < 10) {
    throw new FramewiseError('TARGET_ALL_MISSING', `Only ${labelled.length} rows have a value for target '${target}'.`, {
      hint: 'framewise needs labelled rows to assess: check the target column and the missing-value strings.',
      location: { column: target },
    });
  }
  const frame = labelled.length === problem.frame.rowCount ? problem.frame : problem.frame.take(labelled);
  const truth = buildTruth(frame, target, task, problem.card.decision?.positiveClass);
  const supervised = task as Supervised;
  // PR AUC heads a yes/no problem whose positives are rare (see main-metric.ts); every stage below ranks by it.
  const mainChoice = options.mainMetric === undefined ? chooseMainMetric(supervised, truth) : { metric: options.mainMetric, minimumLift: defaultMinimumLift(options.mainMetric, supervised), reason: null };
  const main = mainChoice.metric;
  const metrics = METRICS[supervised];
  const minimumLift = problem.card.assess?.minimumLift ?? mainChoice.minimumLift;

  const chosenFolds = options.folds === undefined ? chooseFolds(frame, truth, problem.timeColumn, k, seed) : { folds: [...options.folds], foldKind: 'k-fold' as const };
  const { folds, foldKind } = chosenFolds;
  const unlearnable = unlearnableFoldsError(truth, folds, foldKind, problem.timeColumn);
  if (unlearnable !== null) throw unlearnable;
  const allRows = Int32Array.from({ length: frame.rowCount }, (_, i) => i);

  progress.start('Checking the data');
  const readiness = dataReadiness({
    frame,
    features: problem.features,
    target,
    classification: truth.kind === 'classification',
    leftOut: problem.leftOut,
    timeColumn: problem.timeColumn,
  });
  // A word such as "NA" read as missing while it is a large share of a column of words (North America).
  const words = missingWordsCheck(await missingWordsAsValues(problem.source.file, problem.frame, missingWordOptions(problem.card.data)));
  if (words !== null) readiness.push(words);
  const foldPositives = positivesPerFoldCheck(truth, folds, foldKind, mainChoice.metric === 'pr_auc');
  if (foldPositives !== null) readiness.push(foldPositives);
  progress.stop();
  progress.start('Measuring each feature alone');
  const power = await featurePower(frame, problem.features, truth, supervised, folds, allRows);
  progress.stop();
  // Features the card vouches for are known at prediction time: never suspects for their power.
  const vouched = vouchedFeatures(problem.card, problem.rules, problem.features);
  const leaks = findLeaks(frame, power, truth, supervised, problem.unavailable, vouched);
  readiness.push(leakageCheck(leaks));
  if (problem.card.targetNote) {
    readiness.push({ id: 'proxy-label', title: 'What the label stands for', status: 'warn', message: `The card says the target is a proxy: ${problem.card.targetNote} Check that doing well on it moves what the team really wants.`, evidence: { note: problem.card.targetNote } });
  }

  // The non-ML bar: the prior, the best one-feature rule, and every team rule.
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

  // The models, on the same folds, inside what is left of the budget.
  const modelFrame = frame.select([...problem.features, target]);
  const spentBeforeModels = budget.elapsedSeconds;
  const reserve = Math.max(2, budget.remainingSeconds * 0.15);
  const { entries: board, skipped } = await runLeaderboard({ frame: modelFrame, target, truth, task: supervised, folds, metrics, budget, reserveSeconds: reserve, seed, progress, mainMetric: main });
  for (const entry of board) results.set(entry.result.id, entry.result);
  const leaderboard = board.map((e) => ({ ...score(e.result), params: e.params, configsTried: e.configsTried, cutShort: e.cutShort }));

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
  });
  const bestModel = choice === null ? null : leaderboard.find((e) => e.id === choice.model)!;
  // Picking the best of many candidates flatters it, so the intervals are family-wise: 95%
  // across all the comparisons made (Bonferroni), not 95% for each.
  const comparisons = Math.max(1, baselines.length - 1 + board.reduce((s, e) => s + e.configsTried, 0));
  const level = 1 - 0.05 / comparisons;
  const liftOf = (a: string, b: string): Lift => {
    const ra = results.get(a)!;
    const rb = results.get(b)!;
    const rows = commonRows(ra.tested, rb.tested);
    return bootstrapLift(main, truth, ra.oof, rb.oof, rows, { seed, level });
  };
  progress.start('Measuring the lift over the bar');
  const overBaseline = bestModel && bestBaseline.id !== 'prior' ? liftOf(bestModel.id, bestBaseline.id) : null;
  const overPrior = bestModel ? liftOf(bestModel.id, 'prior') : null;
  const baselineOverPrior = bestBaseline.id !== 'prior' ? liftOf(bestBaseline.id, 'prior') : null;
  progress.stop();

  let curve = null;
  let curveRuns: ReadonlyMap<number, CvResult> = new Map();
  if (bestModel) {
    const entry = board.find((e) => e.result.id === bestModel.id)!;
    const family = modelFamilies(supervised, seed).find((f) => f.family === entry.family)!;
    progress.start('Drawing the learning curve');
    const run = await learningCurve(
      modelCandidate(entry.result.id, entry.result.name, () => family.make(entry.params), modelFrame, target, truth),
      folds.slice(0, entry.result.foldsRun),
      truth,
      main,
      frame.rowCount,
      minimumLift,
      entry.result.perFold.map((f) => f[main]!),
      budget,
      entry.result.fitPredictSeconds,
      seed,
    );
    curve = run.curve;
    curveRuns = run.runs;
    progress.stop();
  }

  // With the card's business figures, the model put forward is valued against every non-ML
  // approach on the same out-of-fold rows, as the brief does.
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

  // The budget that would settle an inconclusive verdict (settle.ts), timed only when it may be one.
  const mayBeUndecided = bestModel === null || [overBaseline, overPrior, baselineOverPrior].some((l) => liftUndecided(l, minimumLift));
  const budgetSuggestedSeconds = mayBeUndecided ? await budgetToSettle({ frame: modelFrame, target, truth, folds, families: modelFamilies(supervised, seed), board, skipped, budget, spentBeforeModels }) : null;
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
    data: { rows: problem.frame.rowCount, labelledRows: frame.rowCount, fingerprint: contentHash(problem.frame), schemaHash: schemaHash(problem.frame) },
    framing: {
      task,
      reason: problem.task.reason,
      output: problem.task.output,
      target: problem.target,
      targetNote: problem.card.targetNote ?? null,
      classes: truth.kind === 'classification' ? classShares(truth) : null,
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
    warnings: [
      ...notes,
      ...board.filter((e) => e.cutShort).map((e) => `${e.result.name} ran ${e.result.foldsRun} of ${folds.length} folds before the ${budget.totalSeconds} s budget ran out; raise --budget for a full run`),
      ...skipped.map((f) => `${f.name} was not tried: ${f.reason}; raise --budget to include it`),
    ],
  };
  const chosen = putForward ? { family: putForward.family, params: putForward.params, frame: modelFrame, target } : null;
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
  const labels = Array.from({ length: frame.rowCount }, (_, i) => String(valueAt(column, i)));
  const classes = [...new Set(labels)].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(labels, (l) => index.get(l)!);
  const positive = evaluationPositiveIndex(classes, y, positiveClass, target);
  return { kind: 'classification', y, classes, positive };
}

function chooseFolds(frame: Frame, truth: Truth, timeColumn: string | null, k: number, seed: number): { folds: Fold[]; foldKind: 'stratified' | 'k-fold' | 'time-ordered' } {
  if (timeColumn !== null) {
    const column = frame.column(timeColumn);
    const times = column.kind === 'datetime' || column.kind === 'numeric' ? column.values : Float64Array.from({ length: frame.rowCount }, (_, i) => i);
    return { folds: timeSeriesFolds(times, k), foldKind: 'time-ordered' };
  }
  if (truth.kind === 'classification') return { folds: stratifiedKFold(truth.y, k, seed), foldKind: 'stratified' };
  return { folds: kFold(frame.rowCount, k, seed), foldKind: 'k-fold' };
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
