// Multi-label assessment: each label is assessed as its own yes/no problem on the same folds,
// then the labels are put back together: Hamming loss and subset accuracy of every candidate
// over all labels, per-label verdicts, and an overall verdict.

import { FramewiseError } from '../core/errors.js';
import type { ProgressSink } from '../core/progress.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { kFold, timeSeriesFolds } from '../data/split.js';
import type { Problem } from '../frame/problem.js';
import { refuseConstantLabels } from '../frame/target-spread.js';
import { type Assessment, type CandidateScore } from './assessment.js';
import { assess, type AssessmentRun } from './assess.js';
import { type Interval, meanInterval } from './interval.js';
import { withinRange } from './metric-ranges.js';
import { type FeaturePower, powerVerdict } from './feature-power.js';
import type { ReadinessCheck } from '../profile/readiness.js';
import { hammingLoss, subsetAccuracy } from './metrics/index.js';
import { encodeMultiLabelTarget } from '../learn/multilabel/multilabel-target.js';
import { chooseMultilabelModel } from './multilabel-choice.js';
import { combineSettles, type Verdict, type VerdictKind } from './verdict.js';
import { withAvailabilityQuestion } from './availability-question.js';

export interface MultilabelOptions {
  readonly budgetSeconds?: number;
  readonly progress?: ProgressSink;
}

export const LABEL_PREFIX = 'label: ';

/**
 * One yes/no column per label, read by the same reader the model trains with
 * (learn/multilabel/multilabel-target.ts): a row with no labels (an empty field, read as missing)
 * is a row that carries none of them, not a row without an answer.
 */
export function labelColumns(problem: Problem): { frame: Frame; labels: string[] } {
  const frame = problem.frame;
  const target = problem.target;
  const name = Array.isArray(target) ? (target as readonly string[]).join(',') : typeof target === 'string' ? target : '';
  const encoded = encodeMultiLabelTarget(frame, name, problem.card.labelDelimiter ?? guessDelimiter(problem));
  const labels = [...encoded.labels];
  // A label on every row or on none has no yes/no question to assess: refused by name.
  refuseConstantLabels(labels.map((label, k) => ({ label, present: encoded.y[k]!.reduce((s, v) => s + v, 0), rows: frame.rowCount })), problem.cardPath ?? problem.source.file, typeof target === 'string' && !name.includes(','));
  if (labels.length < 2) {
    throw new FramewiseError('CARD_INVALID', `A multi-label target needs at least two labels; found ${labels.length}.`, { hint: 'Name several 0/1 target columns, or one column of labels separated by | (set labelDelimiter).', location: { field: 'target' } });
  }
  let out = frame;
  labels.forEach((l, k) => {
    out = out.withColumn({ kind: 'boolean', name: `${LABEL_PREFIX}${l}`, values: Int8Array.from(encoded.y[k]!) }, { type: 'boolean', reason: `label '${l}' present`, overridden: false });
  });
  return { frame: out, labels };
}

/** The delimiter of one column of label sets when the card names none: '|' or ';', whichever the first rows use. */
function guessDelimiter(problem: Problem): string {
  const target = problem.target;
  if (typeof target !== 'string' || !problem.frame.has(target)) return '|';
  const column = problem.frame.column(target);
  const n = Math.min(problem.frame.rowCount, 200);
  return ['|', ';'].find((d) => Array.from({ length: n }, (_, i) => String(valueAt(column, i) ?? '')).some((v) => v.includes(d))) ?? '|';
}

/** What the brief needs of a multi-label assessment beyond its JSON: each label's run, on the same folds and rows. */
export interface MultilabelRun {
  readonly labels: readonly string[];
  /** The problem's frame with one yes/no column per label (named LABEL_PREFIX + label). */
  readonly frame: Frame;
  /** Row-major rows x labels: 1 where the row carries the label. */
  readonly truth: Uint8Array;
  /** Each label's own yes/no assessment run, in label order. */
  readonly runs: readonly { readonly label: string; readonly run: AssessmentRun }[];
}

