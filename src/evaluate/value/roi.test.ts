// ROI arithmetic on hand-checked cases.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeRoi } from './roi.js';

test('payback and net gain, by hand', () => {
  // Model 12,000/month, the rule 7,000: 5,000 gross; 500 running: 4,500 net; 27,000 build: 6 months.
  const roi = computeRoi({ modelPerMonth: 12_000, alternativePerMonth: 7_000, buildCost: 27_000, monthlyRunningCost: 500, retrainingCost: 3_000, lastImprovementPerMonth: 400 });
  assert.equal(roi.grossGainPerMonth, 5_000);
  assert.equal(roi.netGainPerMonth, 4_500);
  assert.equal(roi.paybackMonths, 6);
  assert.deepEqual(roi.retraining, { cost: 3_000, valuePerMonth: 400, paybackMonths: 7.5, paysWithinAYear: true });
});

test('no payback when the model loses money or costs are unknown', () => {
  const losing = computeRoi({ modelPerMonth: 1_000, alternativePerMonth: 1_200, buildCost: 10_000, monthlyRunningCost: 0, retrainingCost: 5_000, lastImprovementPerMonth: 100 });
  assert.equal(losing.netGainPerMonth, -200);
  assert.equal(losing.paybackMonths, null);
  assert.equal(losing.retraining?.paybackMonths, 50);
  assert.equal(losing.retraining?.paysWithinAYear, false);
  const unknown = computeRoi({ modelPerMonth: null, alternativePerMonth: 1_200, buildCost: null, monthlyRunningCost: null, retrainingCost: null, lastImprovementPerMonth: null });
  assert.deepEqual(unknown, { grossGainPerMonth: null, netGainPerMonth: null, paybackMonths: null, retraining: null });
  const flat = computeRoi({ modelPerMonth: 100, alternativePerMonth: 50, buildCost: 1_000, monthlyRunningCost: 0, retrainingCost: 500, lastImprovementPerMonth: 0 });
  assert.equal(flat.retraining?.paybackMonths, null);
  assert.equal(flat.paybackMonths, 20);
});
