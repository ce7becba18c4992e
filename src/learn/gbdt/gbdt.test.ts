// Gradient boosting against scikit-learn 1.2 on real data (same folds), and the estimator
// contract: determinism under a seed, JSON round trip, schema refusal, unseen categories.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { Frame } from '../../data/frame.js';
import { complement, mean, mixedFrame, readFixtureCsv, readFixtureJson, rmse, rocAuc, signalAndNoiseFrame } from '../tree/test-support.js';
import { gbdtFromJSON } from './fitted-gbdt.js';
import { Gbdt } from './gbdt.js';

interface Folds {
  readonly folds: number[][];
}

test('5-fold ROC AUC on breast_cancer is within 0.005 of HistGradientBoostingClassifier', async () => {
  const frame = readFixtureCsv('breast_cancer.csv');
  const expected = readFixtureJson<Folds & { meanAuc: number; auc: number[] }>('gbdt_breast_cancer.json');
  const y = (frame.column('target') as { values: Float64Array }).values;
  const aucs: number[] = [];
  for (const test of expected.folds) {
    const model = await new Gbdt({ objective: 'classification' }).fit(frame.take(complement(frame.rowCount, test)), 'target');
    const pred = model.predict(frame.take(test));
    assert.equal(pred.kind, 'classification');
    if (pred.kind !== 'classification') return;
    assert.deepEqual(pred.classes, ['0', '1']);
    const p1 = test.map((_, i) => pred.probabilities[2 * i + 1]!);
    aucs.push(rocAuc(test.map((r) => y[r] === 1), p1));
  }
  const ours = mean(aucs);
  assert.ok(Math.abs(ours - expected.meanAuc) <= 0.005, `mean AUC ${ours.toFixed(5)} vs scikit-learn ${expected.meanAuc.toFixed(5)} (folds ${aucs.map((a) => a.toFixed(4)).join(', ')})`);
});

test('5-fold RMSE on diabetes is within 1% of HistGradientBoostingRegressor', async () => {
  const frame = readFixtureCsv('diabetes.csv');
  const expected = readFixtureJson<Folds & { meanRmse: number }>('gbdt_diabetes.json');
  const y = (frame.column('target') as { values: Float64Array }).values;
  const errors: number[] = [];
  for (const test of expected.folds) {
    const model = await new Gbdt().fit(frame.take(complement(frame.rowCount, test)), 'target');
    const pred = model.predict(frame.take(test));
    assert.equal(pred.kind, 'regression');
    if (pred.kind !== 'regression') return;
    errors.push(rmse(test.map((r) => y[r]!), pred.values));
  }
  const ours = mean(errors);
  assert.ok(Math.abs(ours - expected.meanRmse) / expected.meanRmse <= 0.01, `mean RMSE ${ours.toFixed(3)} vs scikit-learn ${expected.meanRmse.toFixed(3)}`);
});

test('softmax on wine (3 classes) is as accurate as HistGradientBoostingClassifier, within 0.03', async () => {
  const frame = readFixtureCsv('wine.csv', 'cultivar');
  const expected = readFixtureJson<Folds & { meanAccuracy: number }>('gbdt_wine.json');
  const column = frame.column('cultivar');
  assert.equal(column.kind, 'categorical');
  if (column.kind !== 'categorical') return;
  const accuracies: number[] = [];
  for (const test of expected.folds) {
    const model = await new Gbdt().fit(frame.take(complement(frame.rowCount, test)), 'cultivar');
    const pred = model.predict(frame.take(test));
    assert.ok(pred.kind === 'classification');
    assert.deepEqual(pred.classes, ['class_0', 'class_1', 'class_2']);
    for (let i = 0; i < test.length; i++) {
      const row = pred.probabilities.subarray(3 * i, 3 * i + 3);
      assert.ok(Math.abs(row[0]! + row[1]! + row[2]! - 1) < 1e-12);
    }
    accuracies.push(mean(test.map((r, i) => (pred.labels[i] === column.dictionary[column.codes[r]!] ? 1 : 0))));
  }
  assert.ok(mean(accuracies) >= expected.meanAccuracy - 0.03, `mean accuracy ${mean(accuracies).toFixed(4)} vs scikit-learn ${expected.meanAccuracy.toFixed(4)}`);
});

