// Metric names as people write them, including per-label and per-class metrics ('recall:prime').

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricInfo } from './task-metrics.js';

test('a per-label metric reads as its metric and label, and ranks as its metric does', () => {
  assert.equal(metricInfo('recall:prime').label, 'recall (prime)');
  assert.equal(metricInfo('f1:even').higherIsBetter, true);
  assert.equal(metricInfo('nonsense').label, 'nonsense');
});
