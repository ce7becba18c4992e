// The promise at a policy, on generated churn-like out-of-fold scores (10% churners, a noisy
// model): metrics and value agree with the confusion counts and the shared metric code at the
// threshold, the intervals hold the point values, and another threshold gives another promise.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import type { CvResult } from '../cross-validate.js';
import type { Interval } from '../interval.js';
import type { Predictions, Truth } from '../oof.js';
import { computeMetric } from '../task-metrics.js';
import { measurePromise, THRESHOLD_METRICS } from './decision-promise.js';
import { profitCurve, valueAtThreshold } from './profit-curve.js';

const outcomes = { truePositive: 80, falsePositive: -10, trueNegative: 0, falseNegative: -100 };
const business = { outcomes, currency: 'USD', decisionsPerMonth: 4000 };

/** Churn-like truth and out-of-fold probabilities: classes ['no', 'yes'], 'yes' the positive one. */
function churn(n: number, seed: number): { truth: Truth & { kind: 'classification' }; result: CvResult } {
  const rng = new Rng(seed);
  const y = new Int32Array(n);
  const probabilities = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const churned = rng.next() < 0.1;
    y[i] = churned ? 1 : 0;
    // A model that ranks churners higher but far from perfectly, with scores on a 3-decimal grid.
    const logit = -2.4 + (churned ? 1.3 : 0) + 0.9 * rng.normal();
    const p = Math.round(1000 / (1 + Math.exp(-logit))) / 1000;
    probabilities[i * 2] = 1 - p;
    probabilities[i * 2 + 1] = p;
    labels[i] = p >= 0.5 ? 1 : 0;
  }
  const oof: Predictions = { kind: 'classification', probabilities, labels, calibrated: true };
  const tested = Int32Array.from({ length: n }, (_, i) => i);
  const metrics: Record<string, Interval> = { roc_auc: { mean: 0.74, low: 0.71, high: 0.77 }, precision: { mean: 0.4, low: 0.2, high: 0.6 } };
  const result: CvResult = { id: 'model:forest', name: 'random forest', kind: 'model', oof, metrics, perFold: [], fitPredictSeconds: 0, fitSeconds: null, predictSeconds: null, warnings: [], foldsRun: 5, tested };
  return { truth: { kind: 'classification', y, classes: ['no', 'yes'], positive: 1 }, result };
}

function scoresOf(result: CvResult): { scores: Float64Array } {
  const p = result.oof as Predictions & { kind: 'classification' };
  return { scores: Float64Array.from({ length: result.tested.length }, (_, i) => p.probabilities[i * 2 + 1]!) };
}

function contains(i: Interval, what: string): void {
  assert.ok(Number.isFinite(i.low) && Number.isFinite(i.high), `${what} has an interval`);
  assert.ok(i.low <= i.mean && i.mean <= i.high, `${what}: ${i.low} <= ${i.mean} <= ${i.high}`);
  assert.ok(i.high > i.low, `${what}: the interval has width`);
}