const SAMPLED = { subsample: 0.7, colsample: 0.75, max_iter: 30, min_samples_leaf: 5, seed: 7 };

test('the same seed gives the same model, a different seed a different one', async () => {
  const frame = mixedFrame(600, 1);
  const a = await new Gbdt(SAMPLED).fit(frame.drop(['amount']), 'label');
  const b = await new Gbdt(SAMPLED).fit(frame.drop(['amount']), 'label');
  const c = await new Gbdt({ ...SAMPLED, seed: 8 }).fit(frame.drop(['amount']), 'label');
  assert.deepEqual(a.toJSON(), b.toJSON());
  assert.notDeepEqual(a.toJSON().trees, c.toJSON().trees);
});

test('a model saved to JSON and loaded back predicts bit for bit the same, for all three objectives', async () => {
  const frame = mixedFrame(500, 2);
  const cases: [Frame, string][] = [
    [frame.drop(['amount']), 'label'],
    [frame.drop(['label']), 'amount'],
    [frame.drop(['label']).withColumn({ kind: 'categorical', name: 'band', codes: Int32Array.from((frame.column('amount') as { values: Float64Array }).values, (v) => (v < -5 ? 0 : v < 5 ? 1 : 2)), dictionary: ['high', 'low', 'mid'] }).drop(['amount']), 'band'],
  ];
  for (const [data, target] of cases) {
    const model = await new Gbdt(SAMPLED).fit(data, target);
    const loaded = gbdtFromJSON(JSON.parse(JSON.stringify(model)));
    assert.deepEqual(loaded.predict(data), model.predict(data));
    assert.deepEqual(loaded.toJSON(), model.toJSON());
  }
});

test('learns from numbers with gaps, categories, booleans and times well above chance', async () => {
  const train = mixedFrame(2000, 3);
  const holdout = mixedFrame(1000, 4);
  const model = await new Gbdt({ max_iter: 50 }).fit(train.drop(['amount']), 'label');
  const pred = model.predict(holdout.drop(['amount']));
  assert.ok(pred.kind === 'classification');
  const truth = (holdout.column('label') as { codes: Int32Array }).codes;
  const auc = rocAuc(Array.from(truth, (c) => c === 1), Array.from({ length: holdout.rowCount }, (_, i) => pred.probabilities[2 * i + 1]!));
  assert.ok(auc > 0.85, `holdout AUC ${auc}`);
  assert.deepEqual(model.signature.features.map((f) => f.name), ['x', 'colour', 'flag', 'when']);
});

test('a frame without a training column is refused with SCHEMA_MISMATCH naming it', async () => {
  const frame = mixedFrame(300, 5).drop(['amount']);
  const model = await new Gbdt({ max_iter: 5 }).fit(frame, 'label');
  assert.throws(
    () => model.predict(frame.drop(['colour'])),
    (e: unknown) => e instanceof FramewiseError && e.code === 'SCHEMA_MISMATCH' && e.message.includes("'colour'") && e.location?.column === 'colour',
  );
  const retyped = frame.withColumn({ kind: 'numeric', name: 'flag', values: new Float64Array(frame.rowCount) });
  assert.throws(() => model.predict(retyped), (e: unknown) => e instanceof FramewiseError && e.code === 'SCHEMA_MISMATCH' && e.message.includes("'flag'"));
});

test('unseen categories are scored as missing instead of failing', async () => {
  const frame = mixedFrame(400, 6).drop(['amount']);
  const model = await new Gbdt({ max_iter: 20 }).fit(frame, 'label');
  const rows = frame.take([0, 1, 2, 3]);
  const unseen = rows.withColumn({ kind: 'categorical', name: 'colour', codes: Int32Array.of(0, 1, 0, 1), dictionary: ['purple', 'orange'] });
  const missing = rows.withColumn({ kind: 'categorical', name: 'colour', codes: Int32Array.of(-1, -1, -1, -1), dictionary: [] });
  const a = model.predict(unseen);
  assert.ok(a.kind === 'classification' && a.probabilities.every((p) => p >= 0 && p <= 1));
  assert.deepEqual(a, model.predict(missing));
});