/**
 * A candidate's out-of-fold probabilities as rows x labels (each label's probability of being
 * present) and the rows every label's run tested it on; null when a label's run lacks it.
 */
export function multilabelOof(ml: MultilabelRun, id: string): { probabilities: Float64Array; rows: number[] } | null {
  const n = ml.frame.rowCount;
  const L = ml.labels.length;
  const probabilities = new Float64Array(n * L);
  let rows: number[] | null = null;
  for (let j = 0; j < L; j++) {
    const run = ml.runs[j]!.run;
    const result = run.results.get(id);
    if (result === undefined || result.oof.kind !== 'classification' || run.truth?.kind !== 'classification') return null;
    const positive = run.truth.positive;
    for (let i = 0; i < n; i++) probabilities[i * L + j] = result.oof.probabilities[i * 2 + positive]!;
    const tested = new Set<number>(result.tested);
    rows = rows === null ? [...tested] : rows.filter((r) => tested.has(r));
  }
  return { probabilities, rows: (rows ?? []).sort((a, b) => a - b) };
}

export async function assessMultilabel(problem: Problem, options: MultilabelOptions = {}): Promise<Assessment> {
  return (await assessMultilabelRun(problem, options)).assessment;
}

export async function assessMultilabelRun(problem: Problem, options: MultilabelOptions = {}): Promise<{ assessment: Assessment; multilabel: MultilabelRun }> {
  const { frame, labels } = labelColumns(problem);
  const budget = options.budgetSeconds ?? problem.card.assess?.budgetSeconds ?? 60;
  const seed = problem.card.assess?.seed ?? 42;
  const k = problem.card.assess?.folds ?? 5;
  // With a time column every label is tested on later rows than it learned from, as one target is.
  const timeColumn = problem.timeColumn !== null && frame.has(problem.timeColumn) ? frame.column(problem.timeColumn) : null;
  const folds = timeColumn !== null ? timeSeriesFolds(timeColumn.kind === 'datetime' || timeColumn.kind === 'numeric' ? timeColumn.values : Float64Array.from({ length: frame.rowCount }, (_, i) => i), k) : kFold(frame.rowCount, k, seed);
  const runs: { label: string; run: AssessmentRun }[] = [];
  const targets = new Set(Array.isArray(problem.target) ? (problem.target as string[]) : [problem.target as string]);
  // The yes/no columns made from the target are not columns of the file: a report lists only the file's.
  const leftOut = problem.leftOut;
  for (const label of labels) {
    const column = `${LABEL_PREFIX}${label}`;
    const sub: Problem = {
      ...problem,
      frame,
      target: column,
      task: { task: 'binary', reason: `label '${label}' is present or not`, output: 'yes or no, with a probability' },
      features: problem.features.filter((f) => !targets.has(f)),
      leftOut,
      rules: [],
      card: { ...problem.card, target: column, task: 'binary', decision: { positiveClass: 'true' } },
    };
    options.progress?.start(`Assessing label '${label}'`);
    runs.push({ label, run: await assess(sub, { budgetSeconds: budget / labels.length, folds, mainMetric: 'roc_auc', ...(options.progress === undefined ? {} : { progress: options.progress }) }) });
    options.progress?.stop();
  }
  const n = frame.rowCount;
  const L = labels.length;
  const truth = new Int8Array(n * L);
  labels.forEach((l, j) => {
    const column = frame.column(`${LABEL_PREFIX}${l}`);
    for (let i = 0; i < n; i++) truth[i * L + j] = column.kind === 'boolean' ? Math.max(0, column.values[i]!) : 0;
  });
  // A candidate counts over all labels only when every label's run has it (ids like model:gbdt).
  const first = runs[0]!.run;
  const ids = [...first.results.keys()].filter((id) => runs.every((r) => r.run.results.has(id)) || id.startsWith('rule:'));
  const joint = (id: string, pick: (label: number) => string): CandidateScore | null => {
    const predicted = new Int8Array(n * L);
    let tested: number[] | null = null;
    for (let j = 0; j < L; j++) {
      const run = runs[j]!.run;
      const result = run.results.get(pick(j));
      if (result === undefined || result.oof.kind !== 'classification' || run.truth?.kind !== 'classification') return null;
      const positive = run.truth.positive;
      const rows = new Set<number>(result.tested);
      tested = tested === null ? Array.from(result.tested) : tested.filter((r) => rows.has(r));
      for (let i = 0; i < n; i++) predicted[i * L + j] = result.oof.labels[i] === positive ? 1 : 0;
    }
    const rows = (tested ?? []).sort((a, b) => a - b);
    const take = (a: Int8Array, at: readonly number[]): Int8Array => {
      const out = new Int8Array(at.length * L);
      at.forEach((r, k) => out.set(a.subarray(r * L, (r + 1) * L), k * L));
      return out;
    };
    const results = runs.map((r, j) => r.run.results.get(pick(j))!);
    // Per fold, as every other candidate is scored: the mean over labels of each label's ROC AUC on
    // the fold, and the set metrics on the fold's rows; the interval is over the folds every label ran.
    const foldsRun = Math.min(...results.map((r) => r.foldsRun));
    const perFold = { roc_auc_macro: [] as number[], hamming_loss: [] as number[], subset_accuracy: [] as number[] };
    const testedRows = new Set(rows);
    for (let f = 0; f < foldsRun; f++) {
      perFold.roc_auc_macro.push(results.reduce((s, r) => s + (r.perFold[f]?.['roc_auc'] ?? Number.NaN), 0) / L);
      const at = Array.from(folds[f]!.test).filter((r) => testedRows.has(r));
      if (at.length === 0) continue;
      perFold.hamming_loss.push(hammingLoss(take(truth, at), take(predicted, at), L).value);
      perFold.subset_accuracy.push(subsetAccuracy(take(truth, at), take(predicted, at), L).value);
    }
    const pooled = (v: number): Interval => ({ mean: v, low: Number.NaN, high: Number.NaN });
    const overFolds = (values: number[], fallback: number): Interval => (values.filter(Number.isFinite).length >= 2 ? meanInterval(values) : pooled(fallback));
    const meanAuc = results.reduce((s, r) => s + (r.metrics['roc_auc']?.mean ?? Number.NaN), 0) / L;
    // Cut to what each metric can reach, as every other cross-validated interval is (a t-interval over
    // two folds can otherwise put a ROC AUC above 1).
    const metrics = {
      roc_auc_macro: withinRange('roc_auc_macro', overFolds(perFold.roc_auc_macro, meanAuc)),
      hamming_loss: withinRange('hamming_loss', overFolds(perFold.hamming_loss, hammingLoss(take(truth, rows), take(predicted, rows), L).value)),
      subset_accuracy: withinRange('subset_accuracy', overFolds(perFold.subset_accuracy, subsetAccuracy(take(truth, rows), take(predicted, rows), L).value)),
    };
    const base = first.results.get(pick(0))!;
    return {
      id,
      name: id === 'prior' ? 'predict each label\'s usual answer' : id.startsWith('rule:') ? 'best one-feature rule, per label' : base.name,
      kind: base.kind,
      metrics,
      foldsRun,
      fitPredictSeconds: runs.reduce((s, r, j) => s + (r.run.results.get(pick(j))?.fitPredictSeconds ?? 0), 0),
      warnings: [],
    };
  };
  const bestRule = (j: number): string => [...runs[j]!.run.results.keys()].find((k) => k.startsWith('rule:')) ?? 'prior';
  const baselines = [joint('prior', () => 'prior'), joint('rule:per-label', bestRule)].filter((c): c is CandidateScore => c !== null);
  const leaderboard = ids
    .filter((id) => id.startsWith('model:'))
    .map((id) => joint(id, () => id))
    .filter((c): c is CandidateScore => c !== null)
    .sort((a, b) => b.metrics['roc_auc_macro']!.mean - a.metrics['roc_auc_macro']!.mean);

  // The model put forward over all labels, by the rule one target uses (multilabel-choice.ts).
  const choice = chooseMultilabelModel(runs.map((r) => r.run), folds.length, seed);
  const put = leaderboard.find((e) => e.id === choice?.model) ?? leaderboard[0];
  const verdicts = runs.map((r) => ({ label: r.label, verdict: r.run.assessment.verdict }));
  const count = (v: VerdictKind): number => verdicts.filter((x) => x.verdict.verdict === v).length;
  const blocked = verdicts.find((x) => x.verdict.verdict === 'fix-data-first');
  // Inconclusive overall when more labels cannot be decided than are decided either way short of use-ml.
  const undecided = count('inconclusive') > Math.max(count('rule-suffices'), count('no-signal'));
  const kind: VerdictKind = blocked ? 'fix-data-first' : count('use-ml') * 2 >= L ? 'use-ml' : undecided ? 'inconclusive' : count('rule-suffices') >= count('no-signal') ? 'rule-suffices' : 'no-signal';
  const list = verdicts.map((x) => `'${x.label}': ${x.verdict.verdict}`).join(', ');
  const verdict: Verdict = {
    verdict: kind,
    headline: blocked
      ? `Fix the data first: label '${blocked.label}' — ${blocked.verdict.headline.replace(/^Fix the data first: /, '')}`
      : kind === 'use-ml'
        ? `Use ML: models clear the non-ML bar on ${count('use-ml')} of ${L} labels.`
        : kind === 'rule-suffices'
          ? `Simple rules are enough for most labels (${count('rule-suffices')} of ${L}).`
          : kind === 'inconclusive'
            ? `Inconclusive: the evidence cannot decide for most labels (${count('inconclusive')} of ${L}); see what would settle each.`
            : `No signal for most labels (${count('no-signal')} of ${L}).`,
    reason: multilabelReason(folds.length, list, put ?? null),
    names: blocked ? `label:${blocked.label}` : put?.id ?? null,
    minimumLift: first.assessment.verdict.minimumLift,
    moreDataLikelyHelps: verdicts.some((x) => x.verdict.moreDataLikelyHelps === true),
    ...(kind === 'inconclusive' ? { settle: combineSettles(verdicts.map((x) => ({ name: `Label '${x.label}'`, settle: x.verdict.settle })), 'labels') } : {}),
  };
  const a0 = first.assessment;
  const truthCells = new Uint8Array(n * L);
  truth.forEach((v, i) => {
    truthCells[i] = v;
  });
  const assessment: Assessment = {
    ...a0,
    framing: { ...a0.framing, task: 'multilabel', reason: problem.task.reason, output: problem.task.output, target: problem.target, classes: labels.map((l, j) => { const c = runs[j]!.run.assessment.framing.classes?.find((x) => x.label === 'true'); return { label: l, count: c?.count ?? 0, share: c?.share ?? 0 }; }), positiveClass: null, leftOut },
    evaluation: { ...a0.evaluation, foldKind: timeColumn !== null ? 'time-ordered' : 'k-fold', mainMetric: 'roc_auc_macro', metrics: ['roc_auc_macro', 'hamming_loss', 'subset_accuracy'], budgetSeconds: budget, elapsedSeconds: runs.reduce((s, r) => s + r.run.assessment.evaluation.elapsedSeconds, 0) },
    readiness: [...a0.readiness.filter((c) => c.id !== 'rows-per-class' && c.id !== 'leakage'), combinedLeakage(runs)],
    featurePower: combinedPower(runs),
    leakSuspects: runs.flatMap((r) => r.run.assessment.leakSuspects.map((s) => ({ ...s, message: `Label '${r.label}': ${s.message}` }))),
    baselines,
    leaderboard,
    lift: { overBestBaseline: null, overPrior: null, bestBaselineOverPrior: null, bestModel: put?.id ?? null, bestBaseline: baselines.at(-1)?.id ?? 'prior' },
    choice,
    learningCurve: null,
    // A blocked label's headline already asks; otherwise any label's very strong feature is asked about by name.
    verdict: blocked ? verdict : withAvailabilityQuestion(verdict, runs.flatMap((r) => r.run.assessment.leakSuspects)),
    warnings: runs.flatMap((r) => r.run.assessment.warnings.map((w) => `label '${r.label}': ${w}`)),
  };
  return { assessment, multilabel: { labels, frame, truth: truthCells, runs } };
}


