// Ground truth for the verdict: generated data sets whose answer is known by construction, and
// the real seattle-weather data, where same-day precipitation must be flagged.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { assess } from './assess.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-assess-'));

/** Writes n rows of five standard-normal features plus whatever `label` and `extra` derive. */
function generate(name: string, n: number, seed: number, label: (x: number[], rng: Rng) => string, extra?: (x: number[], y: string, rng: Rng) => Record<string, number>): string {
  const rng = new Rng(seed);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 5 }, () => rng.normal());
    const y = label(x, rng);
    const more = extra ? extra(x, y, rng) : {};
    if (i === 0) lines.push(['x1', 'x2', 'x3', 'x4', 'x5', ...Object.keys(more), 'label'].join(','));
    lines.push([...x.map((v) => v.toFixed(5)), ...Object.values(more).map((v) => v.toFixed(5)), y].join(','));
  }
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const flip = (y: boolean, rng: Rng, share: number): string => (rng.next() < share ? !y : y) ? 'yes' : 'no';

test('a label set by a rule on one feature → rule-suffices, naming that feature', async () => {
  const path = generate('rule', 1500, 1, (x, rng) => flip(x[0]! > 0.3, rng, 0.1));
  const { assessment } = await assess(await loadProblem({ data: path, target: 'label' }), { budgetSeconds: 20 });
  assert.equal(assessment.verdict.verdict, 'rule-suffices', assessment.verdict.reason);
  assert.equal(assessment.verdict.names, 'rule:x1');
  assert.match(assessment.verdict.headline, /x1/);
  assert.match(assessment.baselines.find((b) => b.id === 'rule:x1')!.description!, /x1 [≤>] 0\.[23]\d* → (yes|no|true|false)/);
});

test('labels independent of the features → no-signal, on two independent samples', async () => {
  // A random sample can hold a chance association (about one in twenty reach 3 standard errors
  // on some feature); two samples check the verdict is not a fluke of one draw.
  for (const seed of [7, 8]) {
    const path = generate(`noise-${seed}`, 1500, seed, (_x, rng) => (rng.next() < 0.5 ? 'yes' : 'no'));
    const { assessment } = await assess(await loadProblem({ data: path, target: 'label' }), { budgetSeconds: 15 });
    assert.equal(assessment.verdict.verdict, 'no-signal', `seed ${seed}: ${assessment.verdict.reason}`);
  }
  // The same noise at the default minimum: the reason says what lift 1,500 rows cannot rule out.
  const problem = await loadProblem({ data: generate('noise-7', 1500, 7, (_x, rng) => (rng.next() < 0.5 ? 'yes' : 'no')), target: 'label' });
  const { assessment } = await assess(problem, { budgetSeconds: 15 });
  assert.match(assessment.verdict.reason, /cannot yet rule out a lift of up to 0\.\d+; about [\d,]+ labelled rows would/);
});

test('a feature that copies the label with small noise → fix-data-first, named as a leak', async () => {
  const path = generate('leak', 1500, 3, (x, rng) => flip(x[0]! + x[1]! > 0, rng, 0.05), (_x, y, rng) => ({ approved_amount: (y === 'yes' ? 1 : 0) + 0.05 * rng.normal() }));
  const { assessment } = await assess(await loadProblem({ data: path, target: 'label' }), { budgetSeconds: 20 });
  assert.equal(assessment.verdict.verdict, 'fix-data-first', assessment.verdict.reason);
  assert.equal(assessment.verdict.names, 'leakage');
  const leak = assessment.leakSuspects.find((s) => s.feature === 'approved_amount');
  assert.ok(leak, 'approved_amount is a leak suspect');
  assert.equal(leak.kind, 'near-perfect');
  assert.match(assessment.verdict.reason, /approved_amount/);
});

test('a label from an interaction no single-feature rule captures → use-ml', async () => {
  const path = generate('interaction', 1500, 4, (x, rng) => flip(x[0]! * x[1]! > 0, rng, 0.03));
  const { assessment } = await assess(await loadProblem({ data: path, target: 'label' }), { budgetSeconds: 20 });
  assert.equal(assessment.verdict.verdict, 'use-ml', assessment.verdict.reason);
  const lift = assessment.lift.overBestBaseline ?? assessment.lift.overPrior!;
  assert.ok(lift.low > 0 && lift.value >= assessment.verdict.minimumLift);
  assert.ok(['model:gbdt', 'model:forest'].includes(assessment.lift.bestModel!), `best model ${assessment.lift.bestModel}`);
});

test('seattle-weather: same-day precipitation is flagged, and the question asked', async () => {
  const { assessment } = await assess(await loadProblem({ data: fromRoot('examples', 'seattle-weather.csv'), target: 'weather' }), { budgetSeconds: 20 });
  const suspect = assessment.leakSuspects.find((s) => s.feature === 'precipitation');
  assert.ok(suspect, 'precipitation is a leak suspect');
  assert.match(suspect.message, /same day/);
  assert.match(suspect.message, /available at the time of prediction\?/);
  const check = assessment.readiness.find((c) => c.id === 'leakage')!;
  assert.notEqual(check.status, 'pass');
  assert.equal(assessment.framing.task, 'multiclass');
  assert.equal(assessment.evaluation.foldKind, 'stratified');
  assert.ok(assessment.featurePower.every((f) => Number.isFinite(f.adjustedMutualInformation)));
  assert.ok(assessment.evaluation.elapsedSeconds < 60);
});

