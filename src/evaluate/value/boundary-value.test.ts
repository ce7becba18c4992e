// Regression decisions valued at a boundary, against small cases worked out by hand.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundaryDecisions, canValueRegression, regressionCosts, regressionValue, regressionValuePerDecision, regressionValueRule, regressionValues } from './boundary-value.js';

// Boundary 150, truth and prediction per row:
//  row  truth  predicted  decided  truth side  value at 2 per unit
//   a    200     170      above     above      0 (right side, though 30 off)
//   b    100     140      below     below      0 (right side, though 40 off)
//   c    160     140      below     above      −2 × |160 − 150| = −20
//   d    120     155      above     below      −2 × |120 − 150| = −60
//   e    150     149      below     above      −2 × 0 = 0 (the truth sits on the boundary: nothing was lost by missing it)
const truth = [200, 100, 160, 120, 150];
const predicted = [170, 140, 140, 155, 149];

test('with a boundary only wrong-side decisions cost, by how far across the boundary the truth was', () => {
  const c = regressionCosts({ costPerUnitError: 2 }, 150);
  assert.deepEqual(Array.from(regressionValues(truth, predicted, c)), [0, 0, -20, -60, 0]);
  assert.equal(regressionValuePerDecision(truth, predicted, c), -80 / 5);
  // Per unit of error the same rows would cost (30 + 40 + 20 + 35 + 1) × 2 / 5 = 50.4 per decision.
  assert.equal(regressionValuePerDecision(truth, predicted, regressionCosts({ costPerUnitError: 2 }, null)), -50.4);
});

test('over- and under-prediction costs price the two wrong sides apart', () => {
  const c = regressionCosts({ overPredictionCostPerUnit: 1, underPredictionCostPerUnit: 3 }, 150);
  // c: decided below, truth above (under-shot): −3 × 10; d: decided above, truth below (over-shot): −1 × 30.
  assert.equal(regressionValue(140, 160, c), -30);
  assert.equal(regressionValue(155, 120, c), -30);
  assert.equal(regressionValue(170, 200, c), 0);
  assert.match(regressionValueRule(c), /wrong side of 150 costs 1 when decided above and the truth is below, 3 when decided below/);
});

test("the card's outcomes value each side, above being the positive decision, and add to the unit cost across", () => {
  const c = regressionCosts({ costPerUnitError: 2, outcomes: { truePositive: 50, falsePositive: -10, trueNegative: 5 } }, 150);
  // a: true positive 50; b: true negative 5; c: false negative (not given: 0) − 20; d: false positive −10 − 60; e: false negative 0 − 0.
  assert.deepEqual(Array.from(regressionValues(truth, predicted, c)), [50, 5, -20, -70, 0]);
  // Outcomes alone can value decisions at a boundary; without one they price nothing.
  assert.equal(canValueRegression(regressionCosts({ outcomes: { truePositive: 1 } }, 150)), true);
  assert.equal(canValueRegression(regressionCosts({ outcomes: { truePositive: 1 } }, null)), false);
  assert.equal(canValueRegression(regressionCosts({}, 150)), false);
});

test('the boundary metrics: the share decided above and the share on the truth\'s side', () => {
  const d = boundaryDecisions(truth, predicted, 150);
  // Decided above: a, d (2 of 5); right side: a, b (2 of 5).
  assert.deepEqual(d, { rows: 5, aboveShare: 0.4, sideAccuracy: 0.4 });
  // Moving the boundary to 130 changes both: every row is decided above; right a, c, e.
  assert.deepEqual(boundaryDecisions(truth, predicted, 130), { rows: 5, aboveShare: 1, sideAccuracy: 0.6 });
});