/** The leakage check over every label: the worst status, each finding named with its label. */
function combinedLeakage(runs: readonly { label: string; run: AssessmentRun }[]): ReadinessCheck {
  const checks = runs.map((r) => ({ label: r.label, check: r.run.assessment.readiness.find((c) => c.id === 'leakage')! }));
  const worst = checks.some((c) => c.check.status === 'fail') ? 'fail' : checks.some((c) => c.check.status === 'warn') ? 'warn' : 'pass';
  const flagged = checks.filter((c) => c.check.status !== 'pass');
  return {
    id: 'leakage',
    title: checks[0]!.check.title,
    status: worst,
    message: flagged.length === 0 ? checks[0]!.check.message : flagged.map((c) => `Label '${c.label}': ${c.check.message}`).join(' '),
    evidence: Object.fromEntries(checks.map((c) => [c.label, c.check.evidence])),
  };
}

/** Each feature's power averaged over the labels; its rules listed per label. */
function combinedPower(runs: readonly { label: string; run: AssessmentRun }[]): FeaturePower[] {
  const first = runs[0]!.run.assessment.featurePower;
  const rows = first.map((f) => {
    const per = runs.map((r) => ({ label: r.label, power: r.run.assessment.featurePower.find((p) => p.feature === f.feature)! }));
    const mean = (pick: (p: FeaturePower) => number): number => per.reduce((s, p) => s + pick(p.power), 0) / per.length;
    const score = mean((p) => p.singleFeatureScore.mean);
    return {
      ...f,
      pearson: null,
      spearman: null,
      mutualInformation: mean((p) => p.mutualInformation),
      adjustedMutualInformation: mean((p) => p.adjustedMutualInformation),
      singleFeatureScore: { metric: 'roc_auc_macro', mean: score, low: Number.NaN, high: Number.NaN },
      rule: per.map((p) => `${p.label}: ${p.power.rule}`).join(' | '),
      verdict: powerVerdict('binary', score, { kind: 'classification', y: new Int32Array(0), classes: ['false', 'true'], positive: 1 }),
    };
  });
  return rows.sort((a, b) => b.singleFeatureScore.mean - a.singleFeatureScore.mean);
}

/** The verdict's reason in whole sentences: how labels were assessed, each label's verdict, and the best model over all labels. */
export function multilabelReason(folds: number, perLabel: string, best: CandidateScore | null): string {
  const head = `Each label was assessed as its own yes/no problem on the same ${folds} folds. Per label: ${perLabel}.`;
  if (best === null) return `${head} No model ran on every label within the time budget, so none is compared over all labels.`;
  const exact = best.metrics['subset_accuracy']?.mean ?? Number.NaN;
  const hamming = best.metrics['hamming_loss']?.mean ?? Number.NaN;
  return `${head} Over all labels, the model put forward is ${best.name}. It gets every label of a row right on ${(100 * exact).toFixed(1)}% of the rows it did not learn from. Its Hamming loss is ${hamming.toFixed(3)}: ${(100 * hamming).toFixed(1)}% of its single label decisions are wrong. These figures decide each label at a probability of 0.5; the brief chooses each label's own threshold.`;
}
