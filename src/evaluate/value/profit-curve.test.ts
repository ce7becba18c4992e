// The profit curve's best threshold against a brute-force sweep over a fine grid.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import { profitCurve, valueAtThreshold } from './profit-curve.js';

const values = { truePositive: 400, falsePositive: -150, trueNegative: 0, falseNegative: -600 };

function sample(n: number, seed: number): { positive: boolean[]; scores: Float64Array } {
  const rng = new Rng(seed);
  const positive: boolean[] = [];
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.next() < 0.35;
    positive.push(y);
    // Realistic scores with ties: rounded to 2 decimals.
    scores[i] = Math.round(Math.min(1, Math.max(0, (y ? 0.62 : 0.38) + 0.22 * rng.normal())) * 100) / 100;
  }
  return { positive, scores };
}

test('the best threshold matches a brute-force sweep', () => {
  for (const seed of [1, 2, 3]) {
    const { positive, scores } = sample(3000, seed);
    const curve = profitCurve(positive, scores, values);
    let bruteBest = -Infinity;
    for (let t = 0; t <= 1.0001; t += 0.0025) bruteBest = Math.max(bruteBest, valueAtThreshold(positive, scores, t, values).valuePerDecision);
    bruteBest = Math.max(bruteBest, valueAtThreshold(positive, scores, Infinity, values).valuePerDecision);
    assert.ok(Math.abs(curve.best.valuePerDecision - bruteBest) < 1e-9, `seed ${seed}: ${curve.best.valuePerDecision} vs ${bruteBest}`);
    const again = valueAtThreshold(positive, scores, curve.best.threshold, values);
    assert.ok(Math.abs(again.valuePerDecision - curve.best.valuePerDecision) < 1e-9);
    assert.equal(again.truePositives, curve.best.truePositives);
  }
});

test('counts, precision and recall at a threshold are right on a hand-checked case', () => {
  const positive = [true, false, true, false, false];
  const scores = [0.9, 0.8, 0.4, 0.4, 0.1];
  const p = valueAtThreshold(positive, scores, 0.4, values);
  assert.deepEqual([p.truePositives, p.falsePositives, p.trueNegatives, p.falseNegatives], [2, 2, 1, 0]);
  assert.equal(p.precision, 0.5);
  assert.equal(p.recall, 1);
  assert.equal(p.valuePerDecision, (2 * 400 + 2 * -150) / 5);
  const curve = profitCurve(positive, scores, values);
  assert.equal(curve.points.length, 5); // nothing flagged, then 0.9, 0.8, 0.4, 0.1
  assert.equal(curve.best.threshold, 0.4);
});
