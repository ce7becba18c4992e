// The bounded Lloyd iterations give the same clustering as plain Lloyd from the same start,
// on clustered synthetic data with noise and on iris.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../core/rng.js';
import { readIris } from './iris-fixture.js';
import { lloyd } from './lloyd.js';
import { packRows } from './row-matrix.js';
import { kmeansPlusPlus } from './seeding.js';

/** Textbook Lloyd: full assignment every iteration, scikit-learn's stopping rule. */
function plainLloyd(x: Float64Array, n: number, d: number, initial: Float64Array, maxIter: number, tol: number) {
  const k = initial.length / d;
  let centers = Float64Array.from(initial);
  const labels = new Int32Array(n).fill(-1);
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    iterations++;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let f = 0; f < d; f++) s += (x[i * d + f]! - centers[c * d + f]!) ** 2;
        if (s < best) [best, arg] = [s, c];
      }
      if (labels[i] !== arg) changed++;
      labels[i] = arg;
    }
    const next = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]!]++;
      for (let f = 0; f < d; f++) next[labels[i]! * d + f] += x[i * d + f]!;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) {
      next[c * d + f] = counts[c]! > 0 ? next[c * d + f]! / counts[c]! : centers[c * d + f]!;
      shift += (next[c * d + f]! - centers[c * d + f]!) ** 2;
    }
    centers = next;
    if (changed === 0 || shift <= tol) break;
  }
  return { labels, iterations };
}

function blobs(n: number, d: number, k: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const means = Float64Array.from({ length: k * d }, () => rng.normal() * 3);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(k);
    const spread = 0.5 + (c % 3);
    for (let f = 0; f < d; f++) x[i * d + f] = means[c * d + f]! + rng.normal() * spread;
  }
  return x;
}

test('bounded Lloyd equals plain Lloyd from the same k-means++ start', () => {
  const cases: [string, Float64Array, number, number][] = [['blobs', blobs(3000, 6, 7, 1), 3000, 6]];
  const iris = packRows({ ...(() => {
    const f = readIris().frame.drop(['species']);
    const cols = f.columns.map((c) => (c.kind === 'numeric' ? c.values : new Float64Array(0)));
    const data = new Float64Array(150 * 4);
    cols.forEach((c, j) => data.set(c, j * 150));
    return { rows: 150, cols: 4, data, featureNames: f.names };
  })() });
  cases.push(['iris', iris.values, 150, 4]);
  for (const [name, x, n, d] of cases) {
    for (const k of [3, 8]) {
      const init = kmeansPlusPlus(x, n, d, k, new Rng(k));
      const fast = lloyd(x, n, d, init, { maxIter: 300, tol: 0 });
      const plain = plainLloyd(x, n, d, init, 300, 0);
      assert.deepEqual(fast.labels, plain.labels, `${name} k=${k}`);
      assert.equal(fast.iterations, plain.iterations, `${name} k=${k} iterations`);
      assert.ok(fast.converged);
    }
  }
});

test('k-means++ picks distinct, spread-out starting rows', () => {
  const x = blobs(2000, 3, 5, 2);
  const centers = kmeansPlusPlus(x, 2000, 3, 5, new Rng(4));
  let minGap = Infinity;
  for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) {
    let s = 0;
    for (let f = 0; f < 3; f++) s += (centers[a * 3 + f]! - centers[b * 3 + f]!) ** 2;
    minGap = Math.min(minGap, Math.sqrt(s));
  }
  assert.ok(minGap > 1, `closest two starting centres are ${minGap} apart`);
});
