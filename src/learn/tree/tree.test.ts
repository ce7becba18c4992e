// The shared tree code checked against plain reference versions: bin edges and codes, the
// histogram kernels, and the packed branch-free walk against a node-by-node walk.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { binColumn, binColumns, binOf, binRows, categoryEdges, learnEdges, ROW_MISSING, sortFloat64 } from './binning.js';
import { histogramLayout, histogramManyOutputs, histogramOneOutput, histogramOneOutputAllRows, gatherGradients } from './histogram.js';
import { histogramRowGroups, packRowGroups, rowGroupWords } from './histogram-rows.js';
import { addTreeToColumnRows, addTreeToRows, packTree, type Tree, TreeBuilder, treeFromJson, treeToJson } from './tree.js';

test('few distinct values get midpoint edges; many get at most maxBins - 1 increasing quantile edges', () => {
  assert.deepEqual(Array.from(learnEdges(Float64Array.of(3, 1, 2, 2, Number.NaN, 1), 255, undefined)), [1.5, 2.5]);
  const rng = new Rng(1);
  const values = Float64Array.from({ length: 5000 }, () => rng.normal());
  const edges = learnEdges(values, 16, undefined);
  assert.ok(edges.length <= 15 && edges.length >= 14, `${edges.length} edges`);
  for (let i = 1; i < edges.length; i++) assert.ok(edges[i]! > edges[i - 1]!);
  // Quantile bins hold similar numbers of rows.
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) counts[binOf(v, edges)]!++;
  assert.ok(Math.max(...counts) < 2 * Math.min(...counts), counts.join(' '));
  assert.deepEqual(Array.from(categoryEdges(4)), [0.5, 1.5, 2.5]);
});

test('the radix sort orders numbers exactly as the built-in sort, signed zeros and extremes included', () => {
  const rng = new Rng(21);
  const special = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
  for (const draw of [() => rng.normal(), () => rng.int(7) - 3, () => special[rng.int(special.length)]!, () => (rng.normal() * 1e300) / 10 ** rng.int(600)]) {
    for (const n of [10, 5000, 70_001]) {
      const values = Float64Array.from({ length: n }, draw);
      const expected = values.slice().sort();
      const sorted = sortFloat64(values);
      assert.equal(sorted, values, 'sorted in place');
      for (let i = 0; i < n; i++) assert.ok(Object.is(sorted[i], expected[i]), `position ${i} of ${n}: ${sorted[i]} against ${expected[i]}`);
    }
  }
});

test('the masked eight-step search gives the same codes as a binary search, NaN as missing', () => {
  const rng = new Rng(2);
  const values = Float64Array.from({ length: 3000 }, (_, i) => (i % 50 === 0 ? Number.NaN : rng.normal() * 3));
  values[1] = Number.POSITIVE_INFINITY;
  values[2] = Number.NEGATIVE_INFINITY;
  for (const maxBins of [2, 7, 255]) {
    const edges = learnEdges(values, maxBins, undefined);
    const out = new Uint8Array(values.length);
    binColumn(values, edges, out, 0, 1, edges.length + 1);
    for (let i = 0; i < values.length; i++) assert.equal(out[i], binOf(values[i]!, edges), `value ${values[i]} with ${edges.length} edges`);
    const rows = binRows([values, values], [edges, edges], values.length);
    for (let i = 0; i < values.length; i++) assert.equal(rows[2 * i + 1], Number.isNaN(values[i]!) ? ROW_MISSING : out[i]);
  }
  const extremes = Float64Array.of(-1e300, -5, 5, 5.000001, 1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 0, Number.NaN);
  for (const edges of [new Float64Array(0), Float64Array.of(5), Float64Array.of(-1e300, 1e300), Float64Array.of(1, 2, 3, 1e9)]) {
    const out = new Uint8Array(extremes.length);
    binColumn(extremes, edges, out, 0, 1, 250);
    for (let i = 0; i < extremes.length; i++) assert.equal(out[i], Number.isNaN(extremes[i]!) ? 250 : binOf(extremes[i]!, edges), `${extremes[i]} over [${edges.join(', ')}]`);
  }
});

test('histogram kernels match a row-by-row sum, for one and for several outputs', () => {
  const rng = new Rng(3);
  const n = 500;
  const features = Array.from({ length: 7 }, () => Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? Number.NaN : rng.normal())));
  const edges = features.map((v) => learnEdges(v, 20, undefined));
  const binned = binColumns(features, edges, n);
  const idx = Uint32Array.from({ length: n }, (_, i) => i).filter(() => rng.next() < 0.4);
  for (const outputs of [1, 3]) {
    const layout = histogramLayout(binned.valueBins, outputs);
    const width = outputs + 1;
    const gh = Float64Array.from({ length: n * width }, () => rng.normal());
    const expected = new Float64Array(layout.totalBins * layout.stride);
    for (const r of idx) {
      for (let f = 0; f < features.length; f++) {
        const p = (layout.offsets[f]! + binned.columns[f]![r]!) * layout.stride;
        for (let c = 0; c < width; c++) expected[p + c] += gh[r * width + c]!;
        expected[p + width] += 1;
      }
    }
    const got = new Float64Array(expected.length);
    const all = Int32Array.from({ length: features.length }, (_, f) => f);
    if (outputs === 1) histogramOneOutput(got, layout, binned.columns, all, idx, 0, idx.length, gh);
    else {
      const ordered = new Float64Array(n * width);
      gatherGradients(gh, width, idx, 0, idx.length, ordered);
      histogramManyOutputs(got, layout, binned.columns, all, idx, 0, idx.length, ordered);
    }
    for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(got[i]! - expected[i]!) < 1e-9, `outputs ${outputs} cell ${i}`);
  }
  const layout = histogramLayout(binned.valueBins, 1);
  const gh = Float64Array.from({ length: 2 * n }, () => rng.normal());
  const full = new Float64Array(layout.totalBins * 3);
  const viaIdx = new Float64Array(layout.totalBins * 3);
  const all = Int32Array.from({ length: features.length }, (_, f) => f);
  histogramOneOutputAllRows(full, layout, binned.columns, all, n, gh);
  histogramOneOutput(viaIdx, layout, binned.columns, all, Uint32Array.from({ length: n }, (_, i) => i), 0, n, gh);
  assert.deepEqual(full, viaIdx);
});

