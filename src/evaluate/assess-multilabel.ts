// Multi-label assessment: each label is assessed as its own yes/no problem on the same folds,
// then the labels are put back together: Hamming loss and subset accuracy of every candidate
// over all labels, per-label verdicts, and an overall verdict.

import { FramewiseError } from '../core/errors.js';
import type { ProgressSink } from '../core/progress.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { kFold } from '../data/split.js';
import type { Problem } from '../frame/problem.js';
import { type Assessment, type CandidateScore } from './assessment.js';
import { assess, type AssessmentRun } from './assess.js';
import type { Interval } from './interval.js';
import { type FeaturePower, powerVerdict } from './feature-power.js';
import type { ReadinessCheck } from '../profile/readiness.js';
import { hammingLoss, subsetAccuracy } from './metrics/index.js';
import { chooseMultilabelModel } from './multilabel-choice.js';
import type { Verdict, VerdictKind } from './verdict.js';

export interface MultilabelOptions {
  readonly budgetSeconds?: number;
  readonly progress?: ProgressSink;
}

export const LABEL_PREFIX = 'label: ';

/** One yes/no column per label, from several target columns or one delimited column. */
export function labelColumns(problem: Problem): { frame: Frame; labels: string[] } {
  const frame = problem.frame;
  const target = problem.target;
  const labels: string[] = [];
  const values = new Map<string, Int8Array>();
  const n = frame.rowCount;
  if (Array.isArray(target)) {
    for (const name of target as readonly string[]) {
      const column = frame.column(name);
      values.set(name, Int8Array.from({ length: n }, (_, i) => yes(valueAt(column, i))));
      labels.push(name);
    }
  } else if (typeof target === 'string') {
    const column = frame.column(target);
    const delimiter = problem.card.labelDelimiter ?? (['|', ';'].find((d) => Array.from({ length: Math.min(n, 200) }, (_, i) => String(valueAt(column, i) ?? '')).some((v) => v.includes(d))) ?? '|');
    const sets = Array.from({ length: n }, (_, i) => {
      const v = valueAt(column, i);
      return v === null ? null : String(v).split(delimiter).map((x) => x.trim()).filter((x) => x !== '');
    });
    for (const set of sets) for (const l of set ?? []) if (!labels.includes(l)) labels.push(l);
    labels.sort();
    for (const l of labels) values.set(l, Int8Array.from(sets, (s) => (s === null ? -1 : s.includes(l) ? 1 : 0)));
  }
  if (labels.length < 2) {
    throw new FramewiseError('CARD_INVALID', `A multi-label target needs at least two labels; found ${labels.length}.`, { hint: 'Name several 0/1 target columns, or one column of labels separated by | (set labelDelimiter).', location: { field: 'target' } });
  }
  let out = frame;
  for (const l of labels) out = out.withColumn({ kind: 'boolean', name: `${LABEL_PREFIX}${l}`, values: values.get(l)! }, { type: 'boolean', reason: `label '${l}' present`, overridden: false });
  return { frame: out, labels };
}

function yes(v: number | string | boolean | null): number {
  if (v === null) return -1;
  return v === true || v === 1 || (typeof v === 'string' && /^(1|true|yes|y|t)$/i.test(v.trim())) ? 1 : 0;
}

