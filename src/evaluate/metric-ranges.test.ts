// Intervals cut to what each metric can reach: a near-perfect classifier's log loss and Brier
// over five folds give a t-interval below zero, and the promise it is registered with starts at zero.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import type { CvResult } from './cross-validate.js';
import { type Interval, meanInterval } from './interval.js';
import { rangeOfMetric, withinRange } from './metric-ranges.js';
import type { Predictions, Truth } from './oof.js';
import { computeMetric, METRICS } from './task-metrics.js';
import { measurePromise } from './value/decision-promise.js';

/** 500 rows, two classes a model separates well: one fold holds a few confident mistakes, as a real fold can. */
function nearPerfect(): { truth: Truth & { kind: 'classification' }; oof: Predictions & { kind: 'classification' }; folds: Int32Array[] } {
  const rng = new Rng(21);
  const n = 500;
  const y = new Int32Array(n);
  const probabilities = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.4 ? 1 : 0;
    const sure = 0.97 + 0.03 * rng.next();
    // Rows 100..119 (all in the second fold) are confidently wrong a third of the time.
    const wrong = i >= 100 && i < 120 && rng.next() < 0.35;
    const p = y[i] === 1 !== wrong ? sure : 1 - sure;
    probabilities[i * 2] = 1 - p;
    probabilities[i * 2 + 1] = p;
    labels[i] = p >= 0.5 ? 1 : 0;
  }
  const folds = Array.from({ length: 5 }, (_, f) => Int32Array.from({ length: 100 }, (_, i) => f * 100 + i));
  return { truth: { kind: 'classification', y, classes: ['no', 'yes'], positive: 1 }, oof: { kind: 'classification', probabilities, labels, calibrated: true }, folds };
}

function foldInterval(id: string): Interval {
  const { truth, oof, folds } = nearPerfect();
  return meanInterval(
    folds.map((rows) => {
      const t: Truth = { ...truth, y: Int32Array.from(rows, (r) => truth.y[r]!) };
      const p: Predictions = { kind: 'classification', probabilities: Float64Array.from({ length: rows.length * 2 }, (_, j) => oof.probabilities[rows[j >> 1]! * 2 + (j & 1)]!), labels: Int32Array.from(rows, (r) => oof.labels[r]!), calibrated: true };
      return computeMetric(id, t, p).value;
    }),
  );
}

test('five folds of a near-perfect classifier put the t-interval of log loss and Brier below zero and of accuracy above one; the cut keeps them in range', () => {
  for (const [id, side] of [['log_loss', 'low'], ['brier', 'low'], ['accuracy', 'high'], ['roc_auc', 'high']] as const) {
    const raw = foldInterval(id);
    const cut = withinRange(id, raw);
    const [min, max] = rangeOfMetric(id);
    if (side === 'low') {
      assert.ok(raw.low < 0, `${id}: the raw interval reaches ${raw.low}`);
      assert.equal(cut.low, min);
    } else {
      assert.ok(raw.high > 1, `${id}: the raw interval reaches ${raw.high}`);
      assert.equal(cut.high, max);
    }
    assert.equal(cut.mean, raw.mean, 'the measured mean is kept');
    assert.ok(cut.low <= cut.mean && cut.mean <= cut.high);
  }
  // An R² has no floor, and a missing interval stays missing.
  assert.deepEqual(withinRange('r2', { mean: 0.1, low: -0.4, high: 1.3 }), { mean: 0.1, low: -0.4, high: 1 });
  assert.ok(Number.isNaN(withinRange('log_loss', { mean: 0.2, low: Number.NaN, high: Number.NaN }).low));
});

test('the promise registered from those folds holds no log loss or Brier below zero', () => {
  const { truth, oof } = nearPerfect();
  const metrics = { log_loss: foldInterval('log_loss'), brier: foldInterval('brier'), roc_auc: foldInterval('roc_auc') };
  assert.ok(metrics.log_loss.low < 0);
  const tested = Int32Array.from({ length: 500 }, (_, i) => i);
  const result: CvResult = { id: 'model:logistic', name: 'logistic regression', kind: 'model', oof, metrics, perFold: [], fitPredictSeconds: 0, fitSeconds: null, predictSeconds: null, warnings: [], foldsRun: 5, tested };
  const promise = measurePromise({ truth, result, metrics, threshold: 0.5, business: undefined, seed: 2 });
  for (const id of ['log_loss', 'brier']) assert.equal(promise.metrics[id]!.low, 0, id);
  assert.equal(promise.metrics['roc_auc']!.high, 1);
  for (const [id, i] of Object.entries(promise.metrics)) {
    const [min, max] = rangeOfMetric(id);
    assert.ok(i.low >= min && i.high <= max, `${id}: [${i.low}, ${i.high}] within [${min}, ${max}]`);
  }
});

test('every metric a task is scored by has a range in the table', () => {
  for (const ids of Object.values(METRICS)) for (const id of ids) assert.notDeepEqual(rangeOfMetric(id), [-Infinity, Infinity], id);
  for (const id of ['roc_auc_macro', 'hamming_loss', 'subset_accuracy', 'flagged_share', 'silhouette', 'ami']) assert.notDeepEqual(rangeOfMetric(id), [-Infinity, Infinity], id);
});
