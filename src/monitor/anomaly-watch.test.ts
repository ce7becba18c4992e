// The flagged-share watch: a window flagging the promised share is stable, one flagging half again
// as many is a change, and a huge window's tiny (significant) move is not alert-worthy; labels give
// precision and recall at the threshold against the held-out promise.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecisionPromise } from '../registry/decision-package.js';
import { anomalyWatch } from './anomaly-watch.js';
import { parseWindow } from './time-windows.js';

const promise: DecisionPromise = {
  metrics: { flagged_share: { mean: 0.1, low: 0.075, high: 0.125 }, precision: { mean: 0.6, low: 0.5, high: 0.7 }, recall: { mean: 0.7, low: 0.55, high: 0.85 } },
  value: null,
  positiveRate: 0.1,
  rows: 600,
};

/** `rows` scores of which `share` reach 0.6 (the threshold below). */
function scores(rows: number, share: number): Float64Array {
  const flagged = Math.round(rows * share);
  return Float64Array.from({ length: rows }, (_, i) => (i < flagged ? 0.7 : 0.4));
}

const base = { threshold: 0.6, registeredThreshold: 0.6, policy: 'flag at anomaly score 0.6', promise, times: null, rolling: parseWindow('1d'), labels: null, positiveLabel: undefined };

test('the promised share is stable; half again as many flags is a change; a tiny move on many rows is not', () => {
  assert.equal(anomalyWatch({ ...base, scores: scores(500, 0.1) }).current.changed, false);
  const up = anomalyWatch({ ...base, scores: scores(500, 0.16) });
  assert.equal(up.current.changed, true);
  assert.ok(up.current.pValue < 0.01);
  const tiny = anomalyWatch({ ...base, scores: scores(200_000, 0.11) });
  assert.equal(tiny.current.changed, false, 'significant but under a quarter of the promised share');
  // At another threshold than the promised one the share is reported, not compared.
  assert.equal(anomalyWatch({ ...base, threshold: 0.65, scores: scores(500, 0.3) }).current.changed, false);
});

test('labels give precision and recall at the threshold, below the promise when the flags miss', () => {
  const s = scores(200, 0.1); // rows 0..19 flagged
  const good = anomalyWatch({ ...base, scores: s, labels: Array.from({ length: 200 }, (_, i) => (i < 14 || (i >= 20 && i < 25) ? 'yes' : 'no')) });
  assert.ok(Math.abs(good.performance!.precision - 14 / 20) < 1e-12);
  assert.ok(Math.abs(good.performance!.recall - 14 / 19) < 1e-12);
  assert.deepEqual(good.performance!.belowPromise, []);
  const bad = anomalyWatch({ ...base, scores: s, labels: Array.from({ length: 200 }, (_, i) => (i >= 15 && i < 45 ? 'malignant' : 'benign')), positiveLabel: 'malignant' });
  assert.ok(Math.abs(bad.performance!.recall - 5 / 30) < 1e-12);
  assert.deepEqual(bad.performance!.belowPromise, ['precision', 'recall']);
});
