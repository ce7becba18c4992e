// Explanations of fitted boosting models and forests on real data: contributions add up to the
// model's output on every row, small models match subset enumeration, mean |SHAP| ranks signal.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../../core/errors.js';
import { fromRoot } from '../../core/paths.js';
import type { Frame } from '../../data/frame.js';
import { loadFrame } from '../../data/load.js';
import type { FittedForest } from '../forest/fitted-forest.js';
import { RandomForest } from '../forest/forest.js';
import { type FittedGbdt, gbdtFromJSON } from '../gbdt/fitted-gbdt.js';
import { Gbdt } from '../gbdt/gbdt.js';
import { Ridge } from '../linear/ridge.js';
import { binRows } from '../tree/binning.js';
import { featureValues } from '../tree/features.js';
import { parseEdges, parseTrees } from '../tree/model-json.js';
import { readFixtureCsv, signalAndNoiseFrame } from '../tree/test-support.js';
import { explainTrees, meanAbsShap, type TreeExplanation } from './explain-trees.js';
import { bruteForceShapley } from './test-support.js';

/** Model output per row and output on the explained scale, from the model's own predict. */
function modelOutputs(model: FittedGbdt | FittedForest, frame: Frame, explanation: TreeExplanation): Float64Array {
  if (model.estimator === 'gbdt') return (model as FittedGbdt).rawScores(frame);
  const prediction = model.predict(frame);
  if (prediction.kind === 'regression') return prediction.values;
  assert.equal(prediction.kind, 'classification');
  if (prediction.kind !== 'classification') return new Float64Array(0);
  const K = prediction.classes.length;
  if (K > 2) return prediction.probabilities;
  assert.equal(explanation.outputs.length, 1);
  return Float64Array.from({ length: frame.rowCount }, (_, r) => prediction.probabilities[r * K + 1]!);
}

/** Largest |expected + Σ contributions − model output| over every row and output. */
function additivityGap(model: FittedGbdt | FittedForest, frame: Frame, explanation: TreeExplanation): number {
  const F = explanation.features.length;
  const K = explanation.outputs.length;
  const out = modelOutputs(model, frame, explanation);
  assert.equal(out.length, frame.rowCount * K);
  let worst = 0;
  for (let i = 0; i < explanation.rows.length; i++) {
    const r = explanation.rows[i]!;
    for (let k = 0; k < K; k++) {
      let sum = explanation.expected[k]!;
      for (let f = 0; f < F; f++) sum += explanation.contributions[(i * K + k) * F + f]!;
      worst = Math.max(worst, Math.abs(sum - out[r * K + k]!));
    }
  }
  return worst;
}

/** The share of rows and outputs where the contributions are not all zero (guards against a vacuous pass). */
function activeShare(explanation: TreeExplanation): number {
  const F = explanation.features.length;
  const cells = explanation.contributions.length / F;
  let active = 0;
  for (let c = 0; c < cells; c++) {
    let any = false;
    for (let f = 0; f < F; f++) if (Math.abs(explanation.contributions[c * F + f]!) > 1e-9) any = true;
    if (any) active++;
  }
  return active / cells;
}

