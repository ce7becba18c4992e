// Local search after k-means++: its bookkeeping matches a full recomputation, the potential never
// rises, it moves a doubled-up centre to an uncovered cluster, and it lowers single-start inertia.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../core/rng.js';
import { validateParams } from '../hyperparams.js';
import { fitKMeansRows } from './kmeans.js';
import { lloyd } from './lloyd.js';
import { localSearch, nearestTwo, refineCenters } from './local-search.js';
import { KMEANS, KMEANS_SPECS } from './params.js';
import { kmeansPlusPlus } from './seeding.js';

/** Gaussian clusters of unequal size and spread, as the benchmark draws them (k=8 has no exact answer). */
function mixture(n: number, d: number, clusters: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const means = Float64Array.from({ length: clusters * d }, () => rng.normal() * 4);
  const spread = Float64Array.from({ length: clusters * d }, () => 0.5 + 1.5 * rng.next());
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(clusters);
    for (let f = 0; f < d; f++) x[i * d + f] = means[c * d + f]! + spread[c * d + f]! * rng.normal();
  }
  return x;
}

function potential(x: Float64Array, n: number, d: number, centers: Float64Array): number {
  const { nearestDist } = nearestTwo(x, n, d, centers, centers.length / d);
  return nearestDist.reduce((a, b) => a + b, 0);
}

test('the kept nearest-two assignment equals a full recomputation, and the potential never rises', () => {
  const n = 3000;
  const d = 5;
  const x = mixture(n, d, 9, 1);
  for (const seed of [1, 2, 3]) {
    const centers = kmeansPlusPlus(x, n, d, 6, new Rng(seed));
    const before = potential(x, n, d, centers);
    const result = localSearch(x, n, d, centers, 12, new Rng(seed + 100));
    const full = nearestTwo(x, n, d, centers, 6);
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(result.nearestDist[i]! - full.nearestDist[i]!) <= 1e-9 * (1 + full.nearestDist[i]!), `row ${i} nearest`);
      assert.ok(Math.abs(result.secondDist[i]! - full.secondDist[i]!) <= 1e-9 * (1 + full.secondDist[i]!), `row ${i} second`);
    }
    assert.ok(potential(x, n, d, centers) <= before, `seed ${seed}: potential rose`);
  }
});

test('a centre doubled up in one cluster moves to the cluster no centre covers', () => {
  // Three tight, far-apart clusters of 200 rows on a line; start with two centres in the first.
  const n = 600;
  const rng = new Rng(5);
  const x = Float64Array.from({ length: n * 2 }, (_, j) => (j % 2 === 0 ? Math.floor(j / 2 / 200) * 100 : 0) + rng.normal() * 0.5);
  const centers = Float64Array.from([x[0]!, x[1]!, x[2]!, x[3]!, x[400]!, x[401]!]);
  const before = potential(x, n, 2, centers);
  const result = localSearch(x, n, 2, centers, 3, new Rng(6));
  assert.ok(result.swaps >= 1);
  const covered = new Set([0, 1, 2].map((c) => Math.round(centers[c * 2]! / 100)));
  assert.deepEqual([...covered].sort(), [0, 1, 2], `centres at x = ${[0, 1, 2].map((c) => centers[c * 2]!.toFixed(1)).join(', ')}`);
  assert.ok(potential(x, n, 2, centers) < before / 100);
});

test('Lloyd from the kept assignment runs exactly as Lloyd from scratch', () => {
  const n = 2000;
  const d = 4;
  const x = mixture(n, d, 7, 2);
  const centers = kmeansPlusPlus(x, n, d, 5, new Rng(9));
  const start = localSearch(x, n, d, centers, 5, new Rng(10));
  const a = lloyd(x, n, d, centers, { maxIter: 300, tol: 0 }, start);
  const b = lloyd(x, n, d, centers, { maxIter: 300, tol: 0 });
  assert.deepEqual(a.labels, b.labels);
  assert.equal(a.iterations, b.iterations);
  assert.deepEqual(a.centers, b.centers);
});

test('on more rows than the cap, swaps priced on a sample still lower the potential of all rows', () => {
  const n = 4000;
  const d = 3;
  const x = mixture(n, d, 10, 3);
  let lowered = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const centers = kmeansPlusPlus(x, n, d, 7, new Rng(seed));
    const before = potential(x, n, d, centers);
    assert.equal(refineCenters(x, n, d, centers, 14, new Rng(seed), 1000), undefined, 'no assignment of all rows is returned');
    const after = potential(x, n, d, centers);
    if (after < before) lowered++;
    assert.ok(after <= before * 1.02, `seed ${seed}: ${after} vs ${before}`);
  }
  assert.ok(lowered >= 4, `lowered in ${lowered} of 5 starts`);
});

test('one start with the default local search beats plain greedy k-means++ on average and in the worst case', () => {
  // The benchmark's kind of data at a small size: 12 clusters, k = 8, one start per seed.
  const x = { values: mixture(6000, 8, 12, 4), rows: 6000, cols: 8 };
  const runs = (localSearchPerCluster: number): number[] =>
    Array.from({ length: 20 }, (_, seed) => fitKMeansRows(x, validateParams(KMEANS, KMEANS_SPECS, { n_clusters: 8, n_init: 1, seed, local_search: localSearchPerCluster })).inertia);
  const plain = runs(0);
  const refined = runs(KMEANS_SPECS.find((s) => s.name === 'local_search')!.default as number);
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(mean(refined) < mean(plain), `mean ${mean(refined)} vs ${mean(plain)}`);
  assert.ok(Math.max(...refined) <= Math.max(...plain), `worst ${Math.max(...refined)} vs ${Math.max(...plain)}`);
});