test('clustering: k-means against a one-feature split, with AMI against a reference column', async () => {
  const dirPath = mkdtempSync(join(tmpdir(), 'framewise-cluster-'));
  const card = join(dirPath, 'clusters.yaml');
  writeFileSync(card, `data:\n  file: ${fromRoot('examples', 'penguins.csv')}\n  sql: SELECT * FROM data WHERE bill_length_mm IS NOT NULL\nreferenceColumn: species\nfeatures:\n  exclude: [island, sex, year]\n`);
  const { assessment } = await assess(await loadProblem({ card }), { budgetSeconds: 20 });
  assert.equal(assessment.framing.task, 'clustering');
  assert.equal(assessment.evaluation.mainMetric, 'silhouette');
  const kmeans = assessment.leaderboard[0]!;
  assert.ok(kmeans.metrics['silhouette']!.mean > 0.25);
  // Body measurements recover the species well above chance.
  assert.ok(kmeans.metrics['ami']!.mean > 0.5, `AMI ${kmeans.metrics['ami']!.mean}`);
  assert.equal(assessment.verdict.verdict, 'use-ml', assessment.verdict.reason);
});

test('anomalies: without known anomalies the verdict says what labels would add; with them, isolation forest is scored on held-out rows', async () => {
  const dirPath = mkdtempSync(join(tmpdir(), 'framewise-anomaly-'));
  const unlabelled = join(dirPath, 'a.yaml');
  writeFileSync(unlabelled, `data:\n  file: ${fromRoot('examples', 'seattle-weather.csv')}\ntask: anomaly\nfeatures:\n  exclude: [weather]\n`);
  const first = await assess(await loadProblem({ card: unlabelled }), { budgetSeconds: 20 });
  // The missing labels are a warning, not a blocking failure: the realistic case still gets a verdict.
  assert.notEqual(first.assessment.verdict.verdict, 'fix-data-first');
  assert.equal(first.assessment.readiness.find((c) => c.id === 'labelled-anomalies')?.status, 'warn');
  assert.match(first.assessment.verdict.reason, /without (known anomalies|labels)/i);
  assert.equal(first.assessment.anomaly?.labelled, false);
  assert.ok(Math.abs(first.assessment.anomaly!.flaggedShare - 0.1) < 0.01);
  assert.equal(first.assessment.evaluation.mainMetric, 'flagged_share');
  for (const c of [...first.assessment.leaderboard, ...first.assessment.baselines]) assert.ok(c.metrics['flagged_share'] !== undefined, c.id);
  const labelled = join(dirPath, 'b.yaml');
  writeFileSync(labelled, `data:\n  file: ${fromRoot('examples', 'seattle-weather.csv')}\n  sql: "SELECT precipitation, temp_max, temp_min, wind, (wind > 7 OR precipitation > 30) AS storm FROM data"\ntask: anomaly\nreferenceColumn: storm\n`);
  const second = await assess(await loadProblem({ card: labelled }), { budgetSeconds: 20 });
  assert.ok(second.assessment.leaderboard[0]!.metrics['roc_auc']!.mean > 0.9);
});

test('multi-label: each label assessed on the same folds, joined into Hamming loss and subset accuracy; a label defined by one feature is caught', async () => {
  const dirPath = mkdtempSync(join(tmpdir(), 'framewise-multilabel-'));
  const card = join(dirPath, 'tags.yaml');
  writeFileSync(
    card,
    `data:\n  file: ${fromRoot('examples', 'seattle-weather.csv')}\n  sql: "SELECT precipitation, temp_max, temp_min, wind, CASE WHEN weather IN ('rain','drizzle') THEN 'wet' ELSE 'dry' END || CASE WHEN temp_max > 20 THEN '|warm' ELSE '' END AS tags FROM data"\ntarget: tags\n`,
  );
  const { assessment } = await assess(await loadProblem({ card }), { budgetSeconds: 30 });
  assert.equal(assessment.framing.task, 'multilabel');
  assert.deepEqual(assessment.framing.classes!.map((c) => c.label), ['dry', 'warm', 'wet']);
  const best = assessment.leaderboard[0]!;
  assert.ok(best.metrics['hamming_loss']!.mean < assessment.baselines[0]!.metrics['hamming_loss']!.mean);
  assert.ok(best.metrics['subset_accuracy']!.mean > 0.5);
  // 'warm' is temp_max > 20 by construction: a leak, so the data must be fixed first.
  assert.equal(assessment.verdict.verdict, 'fix-data-first');
  assert.match(assessment.verdict.headline, /label 'warm'/);
  assert.ok(assessment.leakSuspects.some((s) => s.feature === 'temp_max' && /Label 'warm'/.test(s.message)));
});
