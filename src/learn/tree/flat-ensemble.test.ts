// The flat ensemble against the one-tree-at-a-time traversal on random trees and random codes:
// lone leaves, missing codes either way, category sets, every row count's remainder path.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { ROW_MISSING } from './binning.js';
import { addEnsembleToRows, flattenTrees } from './flat-ensemble.js';
import { addTreeToRows, packTree, type Tree, TreeBuilder } from './tree.js';

/** A random tree of up to `leaves` leaves over `width` features, some splits by category set. */
function randomTree(rng: Rng, width: number, leaves: number, categories: boolean): Tree {
  const b = new TreeBuilder(1);
  const open = [b.addNode()];
  let count = 1;
  while (count < leaves && open.length > 0) {
    const node = open.splice(rng.int(open.length), 1)[0]!;
    const left = b.addNode();
    const right = b.addNode();
    const set = categories && rng.next() < 0.4 ? Uint8Array.from(new Set(Array.from({ length: 1 + rng.int(6) }, () => rng.int(12)))).sort() : undefined;
    b.setSplit(node, rng.int(width), rng.int(12), rng.next() < 0.5, left, right, 1, set);
    open.push(left, right);
    count++;
  }
  for (let i = 0; i < 2 * count - 1; i++) b.setValue(i, 0, rng.normal() / 3);
  return b.build();
}

for (const categories of [false, true]) {
  test(`same bits as tree-at-a-time traversal (${categories ? 'with' : 'without'} category splits), 1 to 70 rows, 1 and 3 outputs`, () => {
    const rng = new Rng(categories ? 11 : 7);
    const width = 5;
    for (const outputs of [1, 3]) {
      const trees = Array.from({ length: 3 * 7 }, (_, t) => randomTree(rng, width, t % 7 === 0 ? 1 : 2 + rng.int(20), categories));
      assert.ok(trees.some((t) => t.feature.length === 1), 'a tree that is a lone leaf');
      const flat = flattenTrees(trees, outputs);
      for (let rows = 1; rows <= 70; rows += rows < 20 ? 1 : 17) {
        const binned = Uint8Array.from({ length: rows * width }, () => (rng.next() < 0.15 ? ROW_MISSING : rng.int(14)));
        const expected = new Float64Array(rows * outputs).fill(0.25);
        trees.forEach((tree, t) => addTreeToRows(packTree(tree), tree.value, 1, binned, width, 0, rows, expected, outputs, t % outputs));
        const actual = new Float64Array(rows * outputs).fill(0.25);
        addEnsembleToRows(flat, binned, width, rows, actual);
        for (let i = 0; i < expected.length; i++) assert.ok(Object.is(actual[i], expected[i]), `${rows} rows, ${outputs} outputs, element ${i}: ${actual[i]} vs ${expected[i]}`);
      }
    }
  });
}