test('boosting, regression on diabetes: contributions add up to the prediction on all 442 rows; expected value is the mean training prediction', async () => {
  const frame = readFixtureCsv('diabetes.csv');
  const model = await new Gbdt().fit(frame, 'target');
  const e = explainTrees(model, frame);
  assert.deepEqual(e.outputs, ['target']);
  assert.equal(e.scale, 'prediction');
  assert.deepEqual(e.features, ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']);
  assert.equal(e.rows.length, 442);
  const gap = additivityGap(model, frame, e);
  assert.ok(gap < 1e-6, `gap ${gap}`);
  assert.ok(activeShare(e) > 0.99);
  // Squared error has hessian 1, so the cover is the row count: E[f] is the training mean of f.
  const raw = model.rawScores(frame);
  const meanPrediction = raw.reduce((a, b) => a + b, 0) / raw.length;
  assert.ok(Math.abs(e.expected[0]! - meanPrediction) < 1e-6, `expected ${e.expected[0]} vs mean prediction ${meanPrediction}`);
});

test('boosting, binary on breast_cancer: contributions add up to the log-odds on all 569 rows', async () => {
  const frame = readFixtureCsv('breast_cancer.csv');
  const model = await new Gbdt({ objective: 'classification' }).fit(frame, 'target');
  const e = explainTrees(model, frame);
  assert.deepEqual(e.outputs, ['log-odds of 1']);
  assert.equal(e.scale, 'log-odds');
  assert.equal(e.features.length, 30);
  const gap = additivityGap(model, frame, e);
  assert.ok(gap < 1e-6, `gap ${gap}`);
  assert.ok(activeShare(e) > 0.99);
});

test('boosting, multiclass on penguins (categories, missing values): each class score adds up on all 344 rows', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const model = await new Gbdt({ max_iter: 60 }).fit(frame, 'species');
  const e = explainTrees(model, frame);
  assert.deepEqual(e.outputs, ['raw score of Adelie', 'raw score of Chinstrap', 'raw score of Gentoo']);
  assert.equal(e.scale, 'raw-score');
  assert.deepEqual(e.features, ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year']);
  const gap = additivityGap(model, frame, e);
  assert.ok(gap < 1e-6, `gap ${gap}`);
  assert.ok(activeShare(e) > 0.99);
  // Rows with missing measurements are explained too (and add up, as checked above).
  const missingRows = Array.from(e.rows).filter((r) => Number.isNaN((frame.column('bill_length_mm') as { values: Float64Array }).values[r]!));
  assert.ok(missingRows.length >= 2);
});

test('boosting, multiclass on seattle-weather (5 classes, a date feature): a subset of rows adds up', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'seattle-weather.csv'));
  const model = await new Gbdt({ max_iter: 40 }).fit(frame, 'weather');
  const rows = Array.from({ length: 300 }, (_, i) => i * 4 + 1);
  const e = explainTrees(model, frame, rows);
  assert.equal(e.outputs.length, 5);
  assert.deepEqual(Array.from(e.rows), rows);
  const gap = additivityGap(model, frame, e);
  assert.ok(gap < 1e-6, `gap ${gap}`);
});

test('forest, regression on diabetes and binary on breast_cancer: contributions add up to the averaged trees', async () => {
  const diabetes = readFixtureCsv('diabetes.csv');
  const regressor = await new RandomForest({ n_estimators: 30 }).fit(diabetes, 'target');
  const r = explainTrees(regressor, diabetes);
  assert.deepEqual(r.outputs, ['target']);
  const gapR = additivityGap(regressor, diabetes, r);
  assert.ok(gapR < 1e-6, `regression gap ${gapR}`);
  assert.ok(activeShare(r) > 0.99);

  const cancer = readFixtureCsv('breast_cancer.csv');
  const classifier = await new RandomForest({ n_estimators: 30, objective: 'classification' }).fit(cancer, 'target');
  const rows = Array.from({ length: 190 }, (_, i) => 3 * i);
  const c = explainTrees(classifier, cancer, rows);
  assert.deepEqual(c.outputs, ['probability of 1']);
  assert.equal(c.scale, 'probability');
  const gapC = additivityGap(classifier, cancer, c);
  assert.ok(gapC < 1e-6, `binary gap ${gapC}`);
  // Bootstrap-weighted cover: the expected probability is near the share of class 1 (357 of 569).
  assert.ok(Math.abs(c.expected[0]! - 357 / 569) < 0.03, `expected ${c.expected[0]}`);
});

test('forest, multiclass on penguins: each class probability adds up on all rows', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const model = await new RandomForest({ n_estimators: 25 }).fit(frame, 'species');
  const e = explainTrees(model, frame);
  assert.deepEqual(e.outputs, ['probability of Adelie', 'probability of Chinstrap', 'probability of Gentoo']);
  const gap = additivityGap(model, frame, e);
  assert.ok(gap < 1e-6, `gap ${gap}`);
  // Probabilities sum to 1 in every row, so the class contributions of a feature cancel out.
  const F = e.features.length;
  for (let i = 0; i < e.rows.length; i++) {
    for (let f = 0; f < F; f++) {
      const s = e.contributions[(i * 3) * F + f]! + e.contributions[(i * 3 + 1) * F + f]! + e.contributions[(i * 3 + 2) * F + f]!;
      assert.ok(Math.abs(s) < 1e-9);
    }
  }
});

