// The one-feature rule in words: a rule whose every interval gives the same class is the prior;
// the same rule acting at a threshold on its score is shown by the decisions it then makes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import type { NumericColumn } from '../../data/column.js';
import type { Truth } from '../oof.js';
import { decidesOneClass, describeRule, describeRuleDecisions, fitOneFeatureRule, predictOneFeatureRule } from './one-feature-rule.js';

// Churn in one customer in ten, three times as often on a low monthly fee: 'stay' wins in every
// interval, yet the low-fee customers are the ones worth calling.
const rng = new Rng(3);
const n = 3000;
const mrr = Float64Array.from({ length: n }, () => Math.round(5 + 95 * rng.next()));
const y = Int32Array.from(mrr, (m) => (rng.next() < (m <= 30 ? 0.2 : 0.06) ? 0 : 1));
const truth: Truth = { kind: 'classification', y, classes: ['churn', 'stay'], positive: 0 };
const column: NumericColumn = { kind: 'numeric', name: 'mrr', values: mrr };
const rows = Int32Array.from({ length: n }, (_, i) => i);
const rule = fitOneFeatureRule(column, truth, rows);

test('a rule giving one class in every interval decides as the prior', () => {
  assert.equal(describeRule(rule, truth), 'always stay');
  assert.equal(decidesOneClass(rule, truth), true);
  const informative = fitOneFeatureRule(column, { ...truth, y: Int32Array.from(mrr, (m) => (m <= 30 ? 0 : 1)) }, rows);
  assert.equal(decidesOneClass(informative, { ...truth, y: Int32Array.from(mrr, (m) => (m <= 30 ? 0 : 1)) }), false);
});

test('at a threshold on its score the same rule reads as the decisions it makes', () => {
  const p = predictOneFeatureRule(rule, column, truth, rows);
  assert.equal(p.kind, 'classification');
  if (p.kind !== 'classification') return;
  const threshold = 0.15;
  const acted = Array.from(rows, (i) => p.probabilities[i * 2 + truth.positive]! >= threshold);
  const words = describeRuleDecisions(rule, column, truth, rows, acted, threshold);
  assert.match(words ?? '', /^mrr ≤ (2\d|3\d)(\.\d+)? → churn; .*mrr > .* → stay$/);
  // Acting on nobody is no rule of its own.
  assert.equal(describeRuleDecisions(rule, column, truth, rows, acted.map(() => false), 0.9), null);
});