test('early stopping on a held-out split ends before max_iter on noise', async () => {
  const frame = mixedFrame(3000, 7).drop(['amount']);
  const noisy = frame.withColumn({ kind: 'numeric', name: 'x', values: Float64Array.from({ length: 3000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1) });
  const model = await new Gbdt({ early_stopping: 'on', max_iter: 500, learning_rate: 0.3, n_iter_no_change: 5 }).fit(noisy, 'label');
  assert.ok(model.rounds < 500, `ran ${model.rounds} rounds`);
  const off = await new Gbdt({ early_stopping: 'off', max_iter: 40 }).fit(noisy, 'label');
  assert.equal(off.rounds, 40);
});

test('invalid parameters and damaged model files are refused with their codes', async () => {
  assert.throws(() => new Gbdt({ max_leaves: 1, learning_rate: 0 }), (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_PARAMETER' && e.message.includes('max_leaves') && e.message.includes('learning_rate'));
  const model = await new Gbdt({ max_iter: 3 }).fit(mixedFrame(200, 8).drop(['amount']), 'label');
  const json = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
  const isFormat = (e: unknown): boolean => e instanceof FramewiseError && e.code === 'MODEL_FORMAT';
  assert.throws(() => gbdtFromJSON({ ...json, formatVersion: 2 }), isFormat);
  assert.throws(() => gbdtFromJSON({ ...json, estimator: 'random_forest' }), isFormat);
  assert.throws(() => gbdtFromJSON({ ...json, trees: [{ ...(json['trees'] as object[])[0], left: [5] }] }), isFormat);
  assert.throws(() => gbdtFromJSON({ ...json, binEdges: [] }), isFormat);
  assert.throws(() => gbdtFromJSON('nonsense'), isFormat);
});

test('native category splits group many categories in one split where ordered codes cannot', async () => {
  const make = (n: number, seed: number): Frame => {
    const rng = new Rng(seed);
    const effectRng = new Rng(99);
    const effect = Array.from({ length: 40 }, () => (effectRng.next() < 0.5 ? -1 : 1));
    const codes = new Int32Array(n);
    const label = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      codes[i] = rng.int(40);
      label[i] = effect[codes[i]!]! + 0.8 * rng.normal() > 0 ? 1 : 0;
    }
    return new Frame([
      { kind: 'categorical', name: 'shop', codes, dictionary: Array.from({ length: 40 }, (_, c) => `shop${String(c).padStart(2, '0')}`) },
      { kind: 'categorical', name: 'label', codes: label, dictionary: ['no', 'yes'] },
    ]);
  };
  const train = make(4000, 1);
  const holdout = make(2000, 2);
  const truth = Array.from((holdout.column('label') as { codes: Int32Array }).codes, (c) => c === 1);
  const auc = async (mode: string): Promise<number> => {
    const model = await new Gbdt({ categorical_splits: mode, max_leaves: 2, max_iter: 3, learning_rate: 0.5 }).fit(train, 'label');
    const pred = model.predict(holdout.drop(['label']));
    assert.ok(pred.kind === 'classification');
    return rocAuc(truth, Array.from({ length: holdout.rowCount }, (_, i) => pred.probabilities[2 * i + 1]!));
  };
  const native = await auc('native');
  const ordered = await auc('ordered');
  assert.ok(native > 0.85, `native AUC ${native}`);
  assert.ok(native > ordered + 0.1, `native AUC ${native} vs ordered ${ordered}`);
});

test('a helper thread building half of each histogram gives the very same model', async () => {
  const rng = new Rng(5);
  const n = 48_000; // 1.2 million cells: above the size where the helper thread starts
  const columns = Array.from({ length: 25 }, (_, j) => ({ kind: 'numeric' as const, name: `x${j}`, values: Float64Array.from({ length: n }, () => rng.normal()) }));
  const y = Float64Array.from({ length: n }, (_, i) => (columns[0]!.values[i]! + columns[1]!.values[i]! * columns[2]!.values[i]! + rng.normal() > 0 ? 1 : 0));
  const frame = new Frame([...columns, { kind: 'numeric', name: 'y', values: y }]);
  const params = { objective: 'classification', max_iter: 4, early_stopping: 'off' };
  const one = await new Gbdt(params).fit(frame, 'y');
  const two = await new Gbdt({ ...params, threads: 2 }).fit(frame, 'y');
  assert.deepEqual(two.toJSON().trees, one.toJSON().trees);
});

test('gain importances put the informative columns first and sum to 1', async () => {
  const model = await new Gbdt({ max_iter: 50 }).fit(signalAndNoiseFrame(2000, 9), 'y');
  const importance = model.featureImportance();
  assert.deepEqual(importance.slice(0, 3).map((f) => f.name).sort(), ['a', 'b', 'c']);
  assert.ok(Math.abs(importance.reduce((s, f) => s + f.importance, 0) - 1) < 1e-12);
  for (const f of importance.slice(3)) assert.ok(f.importance < 0.03, `${f.name} ${f.importance}`);
});

test('early stopping keeps the validation loss of every round, and stops after n_iter_no_change without progress', async () => {
  const model = await new Gbdt({ early_stopping: 'on', max_iter: 300, learning_rate: 0.5, n_iter_no_change: 4 }).fit(signalAndNoiseFrame(1500, 10), 'y');
  const loss = model.validationLoss;
  assert.equal(loss.length, model.rounds + 1);
  assert.ok(model.rounds < 300);
  const reference = loss[loss.length - 5]!;
  for (const later of loss.slice(-4)) assert.ok(later >= reference - 1e-7, `${later} after ${reference}`);
  assert.ok(loss[loss.length - 1]! < loss[0]! / 2, 'the model learned before it stopped');
});

test('max_depth and max_leaves bound every tree; a large L2 penalty shrinks leaf values', async () => {
  const frame = signalAndNoiseFrame(1500, 12);
  const depthOf = (tree: { left: readonly number[]; right: readonly number[] }): number => {
    const depth = new Array<number>(tree.left.length).fill(0);
    for (let i = 0; i < tree.left.length; i++) if (tree.left[i]! >= 0) depth[tree.left[i]!] = depth[tree.right[i]!] = depth[i]! + 1;
    return Math.max(...depth);
  };
  const shallow = (await new Gbdt({ max_iter: 10, max_depth: 2 }).fit(frame, 'y')).toJSON();
  for (const tree of shallow.trees) assert.ok(depthOf(tree) <= 2 && tree.left.filter((l) => l < 0).length <= 4);
  const few = (await new Gbdt({ max_iter: 10, max_leaves: 5 }).fit(frame, 'y')).toJSON();
  for (const tree of few.trees) assert.equal(tree.left.filter((l) => l < 0).length, 5);
  const spread = (json: { trees: readonly { value: readonly number[] }[] }): number => Math.max(...json.trees.flatMap((t) => t.value.map(Math.abs)));
  const plain = (await new Gbdt({ max_iter: 10 }).fit(frame, 'y')).toJSON();
  const penalised = (await new Gbdt({ max_iter: 10, l2_regularization: 1000 }).fit(frame, 'y')).toJSON();
  assert.ok(spread(penalised) < spread(plain) / 2, `${spread(penalised)} vs ${spread(plain)}`);
});

test('more categories than bins, an all-missing column and an empty frame are handled', async () => {
  const rng = new Rng(13);
  const n = 2000;
  const city = Int32Array.from({ length: n }, () => rng.int(400));
  const frame = new Frame([
    { kind: 'categorical', name: 'city', codes: city, dictionary: Array.from({ length: 400 }, (_, i) => `c${String(i).padStart(3, '0')}`) },
    { kind: 'numeric', name: 'empty', values: new Float64Array(n).fill(Number.NaN) },
    { kind: 'categorical', name: 'y', codes: Int32Array.from({ length: n }, (_, i) => (city[i]! < 200 ? 1 : rng.int(2))), dictionary: ['no', 'yes'] },
  ]);
  const model = await new Gbdt({ max_iter: 20 }).fit(frame, 'y');
  const pred = model.predict(frame);
  assert.ok(pred.kind === 'classification');
  const truth = Array.from((frame.column('y') as { codes: Int32Array }).codes, (c) => c === 1);
  assert.ok(rocAuc(truth, Array.from({ length: n }, (_, i) => pred.probabilities[2 * i + 1]!)) > 0.8);
  assert.deepEqual(gbdtFromJSON(JSON.parse(JSON.stringify(model))).predict(frame), pred);
  const none = model.predict(frame.take([]));
  assert.ok(none.kind === 'classification' && none.labels.length === 0 && none.probabilities.length === 0);
});
