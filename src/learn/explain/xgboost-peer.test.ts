// TreeSHAP against XGBoost 1.7's own exact TreeSHAP (pred_contribs) on the same trees: boosted
// models exported by fixtures/make_fixtures.py over bin codes, with missing values in the rows.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRoot } from '../../core/paths.js';
import { type Tree, TreeBuilder } from '../tree/tree.js';
import { patternTree, PatternWorkspace } from './leaf-patterns.js';
import { conditionalValue } from './test-support.js';
import { prepareShapTree, ShapWorkspace } from './tree-shap.js';

interface TreeFixture {
  readonly feature: number[];
  readonly bin: number[];
  readonly missingLeft: number[];
  readonly left: number[];
  readonly value: number[];
  readonly cover: number[];
}

interface Case {
  readonly name: string;
  readonly features: number;
  readonly trees: TreeFixture[];
  readonly codes: number[][];
  readonly contributions: number[][];
  readonly bias: number[];
  readonly margin: number[];
}

function buildTree(t: TreeFixture): { tree: Tree; cover: Float64Array } {
  const builder = new TreeBuilder(1);
  for (let i = 0; i < t.feature.length; i++) builder.addNode();
  for (let i = 0; i < t.feature.length; i++) {
    builder.setCover(i, t.cover[i]!);
    if (t.left[i]! < 0) builder.setValue(i, 0, t.value[i]!);
    else builder.setSplit(i, t.feature[i]!, t.bin[i]!, t.missingLeft[i] === 1, t.left[i]!, t.left[i]! + 1, 0);
  }
  const tree = builder.build();
  return { tree, cover: tree.cover! };
}

const fixture = JSON.parse(readFileSync(fromRoot('src', 'learn', 'explain', 'fixtures', 'xgboost_contribs.json'), 'utf8')) as { cases: Case[] };

for (const c of fixture.cases) {
  test(`${c.name}: contributions match XGBoost's pred_contribs within float32 rounding, by both walks`, () => {
    const F = c.features;
    const built = c.trees.map(buildTree);
    const trees = built.map(({ tree, cover }) => prepareShapTree(tree, cover, [0], 1));
    const rows = c.codes.length;
    const codes = Uint8Array.from(c.codes.flat());
    const viaPaths = new Float64Array(rows * F);
    const viaPatterns = new Float64Array(rows * F);
    const paths = new ShapWorkspace();
    const patterns = new PatternWorkspace();
    let expected = 0;
    for (const tree of trees) {
      expected += tree.expected[0]!;
      for (let r = 0; r < rows; r++) paths.explainRow(tree, codes, r * F, viaPaths, r * F, F);
      const table = patternTree(tree);
      assert.ok(table !== undefined);
      patterns.begin(tree, table);
      for (let r = 0; r < rows; r++) patterns.explainRow(codes, r * F, viaPatterns, r * F, F);
    }
    // The exported trees route the rows as XGBoost did: its margin minus ours is the same
    // constant (the base score) on every row.
    const base = c.margin.map((m, r) => m - built.reduce((s, { tree, cover }) => s + conditionalValue(tree, cover, 0, codes.subarray(r * F, (r + 1) * F), () => true), 0));
    const scale = Math.max(...c.margin.map(Math.abs), 1);
    for (const b of base) assert.ok(Math.abs(b - base[0]!) < 1e-5 * scale, `base ${b} vs ${base[0]}`);
    assert.ok(Math.abs(base[0]! + expected - c.bias[0]!) < 1e-5 * scale, `expected value ${base[0]! + expected} vs XGBoost bias ${c.bias[0]}`);
    let worst = 0;
    let largest = 0;
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < F; f++) {
        const theirs = c.contributions[r]![f]!;
        largest = Math.max(largest, Math.abs(theirs));
        worst = Math.max(worst, Math.abs(viaPaths[r * F + f]! - theirs));
        assert.ok(Math.abs(viaPatterns[r * F + f]! - viaPaths[r * F + f]!) < 1e-9);
      }
    }
    assert.ok(largest > 0.1, `contributions as large as ${largest}`);
    assert.ok(worst < 1e-5 * scale, `largest difference ${worst} (contributions up to ${largest})`);
  });
}
