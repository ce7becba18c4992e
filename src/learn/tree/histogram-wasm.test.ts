// The WebAssembly kernels against the JavaScript ones they replace: the very same histograms
// (bit for bit), the same stable partitions, and the same trees grown with and without them,
// one thread and two.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { binColumns, categoryEdges, learnEdges } from './binning.js';
import { Grower, type GrowOptions } from './grower.js';
import { histogramLayout, histogramOneOutput, histogramOneOutputAllRows } from './histogram.js';
import { WasmHistograms } from './histogram-wasm.js';

/** Random codes for features of different widths, the missing code on some rows. */
function randomData(n: number, valueBins: readonly number[], seed: number): { engine: WasmHistograms; gh: Float64Array } {
  const rng = new Rng(seed);
  const bins = Int32Array.from(valueBins);
  const layout = histogramLayout(bins, 1);
  const engine = WasmHistograms.create({ rowCount: n, layout, valueBins: bins, gradients: 1, slots: 4, threads: 1 });
  assert.ok(engine !== undefined, 'WebAssembly is available in Node 20');
  valueBins.forEach((nb, f) => {
    const col = engine.columns[f]!;
    for (let r = 0; r < n; r++) col[r] = rng.next() < 0.05 ? nb : rng.int(nb);
  });
  engine.packRows();
  const gh = engine.gh[0]!;
  for (let r = 0; r < n; r++) {
    gh[2 * r] = rng.normal();
    gh[2 * r + 1] = rng.next();
  }
  return { engine, gh };
}

test('the WebAssembly histogram equals the JavaScript one bit for bit, on all rows and on a subset', () => {
  const valueBins = [255, 3, 17, 1, 254, 90, 128];
  const n = 3001;
  const { engine, gh } = randomData(n, valueBins, 1);
  const layout = histogramLayout(Int32Array.from(valueBins), 1);
  const features = Int32Array.from(valueBins, (_, f) => f);
  const expected = new Float64Array(layout.totalBins * 3);
  histogramOneOutputAllRows(expected, layout, engine.columns, features, n, gh);
  const all = engine.take()!;
  for (let r = 0; r < n; r++) engine.idx[r] = r;
  assert.ok(engine.build(all, gh, engine.idx, 0, n, true));
  assert.deepEqual(all, expected);
  // Every fourth row or so, in order, past the prefetch chunk size, from an offset.
  const rng = new Rng(9);
  let m = 0;
  for (let r = 0; r < n; r++) if (rng.next() < 0.3) engine.idx[m++] = r;
  const some = engine.take()!;
  assert.ok(engine.build(some, gh, engine.idx, 7, m, false));
  expected.fill(0);
  histogramOneOutput(expected, layout, engine.columns, features, engine.idx, 7, m, gh);
  assert.deepEqual(some, expected);
  // An empty range leaves the histogram zero; arrays not in its memory are refused.
  const none = engine.take()!;
  assert.ok(engine.build(none, gh, engine.idx, 5, 5, false));
  assert.ok(none.every((v) => v === 0));
  assert.equal(engine.build(none, new Float64Array(2 * n), engine.idx, 0, n, false), false);
  assert.equal(engine.take()!.length, layout.totalBins * 3);
  assert.equal(engine.take(), undefined, 'four slots, all taken');
  assert.equal(engine.give(new Float64Array(3)), false);
  assert.ok(engine.give(none));
});

test('the WebAssembly partition is stable and sends the missing code where asked', () => {
  const valueBins = [40, 5];
  const n = 2000;
  const { engine } = randomData(n, valueBins, 2);
  for (const [feature, threshold, missingLeft] of [[0, 12, false], [0, 12, true], [1, 0, true], [1, 4, false], [0, 39, false]] as const) {
    for (let r = 0; r < n; r++) engine.idx[r] = r;
    const start = 100;
    const end = 1900;
    const col = engine.columns[feature]!;
    const goesLeft = (r: number): boolean => col[r]! <= threshold || (missingLeft && col[r] === valueBins[feature]);
    const rows = Array.from(engine.idx.subarray(start, end));
    const expected = [...rows.filter(goesLeft), ...rows.filter((r) => !goesLeft(r))];
    const mid = engine.partition(engine.idx, feature, start, end, threshold, missingLeft);
    assert.equal(mid, start + rows.filter(goesLeft).length);
    assert.deepEqual(Array.from(engine.idx.subarray(start, end)), expected);
    assert.equal(engine.idx[start - 1], start - 1);
    assert.equal(engine.idx[end], end);
  }
  assert.equal(engine.partition(new Uint32Array(n), 0, 0, n, 3, false), -1);
});

