// The clustering bar: the best one-feature split into k groups finds iris' petal split (the same
// partition as k-means, so a rule suffices), and loses to k-means when the groups lie across features.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../../core/paths.js';
import { Rng } from '../../core/rng.js';
import { loadProblem } from '../../frame/problem.js';
import { assess } from '../assess.js';
import { holdsRealGroups, optimalCuts, splitFeature } from './one-feature-split.js';

test('one-dimensional optimal k-means puts the cuts in the gaps between groups of values', () => {
  const values = Float64Array.of(1, 1.2, 0.9, 1.1, 5, 5.2, 4.9, 9, 9.1, 8.8, Number.NaN);
  assert.deepEqual(optimalCuts(values, 3), [(1.2 + 4.9) / 2, (5.2 + 8.8) / 2]);
  assert.deepEqual(optimalCuts(values, 2).length, 1);
  assert.deepEqual(optimalCuts(Float64Array.of(3, 3, 3), 2), [], 'one value cannot be split');
  // A missing value goes with the median's group, as k-means' imputation puts it.
  const split = splitFeature({ kind: 'numeric', name: 'x', values }, 3)!;
  assert.equal(split.groups[10], split.groups[4]);
  assert.equal(split.rule, 'x ≤ 3.05 | 3.05 < x ≤ 7 | x > 7');
});

test('iris with k = 2: petal_length ≤ 2.45 gives the k-means partition, so the verdict is that the simple split suffices', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-split-'));
  const card = join(dir, 'iris.yaml');
  writeFileSync(card, `data:\n  file: ${fromRoot('examples', 'iris.csv')}\nreferenceColumn: species\n`);
  const { assessment } = await assess(await loadProblem({ card }), { budgetSeconds: 20 });
  const model = assessment.leaderboard[0]!;
  const bar = assessment.baselines[0]!;
  assert.equal(model.params?.['n_clusters'], 2);
  assert.equal(bar.id, 'rule:petal_length');
  assert.match(bar.description!, /petal_length ≤ 2\.45 \| petal_length > 2\.45/);
  assert.ok(Math.abs(bar.metrics['silhouette']!.mean - 0.5818) < 5e-4, `${bar.metrics['silhouette']!.mean}`);
  assert.equal(bar.metrics['silhouette']!.mean, model.metrics['silhouette']!.mean, 'the same partition scores the same');
  assert.ok(Math.abs(bar.metrics['ami']!.mean - 0.7316) < 5e-4, `${bar.metrics['ami']!.mean}`);
  assert.equal(assessment.verdict.verdict, 'rule-suffices', assessment.verdict.reason);
  assert.match(assessment.verdict.headline, /petal_length ≤ 2\.45/);
  assert.match(assessment.verdict.reason, /same partition as k-means/);
  assert.doesNotMatch(assessment.verdict.headline, /no single feature/);
});

test('four groups set out like a chessboard: no split of one feature gives them, and k-means is needed', async () => {
  const rng = new Rng(3);
  const lines = ['x,y'];
  for (const [cx, cy] of [[0, 0], [0, 6], [6, 0], [6, 6]] as const) for (let i = 0; i < 100; i++) lines.push(`${(cx + rng.normal()).toFixed(3)},${(cy + rng.normal()).toFixed(3)}`);
  const dir = mkdtempSync(join(tmpdir(), 'framewise-split-'));
  writeFileSync(join(dir, 'blobs.csv'), `${lines.join('\n')}\n`);
  const card = join(dir, 'blobs.yaml');
  writeFileSync(card, 'data:\n  file: blobs.csv\n');
  const { assessment } = await assess(await loadProblem({ card }), { budgetSeconds: 20 });
  const model = assessment.leaderboard[0]!;
  const bar = assessment.baselines[0]!;
  assert.equal(model.params?.['n_clusters'], 4);
  // One feature can only tell two of the four groups apart, whatever its cuts.
  assert.ok(model.metrics['silhouette']!.mean - bar.metrics['silhouette']!.mean > 0.2, `${model.metrics['silhouette']!.mean} vs ${bar.metrics['silhouette']!.mean}`);
  assert.equal(assessment.verdict.verdict, 'use-ml', assessment.verdict.reason);
  assert.match(assessment.verdict.reason, /best split of one feature into 4 groups/);
});

test('a cut that sets apart one outlier is no segmentation: the bar needs real groups', async () => {
  assert.equal(holdsRealGroups(Int32Array.of(0, 0, 0, 1, 1, 1), 2), true);
  assert.equal(holdsRealGroups(Int32Array.from({ length: 500 }, (_, i) => (i === 0 ? 1 : 0)), 2), false);
  // Two broad groups across x and y, and one row far out on 'z': cutting 'z' around it scores a
  // high silhouette on one row, which must not be put forward as the groups.
  const rng = new Rng(8);
  const lines = ['x,y,z'];
  for (let i = 0; i < 400; i++) {
    const c = i % 2 === 0 ? 0 : 5;
    lines.push(`${(c + rng.normal()).toFixed(3)},${(c + rng.normal()).toFixed(3)},${(i === 7 ? 80 : rng.normal()).toFixed(3)}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'framewise-split-'));
  writeFileSync(join(dir, 'outlier.csv'), `${lines.join('\n')}\n`);
  const card = join(dir, 'outlier.yaml');
  writeFileSync(card, 'data:\n  file: outlier.csv\n');
  const { assessment } = await assess(await loadProblem({ card }), { budgetSeconds: 20 });
  const bar = assessment.baselines[0];
  assert.ok(bar === undefined || bar.id !== 'rule:z', `${bar?.id}: ${bar?.description}`);
  assert.doesNotMatch(assessment.verdict.reason, /within 0\.05 of k-means[^.]*\(0\.[0-9]+\)[^.]*\. .*z ≤/);
});
