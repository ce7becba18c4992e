// The framing of a predicted number: wrong-side costs at a boundary, and without one the caution
// that a regression model knows nothing of the lines a product draws on its output.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { regressionAnswer, regressionBoundaryText } from './regression-framing.js';

const costs = { costPerUnitError: 2, overPredictionCostPerUnit: null, underPredictionCostPerUnit: null };

test('without a boundary the cost is per unit of error, and the text warns about product thresholds', () => {
  const e = { modelCostPerDecision: 87.7, barCostPerDecision: 107, boundary: null, decisionsChangedShare: null, modelRightShare: null, barRightShare: null, costs: { ...costs, rule: 'each unit of error costs 2' } };
  assert.equal(regressionAnswer(e, true, 'USD', 'predict the average'), 'The model predicts a number; its errors cost 87.70 USD per decision against 107 USD for predict the average (each unit of error costs 2).');
  const text = regressionBoundaryText(e);
  assert.match(text, /knows nothing of the lines a product draws/);
  assert.match(text, /decision\.boundary/);
  assert.match(text, /classifier/);
  assert.match(text, /moved without retraining/);
});

test('with a boundary only wrong-side decisions cost, and the boundary is said to be movable', () => {
  const e = { modelCostPerDecision: 18.5, barCostPerDecision: 29.3, boundary: 150, decisionsChangedShare: 0.217, modelRightShare: 0.756, barRightShare: 0.701, costs: { ...costs, rule: 'a decision on the wrong side of 150 costs 2 per unit the truth lay across it; one on the right side costs nothing' } };
  assert.match(regressionAnswer(e, true, 'USD', "best one-feature rule ('bmi')"), /side of 150 it falls .* Only decisions on the wrong side cost: 18.50 USD per decision for the model against 29.30 USD/);
  // Unpriced: counted in the target's units, with the field that would price them.
  assert.match(regressionAnswer({ ...e, costs: { costPerUnitError: null, overPredictionCostPerUnit: null, underPredictionCostPerUnit: null, rule: null } }, false, '', 'x'), /in the target's units .*\(business\.costPerUnitError\)/);
  const text = regressionBoundaryText(e);
  assert.match(text, /75\.6% of the time against 70\.1%/);
  assert.match(text, /PUT \/v1\/models\/NAME\/policy/);
});