/** Σ over the model's trees of the subset-enumeration Shapley values, for one row. */
function bruteForceModel(model: FittedGbdt | FittedForest, frame: Frame, row: number, K: number): { phi: Float64Array; expected: Float64Array } {
  const json = model.toJSON();
  const F = model.signature.features.length;
  const forest = model.estimator !== 'gbdt';
  const classes = model.classes?.length ?? 1;
  const trees = parseTrees(json.trees, F, forest ? classes : 1, model.estimator);
  const codes = binRows(featureValues(frame.take([row]), model.signature), parseEdges(json.binEdges, F, model.estimator), 1);
  const phi = new Float64Array(K * F);
  const expected = new Float64Array(K);
  if (!forest) expected.set((json as unknown as { baseline: number[] }).baseline);
  trees.forEach((tree, t) => {
    for (let k = 0; k < K; k++) {
      if (!forest && t % K !== k) continue;
      const output = forest ? (classes === 2 ? 1 : classes === 1 ? 0 : k) : 0;
      const exact = bruteForceShapley(tree, tree.cover!, output, codes, F);
      const scale = forest ? 1 / trees.length : 1;
      expected[k] += scale * exact.expected;
      for (let f = 0; f < F; f++) phi[k * F + f] += scale * exact.phi[f]!;
    }
  });
  return { phi, expected };
}

test('small fitted models agree with subset enumeration: boosting (three objectives) and a forest', async () => {
  const { frame: penguins } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const small = penguins.select(['island', 'bill_length_mm', 'flipper_length_mm', 'sex', 'species']);
  const diabetes = readFixtureCsv('diabetes.csv').select(['bmi', 'bp', 's5', 'target']);
  const cancer = readFixtureCsv('breast_cancer.csv').select(['worst_radius', 'mean_texture', 'worst_concave_points', 'target']);
  const cases: [FittedGbdt | FittedForest, Frame][] = [
    [await new Gbdt({ max_iter: 8, max_leaves: 6, min_samples_leaf: 5 }).fit(diabetes, 'target'), diabetes],
    [await new Gbdt({ max_iter: 8, max_leaves: 6, min_samples_leaf: 5, objective: 'classification' }).fit(cancer, 'target'), cancer],
    [await new Gbdt({ max_iter: 6, max_leaves: 8, min_samples_leaf: 3 }).fit(small, 'species'), small],
    [await new RandomForest({ n_estimators: 4, max_depth: 5 }).fit(small, 'species'), small],
  ];
  for (const [model, frame] of cases) {
    const rows = [0, 3, 10, 42, 100, 150, 200, 271, 300, 340].filter((r) => r < frame.rowCount);
    // Penguin rows 3 and 271 have missing values.
    const e = explainTrees(model, frame, rows);
    const K = e.outputs.length;
    const F = e.features.length;
    rows.forEach((row, i) => {
      const exact = bruteForceModel(model, frame, row, K);
      for (let k = 0; k < K; k++) {
        assert.ok(Math.abs(e.expected[k]! - exact.expected[k]!) < 1e-9, `${model.estimator} ${model.task}: expected ${e.expected[k]} vs ${exact.expected[k]}`);
        for (let f = 0; f < F; f++) {
          const got = e.contributions[(i * K + k) * F + f]!;
          const want = exact.phi[k * F + f]!;
          assert.ok(Math.abs(got - want) < 1e-9, `${model.estimator} ${model.task} row ${row} output ${k} ${e.features[f]}: ${got} vs ${want}`);
        }
      }
    });
  }
});

test('mean |SHAP| ranks the features that make the target above pure noise', async () => {
  const frame = signalAndNoiseFrame(800, 5);
  const model = await new Gbdt({ max_iter: 80 }).fit(frame, 'y');
  const ranking = meanAbsShap(explainTrees(model, frame));
  // y = 3a + b² − 2[c > 0] + noise: a moves y most (E|3a| ≈ 2.4); b and c about as much as each other (≈ 1).
  assert.equal(ranking[0]!.name, 'a');
  assert.deepEqual(ranking.map((r) => r.name).slice(1, 3).sort(), ['b', 'c']);
  const noise = ranking.filter((r) => r.name.startsWith('noise'));
  assert.equal(noise.length, 2);
  for (const n of noise) assert.ok(n.meanAbs < 0.1 * ranking[0]!.meanAbs, `${n.name} ${n.meanAbs} vs a ${ranking[0]!.meanAbs}`);
  for (const r of ranking) assert.equal(r.byOutput.length, 1);
});

