// Isolation trees: the lockstep scorer agrees bit for bit with a plain walk down each tree, and
// grown trees respect the height limit and isolate rows as the paper describes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../core/rng.js';
import { type ForestArrays, ForestBuilder, averagePathLength, scoreRows } from './itree.js';

function grownForest(x: Float64Array, n: number, d: number, trees: number, psi: number, seed: number): ForestArrays {
  const rng = new Rng(seed);
  const builder = new ForestBuilder(trees * (2 * psi - 1));
  const roots = new Int32Array(trees);
  for (let t = 0; t < trees; t++) {
    const sample = Int32Array.from({ length: psi }, () => rng.int(n));
    roots[t] = builder.grow(x, d, sample, Math.ceil(Math.log2(psi)), rng);
  }
  return builder.finish(roots);
}

function plainScore(forest: ForestArrays, x: Float64Array, rows: number, d: number, psi: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let total = 0;
    for (let t = 0; t < forest.roots.length; t++) {
      let node = forest.roots[t]!;
      while (forest.feature[node]! >= 0) node = x[i * d + forest.feature[node]!]! <= forest.threshold[node]! ? forest.left[node]! : forest.left[node]! + 1;
      total += forest.value[node]!;
    }
    out[i] = 2 ** (-total / forest.roots.length / averagePathLength(psi));
  }
  return out;
}

test('lockstep scoring equals a plain walk, including a ragged last block', () => {
  const rng = new Rng(9);
  const n = 2051;
  const d = 5;
  const x = Float64Array.from({ length: n * d }, (_, k) => (k % d === 0 ? Math.round(rng.normal() * 2) : rng.normal()));
  const forest = grownForest(x, n, d, 25, 64, 3);
  const fast = new Float64Array(n);
  scoreRows(forest, x, n, d, 64, fast);
  const plain = plainScore(forest, x, n, d, 64);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(fast[i]! - plain[i]!) < 1e-15, `row ${i}: ${fast[i]} vs ${plain[i]}`);
});

test('trees stop at the height limit and a far point is isolated near the root', () => {
  const rng = new Rng(4);
  const n = 512;
  const d = 2;
  const x = Float64Array.from({ length: n * d }, () => rng.normal());
  x[0] = 40;
  x[1] = -40;
  const forest = grownForest(x, n, d, 50, 256, 8);
  let maxLeafDepth = 0;
  for (let i = 0; i < forest.value.length; i++) if (forest.feature[i] === -1) maxLeafDepth = Math.max(maxLeafDepth, Math.floor(forest.value[i]!));
  assert.ok(maxLeafDepth <= 8 + Math.ceil(averagePathLength(256)), `leaf path ${maxLeafDepth}`);
  const scores = new Float64Array(n);
  scoreRows(forest, x, n, d, 256, scores);
  const sorted = Float64Array.from(scores).sort();
  assert.equal(scores[0], sorted[n - 1], 'the far point scores highest');
  assert.ok(scores[0]! > 0.7 && sorted[n >> 1]! < 0.5, `far ${scores[0]}, median ${sorted[n >> 1]}`);
});
