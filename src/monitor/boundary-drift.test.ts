// Decision drift at a regression boundary: the share decided above it against the promise's share
// at the same boundary, else the reference sample's at the boundary in force.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Prediction } from '../learn/estimator.js';
import { boundaryDecisionDrift } from './boundary-drift.js';

const numbers = (values: number[]): Prediction => ({ kind: 'regression', values: Float64Array.from(values) }) as Prediction;

test('a window decided above the boundary far more often than promised has drifted; the same share has not', () => {
  const reference = numbers(Array.from({ length: 400 }, (_, i) => 100 + (i % 100)));
  // Promised: half the rows above 150. Now 90 of 100 rows are.
  const high = numbers(Array.from({ length: 100 }, (_, i) => (i < 90 ? 180 : 120)));
  const drifted = boundaryDecisionDrift({ policy: 'boundary 150', boundary: 150, current: high, reference, promised: { boundary: 150, aboveShare: 0.5, rows: 400 } })!;
  assert.deepEqual([drifted.current.positive, drifted.reference.source, drifted.positiveClass], [90, 'promise', 'above']);
  assert.equal(drifted.drifted, true);
  const same = boundaryDecisionDrift({ policy: 'boundary 150', boundary: 150, current: numbers(Array.from({ length: 100 }, (_, i) => (i < 50 ? 180 : 120))), reference, promised: { boundary: 150, aboveShare: 0.5, rows: 400 } })!;
  assert.equal(same.drifted, false);
});

test('at a boundary moved away from the promise the reference sample is decided at the new one', () => {
  const reference = numbers(Array.from({ length: 400 }, (_, i) => 100 + (i % 100)));
  const d = boundaryDecisionDrift({ policy: 'boundary 170', boundary: 170, current: numbers([180, 120, 175, 160]), reference, promised: { boundary: 150, aboveShare: 0.5, rows: 400 } })!;
  // 30 of every 100 reference values (170..199) are at or above 170.
  assert.deepEqual([d.reference.source, d.reference.rate, d.current.positive, d.threshold], ['reference-sample', 0.3, 2, 170]);
  // No prediction, or class predictions, give no boundary drift.
  assert.equal(boundaryDecisionDrift({ policy: 'boundary 170', boundary: 170, current: null, reference, promised: null }), null);
});
