// The model put forward on real and generated data: the verdict's headline, the brief's reason and
// the model written (and registered) are one choice; a complex model only marginally better is not
// put forward over a simpler one; a family the budget cut short is named so, never silently chosen.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import { assess } from '../evaluate/assess.js';
import type { CvResult } from '../evaluate/cross-validate.js';
import { meanInterval } from '../evaluate/interval.js';
import { chooseModel } from '../evaluate/model-choice.js';
import { takePredictions, takeTruth } from '../evaluate/oof.js';
import { computeMetric } from '../evaluate/task-metrics.js';
import { loadProblem } from '../frame/problem.js';
import { buildBriefDocument } from './brief-builder.js';
import { makeBrief } from './make-brief.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-put-forward-'));

test('wine with a cost matrix: the headline, the brief and the model written are the one model put forward', async () => {
  const card = join(dir, 'wine.yaml');
  const matrix = { class_0: { class_0: 30, class_1: -10, class_2: -25 }, class_1: { class_0: -5, class_1: 25, class_2: -10 }, class_2: { class_0: -20, class_1: -10, class_2: 22 } };
  writeFileSync(card, `name: wine\ndata:\n  file: ${fromRoot('examples', 'wine.csv')}\ntarget: cultivar\nbusiness:\n  currency: EUR\n  decisionsPerMonth: 1000\n  costMatrix: ${JSON.stringify(matrix)}\n`);
  const { brief } = await makeBrief(await loadProblem({ card }), { budgetSeconds: 20, modelPath: join(dir, 'model.json') });
  const a = brief.assessment;
  const choice = a.choice!;
  assert.equal(choice.basis, 'value');
  assert.equal(a.verdict.verdict, 'use-ml', a.verdict.reason);
  assert.equal(a.verdict.names, choice.model);
  assert.equal(a.lift.bestModel, choice.model);
  assert.equal(a.verdict.value!.model.id, choice.model);
  assert.ok(a.verdict.headline.includes(choice.name), a.verdict.headline);
  assert.equal(brief.choice!.model, choice.model);
  assert.equal(brief.choice!.reason, choice.reason);
  const entry = a.leaderboard.find((e) => e.id === choice.model)!;
  assert.deepEqual(brief.model!.params, { ...brief.model!.params, ...entry.params }, 'the model written has the settings of the one put forward');
  // No more complex model worth more per decision is beyond its interval over the one put forward.
  for (const adv of choice.advantages.filter((x) => x.over === choice.model)) assert.ok(!adv.beyond && adv.low <= 0, JSON.stringify(adv));
  const text = buildBriefDocument(brief).blocks.filter((b) => b.kind === 'paragraph').map((b) => (b as { text: string }).text);
  assert.ok(text.includes(`Model put forward: ${choice.reason}`), text.join('\n'));
  assert.match(choice.reason, /per decision/);
  // The confusion matrix says which rows it counts: every wine, each predicted out of fold.
  const caption = buildBriefDocument(brief).blocks.find((b) => b.kind === 'chart' && b.chart.kind === 'confusion-matrix') as { caption: string } | undefined;
  assert.match(caption?.caption ?? '', /: all 178 labelled rows, each predicted by a model that did not learn from it$/);
});

