// The predict route's JSON pieces give the same text JSON.stringify gives for rowOutputs: every kind
// of prediction, every policy (expected value, boundary, per-label and score thresholds among them),
// labels needing escapes and class names that look like integers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Prediction } from '../learn/estimator.js';
import type { Policy } from './policy.js';
import { decidedClass, rowOutputs } from './prediction-output.js';
import { encodeRows } from './response-text.js';

/** What the route sent before the pieces existed: each row's object written by JSON.stringify. */
function reference(prediction: Prediction, n: number, policy: Policy | undefined): { outputs: string[]; decisions: string[]; decided: string[] } {
  const rows = rowOutputs(prediction, n, policy);
  return {
    outputs: rows.map((o) => JSON.stringify({ prediction: o.prediction, probabilities: o.probabilities, score: o.score }).slice(1, -1)),
    decisions: rows.map((o) => JSON.stringify(o.decision)),
    decided: rows.map(decidedClass),
  };
}

function same(prediction: Prediction, n: number, policy?: Policy): void {
  const got = encodeRows(prediction, n, policy);
  const want = reference(prediction, n, policy);
  assert.deepEqual(got, want);
  // Each row's pieces make one valid JSON object.
  for (let i = 0; i < n; i++) JSON.parse(`{${got.outputs[i]!},"decision":${got.decisions[i]!}}`);
}

test('binary rows under the default threshold and a moved one', () => {
  const prediction: Prediction = { kind: 'classification', classes: ['no', 'yes'], labels: ['no', 'yes', 'yes'], probabilities: Float64Array.of(0.9, 0.1, 0.3, 0.7, 0.45, 0.55) };
  same(prediction, 3);
  same(prediction, 3, { kind: 'threshold', threshold: 0.6 });
  const moved = encodeRows(prediction, 3, { kind: 'threshold', threshold: 0.6 });
  assert.deepEqual(moved.decided, ['no', 'yes', 'no']);
  // A threshold of exactly a probability counts as positive, as before.
  assert.deepEqual(encodeRows(prediction, 3, { kind: 'threshold', threshold: 0.55 }).decided, ['no', 'yes', 'yes']);
});

test("a policy's source is named in its decisions; the same threshold from another source is encoded anew", () => {
  const prediction: Prediction = { kind: 'classification', classes: ['no', 'yes'], labels: ['no', 'yes'], probabilities: Float64Array.of(0.9, 0.1, 0.3, 0.7) };
  same(prediction, 2, { kind: 'threshold', threshold: 0.17, source: 'brief-best-value' });
  same(prediction, 2, { kind: 'threshold', threshold: 0.17, source: 'serving-policy' });
  assert.equal(JSON.parse(encodeRows(prediction, 2, { kind: 'threshold', threshold: 0.17, source: 'card' }).decisions[1]!).source, 'card');
  assert.equal(JSON.parse(encodeRows(prediction, 2, { kind: 'threshold', threshold: 0.17 }).decisions[1]!).source, undefined);
  const multi: Prediction = { kind: 'classification', classes: ['a', 'b', 'c'], labels: ['c'], probabilities: Float64Array.of(0.1, 0.2, 0.7) };
  same(multi, 1, { kind: 'top-k', k: 2, source: 'card' });
});

test('class names that look like integers keep the key order of a JSON object, and quotes are escaped', () => {
  same({ kind: 'classification', classes: ['10', '2', 'b"c', 'a\\b'], labels: ['b"c', '10'], probabilities: Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.4, 0.3, 0.2, 0.1) }, 2);
  same({ kind: 'classification', classes: ['1', '0'], labels: ['0'], probabilities: Float64Array.of(0.25, 0.75) }, 1);
  const text = encodeRows({ kind: 'classification', classes: ['10', '2', 'x'], labels: ['x'], probabilities: Float64Array.of(0.2, 0.3, 0.5) }, 1, undefined).outputs[0]!;
  assert.equal(text, '"prediction":"x","probabilities":{"2":0.3,"10":0.2,"x":0.5}');
});

test('multiclass rows by label and by top-k', () => {
  const prediction: Prediction = { kind: 'classification', classes: ['Adelie', 'Chinstrap', 'Gentoo'], labels: ['Gentoo', 'Adelie'], probabilities: Float64Array.of(0.1, 0.2, 0.7, 0.5, 0.3, 0.2) };
  same(prediction, 2);
  same(prediction, 2, { kind: 'top-k', k: 2 });
});

test('regression values, non-finite ones as null, and the kinds without a fast path', () => {
  same({ kind: 'regression', values: Float64Array.of(1.5, -0, 1e21, Number.NaN, 3) }, 5);
  assert.equal(encodeRows({ kind: 'regression', values: Float64Array.of(Number.NaN) }, 1, undefined).outputs[0], '"prediction":null');
  same({ kind: 'multilabel', labels: ['a', 'b'], probabilities: Float64Array.of(0.9, 0.2, 0.1, 0.8), sets: [['a'], ['b']] }, 2);
  same({ kind: 'clustering', clusters: Int32Array.of(2, 0) } as Prediction, 2);
  same({ kind: 'anomaly', isAnomaly: Uint8Array.of(1, 0), scores: Float64Array.of(0.8, 0.1) } as Prediction, 2);
});

