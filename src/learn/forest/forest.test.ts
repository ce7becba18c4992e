// Random forest against scikit-learn 1.2's RandomForest* on real data (same folds), and the
// estimator contract: determinism under a seed, JSON round trip, schema refusal, unseen categories.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../../core/errors.js';
import { complement, mean, mixedFrame, readFixtureCsv, readFixtureJson, rmse, signalAndNoiseFrame } from '../tree/test-support.js';
import { forestFromJSON } from './fitted-forest.js';
import { RandomForest } from './forest.js';

interface Folds {
  readonly folds: number[][];
}

test('5-fold accuracy on breast_cancer is within 0.015 of RandomForestClassifier', async () => {
  const frame = readFixtureCsv('breast_cancer.csv');
  const expected = readFixtureJson<Folds & { rfMeanAccuracy: number }>('gbdt_breast_cancer.json');
  const y = (frame.column('target') as { values: Float64Array }).values;
  const accuracies: number[] = [];
  for (const test of expected.folds) {
    const model = await new RandomForest({ objective: 'classification' }).fit(frame.take(complement(frame.rowCount, test)), 'target');
    const pred = model.predict(frame.take(test));
    assert.ok(pred.kind === 'classification');
    accuracies.push(mean(test.map((r, i) => (pred.labels[i] === String(y[r]) ? 1 : 0))));
  }
  const ours = mean(accuracies);
  assert.ok(Math.abs(ours - expected.rfMeanAccuracy) <= 0.015, `mean accuracy ${ours.toFixed(4)} vs scikit-learn ${expected.rfMeanAccuracy.toFixed(4)}`);
});

test('5-fold accuracy on wine (3 classes) is within 0.03 of RandomForestClassifier; probabilities sum to 1', async () => {
  const frame = readFixtureCsv('wine.csv', 'cultivar');
  const expected = readFixtureJson<Folds & { rfMeanAccuracy: number }>('gbdt_wine.json');
  const column = frame.column('cultivar');
  assert.ok(column.kind === 'categorical');
  const accuracies: number[] = [];
  for (const test of expected.folds) {
    const model = await new RandomForest().fit(frame.take(complement(frame.rowCount, test)), 'cultivar');
    const pred = model.predict(frame.take(test));
    assert.ok(pred.kind === 'classification');
    for (let i = 0; i < test.length; i++) assert.ok(Math.abs(pred.probabilities[3 * i]! + pred.probabilities[3 * i + 1]! + pred.probabilities[3 * i + 2]! - 1) < 1e-9);
    accuracies.push(mean(test.map((r, i) => (pred.labels[i] === column.dictionary[column.codes[r]!] ? 1 : 0))));
  }
  const ours = mean(accuracies);
  assert.ok(Math.abs(ours - expected.rfMeanAccuracy) <= 0.03, `mean accuracy ${ours.toFixed(4)} vs scikit-learn ${expected.rfMeanAccuracy.toFixed(4)}`);
});

test('5-fold RMSE on diabetes is within 3% of RandomForestRegressor', async () => {
  const frame = readFixtureCsv('diabetes.csv');
  const expected = readFixtureJson<Folds & { rfMeanRmse: number }>('gbdt_diabetes.json');
  const y = (frame.column('target') as { values: Float64Array }).values;
  const errors: number[] = [];
  for (const test of expected.folds) {
    const model = await new RandomForest().fit(frame.take(complement(frame.rowCount, test)), 'target');
    const pred = model.predict(frame.take(test));
    assert.ok(pred.kind === 'regression');
    errors.push(rmse(test.map((r) => y[r]!), pred.values));
  }
  const ours = mean(errors);
  assert.ok(Math.abs(ours - expected.rfMeanRmse) / expected.rfMeanRmse <= 0.03, `mean RMSE ${ours.toFixed(3)} vs scikit-learn ${expected.rfMeanRmse.toFixed(3)}`);
});

test('the same seed gives the same forest, a different seed a different one', async () => {
  const frame = mixedFrame(400, 11).drop(['amount']);
  const a = await new RandomForest({ n_estimators: 15, seed: 3 }).fit(frame, 'label');
  const b = await new RandomForest({ n_estimators: 15, seed: 3 }).fit(frame, 'label');
  const c = await new RandomForest({ n_estimators: 15, seed: 4 }).fit(frame, 'label');
  assert.deepEqual(a.toJSON(), b.toJSON());
  assert.notDeepEqual(a.toJSON().trees, c.toJSON().trees);
});

test('a forest saved to JSON and loaded back predicts bit for bit the same', async () => {
  const frame = mixedFrame(400, 12);
  for (const [data, target] of [[frame.drop(['amount']), 'label'], [frame.drop(['label']), 'amount']] as const) {
    const model = await new RandomForest({ n_estimators: 10 }).fit(data, target);
    const loaded = forestFromJSON(JSON.parse(JSON.stringify(model)));
    assert.deepEqual(loaded.predict(data), model.predict(data));
  }
  const damaged = { ...JSON.parse(JSON.stringify(await new RandomForest({ n_estimators: 2 }).fit(frame.drop(['amount']), 'label'))), classes: ['no'] };
  assert.throws(() => forestFromJSON(damaged), (e: unknown) => e instanceof FramewiseError && e.code === 'MODEL_FORMAT');
});

test('depth and leaf limits bound every tree', async () => {
  const frame = mixedFrame(600, 13).drop(['label']);
  const shallow = (await new RandomForest({ n_estimators: 5, max_depth: 3 }).fit(frame, 'amount')).toJSON();
  for (const tree of shallow.trees) assert.ok(tree.left.filter((l) => l < 0).length <= 8);
  const few = (await new RandomForest({ n_estimators: 5, max_leaves: 6 }).fit(frame, 'amount')).toJSON();
  for (const tree of few.trees) assert.ok(tree.left.filter((l) => l < 0).length <= 6);
  const full = (await new RandomForest({ n_estimators: 1 }).fit(frame, 'amount')).toJSON();
  assert.ok(full.trees[0]!.left.filter((l) => l < 0).length > 100, 'an unbounded tree grows until its leaves are pure or single rows');
});

test('wrong columns are refused with SCHEMA_MISMATCH; unseen categories are scored as missing', async () => {
  const frame = mixedFrame(300, 14).drop(['amount']);
  const model = await new RandomForest({ n_estimators: 10 }).fit(frame, 'label');
  assert.throws(
    () => model.predict(frame.drop(['when'])),
    (e: unknown) => e instanceof FramewiseError && e.code === 'SCHEMA_MISMATCH' && e.message.includes("'when'"),
  );
  const rows = frame.take([0, 1, 2]);
  const unseen = model.predict(rows.withColumn({ kind: 'categorical', name: 'colour', codes: Int32Array.of(0, 0, 0), dictionary: ['purple'] }));
  const missing = model.predict(rows.withColumn({ kind: 'categorical', name: 'colour', codes: Int32Array.of(-1, -1, -1), dictionary: [] }));
  assert.deepEqual(unseen, missing);
});

test('gain importances put the informative columns first', async () => {
  const model = await new RandomForest({ n_estimators: 20, max_features: 'all', min_samples_leaf: 5 }).fit(signalAndNoiseFrame(1500, 11), 'y');
  const importance = model.featureImportance();
  assert.deepEqual(importance.slice(0, 3).map((f) => f.name).sort(), ['a', 'b', 'c']);
  for (const f of importance.slice(3)) assert.ok(f.importance < 0.05, `${f.name} ${f.importance}`);
});
