// The brief's policy for each task: a binary model at its business case's operating threshold on
// the data's positive class, other tasks at the card's decision; and brief.json's flat shape
// naming the same policy it was made from.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BusinessCase } from '../evaluate/value/business-case.js';
import type { Card } from '../frame/card.js';
import { describePolicy } from '../registry/decision-package.js';
import { briefPolicy, flatPolicy, policyOfBrief } from './brief-decision.js';

const card = (decision: Card['decision']): Card => ({ data: { file: 'churn.csv' }, target: 'churned', ...(decision === undefined ? {} : { decision }) });

test('binary: the operating threshold and its source from the business case, on the positive class as the data writes it', () => {
  const point = { threshold: 0.17, valuePerDecision: 12.4, truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1, precision: 0.5, recall: 0.5 };
  const business = { thresholds: { positiveClass: 'yes', best: point, fixed: null, operating: point, source: 'brief-best-value', leftOnTable: null, mode: 'dynamic', consequence: '', curve: [] } } as unknown as BusinessCase;
  const policy = briefPolicy('binary', card({ threshold: 0.5, thresholdMode: 'dynamic' }), business, 'yes');
  assert.deepEqual(policy, { kind: 'threshold', threshold: 0.17, positiveClass: 'yes', source: 'brief-best-value' });
  assert.equal(describePolicy(policyOfBrief(flatPolicy(policy))), "threshold 0.17 on 'yes' (the brief's threshold with the most value)");
  assert.deepEqual(flatPolicy(policy), { kind: 'threshold', threshold: 0.17, positiveClass: 'yes', source: 'brief-best-value', k: null, boundary: null, costMatrix: null, thresholds: null, flaggedShare: null });
});

test("other tasks take the card's decision: top-k with k, the class, the boundary", () => {
  const topK = briefPolicy('multiclass', card({ output: 'top-k', k: 3 }), null, null);
  assert.deepEqual(topK, { kind: 'top-k', k: 3, source: 'card' });
  assert.deepEqual(flatPolicy(topK), { kind: 'top-k', threshold: null, positiveClass: null, source: 'card', k: 3, boundary: null, costMatrix: null, thresholds: null, flaggedShare: null });
  assert.deepEqual(briefPolicy('multiclass', card(undefined), null, null), { kind: 'class', source: 'default' });
  const boundary = briefPolicy('regression', card({ boundary: 250 }), null, null);
  assert.deepEqual(policyOfBrief(flatPolicy(boundary)), boundary);
  assert.equal(describePolicy(boundary), "boundary 250 (the card's decision)");
  // A binary problem the brief could not value still names the data's positive class.
  assert.deepEqual(briefPolicy('binary', card({ positiveClass: 'Yes' }), null, 'yes'), { kind: 'threshold', threshold: 0.5, positiveClass: 'yes', source: 'default' });
});

test("multiclass with the card's cost matrix decides by expected value under it, and brief.json carries the matrix", () => {
  const costMatrix = { class_0: { class_0: 100, class_1: -3000 }, class_1: { class_0: -10, class_1: 20 } };
  const withMatrix: Card = { ...card(undefined), business: { currency: 'EUR', costMatrix } };
  const policy = briefPolicy('multiclass', withMatrix, null, null);
  assert.deepEqual(policy, { kind: 'expected-value', costMatrix, source: 'card' });
  const flat = flatPolicy(policy);
  assert.deepEqual(flat.costMatrix, costMatrix);
  assert.deepEqual(policyOfBrief(flat), policy);
  assert.equal(describePolicy(policy), "the class with the highest expected value under the cost matrix (the card's decision)");
  // A top-k decision wins over the matrix: the card asked for k classes.
  assert.equal(briefPolicy('multiclass', { ...withMatrix, decision: { output: 'top-k', k: 2 } }, null, null).kind, 'top-k');
});
