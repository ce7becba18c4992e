// The predict route's JSON pieces give the same text JSON.stringify gives for rowOutputs: every kind
// of prediction, every policy, labels needing escapes and class names that look like integers.

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
    outputs: rows.map((o) => JSON.stringify(o.probabilities === undefined ? { prediction: o.prediction } : { prediction: o.prediction, probabilities: o.probabilities }).slice(1, -1)),
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