test('at the best-value threshold, the value and the decision metrics are those of the confusion counts there', () => {
  const { truth, result } = churn(5000, 11);
  const { scores } = scoresOf(result);
  const positive = Array.from(truth.y, (c) => c === 1);
  const best = profitCurve(positive, scores, outcomes).best;
  assert.ok(best.threshold < 0.3, `false negatives cost 10x false alarms, so the best threshold (${best.threshold}) is far below 0.5`);
  const promise = measurePromise({ truth, result, metrics: result.metrics, threshold: best.threshold, business, seed: 3 });
  const at = valueAtThreshold(positive, scores, best.threshold, outcomes);
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = at;
  assert.equal(tp + fp + tn + fn, 5000);
  const hand = (tp * 80 + fp * -10 + tn * 0 + fn * -100) / 5000;
  assert.ok(Math.abs(promise.value!.perDecision.mean - hand) < 1e-9, `${promise.value!.perDecision.mean} vs ${hand}`);
  assert.ok(Math.abs(promise.value!.perDecision.mean - best.valuePerDecision) < 1e-9);
  assert.equal(promise.value!.currency, 'USD');
  assert.equal(promise.value!.decisionsPerMonth, 4000);
  assert.equal(promise.positiveRate, (tp + fp) / 5000);
  assert.equal(promise.rows, 5000);
  assert.ok(Math.abs(promise.metrics['precision']!.mean - tp / (tp + fp)) < 1e-12);
  assert.ok(Math.abs(promise.metrics['recall']!.mean - tp / (tp + fn)) < 1e-12);
  // The shared metric code gives the same figures on the decisions taken at the threshold.
  const p = result.oof as Predictions & { kind: 'classification' };
  const decided: Predictions = { ...p, labels: Int32Array.from(scores, (s) => (s >= best.threshold ? 1 : 0)) };
  for (const m of THRESHOLD_METRICS) {
    const expected = computeMetric(m, truth, decided).value;
    assert.ok(Math.abs(promise.metrics[m]!.mean - expected) < 1e-12, `${m}: ${promise.metrics[m]!.mean} vs ${expected}`);
    contains(promise.metrics[m]!, m);
  }
  contains(promise.value!.perDecision, 'value per decision');
  // A threshold-free metric is the leaderboard's, interval and all.
  assert.deepEqual(promise.metrics['roc_auc'], { mean: 0.74, low: 0.71, high: 0.77 });
});

test('another threshold gives another promise: the card-like 0.5 flags fewer, misses more and is worth less here', () => {
  const { truth, result } = churn(5000, 12);
  const { scores } = scoresOf(result);
  const positive = Array.from(truth.y, (c) => c === 1);
  const best = profitCurve(positive, scores, outcomes).best;
  const atBest = measurePromise({ truth, result, metrics: result.metrics, threshold: best.threshold, business, seed: 3 });
  const atHalf = measurePromise({ truth, result, metrics: result.metrics, threshold: 0.5, business, seed: 3 });
  assert.ok(atHalf.positiveRate! < atBest.positiveRate!, `${atHalf.positiveRate} < ${atBest.positiveRate}`);
  assert.ok(atHalf.metrics['recall']!.mean < atBest.metrics['recall']!.mean);
  assert.notEqual(atHalf.metrics['precision']!.mean, atBest.metrics['precision']!.mean);
  assert.ok(atHalf.value!.perDecision.mean < atBest.value!.perDecision.mean);
  // The value at 0.5 is the confusion counts' there too, not the best point's.
  const half = valueAtThreshold(positive, scores, 0.5, outcomes);
  assert.ok(Math.abs(atHalf.value!.perDecision.mean - half.valuePerDecision) < 1e-9);
});

test('the intervals narrow as the rows grow, and hold the point on a small table', () => {
  const small = churn(400, 21);
  const large = churn(6400, 21);
  const width = (c: { truth: Truth; result: CvResult }): number => {
    const p = measurePromise({ truth: c.truth, result: c.result, metrics: {}, threshold: 0.15, business, seed: 5 });
    contains(p.value!.perDecision, 'value per decision');
    contains(p.metrics['recall']!, 'recall');
    return p.value!.perDecision.high - p.value!.perDecision.low;
  };
  const ratio = width(small) / width(large);
  // 16 times the rows: about a quarter of the width (a square-root law), well away from 1.
  assert.ok(ratio > 2.5 && ratio < 6.5, `width ratio ${ratio}`);
});

test('without business figures there is no value, but the decision metrics are still at the threshold', () => {
  const { truth, result } = churn(2000, 31);
  const promise = measurePromise({ truth, result, metrics: result.metrics, threshold: 0.2, business: undefined, seed: 1 });
  assert.equal(promise.value, null);
  assert.ok(promise.positiveRate! > 0.05);
  assert.notEqual(promise.metrics['precision']!.mean, 0.4);
});

