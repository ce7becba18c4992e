// The WebAssembly log-loss gradients against the JavaScript objective: within an ulp or two of
// Math.exp's results over the score range boosting meets, at the extremes, for odd row counts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { histogramLayout } from '../tree/histogram.js';
import { WasmHistograms } from '../tree/histogram-wasm.js';
import { logLoss } from './objectives.js';
import { wasmLogistic } from './wasm-logistic.js';

function engineFor(n: number): WasmHistograms {
  const valueBins = Int32Array.of(4, 4);
  const engine = WasmHistograms.create({ rowCount: n, layout: histogramLayout(valueBins, 1), valueBins, gradients: 1, slots: 1, threads: 1, rowArrays: 2 });
  assert.ok(engine !== undefined);
  return engine;
}

test('WebAssembly log-loss gradients match the JavaScript objective to rounding', () => {
  const n = 20_001;
  const rng = new Rng(4);
  const y = Float64Array.from({ length: n }, () => rng.int(2));
  const engine = engineFor(n);
  const fast = wasmLogistic(engine, y);
  assert.ok(fast !== undefined);
  for (let i = 0; i < n; i++) fast.raw[i] = (rng.next() - 0.5) * 80;
  const extremes = [0, -0, 1e-300, -1e-300, 0.5, -0.5, 36.7, -36.7, 700, -700, 708, -708, 745, -745, 1e6, -1e6];
  extremes.forEach((x, i) => (fast.raw[i] = x));
  const expected = [new Float64Array(2 * n)];
  logLoss.gradients(fast.raw, y, expected);
  const gh = engine.gh[0]!;
  fast.gradients();
  let identical = 0;
  for (let i = 0; i < 2 * n; i++) {
    const a = gh[i]!;
    const b = expected[0]![i]!;
    if (a === b) identical++;
    // Both g = p - y and h = p (1 - p) are within a couple of ulps of 1 (p's scale).
    assert.ok(Math.abs(a - b) <= 4.5e-16, `row ${i >> 1} (raw ${fast.raw[i >> 1]}): ${a} against ${b}`);
    if (b !== 0) assert.ok(Math.abs(a - b) <= 1e-13 * Math.abs(b) || Math.abs(a - b) <= 4.5e-16, `row ${i >> 1}`);
  }
  assert.ok(identical > 1.8 * n, `${identical} of ${2 * n} numbers identical`);
  assert.equal(gh[2 * extremes.indexOf(0) + 1], 0.25);
  assert.equal(gh[2 * extremes.indexOf(1e6)]! - (1 - y[extremes.indexOf(1e6)]!), 0);
});

test('the padding row of an odd count stays inside the memory given to it', () => {
  const n = 3;
  const engine = engineFor(n);
  const fast = wasmLogistic(engine, Float64Array.of(1, 0, 1));
  assert.ok(fast !== undefined);
  fast.raw.set([2, -1, 0.25]);
  engine.idx.fill(7);
  fast.gradients();
  assert.deepEqual(Array.from(engine.idx), [7, 7, 7], 'the index array after the gradients is untouched');
  const expected = [new Float64Array(6)];
  logLoss.gradients(fast.raw, Float64Array.of(1, 0, 1), expected);
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(engine.gh[0]![i]! - expected[0]![i]!) <= 2.3e-16);
});
