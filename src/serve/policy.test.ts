// The body of PUT /v1/models/NAME/policy per task: the one field each kind takes, checked, and every
// problem named by field (a label the model lacks by its name); clustering has no policy to set.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicyChange, policyFits } from './policy.js';

const fields = (result: ReturnType<typeof parsePolicyChange>): string[] => (Array.isArray(result) ? result.map((i) => i.field) : []);

test('each task takes its own field; the others are refused naming the field and what the model takes', () => {
  assert.deepEqual(parsePolicyChange({ threshold: 150, why: 'follow up' }, 'regression', 0), { policy: { kind: 'boundary', boundary: 150, source: 'serving-policy' }, by: 'api', why: 'follow up' });
  assert.deepEqual(parsePolicyChange({ boundary: -3.5, by: 'ana', why: 'x' }, 'regression', 0), { policy: { kind: 'boundary', boundary: -3.5, source: 'serving-policy' }, by: 'ana', why: 'x' });
  assert.deepEqual(parsePolicyChange({ threshold: 0.62, why: 'x' }, 'anomaly', 0), { policy: { kind: 'score-threshold', threshold: 0.62, source: 'serving-policy' }, by: 'api', why: 'x' });
  assert.deepEqual(parsePolicyChange({ thresholds: { heavy: 0 }, why: 'x' }, 'multilabel', 0, ['heavy', 'female']), { policy: { kind: 'label-thresholds', thresholds: { heavy: 0 }, source: 'serving-policy' }, by: 'api', why: 'x' });

  const regression = parsePolicyChange({ topK: 2, why: 'x' }, 'regression', 0);
  assert.deepEqual(fields(regression), ['topK']);
  assert.match((regression as { problem: string }[])[0]!.problem, /does not apply to this regression model: send \{ boundary \} or \{ threshold \}/);
  assert.deepEqual(fields(parsePolicyChange({ boundary: '150', why: 'x' }, 'regression', 0)), ['boundary']);
  assert.deepEqual(fields(parsePolicyChange({ boundary: 0.5, why: 'x' }, 'binary', 2)), ['boundary']);
  assert.deepEqual(fields(parsePolicyChange({ threshold: 1.2, why: 'x' }, 'binary', 2)), ['threshold']);
  assert.deepEqual(fields(parsePolicyChange({ thresholds: [0.5], why: 'x' }, 'multilabel', 0, ['a'])), ['thresholds']);
  assert.deepEqual(fields(parsePolicyChange({ thresholds: {}, why: 'x' }, 'multilabel', 0, ['a'])), ['thresholds']);
  assert.deepEqual(fields(parsePolicyChange({ thresholds: { a: -0.1, b: 0.5, c: 'high' }, why: 'x' }, 'multilabel', 0, ['a', 'c'])), ['thresholds.a', 'thresholds.b', 'thresholds.c']);
  assert.deepEqual(fields(parsePolicyChange({ why: 'x' }, 'anomaly', 0)), ['threshold']);
  // Missing `why` is named alongside.
  assert.deepEqual(fields(parsePolicyChange({ threshold: 'x' }, 'anomaly', 0)).sort(), ['threshold', 'why']);
});

test('clustering has no policy to set; a policy decides only for the task it was set for', () => {
  const clusters = parsePolicyChange({ threshold: 0.5, why: 'x' }, 'clustering', 0);
  assert.deepEqual(fields(clusters), ['threshold']);
  assert.match((clusters as { problem: string }[])[0]!.problem, /a clustering model has no decision policy to set/);
  assert.equal(policyFits({ kind: 'threshold', threshold: 0.5 }, 'binary'), true);
  assert.equal(policyFits({ kind: 'threshold', threshold: 0.5 }, 'anomaly'), false);
  assert.equal(policyFits({ kind: 'boundary', boundary: 150 }, 'regression'), true);
  assert.equal(policyFits({ kind: 'top-k', k: 2 }, 'multilabel'), false);
});
