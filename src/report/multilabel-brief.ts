// The multi-label part of a brief: the model put forward (the assessment's best over all labels),
// each label's threshold chosen out of fold, the promise at those thresholds (per-label precision,
// recall and F1 and the set-level metrics), the model trained on every row, and how the brief shows it.

import type { ProgressSink } from '../core/progress.js';
import type { AssessmentRun } from '../evaluate/assess.js';
import { multilabelOof } from '../evaluate/assess-multilabel.js';
import { chooseLabelThresholds, decideLabels, labelMetricName, labelMetricsWithIntervals, rowValues } from '../evaluate/label-thresholds.js';
import { modelFamilies } from '../evaluate/model-families.js';
import type { Problem } from '../frame/problem.js';
import type { FittedModel } from '../learn/estimator.js';
import { MULTILABEL_SPECS, MultiLabelClassifier } from '../learn/multilabel/one-vs-rest.js';
import type { DecisionPolicy, DecisionPromise } from '../registry/decision-package.js';
import type { Block } from './document.js';
import { flatPolicy } from './brief-decision.js';
import type { BriefLabelDecisions } from './brief-labels.js';
import type { Brief } from './brief-data.js';
import { money, num, pct } from './format.js';

export interface MultilabelChoice {
  readonly model: FittedModel;
  readonly policy: DecisionPolicy;
  readonly promise: DecisionPromise;
  readonly choice: NonNullable<Brief['choice']>;
  readonly labels: BriefLabelDecisions;
  /** The run with `chosen` set, so `brief --register` registers the model on the frame it was trained on. */
  readonly run: AssessmentRun;
}

/** The target as the multi-label learner reads it: one column of label sets, or the label columns joined by commas. */
export function multilabelFitTarget(problem: Problem): { target: string; columns: string[] } {
  const t = problem.target;
  const columns = Array.isArray(t) ? [...(t as readonly string[])] : typeof t === 'string' ? [t] : [];
  return { target: columns.join(','), columns };
}

/**
 * Puts the assessment's chosen model over all labels forward (its `choice`, on mean ROC AUC over
 * the labels; the leaderboard's first when there is none), chooses each label's threshold on its out-of-fold probabilities, measures the promise
 * at those thresholds and trains the model on every row; null when no model ran on every label.
 */