test('a generated table where the complex models are only marginally better: the linear model is put forward and named', async () => {
  // The label is mostly linear in the features, with a small step and curve the trees can use.
  const rng = new Rng(1);
  const lines = ['x1,x2,x3,x4,label'];
  for (let i = 0; i < 1500; i++) {
    const x = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
    const logit = 1.2 * x[0]! - 0.8 * x[1]! + 0.5 * x[2]! + 1.5 * (x[3]! > 0.5 ? 1 : 0) + 0.25 * x[2]! * x[2]! - 0.6;
    lines.push([...x.map((v) => v.toFixed(4)), rng.next() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no'].join(','));
  }
  const data = join(dir, 'marginal.csv');
  writeFileSync(data, `${lines.join('\n')}\n`);
  const { assessment: a } = await assess(await loadProblem({ data, target: 'label' }), { budgetSeconds: 40 });
  const choice = a.choice!;
  const linear = a.leaderboard.find((e) => e.id === 'model:linear')!;
  const better = a.leaderboard.filter((e) => e.metrics['roc_auc']!.mean > linear.metrics['roc_auc']!.mean);
  assert.ok(better.length > 0, 'a tree model has the higher mean ROC AUC');
  assert.equal(choice.model, 'model:linear', choice.reason);
  assert.equal(a.verdict.names, 'model:linear');
  assert.match(a.verdict.headline, /^Use ML: linear model \(logistic regression\) clears/);
  for (const e of better) {
    const adv = choice.advantages.find((x) => x.model === e.id && x.over === 'model:linear')!;
    assert.ok(adv.value > 0 && adv.value < 0.03 && adv.low <= 0, JSON.stringify(adv));
  }
  assert.match(choice.reason, /within its interval, so the simpler linear model \(logistic regression\) is put forward\.$/);
});

test('wine with gradient boosting cut to one fold: it is not put forward, the brief says it ran 1 of 5 folds and why it has no interval', async () => {
  const { brief, run } = await makeBrief(await loadProblem({ data: fromRoot('examples', 'wine.csv'), target: 'cultivar' }), { budgetSeconds: 20, modelPath: join(dir, 'wine-model.json') });
  const a = brief.assessment;
  const truth = run.truth!;
  // Boosting's first fold is what a run the budget stopped after one fold gives: the same rows, the same predictions.
  const full = run.results.get('model:gbdt')!;
  const rows = Int32Array.from(run.folds[0]!.test).sort();
  const score = computeMetric('balanced_accuracy', takeTruth(truth, rows), takePredictions(full.oof, rows, 3)).value;
  const partial: CvResult = { ...full, foldsRun: 1, tested: rows, perFold: [{ balanced_accuracy: score }], metrics: { ...full.metrics, balanced_accuracy: meanInterval([score]) } };
  const families = { 'model:linear': 'linear', 'model:forest': 'forest', 'model:gbdt': 'gbdt' } as const;
  const choice = chooseModel({
    candidates: a.leaderboard.map((e) => ({ family: families[e.id as keyof typeof families], result: e.id === 'model:gbdt' ? partial : run.results.get(e.id)! })),
    truth,
    folds: 5,
    metric: 'balanced_accuracy',
    seed: 42,
  })!;
  assert.notEqual(choice.model, 'model:gbdt');
  assert.match(choice.reason, /Gradient boosting ran 1 of 5 folds before the time budget ran out and is not put forward/);
  const leaderboard = a.leaderboard.map((e) => (e.id === 'model:gbdt' ? { ...e, foldsRun: 1, cutShort: true, metrics: partial.metrics } : e));
  const cut = { ...brief, assessment: { ...a, leaderboard, choice }, choice: { ...brief.choice!, model: choice.model, reason: choice.reason } };
  const blocks = buildBriefDocument(cut).blocks;
  const table = blocks.find((b) => b.kind === 'table' && b.headers.includes('95% interval'))! as unknown as { rows: string[][]; caption?: string };
  const row = table.rows.find((r) => r[0]!.startsWith('gradient boosting'))!;
  assert.equal(row[0], 'gradient boosting (ran 1 of 5 folds: cut short by the time budget)');
  assert.equal(row[3], 'none: 1 of 5 folds');
  assert.equal(table.caption, 'Intervals are 95% across the folds. gradient boosting has no interval: an interval across folds needs at least two.');
  assert.ok(table.rows.every((r) => r[3] !== '–'), 'no bare dash under the interval caption');
  const chart = blocks.find((b) => b.kind === 'chart' && b.chart.kind === 'leaderboard')! as { caption: string };
  assert.match(chart.caption, /with its 95% interval where it has one \(gradient boosting has no interval/);
  assert.ok(blocks.some((b) => b.kind === 'paragraph' && b.text === `Model put forward: ${choice.reason}`));
});
