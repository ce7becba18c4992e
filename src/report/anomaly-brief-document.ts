// The decision brief for anomaly detection, following the leader's questions: what is flagged and
// how stable it is, what a one-feature rule does, what can and cannot be judged without known
// anomalies, the threshold put forward, its value when labels and outcomes allow, and the watch plan.

import { describePolicy } from '../registry/decision-package.js';
import { policyOfBrief } from './brief-decision.js';
import type { Brief } from './brief-data.js';
import type { Block, BriefDocument, Tone } from './document.js';
import { money, num, pct } from './format.js';
import { Glossary } from './glossary.js';

export function buildAnomalyBriefDocument(brief: Brief): BriefDocument {
  const a = brief.assessment;
  const x = a.anomaly!;
  const blocks: Block[] = [];
  const glossary = new Glossary();
  const tone: Tone = a.verdict.verdict === 'use-ml' ? (x.labelled ? 'good' : 'warn') : a.verdict.verdict === 'fix-data-first' ? 'bad' : 'warn';
  const policy = brief.business ? policyOfBrief(brief.business.policy) : null;
  const decision = policy === null ? 'no threshold' : describePolicy(policy);
  const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

  blocks.push({ kind: 'callout', tone, text: `Verdict: ${a.verdict.verdict}. ${a.verdict.headline}` });
  blocks.push({ kind: 'paragraph', text: a.verdict.reason });
  if (brief.choice) blocks.push({ kind: 'paragraph', text: `${a.verdict.verdict === 'use-ml' ? 'Model put forward' : 'If a model is used anyway, the one to use'}: ${brief.choice.reason}` });

  blocks.push({ kind: 'heading', level: 2, text: 'What is the product goal, and what kind of solution fits?', id: 'goal' });
  blocks.push({ kind: 'answer', tone: 'neutral', text: `${brief.goal === null ? 'The card names no product goal yet: write it in one sentence (goal:).' : /[.!?]$/.test(brief.goal.trim()) ? brief.goal.trim() : `${brief.goal.trim()}.`} This is anomaly detection: the model gives each row an anomaly score between 0 and 1 (higher is more unusual; it is not a probability), and rows at or above a threshold are flagged for a person or a process to act on.` });
  blocks.push({ kind: 'paragraph', text: `The data has ${num(a.data.rows)} rows and ${a.framing.features.length} input columns. ${x.labelled ? `A reference column marks known anomalies: ${pct(x.heldOut?.knownShare ?? 0)} of the rows.` : 'No column marks known anomalies, so no score against truth exists yet.'}` });
  if (a.framing.leftOut.length > 0) blocks.push({ kind: 'list', items: a.framing.leftOut.map((l) => `Not used as an input: ${l.name} (${l.reason}).`) });

  blocks.push({ kind: 'heading', level: 2, text: 'Can a non-ML approach set the bar, and what is it?', id: 'bar' });
  const h = x.heldOut;
  if (h !== null) {
    const m = h.model;
    const r = h.rule;
    blocks.push({ kind: 'answer', tone: a.verdict.verdict === 'rule-suffices' ? 'good' : 'neutral', text: `Yes: the one-feature rule chosen on each training fold (${[...new Set(h.rulesChosen)].join(', ')}) ranks held-out known anomalies with ROC AUC ${f3(r['roc_auc']?.mean ?? Number.NaN)} against ${f3(m['roc_auc']!.mean)} for isolation forest (difference ${f3(h.lift.mean)}, 95% interval ${f3(h.lift.low)} to ${f3(h.lift.high)}).` });
    blocks.push(...glossary.explain('cross-validation'));
    const keys = ['roc_auc', 'average_precision', 'precision', 'recall', 'flagged_share'];
    const cell = (i: { mean: number; low: number; high: number } | undefined): string => (i === undefined ? '–' : `${f3(i.mean)}${Number.isFinite(i.low) ? ` (${f3(i.low)} to ${f3(i.high)})` : ''}`);
    blocks.push({ kind: 'table', headers: ['candidate', ...keys.map((k) => k.replace('_', ' '))], align: ['left', 'right', 'right', 'right', 'right', 'right'], rows: [['isolation forest', ...keys.map((k) => cell(m[k]))], ['one-feature rule', ...keys.map((k) => cell(r[k]))]], caption: `Held-out scores over ${h.folds} folds, with 95% intervals; precision and recall at the threshold flagging ${pct(x.flaggedShare)} of each training fold. The model never saw the labels; the rule was chosen with the training folds' labels only.` });
  } else {
    blocks.push({ kind: 'answer', tone: 'warn', text: `Not against truth: without known anomalies neither the model nor a rule can be scored on whether it flags the rows that matter. What can be measured: ${x.rule ? `the closest one-feature rule, distance of '${x.rule.feature}' from its median, flags ${pct(x.rule.agreement)} of the rows the model flags at the same share` : 'no numeric feature gives a one-feature rule to compare with'} (two random sets of that size would share ${pct(x.stability.chance)}).` });
  }
  blocks.push({ kind: 'table', headers: ['what', 'figure'], align: ['left', 'right'], rows: [
    ['rows flagged at the threshold', pct(x.flaggedShare)],
    ['stay flagged with other seeds (mean, lowest)', `${pct(x.stability.seeds.mean)}, ${pct(x.stability.seeds.min)}`],
    ['stay flagged when grown on 80% of the rows (mean, lowest)', `${pct(x.stability.subsamples.mean)}, ${pct(x.stability.subsamples.min)}`],
    ['shared by two random sets of that size', pct(x.stability.chance)],
    ...(x.rule ? [[`flagged by the closest one-feature rule ('${x.rule.feature}')`, pct(x.rule.agreement)]] : []),
  ], caption: 'How stable the flagged set is, and how far a simple rule agrees with it' });

  const fails = a.readiness.filter((c) => c.status === 'fail');
  const warns = a.readiness.filter((c) => c.status === 'warn');
  blocks.push({ kind: 'heading', level: 2, text: 'Do we have the right data?', id: 'data' });
  blocks.push({ kind: 'answer', tone: fails.length > 0 ? 'bad' : warns.length > 0 ? 'warn' : 'good', text: fails.length > 0 ? `Not yet: ${fails.map((c) => c.title.toLowerCase()).join(', ')} must be fixed first.` : warns.length > 0 ? `Mostly: ${a.readiness.length - warns.length} of ${a.readiness.length} checks pass; look at ${warns.map((c) => c.title.toLowerCase()).join(', ')}.` : `Yes: all ${a.readiness.length} checks pass.` });
  blocks.push({ kind: 'table', headers: ['check', 'result', 'finding'], rows: a.readiness.map((c) => [c.title, c.status === 'pass' ? 'pass' : c.status === 'warn' ? 'look at this' : 'FAIL', c.message]) });

  blocks.push({ kind: 'heading', level: 2, text: 'What decision does the output drive?', id: 'decision' });
  blocks.push({ kind: 'answer', tone: 'neutral', text: `Flag a row when its anomaly score is at least ${policy?.kind === 'score-threshold' ? policy.threshold : 'the threshold'}: ${decision}. The threshold can be moved on the server (PUT /v1/models/NAME/policy with {"threshold": ...}) to flag more or fewer rows.` });
  const s = x.scores;
  blocks.push({ kind: 'table', headers: ['min', '25%', 'median', '75%', '90%', '95%', '99%', 'max'], align: ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'], rows: [[s.min, s.p25, s.median, s.p75, s.p90, s.p95, s.p99, s.max].map(f3)], caption: 'Anomaly scores of the assessed rows, by percentile' });

  blocks.push({ kind: 'heading', level: 2, text: 'Success metric versus model metric', id: 'metrics' });
  const bc = brief.business;
  blocks.push({ kind: 'answer', tone: bc?.successMetric ? 'neutral' : 'warn', text: bc?.successMetric ? `The business measures success by ${bc.successMetric}; the model is judged by ${bc.modelMetric ?? (x.labelled ? 'precision and recall at the threshold' : 'the share it flags and how stable that set is')}.` : 'No business success metric is named yet: say what the business will measure (business.successMetric), for instance the share of flagged rows a reviewer confirms.' });

  blocks.push({ kind: 'heading', level: 2, text: 'Is it worth it?', id: 'roi' });
  const promised = brief.promise?.value?.perDecision;
  if (bc && promised) {
    blocks.push({ kind: 'answer', tone: bc.roi.netGainPerMonth !== null && bc.roi.netGainPerMonth > 0 ? 'good' : 'neutral', text: `At ${decision}, a decision is worth ${money(promised.mean, bc.currency)} on held-out rows (95% interval ${money(promised.low, bc.currency)} to ${money(promised.high, bc.currency)}), against ${bc.bar.perDecision === null ? 'an unvalued rule' : money(bc.bar.perDecision, bc.currency)} for ${bc.bar.name} at the same share.` });
  } else {
    blocks.push({ kind: 'answer', tone: 'warn', text: x.labelled ? 'Unknown: the card gives no outcome values (business.outcomes: truePositive, falsePositive, falseNegative), so the flags cannot be priced.' : 'Unknown: without known anomalies the value of a flag cannot be measured. Price it once reviewed labels exist (business.outcomes and a referenceColumn).' });
  }
  if (bc && bc.assumptions.length > 0) blocks.push({ kind: 'callout', tone: 'warn', text: `Assumptions: ${bc.assumptions.map((y) => `${y.field}: ${y.text}`).join(' ')}` });

  blocks.push({ kind: 'heading', level: 2, text: 'What drives the flags?', id: 'drivers' });
  const e = brief.explanations;
  if (e && e.permutation.length > 0) {
    const top = e.permutation.slice(0, 3).map((p) => `'${p.feature}'`);
    blocks.push({ kind: 'answer', tone: 'neutral', text: `Mostly ${top.join(', ')}: shuffling ${top.length === 1 ? 'it' : 'each'} changes the most flags.` });
    blocks.push(...glossary.explain('permutation importance'));
    blocks.push({ kind: 'table', headers: ['input', 'share of flags lost when shuffled', '95% interval'], align: ['left', 'right', 'right'], rows: e.permutation.map((p) => [p.feature, pct(p.mean), `${pct(p.low)} to ${pct(p.high)}`]) });
    for (const note of e.notes) blocks.push({ kind: 'paragraph', text: note });
  } else blocks.push({ kind: 'answer', tone: 'warn', text: 'Not measured.' });

  blocks.push({ kind: 'heading', level: 2, text: 'What will we monitor, and when do we retrain?', id: 'monitor' });
  const w = brief.watch;
  if (w) {
    blocks.push({ kind: 'answer', tone: 'neutral', text: `Watch the share of rows flagged against the ${pct(x.flaggedShare)} promised, the ${w.features.length} inputs for drift and values never seen in training${x.labelled ? ', and precision and recall at the threshold as labels arrive' : ''}.` });
    blocks.push({ kind: 'list', items: [`Flagged share: ${w.performance.note}`, `Retraining: ${w.retrainTrigger}`] });
  }
  if (brief.model) blocks.push({ kind: 'paragraph', text: `The model (${brief.model.estimator}, trained on all ${num(brief.model.rows)} rows) is saved at ${brief.model.path}; run it with: framewise predict ${brief.model.path} new-data.csv` });

  return {
    title: `${brief.name}: is ML the right tool?`,
    subtitle: `Decision brief by framewise, ${brief.createdAt.slice(0, 10)} · ${a.source.file.split('/').pop()} · ${num(a.data.rows)} rows${x.labelled ? '' : ', no known anomalies'}`,
    blocks,
  };
}