test('multiclass under a cost matrix decides the class with the highest expected value, which need not be the most likely', () => {
  // Wine-like: class_0 is cheap to act on wrongly and costly to miss, so at p = 0.205 / 0.787 / 0.008 it is decided.
  const costMatrix = {
    class_0: { class_0: 10, class_1: -60, class_2: -60 },
    class_1: { class_0: -2, class_1: 5, class_2: -10 },
    class_2: { class_0: -10, class_1: -10, class_2: 5 },
  };
  const prediction: Prediction = { kind: 'classification', classes: ['class_0', 'class_1', 'class_2'], labels: ['class_1', 'class_1'], probabilities: Float64Array.of(0.205, 0.787, 0.008, 0.01, 0.98, 0.01) };
  for (const source of [undefined, 'brief-best-value', 'serving-policy'] as const) same(prediction, 2, { kind: 'expected-value', costMatrix, ...(source === undefined ? {} : { source }) });
  const rows = rowOutputs(prediction, 2, { kind: 'expected-value', costMatrix, source: 'card' });
  assert.equal(rows[0]!.prediction, 'class_1', 'the prediction stays the most likely class');
  // EV(class_0) = 0.205*10 - 0.787*2 - 0.008*10 = 0.396; EV(class_1) = -12.3 + 3.935 - 0.08 = -8.445.
  assert.equal(rows[0]!.decision.kind, 'expected-value');
  assert.deepEqual(rows[0]!.decision, { kind: 'expected-value', label: 'class_0', expectedValue: 0.205 * 10 + 0.787 * -2 + 0.008 * -10, source: 'card' });
  assert.equal((rows[1]!.decision as { label: string }).label, 'class_1');
  assert.deepEqual(encodeRows(prediction, 2, { kind: 'expected-value', costMatrix }).decided, ['class_0', 'class_1']);
  // Two classes under a cost matrix decide by it too, not by the 0.5 threshold.
  const two: Prediction = { kind: 'classification', classes: ['keep', 'call'], labels: ['keep'], probabilities: Float64Array.of(0.7, 0.3) };
  same(two, 1, { kind: 'expected-value', costMatrix: { keep: { keep: 0, call: -5 }, call: { keep: -100, call: 50 } } });
  assert.deepEqual(encodeRows(two, 1, { kind: 'expected-value', costMatrix: { keep: { keep: 0, call: -5 }, call: { keep: -100, call: 50 } } }).decided, ['call']);
});

test('regression with a boundary: the side of each value, at or above counted above; non-finite values below', () => {
  const prediction: Prediction = { kind: 'regression', values: Float64Array.of(149.9, 150, 212.5, Number.NaN, -0) };
  same(prediction, 5, { kind: 'boundary', boundary: 150 });
  same(prediction, 5, { kind: 'boundary', boundary: -1.5e-7, source: 'serving-policy' });
  const got = encodeRows(prediction, 5, { kind: 'boundary', boundary: 150, source: 'card' });
  assert.deepEqual(got.decided, ['below', 'above', 'above', 'below', 'below']);
  assert.deepEqual(JSON.parse(got.decisions[1]!), { kind: 'boundary', boundary: 150, value: 150, above: true, source: 'card' });
  assert.equal(got.decisions[3], '{"kind":"boundary","boundary":150,"value":null,"above":false,"source":"card"}');
  // Without a boundary the decision is the value, as before.
  assert.equal(encodeRows(prediction, 1, undefined).decisions[0], '{"kind":"value","value":149.9}');
});

test("multi-label at per-label thresholds: the decided set may differ from the model's own", () => {
  const prediction: Prediction = { kind: 'multilabel', labels: ['heavy', 'long_bill'], probabilities: Float64Array.of(0.35, 0.6, 0.9, 0.2), sets: [['long_bill'], ['heavy']] };
  const policy: Policy = { kind: 'label-thresholds', thresholds: { heavy: 0.3, long_bill: 0.7 }, source: 'brief-best-value' };
  same(prediction, 2, policy);
  const rows = rowOutputs(prediction, 2, policy);
  assert.deepEqual(rows[0]!.prediction, ['long_bill'], "the prediction stays the model's own set");
  assert.deepEqual(rows[0]!.decision, { kind: 'labels', labels: ['heavy'], source: 'brief-best-value' });
  assert.deepEqual(encodeRows(prediction, 2, policy).decided, ['heavy', 'heavy']);
  // Without per-label thresholds the model's own set is the decision.
  assert.deepEqual(rowOutputs(prediction, 2, undefined)[1]!.decision, { kind: 'labels', labels: ['heavy'] });
});

test('anomalies carry their score as `score`, not as a probability, and are flagged at the threshold', () => {
  const prediction = { kind: 'anomaly', isAnomaly: Uint8Array.of(1, 0, 0), scores: Float64Array.of(0.71, 0.52, 0.6) } as Prediction;
  const policy: Policy = { kind: 'score-threshold', threshold: 0.6, source: 'serving-policy' };
  same(prediction, 3, policy);
  const got = encodeRows(prediction, 3, policy);
  assert.equal(got.outputs[0], '"prediction":"anomaly","score":0.71');
  assert.ok(!got.outputs.some((o) => o.includes('probabilities')));
  assert.deepEqual(JSON.parse(got.decisions[2]!), { kind: 'flag', threshold: 0.6, score: 0.6, flagged: true, label: 'anomaly', source: 'serving-policy' });
  assert.deepEqual(got.decided, ['anomaly', 'normal', 'anomaly']);
});
