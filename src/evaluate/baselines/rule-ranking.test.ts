// A one-feature rule in the words of how it is scored: by ROC AUC as the ranking it gives (never
// "always stay" for a rule that ranks churners first), by balanced accuracy or R² as its decisions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import type { CategoricalColumn, NumericColumn } from '../../data/column.js';
import type { Truth } from '../oof.js';
import { decidesOneClass, describeRule, fitOneFeatureRule } from './one-feature-rule.js';
import { describeRanking, describeRuleAsScored, readsAsRanking } from './rule-ranking.js';

const rng = new Rng(3);
const n = 3000;
const rows = Int32Array.from({ length: n }, (_, i) => i);
// Churn in one customer in ten, three times as often on a low monthly fee: 'stay' wins in every interval.
const mrr = Float64Array.from({ length: n }, () => Math.round(5 + 95 * rng.next()));
const churn: Truth = { kind: 'classification', y: Int32Array.from(mrr, (m) => (rng.next() < (m <= 30 ? 0.2 : 0.06) ? 0 : 1)), classes: ['churn', 'stay'], positive: 0 };
const mrrColumn: NumericColumn = { kind: 'numeric', name: 'mrr', values: mrr };

test('a rule deciding one class everywhere reads, by ROC AUC, as the ranking it gives', () => {
  const rule = fitOneFeatureRule(mrrColumn, churn, rows);
  assert.equal(decidesOneClass(rule, churn), true);
  assert.equal(describeRule(rule, churn), 'always stay');
  const words = describeRuleAsScored(rule, churn, 'roc_auc');
  assert.match(words, /^the lower mrr, the more likely churn \(share of churn: [4-8](\.\d)?% for mrr > [\d.]+ up to (1\d|2\d)(\.\d)?% for mrr ≤ (1\d|2\d|30)(\.\d+)?\)$/);
  assert.doesNotMatch(words, /always/);
  // Balanced accuracy scores the classes decided: there the decisions are what the rule is.
  assert.equal(describeRuleAsScored(rule, churn, 'balanced_accuracy'), 'always stay');
});

test('a rule deciding two classes reads as the ranking, then as its decisions', () => {
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const truth: Truth = { kind: 'classification', y: Int32Array.from(x, (v) => ((rng.next() < 0.1 ? v <= 0.3 : v > 0.3) ? 1 : 0)), classes: ['no', 'yes'], positive: 1 };
  const rule = fitOneFeatureRule({ kind: 'numeric', name: 'x1', values: x }, truth, rows);
  assert.match(describeRanking(rule, truth), /^the higher x1, the more likely yes: x1 ≤ 0\.[23]\d* → no; x1 > 0\.[23]\d* → yes$/);
});

test('categories are ranked by their share of the positive class, most likely first', () => {
  const dictionary = ['north', 'south', 'east'];
  const codes = Int32Array.from({ length: n }, () => Math.floor(rng.next() * 3));
  const rate = [0.02, 0.3, 0.1];
  const truth: Truth = { kind: 'classification', y: Int32Array.from(codes, (c) => (rng.next() < rate[c]! ? 1 : 0)), classes: ['0', '1'], positive: 1 };
  const column: CategoricalColumn = { kind: 'categorical', name: 'region', codes, dictionary };
  const rule = fitOneFeatureRule(column, truth, rows);
  assert.match(describeRanking(rule, truth), /^1 most likely for region = south \((2\d|3\d)(\.\d)?%\), then east \(\d+(\.\d)?%\), then north \(\d(\.\d+)?%\)$/);
});

test('only two-class rules scored by a ranking metric read as rankings', () => {
  assert.equal(readsAsRanking('roc_auc', churn), true);
  assert.equal(readsAsRanking('pr_auc', churn), true);
  assert.equal(readsAsRanking('balanced_accuracy', churn), false);
  assert.equal(readsAsRanking('roc_auc', { kind: 'classification', y: new Int32Array(3), classes: ['a', 'b', 'c'], positive: 0 }), false);
  assert.equal(readsAsRanking('r2', { kind: 'regression', y: new Float64Array(3) }), false);
});

test('a ranking out of order with the values is listed from most to least likely', () => {
  const x = Float64Array.from({ length: n }, () => rng.normal());
  // Positives in the middle only: neither "the higher" nor "the lower" is true.
  const truth: Truth = { kind: 'classification', y: Int32Array.from(x, (v) => (rng.next() < (Math.abs(v) < 0.5 ? 0.4 : 0.03) ? 1 : 0)), classes: ['no', 'yes'], positive: 1 };
  const rule = fitOneFeatureRule({ kind: 'numeric', name: 'x2', values: x }, truth, rows);
  const words = describeRanking(rule, truth);
  assert.match(words, /^yes most likely for -0\.[3-6]\d* < x2 ≤ 0\.[3-6]\d* \((3\d|4\d)(\.\d)?%\), then /, words);
  assert.doesNotMatch(words, /higher|lower|always/);
});