test('a model saved without node cover, and rows outside the frame, are refused with a clear error', async () => {
  const frame = readFixtureCsv('diabetes.csv');
  const model = await new Gbdt({ max_iter: 3 }).fit(frame, 'target');
  const json = JSON.parse(JSON.stringify(model.toJSON())) as { trees: Record<string, unknown>[] };
  for (const tree of json.trees) delete tree['cover'];
  const old = gbdtFromJSON(json);
  assert.throws(() => explainTrees(old, frame), (e: unknown) => e instanceof FramewiseError && e.code === 'MODEL_FORMAT' && /node/.test(e.message));
  assert.throws(() => explainTrees(model, frame, [0, 442]), (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_ARGUMENT' && /442/.test(e.message));
  const linear = await new Ridge().fit(frame, 'target');
  assert.throws(() => explainTrees(linear as unknown as FittedGbdt, frame), (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_ARGUMENT' && /'ridge'/.test(e.message));
  // A loaded model explains exactly as the one it was saved from.
  const loaded = gbdtFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
  assert.deepEqual(explainTrees(loaded, frame, [5, 6]).contributions, explainTrees(model, frame, [5, 6]).contributions);
});

test('rows explained one at a time (path walk) match rows explained together (memoised leaf patterns)', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  for (const model of [await new Gbdt({ max_iter: 30 }).fit(frame, 'species'), await new RandomForest({ n_estimators: 10, max_depth: 6 }).fit(frame, 'species')]) {
    const rows = Array.from({ length: 344 }, (_, i) => i);
    const together = explainTrees(model, frame, rows);
    const size = together.outputs.length * together.features.length;
    for (const r of [0, 3, 57, 200, 343]) {
      const alone = explainTrees(model, frame, [r]);
      assert.deepEqual(alone.expected, together.expected);
      for (let c = 0; c < size; c++) {
        const a = alone.contributions[c]!;
        const b = together.contributions[r * size + c]!;
        assert.ok(Math.abs(a - b) < 1e-12, `${model.estimator} row ${r} cell ${c}: ${a} vs ${b}`);
      }
    }
  }
});

test('unseen categories and missing values follow the model’s own routing; trees that never split add nothing', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const model = await new Gbdt({ max_iter: 30 }).fit(frame, 'species');
  // Rename one island everywhere: its rows now hold a category the model never saw.
  const island = frame.column('island');
  assert.equal(island.kind, 'categorical');
  if (island.kind !== 'categorical') return;
  const renamed = frame.withColumn({ ...island, dictionary: island.dictionary.map((d) => (d === 'Dream' ? 'Atlantis' : d)) });
  const e = explainTrees(model, renamed);
  const gap = additivityGap(model, renamed, e);
  assert.ok(gap < 1e-6, `gap ${gap}`);
  // The explanations of those rows differ from the ones with the island known.
  const known = explainTrees(model, frame);
  const dream = island.dictionary.indexOf('Dream');
  const row = Array.from(island.codes).indexOf(dream);
  const F = e.features.length;
  const K = e.outputs.length;
  let differs = 0;
  for (let c = 0; c < K * F; c++) differs = Math.max(differs, Math.abs(e.contributions[row * K * F + c]! - known.contributions[row * K * F + c]!));
  assert.ok(differs > 1e-3, `largest change ${differs}`);

  // 15 rows with at least 20 per leaf: every tree is a single leaf.
  const tiny = readFixtureCsv('diabetes.csv').take(Array.from({ length: 15 }, (_, i) => i));
  const stump = await new Gbdt({ max_iter: 5 }).fit(tiny, 'target');
  const s = explainTrees(stump, tiny);
  assert.ok(s.contributions.every((v) => v === 0));
  assert.ok(additivityGap(stump, tiny, s) < 1e-9);
});