/** A random tree over `features` features whose codes run 0..bins-1, some splits by category set. */
function randomTree(rng: Rng, features: number, bins: number, leaves: number): Tree {
  const builder = new TreeBuilder(1);
  const open = [builder.addNode()];
  while (open.length < leaves) {
    const node = open.splice(rng.int(open.length), 1)[0]!;
    const l = builder.addNode();
    const r = builder.addNode();
    const categories = rng.next() < 0.3 ? Uint8Array.from({ length: bins }, (_, b) => b).filter(() => rng.next() < 0.5) : undefined;
    builder.setSplit(node, rng.int(features), rng.int(bins - 1), rng.next() < 0.5, l, r, rng.next(), categories);
    open.push(l, r);
  }
  for (const leaf of open) builder.setValue(leaf, 0, rng.normal());
  return builder.build();
}

/** The plain walk: compare, follow, until a leaf. */
function naiveLeaf(tree: Tree, code: (f: number) => number, missing: number): number {
  let node = 0;
  while (tree.left[node]! >= 0) {
    const b = code(tree.feature[node]!);
    const categories = tree.categorical.get(node);
    const left = b === missing ? tree.missingLeft[node] === 1 : categories === undefined ? b <= tree.bin[node]! : categories.includes(b);
    node = left ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

test('the packed eight-row walk reaches the same leaves as a node-by-node walk, and survives JSON', () => {
  const rng = new Rng(4);
  const features = 5;
  const bins = 12;
  const rows = 203;
  const binned = Uint8Array.from({ length: rows * features }, () => (rng.next() < 0.1 ? ROW_MISSING : rng.int(bins)));
  const columns = Array.from({ length: features }, (_, f) => Uint8Array.from({ length: rows }, (_, r) => (binned[r * features + f] === ROW_MISSING ? bins : binned[r * features + f]!)));
  for (let t = 0; t < 20; t++) {
    const tree = treeFromJson(JSON.parse(JSON.stringify(treeToJson(randomTree(rng, features, bins, 2 + rng.int(30))))), features, 'test tree');
    const packed = packTree(tree);
    const out = new Float64Array(rows);
    addTreeToRows(packed, tree.value, 1, binned, features, 0, rows, out, 1, 0);
    const fromColumns = new Float64Array(rows);
    addTreeToColumnRows(packed, tree.value, columns, new Int32Array(features).fill(bins), Uint32Array.from({ length: rows }, (_, i) => i), rows, fromColumns, 1, 0);
    for (let r = 0; r < rows; r++) {
      const leaf = naiveLeaf(tree, (f) => binned[r * features + f]!, ROW_MISSING);
      assert.equal(out[r], tree.value[leaf], `tree ${t} row ${r}`);
      assert.equal(fromColumns[r], tree.value[leaf]);
    }
  }
});

test('the row-major kernel gives the same histogram as the column kernel, features not a multiple of four', () => {
  const rng = new Rng(6);
  const n = 3000;
  for (const F of [1, 4, 7]) {
    const features = Array.from({ length: F }, () => Float64Array.from({ length: n }, () => (rng.next() < 0.05 ? Number.NaN : rng.normal())));
    const binned = binColumns(features, features.map((v) => learnEdges(v, 255, undefined)), n);
    const layout = histogramLayout(binned.valueBins, 1);
    const gh = Float64Array.from({ length: 2 * n }, () => rng.normal());
    const idx = Uint32Array.from({ length: n }, (_, i) => i).filter(() => rng.next() < 0.3);
    const byColumns = new Float64Array(layout.totalBins * 3);
    histogramOneOutput(byColumns, layout, binned.columns, Int32Array.from({ length: F }, (_, f) => f), idx, 0, idx.length, gh);
    const byRows = new Float64Array(layout.totalBins * 3);
    const packed = packRowGroups(binned.columns, n);
    const words = rowGroupWords(F);
    // In two word ranges, as the two threads share it.
    histogramRowGroups(byRows, layout, packed, F, 0, Math.ceil(words / 2), idx, 0, idx.length, gh);
    histogramRowGroups(byRows, layout, packed, F, Math.ceil(words / 2), words, idx, 0, idx.length, gh);
    assert.deepEqual(byRows, byColumns, `${F} features`);
  }
});
