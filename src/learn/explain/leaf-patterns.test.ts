// The leaf-pattern walk against subset enumeration and against the path walk, on random trees
// with many rows each (so memoised patterns are reused), zero-cover sides and repeated features.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { MAX_PATTERN_FEATURES, patternTree, PatternWorkspace } from './leaf-patterns.js';
import { bruteForceShapley, conditionalValue, randomCodes, randomTree } from './test-support.js';
import { prepareShapTree, ShapWorkspace } from './tree-shap.js';

test('the pattern walk equals subset enumeration and the path walk, row after row on the same tree', () => {
  const rng = new Rng(21);
  const patterns = new PatternWorkspace();
  const paths = new ShapWorkspace();
  let compared = 0;
  for (let trial = 0; trial < 60; trial++) {
    const features = 1 + rng.int(6);
    const outputs = 1 + rng.int(3);
    const { tree, cover } = randomTree(rng, features, 1 + rng.int(30), outputs);
    const shap = prepareShapTree(tree, cover, Array.from({ length: outputs }, (_, k) => k), 1);
    const table = patternTree(shap);
    assert.ok(table !== undefined, 'at most 6 distinct features on any path');
    patterns.begin(shap, table);
    const rows = 40;
    const codes = new Uint8Array(rows * features);
    for (let r = 0; r < rows; r++) codes.set(randomCodes(rng, features), r * features);
    const viaPatterns = new Float64Array(rows * outputs * features);
    const viaPaths = new Float64Array(rows * outputs * features);
    for (let r = 0; r < rows; r++) {
      patterns.explainRow(codes, r * features, viaPatterns, r * outputs * features, features);
      paths.explainRow(shap, codes, r * features, viaPaths, r * outputs * features, features);
    }
    for (let r = 0; r < rows; r += 7) {
      for (let k = 0; k < outputs; k++) {
        const exact = bruteForceShapley(tree, cover, k, codes.subarray(r * features, (r + 1) * features), features);
        for (let f = 0; f < features; f++) {
          const at = (r * outputs + k) * features + f;
          assert.ok(Math.abs(viaPatterns[at]! - exact.phi[f]!) < 1e-9, `trial ${trial} row ${r} output ${k} feature ${f}: ${viaPatterns[at]} vs exact ${exact.phi[f]}`);
          compared++;
        }
      }
    }
    for (let i = 0; i < viaPaths.length; i++) assert.ok(Math.abs(viaPatterns[i]! - viaPaths[i]!) < 1e-9, `trial ${trial} cell ${i}`);
  }
  assert.ok(compared > 500);
});

test('trees with a leaf of more distinct path features than the pattern limit are left to the path walk', () => {
  const features = MAX_PATTERN_FEATURES + 4;
  const chain = chainTree(features);
  assert.equal(patternTree(prepareShapTree(chain.tree, chain.cover, [0], 1)), undefined);
  const short = chainTree(MAX_PATTERN_FEATURES);
  assert.ok(patternTree(prepareShapTree(short.tree, short.cover, [0], 1)) !== undefined);
  // The path walk on the deep chain agrees with subset enumeration (2^16 subsets).
  const rng = new Rng(23);
  const paths = new ShapWorkspace();
  const shap = prepareShapTree(chain.tree, chain.cover, [0], 1);
  for (let trial = 0; trial < 5; trial++) {
    const codes = Uint8Array.from({ length: features }, () => (rng.next() < 0.8 ? 255 : 0));
    const phi = new Float64Array(features);
    paths.explainRow(shap, codes, 0, phi, 0, features);
    const exact = bruteForceShapley(chain.tree, chain.cover, 0, codes, features);
    for (let f = 0; f < features; f++) assert.ok(Math.abs(phi[f]! - exact.phi[f]!) < 1e-9, `feature ${f}: ${phi[f]} vs ${exact.phi[f]}`);
  }
});

test('a path of 300 distinct features (beyond any table the walk starts with) still adds up', () => {
  const features = 300;
  const { tree, cover } = chainTree(features);
  const shap = prepareShapTree(tree, cover, [0], 1);
  const rng = new Rng(24);
  const paths = new ShapWorkspace();
  for (let trial = 0; trial < 5; trial++) {
    const codes = Uint8Array.from({ length: features }, () => (rng.next() < 0.98 ? 255 : 0));
    const phi = new Float64Array(features);
    paths.explainRow(shap, codes, 0, phi, 0, features);
    const output = conditionalValue(tree, cover, 0, codes, () => true);
    const total = phi.reduce((a, b) => a + b, 0);
    assert.ok(phi.every((v) => Number.isFinite(v)));
    assert.ok(Math.abs(shap.expected[0]! + total - output) < 1e-9, `${shap.expected[0]} + ${total} vs ${output}`);
  }
});

/** A tree splitting on feature 0, then 1, …, then features − 1 down its right side. */
function chainTree(features: number): ReturnType<typeof randomTree> {
  const rng = new Rng(1);
  const built = randomTree(rng, 1, 1, 1);
  const feature: number[] = [];
  const left: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  let node = 0;
  feature.push(0);
  left.push(-1);
  value.push(0);
  cover.push(100);
  for (let f = 0; f < features; f++) {
    const l = feature.length;
    feature[node] = f;
    left[node] = l;
    feature.push(-1, -1);
    left.push(-1, -1);
    value.push(rng.normal(), rng.normal());
    cover.push(cover[node]! / 2, cover[node]! / 2);
    node = l + 1;
  }
  const n = feature.length;
  return {
    tree: {
      ...built.tree,
      feature: Int32Array.from(feature),
      left: Int32Array.from(left),
      right: Int32Array.from(left, (l) => (l < 0 ? -1 : l + 1)),
      bin: new Int32Array(n),
      missingLeft: new Uint8Array(n),
      gain: new Float64Array(n),
      value: Float64Array.from(value),
      categorical: new Map(),
    },
    cover: Float64Array.from(cover),
  };
}
