// Multi-label performance: the true label sets read from a file's label columns (one delimited
// column, empty meaning no labels, or several 0/1 columns) and from fed-back sets, decided at the
// per-label thresholds, with per-label metrics that fall below the promise when the labels move.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Frame } from '../data/frame.js';
import { feedbackLabelSets, fileLabelSets, labelPerformance } from './label-performance.js';
import { parseWindow } from './time-windows.js';

test('label sets from one delimited column (an empty field is the empty set) and from 0/1 columns', () => {
  const sets = new Frame([{ kind: 'categorical', name: 'tags', codes: Int32Array.from([0, -1, 1]), dictionary: ['rain|windy', 'frost'] }]);
  assert.deepEqual(fileLabelSets(sets, 'tags', '|'), [['rain', 'windy'], [], ['frost']]);
  const columns = new Frame([
    { kind: 'numeric', name: 'rain', values: Float64Array.from([1, 0, Number.NaN]) },
    { kind: 'numeric', name: 'frost', values: Float64Array.from([0, 0, 1]) },
  ]);
  assert.deepEqual(fileLabelSets(columns, 'rain,frost', '|'), [['rain'], [], null], 'a missing mark leaves the row out');
  assert.equal(fileLabelSets(columns, 'tags', '|'), null);
  assert.deepEqual(feedbackLabelSets(['rain|windy', '', null, '["frost"]'], '|'), [['rain', 'windy'], [], null, ['frost']]);
});

test('a label column holding anything but a 0/1 mark is refused naming the column and row, as training refuses it', () => {
  const columns = new Frame([
    { kind: 'numeric', name: 'rain', values: Float64Array.from([1, 0, 0]) },
    { kind: 'numeric', name: 'frost', values: Float64Array.from([0, 4, 1]) },
  ]);
  assert.throws(() => fileLabelSets(columns, 'rain,frost', '|'), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /Label column 'frost' holds 4 on row 2/.test(e.message));
  const words = new Frame([
    { kind: 'categorical', name: 'rain', codes: Int32Array.from([0, 1]), dictionary: ['yes', 'no'] },
    { kind: 'categorical', name: 'frost', codes: Int32Array.from([1, 0]), dictionary: ['true', 'false'] },
  ]);
  assert.deepEqual(fileLabelSets(words, 'rain,frost', '|'), [['rain'], ['frost']]);
});

test('per-label metrics at the thresholds, and a label whose truth moved falls below its promise', () => {
  const n = 400;
  const labels = ['rain', 'frost'];
  // The model is sure of rain on even rows and of frost on rows divisible by 4.
  const probabilities = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    probabilities[i * 2] = i % 2 === 0 ? 0.8 : 0.1;
    probabilities[i * 2 + 1] = i % 4 === 0 ? 0.35 : 0.05;
  }
  const prediction = { kind: 'multilabel' as const, labels, probabilities, sets: [] };
  // Rain is as predicted; frost now comes on other days than the model says.
  const sets = Array.from({ length: n }, (_, i) => [...(i % 2 === 0 ? ['rain'] : []), ...(i % 4 === 1 ? ['frost'] : [])]);
  const promised = { 'f1:rain': { mean: 0.95, low: 0.9, high: 1 }, 'f1:frost': { mean: 0.9, low: 0.85, high: 0.95 }, hamming_loss: { mean: 0.05, low: 0.02, high: 0.08 } };
  const outcome = labelPerformance({ prediction, sets, thresholds: { rain: 0.5, frost: 0.3 }, promised, promisedValue: null, business: undefined, times: null, window: parseWindow('1d'), resamples: 200 });
  const p = outcome.performance!;
  assert.equal(p.labelled, n);
  assert.equal(p.overall.metrics['f1:rain']!.value, 1);
  assert.equal(p.overall.metrics['recall:frost']!.value, 0, 'frost decided at 0.3 on the wrong days');
  assert.deepEqual([...p.belowPromise].sort(), ['f1:frost', 'hamming_loss']);
  // At 0.5 for frost, it would never be decided: the thresholds in force are the ones used.
  const at05 = labelPerformance({ prediction, sets, thresholds: { rain: 0.5, frost: 0.5 }, promised: {}, promisedValue: null, business: undefined, times: null, window: parseWindow('1d'), resamples: 50 });
  assert.equal(at05.performance!.overall.metrics['precision:frost']!.value, 0);
  assert.ok(at05.performance!.overall.metrics['hamming_loss']!.value < p.overall.metrics['hamming_loss']!.value);
});
