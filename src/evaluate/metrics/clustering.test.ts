// Silhouette, mutual information and AMI against scikit-learn 1.2 on iris and digits labellings
// (tolerance 1e-9); the seeded sample is checked against the full score and for determinism.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silhouette, silhouetteOnRows } from './clustering.js';
import { adjustedMutualInfo, logFactorial, mutualInfo } from './information.js';
import { close, readMetricsFixture } from './fixture-reader.js';

const fx = readMetricsFixture();

test('silhouette matches scikit-learn on iris, over all rows and over its sample of rows', () => {
  for (const c of fx.clustering.filter((k) => k.X !== undefined)) {
    const x = { values: Float64Array.from(c.X!), rows: c.rows!, cols: c.cols! };
    const labels = Int32Array.from(c.labelsPred);
    close(silhouette(x, labels).value, c.expected.silhouette_sklearn!, `${c.name} silhouette`);
    close(silhouetteOnRows(x, labels, Int32Array.from(c.sample!)).value, c.expected.silhouette_sample!, `${c.name} silhouette on sample`);
  }
});

test('the seeded sample silhouette is reproducible and near the full score', () => {
  const c = fx.clustering[0]!;
  const x = { values: Float64Array.from(c.X!), rows: c.rows!, cols: c.cols! };
  const labels = Int32Array.from(c.labelsPred);
  const a = silhouette(x, labels, { sampleSize: 100, seed: 7 }).value;
  assert.equal(silhouette(x, labels, { sampleSize: 100, seed: 7 }).value, a);
  assert.notEqual(silhouette(x, labels, { sampleSize: 100, seed: 8 }).value, a);
  assert.ok(Math.abs(a - c.expected.silhouette!) < 0.05, `sample ${a} vs full ${c.expected.silhouette}`);
});

test('mutual information and AMI match scikit-learn, including 1,797 digits in 12 clusters', () => {
  for (const c of fx.clustering) {
    const t = Int32Array.from(c.labelsTrue);
    const p = Int32Array.from(c.labelsPred);
    close(mutualInfo(t, p).value, c.expected.mutual_info, `${c.name} MI`);
    close(adjustedMutualInfo(t, p).value, c.expected.ami, `${c.name} AMI`);
  }
});

test('log-factorial is exact on both sides of the switch to Stirling', () => {
  let exact = 0;
  for (let k = 2; k <= 200; k++) {
    exact += Math.log(k);
    assert.ok(Math.abs(logFactorial(k) - exact) < 1e-11 * exact, `log ${k}!`);
  }
});

test('one cluster has no silhouette: NaN with a warning', () => {
  const x = { values: Float64Array.from([0, 1, 2, 3]), rows: 4, cols: 1 };
  const r = silhouette(x, Int32Array.from([0, 0, 0, 0]));
  assert.ok(Number.isNaN(r.value));
  assert.match(r.warnings[0]!, /1 cluster among 4 rows/);
});
