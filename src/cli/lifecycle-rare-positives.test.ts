// Rare positives through the lifecycle on a generated 8,000-row table with 2% 'yes': PR AUC heads
// the assessment (bar, leaderboard, lifts, learning curve, verdict), the brief and its watch plan,
// the registered promise, monitoring and retraining, with ROC AUC beside it and the reason said;
// and a table with too few positives to fill its folds is told so by the readiness check.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Assessment } from '../evaluate/assessment.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { rarePositivesCsv } from './fixtures/rare-positives-table.js';
import { lifecycleFolder, registeredPackage } from './fixtures/lifecycle-run.js';

const life = lifecycleFolder('framewise-rare-');
const { ok, readJson } = life;

const card = (file: string, folds: number): string => `name: churn
data:
  file: ${file}
target: churned
task: binary
assess:
  folds: ${folds}
  seed: 42
`;

const REASON = /'yes' is only 2\.0% of the labelled rows: with 2\.0% positives, ROC AUC can look good while the top of the ranking is mostly wrong/;

let assessed: Assessment;
let assessOut: string;

before(() => {
  writeFileSync(join(life.dir, 'churn.csv'), rarePositivesCsv(8000, 0.02, 7).csv);
  writeFileSync(join(life.dir, 'framewise.yaml'), card('churn.csv', 3));
  assessOut = ok('assess', 'framewise.yaml', '--budget', '10', '--out', 'assessed').stdout;
  assessed = readJson<Assessment>('assessed', 'assessment.json');
});

test('the assessment ranks, lifts, curves and judges by PR AUC, with ROC AUC beside it and the reason', () => {
  const a = assessed;
  assert.equal(a.framing.classes!.find((c) => c.label === 'yes')!.count, 160);
  assert.equal(a.evaluation.mainMetric, 'pr_auc');
  assert.match(a.evaluation.mainMetricReason!, REASON);
  assert.equal(a.verdict.minimumLift, 0.04);
  assert.match(a.verdict.reason, /PR AUC/);
  assert.doesNotMatch(a.verdict.reason, /ROC AUC/);
  assert.ok(a.leaderboard.length > 0, 'a model was scored');
  // The leaderboard is ordered by PR AUC and every candidate carries ROC AUC too.
  const pr = a.leaderboard.map((e) => e.metrics['pr_auc']!.mean);
  assert.deepEqual(pr, [...pr].sort((x, y) => y - x));
  for (const c of [...a.baselines, ...a.leaderboard]) assert.ok(Number.isFinite(c.metrics['roc_auc']!.mean), c.id);
  // Guessing scores the positive share in PR AUC, and half in ROC AUC.
  assert.ok(Math.abs(a.baselines[0]!.metrics['pr_auc']!.mean - 0.02) < 1e-3);
  const lift = a.lift.overBestBaseline ?? a.lift.overPrior!;
  assert.equal(lift.metric, 'pr_auc');
  assert.equal(a.lift.overPrior!.metric, 'pr_auc');
  assert.equal(a.learningCurve!.metric, 'pr_auc');
  assert.equal(a.choice!.measure, 'pr_auc');
  // The folds keep the positives: 160 in 3 stratified folds.
  const folds = a.readiness.find((c) => c.id === 'positives-per-fold')!;
  assert.equal(folds.status, 'pass');
  assert.deepEqual([...(folds.evidence['positivesPerFold'] as number[])].sort(), [53, 53, 54]);
  // The terminal says why, and shows ROC AUC beside PR AUC.
  assert.match(assessOut.replace(/\s+/g, ' '), REASON);
  assert.match(assessOut, /candidate +PR AUC +95% interval +ROC AUC/);
  // The curve's points depend on the time left; whenever it has them they are in PR AUC.
  if (a.learningCurve!.points.length > 0) assert.match(assessOut, /Learning curve \(PR AUC\)/);
});

test('the brief, its watch plan, the registered promise, monitoring and retraining all speak PR AUC', () => {
  ok('brief', 'framewise.yaml', '--register', 'churn', '--budget', '10');
  const brief = readJson<{ assessment: Assessment; watch: { performance: { metric: string } }; promise: DecisionPackage['promise'] }>('framewise-out', 'churn', 'brief.json');
  assert.equal(brief.assessment.evaluation.mainMetric, 'pr_auc');
  assert.equal(brief.watch.performance.metric, 'pr_auc');
  assert.equal(brief.promise.mainMetric, 'pr_auc');
  assert.ok(brief.promise.metrics['pr_auc'] && brief.promise.metrics['roc_auc']);
  const md = readFileSync(join(life.dir, 'framewise-out', 'churn', 'brief.md'), 'utf8');
  assert.match(md.replace(/\s+/g, ' '), REASON);
  assert.match(md, /\| candidate +\| PR AUC \| ROC AUC \|/);
  const pkg = registeredPackage(life.registry, 'churn', 1)!;
  assert.equal(pkg.promise.mainMetric, 'pr_auc');

  const monitored = ok('monitor', 'churn', '--current', 'churn.csv', '--out', 'monitored');
  const m = readJson<{ performance: { mainMetric: string; overall: { metrics: Record<string, { value: number }> }; promised: Record<string, unknown> } }>('monitored', 'monitor.json');
  assert.equal(m.performance.mainMetric, 'pr_auc');
  assert.deepEqual(Object.keys(m.performance.overall.metrics).slice(0, 2), ['pr_auc', 'roc_auc']);
  assert.ok(m.performance.promised['pr_auc'] !== undefined);
  // The first performance line of the terminal is PR AUC against its promise.
  const lines = monitored.stdout.split('\n');
  const at = lines.findIndex((l) => /^ {2}performance /.test(l));
  assert.match(lines[at + 1]!, /^\s+PR AUC [\d.]+ \[[\d.]+, [\d.]+\] vs promised/);

  ok('retrain', 'churn@1', '--data', 'churn.csv', '--out', 'retrained');
  const r = readJson<{ comparison: { mainMetric: string; lift: { metric: string }; advice: { minimumLift: number } } }>('retrained', 'retrain.json');
  assert.deepEqual([r.comparison.mainMetric, r.comparison.lift.metric, r.comparison.advice.minimumLift], ['pr_auc', 'pr_auc', 0.04]);
  const store = SqliteModelStore.open(life.registry);
  try {
    assert.equal(store.get({ name: 'churn', alias: 'challenger' }).lineage.decision!.promise.mainMetric, 'pr_auc');
  } finally {
    store.close();
  }
});

test('25 positives in 5 folds: the readiness check says the folds cannot be scored, with the count per fold and what to do', () => {
  writeFileSync(join(life.dir, 'few.csv'), rarePositivesCsv(1000, 0.025, 3).csv);
  writeFileSync(join(life.dir, 'few.yaml'), card('few.csv', 5));
  const out = ok('assess', 'few.yaml', '--budget', '4', '--out', 'few').stdout;
  const a = readJson<Assessment>('few', 'assessment.json');
  assert.equal(a.evaluation.mainMetric, 'pr_auc');
  const check = a.readiness.find((c) => c.id === 'positives-per-fold')!;
  assert.equal(check.status, 'warn');
  assert.deepEqual(check.evidence['positivesPerFold'], [5, 5, 5, 5, 5]);
  assert.match(check.message, /the 5 test folds hold only 5 rows of 'yes' each \(25 in all\)/);
  assert.match(check.message, /assess: folds: 2/);
  assert.match(out.replace(/\s+/g, ' '), /WARN Positives in every test fold: The folds cannot be scored reliably/);
});
