// The k-means start and loop are scikit-learn's: pruned greedy k-means++ picks exactly what the
// textbook greedy k-means++ picks, and Lloyd from scikit-learn's own starts on wine ends as its Lloyd.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Rng } from '../../core/rng.js';
import { fromRoot } from '../../core/paths.js';
import { lloyd } from './lloyd.js';
import { meanVariance } from './row-matrix.js';
import { drawIndex, kmeansPlusPlus } from './seeding.js';

/**
 * Greedy k-means++ from its definition: first centre uniform; then 2 + ⌊ln k⌋ candidates drawn
 * by squared distance to the nearest centre, keeping the one that leaves the smallest potential.
 */
function textbookSeeding(x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const dist = (i: number, j: number): number => {
    let s = 0;
    for (let f = 0; f < d; f++) s += (x[i * d + f]! - x[j * d + f]!) ** 2;
    return s;
  };
  const chosen = [rng.int(n)];
  let closest: Float64Array = Float64Array.from({ length: n }, (_, i) => dist(i, chosen[0]!));
  for (let c = 1; c < k; c++) {
    const cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) cumulative[i] = total += closest[i]!;
    const candidates = Array.from({ length: 2 + Math.floor(Math.log(k)) }, () => drawIndex(cumulative, rng.next() * total));
    let best: { id: number; after: Float64Array; potential: number } | undefined;
    for (const id of candidates) {
      const after = Float64Array.from(closest, (v, i) => Math.min(v, dist(i, id)));
      const potential = after.reduce((a, b) => a + b, 0);
      if (best === undefined || potential < best.potential) best = { id, after, potential };
    }
    chosen.push(best!.id);
    closest = best!.after;
  }
  const centers = new Float64Array(k * d);
  chosen.forEach((id, c) => centers.set(x.subarray(id * d, id * d + d), c * d));
  return centers;
}

test('pruned greedy k-means++ picks the same rows as the textbook algorithm', () => {
  const rng = new Rng(3);
  const n = 1500;
  const d = 6;
  const means = Float64Array.from({ length: 10 * d }, () => rng.normal() * 4);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(10);
    for (let f = 0; f < d; f++) x[i * d + f] = means[c * d + f]! + rng.normal() * (0.5 + (c % 3));
  }
  for (const k of [2, 5, 8, 13]) {
    for (const seed of [0, 1, 2]) {
      // Rounding may differ between the two distance sums; the picks must not.
      const ours = kmeansPlusPlus(x, n, d, k, new Rng(seed));
      const reference = textbookSeeding(x, n, d, k, new Rng(seed));
      assert.deepEqual(ours, reference, `k=${k} seed=${seed}`);
    }
  }
});

test('Lloyd from scikit-learn\'s own k-means++ starts on wine ends with its inertia and iteration count', () => {
  const fixture = JSON.parse(readFileSync(fromRoot('src', 'learn', 'kmeans', 'fixtures', 'wine_lloyd.json'), 'utf8')) as {
    rows: number[][];
    runs: { k: number; seed: number; tol: number; init: number[][]; inertia: number; iterations: number }[];
  };
  const n = fixture.rows.length;
  const d = fixture.rows[0]!.length;
  const x = Float64Array.from(fixture.rows.flat());
  const variance = meanVariance({ values: x, rows: n, cols: d });
  assert.equal(fixture.runs.length, 40);
  let stoppedByTol = 0;
  for (const run of fixture.runs) {
    const result = lloyd(x, n, d, Float64Array.from(run.init.flat()), { maxIter: 300, tol: run.tol * variance });
    const where = `k=${run.k} seed=${run.seed} tol=${run.tol}`;
    assert.ok(Math.abs(result.inertia - run.inertia) <= 1e-9 * run.inertia, `${where}: inertia ${result.inertia} vs ${run.inertia}`);
    assert.equal(result.iterations, run.iterations, `${where}: iterations`);
    if (!result.converged) stoppedByTol++;
  }
  // Both stopping rules are exercised: labels that stop changing, and centres that stop moving.
  assert.ok(stoppedByTol > 0 && stoppedByTol < fixture.runs.length, `${stoppedByTol} runs stopped on the shift tolerance`);
});
