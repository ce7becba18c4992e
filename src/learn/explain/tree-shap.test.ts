// TreeSHAP on single trees against subset enumeration: random trees with threshold and category
// splits, missing codes, repeated features and nodes without cover, one or several outputs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { bruteForceShapley, conditionalValue, randomCodes, randomTree } from './test-support.js';
import { prepareShapTree, ShapWorkspace } from './tree-shap.js';

test('TreeSHAP equals the subset-enumeration Shapley values on 400 random trees and rows', () => {
  const rng = new Rng(11);
  const workspace = new ShapWorkspace();
  let worst = 0;
  let nonZero = 0;
  for (let trial = 0; trial < 400; trial++) {
    const features = 1 + rng.int(5);
    const { tree, cover } = randomTree(rng, features, 1 + rng.int(24));
    const shap = prepareShapTree(tree, cover, [0], 1);
    const codes = randomCodes(rng, features);
    const phi = new Float64Array(features);
    workspace.explainRow(shap, codes, 0, phi, 0, features);
    const exact = bruteForceShapley(tree, cover, 0, codes, features);
    assert.ok(Math.abs(shap.expected[0]! - exact.expected) < 1e-9, `trial ${trial}: expected ${shap.expected[0]} vs ${exact.expected}`);
    for (let f = 0; f < features; f++) {
      worst = Math.max(worst, Math.abs(phi[f]! - exact.phi[f]!));
      if (Math.abs(exact.phi[f]!) > 1e-6) nonZero++;
      assert.ok(Math.abs(phi[f]! - exact.phi[f]!) < 1e-9, `trial ${trial} feature ${f}: ${phi[f]} vs exact ${exact.phi[f]}`);
    }
  }
  // The comparison is not vacuous: most trials give features a real share.
  assert.ok(nonZero > 500, `${nonZero} non-zero values; worst difference ${worst}`);
});

test('contributions add up to the leaf the row reaches minus the expected value', () => {
  const rng = new Rng(12);
  const workspace = new ShapWorkspace();
  for (let trial = 0; trial < 200; trial++) {
    const features = 2 + rng.int(8);
    const { tree, cover } = randomTree(rng, features, 2 + rng.int(60));
    const shap = prepareShapTree(tree, cover, [0], 1);
    const codes = randomCodes(rng, features);
    const phi = new Float64Array(features);
    workspace.explainRow(shap, codes, 0, phi, 0, features);
    const output = conditionalValue(tree, cover, 0, codes, () => true);
    const total = phi.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(shap.expected[0]! + total - output) < 1e-9, `trial ${trial}: ${shap.expected[0]} + ${total} vs ${output}`);
  }
});

test('several outputs per leaf (forest class shares) are explained at once, each as on its own, with a scale and a subset of outputs', () => {
  const rng = new Rng(13);
  const workspace = new ShapWorkspace();
  for (let trial = 0; trial < 100; trial++) {
    const features = 1 + rng.int(4);
    const { tree, cover } = randomTree(rng, features, 1 + rng.int(20), 3);
    const pick = [2, 0];
    const shap = prepareShapTree(tree, cover, pick, 0.25);
    const codes = randomCodes(rng, features);
    // Rows × outputs × features with a gap of one row before: write at an offset.
    const phi = new Float64Array(3 * pick.length * features);
    workspace.explainRow(shap, codes, 0, phi, pick.length * features, features);
    pick.forEach((output, k) => {
      const exact = bruteForceShapley(tree, cover, output, codes, features);
      assert.ok(Math.abs(shap.expected[k]! - 0.25 * exact.expected) < 1e-9);
      for (let f = 0; f < features; f++) {
        const got = phi[pick.length * features + k * features + f]!;
        assert.ok(Math.abs(got - 0.25 * exact.phi[f]!) < 1e-9, `trial ${trial} output ${output} feature ${f}: ${got} vs ${0.25 * exact.phi[f]!}`);
      }
    });
    for (let i = 0; i < pick.length * features; i++) assert.equal(phi[i], 0);
  }
});
