// The one threshold rule as the business case applies it, on generated churn-like scores where
// a missed churner costs ten false alarms: the card's static threshold stands, priced outcomes
// choose the best value, else the card's threshold, else 0.5; and readable curve thresholds.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import type { DecisionSpec } from '../../frame/card.js';
import type { CvResult } from '../cross-validate.js';
import type { Predictions, Truth } from '../oof.js';
import { businessCase } from './business-case.js';
import { finiteThreshold, operatingThreshold } from './decision-policy.js';
import { profitCurve, shortestThreshold, valueAtThreshold } from './profit-curve.js';

const outcomes = { truePositive: 50, falsePositive: -10, trueNegative: 0, falseNegative: -100 };

function run(n: number, seed: number, id: string): { truth: Truth; result: CvResult } {
  const rng = new Rng(seed);
  const y = new Int32Array(n);
  const probabilities = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.1 ? 1 : 0;
    const p = 1 / (1 + Math.exp(-(-2.3 + 1.4 * y[i]! + rng.normal())));
    probabilities[i * 2] = 1 - p;
    probabilities[i * 2 + 1] = p;
    labels[i] = p >= 0.5 ? 1 : 0;
  }
  const oof: Predictions = { kind: 'classification', probabilities, labels, calibrated: true };
  const tested = Int32Array.from({ length: n }, (_, i) => i);
  return { truth: { kind: 'classification', y, classes: ['no', 'yes'], positive: 1 }, result: { id, name: id, kind: 'model', oof, metrics: {}, perFold: [], fitPredictSeconds: 0, fitSeconds: null, predictSeconds: null, warnings: [], foldsRun: 5, tested } };
}

const model = run(4000, 1, 'model:forest');
const bar = { ...run(4000, 1, 'rule:x').result, id: 'rule:x' };

function thresholdsWith(decision: DecisionSpec | undefined, priced: boolean) {
  const b = businessCase({ truth: model.truth, model: model.result, bar, half: null, business: priced ? { outcomes } : {}, decision });
  return { case: b, t: b.thresholds! };
}

test('priced outcomes and a dynamic card threshold: the decision is at the best value, and the card threshold is what it leaves on the table', () => {
  const { case: b, t } = thresholdsWith({ threshold: 0.5, thresholdMode: 'dynamic' }, true);
  assert.equal(t.source, 'brief-best-value');
  assert.equal(t.operating.threshold, t.best.threshold);
  assert.ok(t.best.threshold < 0.35, `best ${t.best.threshold}`);
  assert.equal(b.model.perDecision, t.best.valuePerDecision);
  assert.ok(t.leftOnTable!.perDecision > 0);
  assert.equal(t.leftOnTable!.perDecision, t.best.valuePerDecision - t.fixed!.valuePerDecision);
});

test("a static card threshold stands even when another is worth more; the model is valued there", () => {
  const { case: b, t } = thresholdsWith({ threshold: 0.5, thresholdMode: 'static' }, true);
  assert.equal(t.source, 'card-static');
  assert.equal(t.operating.threshold, 0.5);
  assert.equal(b.model.perDecision, t.fixed!.valuePerDecision);
  assert.ok(b.model.perDecision! < t.best.valuePerDecision);
});

test('no figures: the card threshold when it sets one, else 0.5', () => {
  assert.deepEqual([thresholdsWith({ threshold: 0.3 }, false).t.source, thresholdsWith({ threshold: 0.3 }, false).t.operating.threshold], ['card', 0.3]);
  const plain = thresholdsWith(undefined, false).t;
  assert.deepEqual([plain.source, plain.operating.threshold], ['default', 0.5]);
  const counts = valueAtThreshold(Array.from(model.truth.y as Int32Array, (c) => c === 1), Float64Array.from({ length: 4000 }, (_, i) => (model.result.oof as { probabilities: Float64Array }).probabilities[i * 2 + 1]!), 0.5, { truePositive: 0, falsePositive: 0, trueNegative: 0, falseNegative: 0 });
  assert.equal(plain.operating.truePositives, counts.truePositives);
  assert.equal(plain.operating.falsePositives, counts.falsePositives);
  // Static without a threshold is not a threshold: priced outcomes still choose.
  assert.equal(operatingThreshold({ thresholdMode: 'static' }, { outcomes }, 0.12).source, 'brief-best-value');
});

test('curve thresholds are the shortest decimals that split the same rows, and never-act gets a finite threshold', () => {
  assert.equal(shortestThreshold(0.1698, 0.1723452), 0.17);
  assert.equal(shortestThreshold(0.1, 0.4), 0.4);
  assert.equal(shortestThreshold(0.28, 0.29), 0.29);
  assert.equal(shortestThreshold(0.17231, 0.172347), 0.17234);
  assert.equal(shortestThreshold(Number.NEGATIVE_INFINITY, 0.02), 0);
  const positive = Array.from(model.truth.y as Int32Array, (c) => c === 1);
  const scores = Float64Array.from({ length: 4000 }, (_, i) => (model.result.oof as { probabilities: Float64Array }).probabilities[i * 2 + 1]!);
  const curve = profitCurve(positive, scores, outcomes);
  for (const p of curve.points.slice(1, 400)) {
    const again = valueAtThreshold(positive, scores, p.threshold, outcomes);
    assert.deepEqual([again.truePositives, again.falsePositives], [p.truePositives, p.falsePositives], `threshold ${p.threshold}`);
    assert.ok(String(p.threshold).length <= 8, `${p.threshold} is short`);
  }
  const never = finiteThreshold(Number.POSITIVE_INFINITY, scores);
  assert.equal(never, 1);
  assert.equal(valueAtThreshold(positive, scores, never, outcomes).falsePositives + valueAtThreshold(positive, scores, never, outcomes).truePositives, 0);
});
