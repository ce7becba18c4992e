// Choosing k by the silhouette on a seeded sample picks the same k as scikit-learn's full
// silhouette on iris, and reports a comparable score for every k.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readIris } from '../../learn/kmeans/iris-fixture.js';
import { selectKBySilhouette } from './select-k.js';

test('k chosen by sampled silhouette on raw iris agrees with scikit-learn', async () => {
  const iris = readIris();
  // Best of 10 starts per k, as the fixture's scikit-learn runs (n_init=10).
  const result = await selectKBySilhouette(iris.frame, { kMin: 2, kMax: 6, sampleSize: 100, seed: 1, params: { standardize: false, n_init: 10 }, target: 'species' });
  const best = iris.kmeans.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  assert.equal(result.k, best.k);
  assert.equal(result.model.clusterCount, result.k);
  assert.deepEqual(result.scores.map((s) => s.k), [2, 3, 4, 5, 6]);
  for (const s of result.scores) {
    const sk = iris.kmeans.find((e) => e.k === s.k)!;
    assert.ok(Math.abs(s.silhouette - sk.silhouette) < 0.08, `k=${s.k}: ${s.silhouette} vs ${sk.silhouette}`);
  }
});