export async function multilabelChoice(problem: Problem, run: AssessmentRun, progress: ProgressSink): Promise<MultilabelChoice | null> {
  const ml = run.multilabel;
  const a = run.assessment;
  const entry = a.leaderboard.find((e) => e.id === a.choice?.model) ?? a.leaderboard[0];
  if (ml === undefined || entry === undefined) return null;
  const oof = multilabelOof(ml, entry.id);
  if (oof === null || oof.rows.length === 0) return null;
  const matrix = { labels: ml.labels, probabilities: oof.probabilities, truth: ml.truth };
  const business = problem.card.business;
  const { thresholds, basis } = chooseLabelThresholds(matrix, oof.rows, business);
  const n = ml.frame.rowCount;
  const decided = decideLabels(matrix, n, thresholds);
  const values = rowValues(ml.labels, ml.truth, decided, n, business);
  const measured = labelMetricsWithIntervals(ml.labels, ml.truth, decided, oof.rows, values, a.evaluation.seed);
  const promise: DecisionPromise = {
    metrics: measured.metrics,
    value: measured.value === null ? null : { perDecision: measured.value, currency: business?.currency ?? '', decisionsPerMonth: business?.decisionsPerMonth ?? null },
    positiveRate: null,
    rows: oof.rows.length,
  };
  const policy: DecisionPolicy = { kind: 'label-thresholds', thresholds, source: basis === 'best-value' ? 'brief-best-value' : 'brief-best-f1' };

  // The model: the chosen family fitted once per label, with the settings every label's run used (defaults otherwise).
  const familyName = entry.id.replace(/^model:/, '');
  const family = modelFamilies('binary', a.evaluation.seed).find((f) => f.family === familyName)!;
  const perLabel = ml.runs.map((r) => r.run.assessment.leaderboard.find((e) => e.id === entry.id)?.params);
  const shared = perLabel.every((p) => p !== undefined && JSON.stringify(p) === JSON.stringify(perLabel[0])) ? perLabel[0]! : family.configs[0]!;
  const own = new Set(MULTILABEL_SPECS.map((s) => s.name));
  const baseSpecs = family.make(shared).specs.filter((s) => !own.has(s.name));
  const { target, columns } = multilabelFitTarget(problem);
  const delimiter = problem.card.labelDelimiter ?? '|';
  const frame = problem.frame.select([...problem.features, ...columns]);
  progress.start('Training the chosen model on every labelled row');
  const model = await new MultiLabelClassifier({ ...shared, ...(columns.length === 1 ? { delimiter } : {}) }, { specs: baseSpecs, make: (p) => family.make(p as Record<string, number | string | boolean>) }).fit(frame, target);
  progress.stop();

  const labels: BriefLabelDecisions = {
    policy: flatPolicy(policy),
    basis,
    rows: oof.rows.length,
    perLabel: ml.labels.map((label) => ({
      label,
      threshold: thresholds[label]!,
      share: a.framing.classes?.find((c) => c.label === label)?.share ?? 0,
      precision: measured.metrics[labelMetricName('precision', label)]!.mean,
      recall: measured.metrics[labelMetricName('recall', label)]!.mean,
      f1: measured.metrics[labelMetricName('f1', label)]!.mean,
    })),
  };
  const choice = {
    model: entry.id,
    reason: `${entry.name} has the best ROC AUC averaged over the labels; one ${family.name} per label, each deciding at its own threshold (${basis === 'best-value' ? 'the most value per label decision at the card\'s outcomes' : 'the best F1 for that label'}, out of fold).`,
    valueByModel: a.leaderboard.map((e) => ({ model: e.name, perDecision: null })),
  };
  return { model, policy, promise, choice, labels, run: { ...run, chosen: { family: family.family, params: shared, frame, target } } };
}

/** The brief's blocks on the per-label thresholds: the answer, and a table of each label's threshold and metrics. */
export function multilabelBlocks(brief: Brief): Block[] {
  const l = brief.labels;
  if (l === undefined || l === null) return [];
  const f1 = brief.promise?.metrics['f1_micro'];
  const exact = brief.promise?.metrics['subset_accuracy'];
  const value = brief.promise?.value;
  const out: Block[] = [
    {
      kind: 'answer',
      tone: 'neutral',
      text: `Each label is decided at its own threshold: a row carries a label when the model's probability for it reaches that label's threshold, chosen ${l.basis === 'best-value' ? "for the most value at the card's outcome prices" : 'for the best F1 of that label (the card prices no outcomes)'} on ${num(l.rows)} rows the model did not learn from.`,
    },
    {
      kind: 'table',
      headers: ['label', 'threshold', 'rows carrying it', 'precision', 'recall', 'F1'],
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
      rows: l.perLabel.map((p) => [p.label, String(p.threshold), pct(p.share), pct(p.precision), pct(p.recall), p.f1.toFixed(3)]),
      caption: `Each label's decision, measured on ${num(l.rows)} rows the model did not learn from`,
    },
  ];
  if (f1 && exact) {
    out.push({ kind: 'paragraph', text: `At these thresholds the whole label set of a row is right on ${pct(exact.mean)} of the rows (95% interval ${pct(exact.low)} to ${pct(exact.high)}), and the F1 over every label decision is ${f1.mean.toFixed(3)} (${f1.low.toFixed(3)} to ${f1.high.toFixed(3)}). The server, monitoring and retraining decide at the same thresholds.` });
  }
  if (value) out.push({ kind: 'paragraph', text: `Valued at the card's outcome prices for every label decision, a row's decisions are worth ${money(value.perDecision.mean, value.currency)} (95% interval ${money(value.perDecision.low, value.currency)} to ${money(value.perDecision.high, value.currency)}).` });
  return out;
}
