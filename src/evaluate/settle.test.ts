// What would settle an inconclusive verdict: when an interval is undecided, the rows its
// half-width needs under 1/√n shrinkage, and the rounding a reader sees.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lift } from './bootstrap-lift.js';
import { liftUndecided, roundUp, rowsToSettle } from './settle.js';

const lift = (value: number, low: number, high: number, rows = 1000): Lift => ({ metric: 'roc_auc', value, low, high, resamples: 1000, level: 0.95, rows });

test('an interval is undecided exactly when it holds 0 and twice the minimum', () => {
  assert.equal(liftUndecided(lift(0.02, 0, 0.04), 0.02), true);
  assert.equal(liftUndecided(lift(0.02, 0.0001, 0.04), 0.02), false);
  assert.equal(liftUndecided(lift(0.02, 0, 0.0399), 0.02), false);
  assert.equal(liftUndecided(null, 0.02), false);
});

test('rows to settle scale the interval\'s rows by the squared ratio of half-width to minimum', () => {
  // Half-width 0.04 on 2,000 rows; 0.02 needs four times the rows.
  assert.equal(rowsToSettle(lift(0.03, -0.01, 0.07, 2000), 0.02), 8000);
  // Half-width 0.054 on 1,500 rows: 1,500 × 2.7² = 10,935 → 11,000.
  assert.equal(rowsToSettle(lift(-0.005, -0.059, 0.049, 1500), 0.02), 11000);
  // Always more than the rows the interval already had.
  assert.ok(rowsToSettle(lift(0.02, 0, 0.04, 1000), 0.02)! > 1000);
  assert.equal(rowsToSettle(lift(0.02, 0.02, 0.02), 0.02), null);
  assert.equal(rowsToSettle(lift(0.02, 0, 0.04), 0), null);
});

test('rounding up keeps two significant figures', () => {
  assert.equal(roundUp(583, 2), 590);
  assert.equal(roundUp(12345, 2), 13000);
  assert.equal(roundUp(8000, 2), 8000);
  assert.equal(roundUp(2.3, 2), 3);
  assert.equal(roundUp(0, 2), 0);
});