export async function assessMultilabel(problem: Problem, options: MultilabelOptions = {}): Promise<Assessment> {
  const { frame, labels } = labelColumns(problem);
  const budget = options.budgetSeconds ?? problem.card.assess?.budgetSeconds ?? 60;
  const seed = problem.card.assess?.seed ?? 42;
  const folds = kFold(frame.rowCount, problem.card.assess?.folds ?? 5, seed);
  const runs: { label: string; run: AssessmentRun }[] = [];
  const targets = new Set(Array.isArray(problem.target) ? (problem.target as string[]) : [problem.target as string]);
  const leftOut = [...problem.leftOut, ...labels.map((l) => ({ name: `${LABEL_PREFIX}${l}`, reason: 'a label (target)' }))];
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
    runs.push({ label, run: await assess(sub, { budgetSeconds: budget / labels.length, folds, ...(options.progress === undefined ? {} : { progress: options.progress }) }) });
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
    const take = (a: Int8Array): Int8Array => {
      const out = new Int8Array(rows.length * L);
      rows.forEach((r, k) => out.set(a.subarray(r * L, (r + 1) * L), k * L));
      return out;
    };
    const meanAuc = runs.reduce((s, r, j) => s + (r.run.results.get(pick(j))?.metrics['roc_auc']?.mean ?? Number.NaN), 0) / L;
    const point = (v: number): Interval => ({ mean: v, low: Number.NaN, high: Number.NaN });
    const base = first.results.get(pick(0))!;
    return {
      id,
      name: id === 'prior' ? 'predict each label\'s usual answer' : id.startsWith('rule:') ? 'best one-feature rule, per label' : base.name,
      kind: base.kind,
      metrics: {
        roc_auc_macro: point(meanAuc),
        hamming_loss: point(hammingLoss(take(truth), take(predicted), L).value),
        subset_accuracy: point(subsetAccuracy(take(truth), take(predicted), L).value),
      },
      foldsRun: base.foldsRun,
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
  const kind: VerdictKind = blocked ? 'fix-data-first' : count('use-ml') * 2 >= L ? 'use-ml' : count('rule-suffices') >= count('no-signal') ? 'rule-suffices' : 'no-signal';
  const list = verdicts.map((x) => `'${x.label}': ${x.verdict.verdict}`).join(', ');
  const verdict: Verdict = {
    verdict: kind,
    headline: blocked
      ? `Fix the data first: label '${blocked.label}' — ${blocked.verdict.headline.replace(/^Fix the data first: /, '')}`
      : kind === 'use-ml'
        ? `Use ML: models clear the non-ML bar on ${count('use-ml')} of ${L} labels.`
        : kind === 'rule-suffices'
          ? `Simple rules are enough for most labels (${count('rule-suffices')} of ${L}).`
          : `No signal for most labels (${count('no-signal')} of ${L}).`,
    reason: `Each label was assessed as its own yes/no problem on the same ${folds.length} folds. Per label: ${list}. Over all labels, the model put forward (${put?.name ?? 'none'}) gets every label of a row right ${put ? `${(100 * put.metrics['subset_accuracy']!.mean).toFixed(1)}%` : 'n/a'} of the time, with a Hamming loss of ${put?.metrics['hamming_loss']!.mean.toFixed(3) ?? 'n/a'} (the share of label decisions that are wrong).`,
    names: blocked ? `label:${blocked.label}` : put?.id ?? null,
    minimumLift: first.assessment.verdict.minimumLift,
    moreDataLikelyHelps: verdicts.some((x) => x.verdict.moreDataLikelyHelps === true),
  };
  const a0 = first.assessment;
  return {
    ...a0,
    framing: { ...a0.framing, task: 'multilabel', reason: problem.task.reason, output: problem.task.output, target: problem.target, classes: labels.map((l, j) => { const c = runs[j]!.run.assessment.framing.classes?.find((x) => x.label === 'true'); return { label: l, count: c?.count ?? 0, share: c?.share ?? 0 }; }), positiveClass: null, leftOut },
    evaluation: { ...a0.evaluation, mainMetric: 'roc_auc_macro', metrics: ['roc_auc_macro', 'hamming_loss', 'subset_accuracy'], budgetSeconds: budget, elapsedSeconds: runs.reduce((s, r) => s + r.run.assessment.evaluation.elapsedSeconds, 0) },
    readiness: [...a0.readiness.filter((c) => c.id !== 'rows-per-class' && c.id !== 'leakage'), combinedLeakage(runs)],
    featurePower: combinedPower(runs),
    leakSuspects: runs.flatMap((r) => r.run.assessment.leakSuspects.map((s) => ({ ...s, message: `Label '${r.label}': ${s.message}` }))),
    baselines,
    leaderboard,
    lift: { overBestBaseline: null, overPrior: null, bestBaselineOverPrior: null, bestModel: put?.id ?? null, bestBaseline: baselines.at(-1)?.id ?? 'prior' },
    choice,
    learningCurve: null,
    verdict,
    warnings: runs.flatMap((r) => r.run.assessment.warnings.map((w) => `label '${r.label}': ${w}`)),
  };
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
