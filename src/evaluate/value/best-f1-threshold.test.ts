// The threshold a yes/no model decides at when the card gives no threshold and no business figures,
// on generated out-of-fold scores: rare positives (3.5% of 1,700 rows) or a model that flags no row
// at 0.5 take the best out-of-fold F1; a card threshold or priced outcomes still win.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import type { CvResult } from '../cross-validate.js';
import { chooseLabelThresholds } from '../label-thresholds.js';
import type { Predictions, Truth } from '../oof.js';
import { briefPolicy } from '../../report/brief-decision.js';
import { describePolicy } from '../../registry/decision-package.js';
import { businessCase } from './business-case.js';

/** Calibrated-looking scores of a moderately predictive model: positives score higher, but rarely above 0.5. */
function run(n: number, share: number, shift: number, seed: number): { truth: Truth; result: CvResult; scores: Float64Array } {
  const rng = new Rng(seed);
  const y = new Int32Array(n);
  const probabilities = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < share ? 1 : 0;
    const p = 1 / (1 + Math.exp(-(shift + 1.8 * y[i]! + 0.6 * rng.normal())));
    probabilities[i * 2] = 1 - p;
    probabilities[i * 2 + 1] = p;
    labels[i] = p >= 0.5 ? 1 : 0;
    scores[i] = p;
  }
  const oof: Predictions = { kind: 'classification', probabilities, labels, calibrated: true };
  const tested = Int32Array.from({ length: n }, (_, i) => i);
  return { truth: { kind: 'classification', y, classes: ['no', 'yes'], positive: 1 }, result: { id: 'model:forest', name: 'forest', kind: 'model', oof, metrics: {}, perFold: [], fitPredictSeconds: 0, fitSeconds: null, predictSeconds: null, warnings: [], foldsRun: 5, tested }, scores };
}

const rare = run(1700, 0.035, -4, 8);

test('rare positives, no card threshold, no figures: the threshold with the best out-of-fold F1, which flags rows, and the policy says so', () => {
  const b = businessCase({ truth: rare.truth, model: rare.result, bar: rare.result, half: null, business: {}, decision: undefined });
  const t = b.thresholds!;
  assert.equal(t.source, 'brief-best-f1');
  const truth = Uint8Array.from(rare.truth.y as Int32Array);
  const expected = chooseLabelThresholds({ labels: ['yes'], probabilities: rare.scores, truth }, Uint32Array.from({ length: 1700 }, (_, i) => i), undefined).thresholds['yes']!;
  assert.equal(t.operating.threshold, expected);
  assert.ok(t.operating.threshold < 0.5, `threshold ${t.operating.threshold}`);
  assert.ok(t.operating.truePositives > 0 && t.operating.recall > 0.2, `recall ${t.operating.recall}`);
  const policy = briefPolicy('binary', { name: 'r8' } as never, b, 'yes');
  assert.deepEqual(policy, { kind: 'threshold', threshold: expected, positiveClass: 'yes', source: 'brief-best-f1' });
  assert.match(describePolicy(policy), /best F1/);
  assert.doesNotMatch(describePolicy(policy), /each label/);
});

test('a card threshold or priced outcomes still win over best F1 on rare positives', () => {
  const card = businessCase({ truth: rare.truth, model: rare.result, bar: rare.result, half: null, business: {}, decision: { threshold: 0.5 } }).thresholds!;
  assert.deepEqual([card.source, card.operating.threshold], ['card', 0.5]);
  const priced = businessCase({ truth: rare.truth, model: rare.result, bar: rare.result, half: null, business: { outcomes: { truePositive: 100, falsePositive: -5 } }, decision: undefined }).thresholds!;
  assert.equal(priced.source, 'brief-best-value');
});

test('common positives that 0.5 never flags also take best F1; a model that flags rows at 0.5 keeps 0.5', () => {
  const silent = run(1500, 0.2, -4.5, 3);
  assert.ok(silent.scores.every((s) => s < 0.5));
  const s = businessCase({ truth: silent.truth, model: silent.result, bar: silent.result, half: null, business: {}, decision: undefined }).thresholds!;
  assert.equal(s.source, 'brief-best-f1');
  assert.ok(s.operating.truePositives > 0);
  const flags = run(1500, 0.3, -1, 3);
  const f = businessCase({ truth: flags.truth, model: flags.result, bar: flags.result, half: null, business: {}, decision: undefined }).thresholds!;
  assert.deepEqual([f.source, f.operating.threshold], ['default', 0.5]);
});