/** Grows the same trees on plain arrays and on the engine's memory. */
async function growBoth(threads: 1 | 2): Promise<void> {
  const rng = new Rng(threads);
  const n = 40_000;
  const F = 9;
  const values = Array.from({ length: F }, (_, f) => Float64Array.from({ length: n }, () => (f === 2 && rng.next() < 0.2 ? Number.NaN : rng.normal())));
  values[5] = Float64Array.from({ length: n }, () => rng.int(6));
  const edges = values.map((v, f) => (f === 5 ? categoryEdges(6) : learnEdges(v, f === 7 ? 16 : 255, undefined)));
  const categorical = Uint8Array.from({ length: F }, (_, f) => (f === 5 ? 1 : 0));
  const valueBins = Int32Array.from(edges, (e) => e.length + 1);
  const layout = histogramLayout(valueBins, 1);
  const engine = WasmHistograms.create({ rowCount: n, layout, valueBins, gradients: 1, slots: 10, threads });
  assert.ok(engine !== undefined);
  await engine.startHelper();
  try {
    const plain = binColumns(values, edges, n);
    const inMemory = binColumns(values, edges, n, engine.columnAllocator());
    engine.packRows();
    const gh = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) {
      const score = values[0]![r]! - (Number.isNaN(values[2]![r]!) ? 1 : values[2]![r]!) + (values[5]![r] === 3 ? 2 : 0);
      gh[2 * r] = score + rng.normal();
      gh[2 * r + 1] = 0.1 + rng.next();
    }
    engine.gh[0]!.set(gh);
    const options: GrowOptions = { maxLeaves: 31, maxDepth: 0, minSamplesLeaf: 20, minHessianLeaf: 1e-3, lambda: 1, order: 'best-first', featuresPerSplit: 0, categorical };
    const features = Int32Array.from({ length: F }, (_, f) => f);
    const half = Int32Array.of(0, 2, 5, 7);
    for (const drawn of [features, half]) {
      const idx = Uint32Array.from({ length: n }, (_, i) => i);
      engine.idx.set(idx);
      const reference = new Grower(plain, layout).grow({ gh, idx, count: n, allRowsInOrder: true, features: drawn }, options);
      const fast = new Grower(inMemory, layout, engine).grow({ gh: engine.gh[0]!, idx: engine.idx, count: n, allRowsInOrder: true, features: drawn }, options);
      assert.deepEqual(fast.tree, reference.tree);
      assert.deepEqual(fast.leafStarts, reference.leafStarts);
      assert.deepEqual(Array.from(engine.idx), Array.from(idx));
      assert.ok(reference.tree.categorical.size > 0 || drawn === half, 'a category split was grown');
    }
  } finally {
    engine.close();
  }
}

test('trees grown with the WebAssembly kernels equal those grown with the JavaScript ones', () => growBoth(1));

test('with a helper thread filling half the features, the trees are the same again', () => growBoth(2));

test('with unit hessians the counts come from the hessian sums and equal the counted rows', () => {
  const valueBins = Int32Array.of(255, 9, 30);
  const n = 5000;
  const rng = new Rng(6);
  const layout = histogramLayout(valueBins, 1);
  const engine = WasmHistograms.create({ rowCount: n, layout, valueBins, gradients: 1, slots: 2, threads: 1, unitHessians: true });
  assert.ok(engine !== undefined);
  valueBins.forEach((nb, f) => {
    for (let r = 0; r < n; r++) engine.columns[f]![r] = rng.next() < 0.1 ? nb : rng.int(nb);
  });
  engine.packRows();
  const gh = engine.gh[0]!;
  for (let r = 0; r < n; r++) {
    gh[2 * r] = rng.normal();
    gh[2 * r + 1] = 1;
  }
  let m = 0;
  for (let r = 0; r < n; r++) if (rng.next() < 0.4) engine.idx[m++] = r;
  const features = Int32Array.of(0, 1, 2);
  const expected = new Float64Array(layout.totalBins * 3);
  histogramOneOutput(expected, layout, engine.columns, features, engine.idx, 0, m, gh);
  const hist = engine.take()!;
  assert.ok(engine.build(hist, gh, engine.idx, 0, m, false));
  assert.deepEqual(hist, expected);
});