test('several classes: the value is the cost matrix at the predicted class; a number: the cost of its error', () => {
  const rng = new Rng(4);
  const n = 3000;
  const classes = ['basic', 'plus', 'pro'];
  const y = new Int32Array(n);
  const labels = new Int32Array(n);
  const probabilities = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(3);
    labels[i] = rng.next() < 0.7 ? y[i]! : rng.int(3);
    probabilities[i * 3 + labels[i]!] = 1;
  }
  const matrix = { basic: { basic: 5, plus: -2, pro: -4 }, plus: { basic: -1, plus: 8, pro: -3 }, pro: { basic: -6, plus: -2, pro: 12 } };
  const tested = Int32Array.from({ length: n }, (_, i) => i);
  const base = { id: 'm', name: 'm', kind: 'model' as const, metrics: {}, perFold: [], fitPredictSeconds: 0, fitSeconds: null, predictSeconds: null, warnings: [], foldsRun: 5, tested };
  const multi = measurePromise({ truth: { kind: 'classification', y, classes, positive: 2 }, result: { ...base, oof: { kind: 'classification', probabilities, labels, calibrated: false } }, metrics: { balanced_accuracy: { mean: 0.7, low: 0.68, high: 0.72 } }, threshold: null, business: { costMatrix: matrix, currency: 'EUR' }, seed: 2 });
  let hand = 0;
  for (let i = 0; i < n; i++) hand += (matrix as Record<string, Record<string, number>>)[classes[y[i]!]!]![classes[labels[i]!]!]!;
  assert.ok(Math.abs(multi.value!.perDecision.mean - hand / n) < 1e-9);
  contains(multi.value!.perDecision, 'multiclass value');
  assert.equal(multi.positiveRate, null);
  assert.deepEqual(multi.metrics, { balanced_accuracy: { mean: 0.7, low: 0.68, high: 0.72 } });

  const truthY = Float64Array.from({ length: n }, () => 100 + 20 * rng.normal());
  const predicted = Float64Array.from(truthY, (v) => v + 8 * rng.normal() + 2);
  const reg = measurePromise({ truth: { kind: 'regression', y: truthY }, result: { ...base, oof: { kind: 'regression', values: predicted } }, metrics: {}, threshold: null, business: { overPredictionCostPerUnit: 3, underPredictionCostPerUnit: 1 }, seed: 2 });
  let cost = 0;
  for (let i = 0; i < n; i++) cost += predicted[i]! > truthY[i]! ? 3 * (predicted[i]! - truthY[i]!) : truthY[i]! - predicted[i]!;
  assert.ok(Math.abs(reg.value!.perDecision.mean + cost / n) < 1e-9);
  contains(reg.value!.perDecision, 'regression value');
  assert.equal(reg.boundary, undefined, 'no boundary, no boundary decisions');

  // At a boundary of 100 only wrong-side rows cost, by how far across it the truth lay; the promise
  // also carries the shares decided above it and on the truth's side.
  const atBoundary = measurePromise({ truth: { kind: 'regression', y: truthY }, result: { ...base, oof: { kind: 'regression', values: predicted } }, metrics: {}, threshold: null, boundary: 100, business: { overPredictionCostPerUnit: 3, underPredictionCostPerUnit: 1 }, seed: 2 });
  let wrongSide = 0;
  let above = 0;
  let right = 0;
  for (let i = 0; i < n; i++) {
    const decidedAbove = predicted[i]! >= 100;
    const isAbove = truthY[i]! >= 100;
    if (decidedAbove) above++;
    if (decidedAbove === isAbove) right++;
    else wrongSide += (decidedAbove ? 3 : 1) * Math.abs(truthY[i]! - 100);
  }
  assert.ok(Math.abs(atBoundary.value!.perDecision.mean + wrongSide / n) < 1e-9);
  assert.ok(wrongSide < cost, 'wrong-side decisions cost less than every unit of error');
  contains(atBoundary.value!.perDecision, 'boundary value');
  assert.equal(atBoundary.boundary!.boundary, 100);
  assert.ok(Math.abs(atBoundary.boundary!.aboveShare.mean - above / n) < 1e-12);
  assert.ok(Math.abs(atBoundary.boundary!.sideAccuracy.mean - right / n) < 1e-12);
  contains(atBoundary.boundary!.sideAccuracy, 'side accuracy');
});
