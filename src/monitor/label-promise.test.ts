// A multi-label promise is compared only where the window was decided at the thresholds it was measured at.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparablePromise } from './label-promise.js';

const at = (mean: number) => ({ mean, low: mean - 0.05, high: mean + 0.05 });
const promised = { 'precision:rain': at(0.8), 'recall:rain': at(0.7), 'precision:frost': at(0.9), 'recall:frost': at(0.6), f1_micro: at(0.75), subset_accuracy: at(0.5) };
const registered = { rain: 0.3, frost: 0.4 };

test('unchanged thresholds keep the whole promise, the value included', () => {
  const c = comparablePromise(promised, at(12), registered, { rain: 0.3, frost: 0.4 });
  assert.deepEqual(c.moved, []);
  assert.deepEqual(Object.keys(c.promised).sort(), Object.keys(promised).sort());
  assert.deepEqual(c.promisedValue, at(12));
});

test("a moved label's metrics, the set-level ones and the value are not compared; the other labels' are", () => {
  const c = comparablePromise(promised, at(12), registered, { rain: 0.9, frost: 0.4 });
  assert.deepEqual(c.moved, ['rain']);
  assert.deepEqual(Object.keys(c.promised).sort(), ['precision:frost', 'recall:frost']);
  assert.equal(c.promisedValue, null);
});
