// k-means against scikit-learn 1.2 on iris (inertia within 1% of its best of 10 restarts), and
// the estimator contract: seeded determinism, JSON round trip, refusal of mismatched frames.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FramewiseError } from '../../core/errors.js';
import { Frame } from '../../data/frame.js';
import { kmeansFromJSON } from './fitted-kmeans.js';
import { readIris } from './iris-fixture.js';
import { KMeans } from './kmeans.js';

const iris = readIris();
const measurements = iris.frame.drop(['species']);

// With the default seed. Ten restarts can still all miss the best optimum: at k=6, seeds 0..9
// reached within 1% nine times out of ten (scikit-learn's random_state 0..9: ten times, with
// its best-of-10 spread 39.04..39.31). A lower inertia than scikit-learn's is a better local
// optimum (k=5 finds one); the next test checks that the reported inertia is computed correctly.
test('inertia on raw iris is within 1% of scikit-learn\'s best of 10 restarts, k = 2..6', async () => {
  for (const expected of iris.kmeans) {
    const model = await new KMeans({ n_clusters: expected.k, n_init: 10, standardize: false }).fit(measurements, undefined);
    const ratio = model.inertia / expected.inertia;
    assert.ok(ratio <= 1.01, `k=${expected.k}: inertia ${model.inertia} vs scikit-learn ${expected.inertia}`);
  }
});

test('the reported inertia is the sum of squared distances of the training rows to their centres', async () => {
  const model = await new KMeans({ n_clusters: 4, n_init: 3 }).fit(measurements, undefined);
  const x = model.transform(measurements);
  const clusters = model.assign(x);
  const centers = model.centers;
  let inertia = 0;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) inertia += (x.values[i * x.cols + j]! - centers[clusters[i]! * x.cols + j]!) ** 2;
  }
  assert.ok(Math.abs(inertia - model.inertia) < 1e-9 * inertia);
  // Standardised by default: every feature of the packed rows has mean 0 and variance 1.
  for (let j = 0; j < x.cols; j++) {
    let s = 0;
    let q = 0;
    for (let i = 0; i < x.rows; i++) {
      s += x.values[i * x.cols + j]!;
      q += x.values[i * x.cols + j]! ** 2;
    }
    assert.ok(Math.abs(s / x.rows) < 1e-12 && Math.abs(q / x.rows - 1) < 1e-12);
  }
});

test('clusters on raw iris recover the species well (most rows in the majority species of their cluster)', async () => {
  const model = await new KMeans({ n_clusters: 3, standardize: false }).fit(iris.frame, 'species');
  assert.ok(!model.signature.features.some((f) => f.name === 'species'), 'the named target is left out of the features');
  const prediction = model.predict(measurements);
  assert.equal(prediction.kind, 'clustering');
  if (prediction.kind !== 'clustering') return;
  const species = iris.frame.column('species');
  if (species.kind !== 'categorical') throw new Error('species is categorical');
  const counts = new Map<string, number>();
  for (let i = 0; i < prediction.clusters.length; i++) {
    const key = `${prediction.clusters[i]}:${species.codes[i]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let purity = 0;
  for (let c = 0; c < 3; c++) purity += Math.max(...[0, 1, 2].map((s) => counts.get(`${c}:${s}`) ?? 0));
  assert.ok(purity / 150 > 0.85, `purity ${purity / 150}`);
});

test('same seed, same model; JSON round trip predicts identically', async () => {
  const a = await new KMeans({ n_clusters: 5, n_init: 2, seed: 11 }).fit(iris.frame, undefined);
  const b = await new KMeans({ n_clusters: 5, n_init: 2, seed: 11 }).fit(iris.frame, undefined);
  assert.deepEqual(a.centers, b.centers);
  const c = await new KMeans({ n_clusters: 5, n_init: 1, seed: 12 }).fit(iris.frame, undefined);
  assert.notDeepEqual(a.centers, c.centers);
  assert.equal(a.preprocessor.featureNames.length, 7, 'species is one-hot encoded into three columns');
  const loaded = kmeansFromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(loaded.predict(iris.frame), a.predict(iris.frame));
  assert.equal(loaded.inertia, a.inertia);
  assert.equal(a.toJSON().format, 'framewise-model');
  assert.equal(a.toJSON().formatVersion, 1);
  assert.equal(a.toJSON().task, 'clustering');
});

test('frames without the training columns, and bad parameters, are refused clearly', async () => {
  const model = await new KMeans({ n_clusters: 3, n_init: 1 }).fit(measurements, undefined);
  assert.throws(() => model.predict(measurements.drop(['petal_width'])), (e: unknown) => e instanceof FramewiseError && e.code === 'SCHEMA_MISMATCH' && /petal_width/.test(e.message));
  assert.throws(() => new KMeans({ n_clusters: 0 }), (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_PARAMETER');
  const tiny = new Frame([{ kind: 'numeric', name: 'x', values: Float64Array.from([1, 2]) }]);
  await assert.rejects(new KMeans({ n_clusters: 3 }).fit(tiny, undefined), /only 2 training rows/);
  assert.throws(() => kmeansFromJSON({ ...model.toJSON(), centers: [1, 2] }), /centers/);
});

test('missing numbers are filled from training rows, at fit and at prediction', async () => {
  const column = measurements.column('petal_length');
  if (column.kind !== 'numeric') throw new Error('numeric expected');
  const holes = Float64Array.from(column.values, (v, i) => (i % 10 === 0 ? Number.NaN : v));
  const frame = measurements.withColumn({ kind: 'numeric', name: 'petal_length', values: holes });
  const model = await new KMeans({ n_clusters: 3, standardize: false }).fit(frame, undefined);
  assert.ok(model.signature.features.find((f) => f.name === 'petal_length')!.hadMissing);
  const prediction = model.predict(frame);
  if (prediction.kind !== 'clustering') throw new Error('clustering expected');
  assert.ok(prediction.clusters.every((c) => c >= 0 && c < 3));
  assert.ok(Number.isFinite(model.inertia) && model.inertia > 0);
});
