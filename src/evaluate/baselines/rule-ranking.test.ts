// A one-feature rule in the words of how it is scored: by ROC AUC as the ranking it gives (never
// "always stay" for a rule that ranks churners first), by balanced accuracy or R² as its decisions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import type { CategoricalColumn, NumericColumn } from '../../data/column.js';
import type { Truth } from '../oof.js';
import { decidesOneClass, describeRule, fitOneFeatureRule, type Leaf, type OneFeatureRule } from './one-feature-rule.js';
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

/** A numeric rule on `feature` with leaves of (positives, rows) between `thresholds`; classes ['0', '1'], positive '1'. */
function handRule(feature: string, thresholds: number[], leaves: [number, number][]): { rule: OneFeatureRule; truth: Truth } {
  const leaf = ([pos, rows]: [number, number]): Leaf => ({ counts: new Float64Array([rows - pos, pos]), rows });
  const prior = leaf(leaves.reduce(([p, r], [a, b]) => [p + a, r + b], [0, 0]));
  const rule: OneFeatureRule = { kind: 'numeric', feature, thresholds, leaves: leaves.map(leaf), missing: prior, prior };
  return { rule, truth: { kind: 'classification', y: new Int32Array(0), classes: ['0', '1'], positive: 1 } };
}

test('a rise made of small steps with a dip at the low end is never worded "the lower" while the rule decides 1 at the top', () => {
  // Shares 35%, then 20% rising by 6–7 points a step to 57%: each rise is under a quarter of the
  // spread, the dip is not; the decisions are 0 below 2.5 and 1 above.
  const shares = [0.35, 0.2, 0.26, 0.32, 0.38, 0.44, 0.51, 0.57];
  const { rule, truth } = handRule('x5', [-2, -1.5, -1, 0, 1, 2, 2.5], shares.map((s) => [Math.round(s * 20000), 20000]));
  assert.equal(describeRule(rule, truth), 'x5 ≤ 2 → 0; x5 > 2 → 1');
  const words = describeRanking(rule, truth);
  assert.doesNotMatch(words, /the lower/);
  assert.match(words, /^1 most likely for x5 > 2\.5 \(57%\), then 2 < x5 ≤ 2\.5 \(51%\), /);
  // Without the dip the same rise reads "the higher", agreeing with the decisions.
  const rising = handRule('x5', [-1.5, -1, 0, 1, 2, 2.5], shares.slice(1).map((s) => [Math.round(s * 20000), 20000]));
  assert.equal(describeRanking(rising.rule, rising.truth), 'the higher x5, the more likely 1: x5 ≤ 2 → 0; x5 > 2 → 1');
});

test('a noise feature whose shares rise and then fall takes the non-monotone form, not "the lower"', () => {
  // 2.6%, 3.4%, 4.5%, 3.5%: up beyond noise, then down beyond noise.
  const { rule, truth } = handRule('x9', [-1.679, -1.467, -1.145], [[62, 2348], [43, 1272], [119, 2672], [1539, 43708]]);
  const words = describeRanking(rule, truth);
  assert.doesNotMatch(words, /higher|lower/);
  assert.match(words, /^1 most likely for -1\.467 < x9 ≤ -1\.145 \(4\.5%\), then x9 > -1\.145 \(3\.5%\), then -1\.679 < x9 ≤ -1\.467 \(3\.4%\), then x9 ≤ -1\.679 \(2\.6%\)$/);
  // 50%, 47.9%, 48.4% on 300,000 rows: the rule decides 1 below -2.196 and 0 above, and the
  // small rise between the two intervals it decides alike is not a trend against that fall.
  const flat = handRule('x4', [-2.196, 0.421], [[2086, 4171], [93276, 194730], [48932, 101099]]);
  assert.equal(describeRanking(flat.rule, flat.truth), 'the lower x4, the more likely 1: x4 ≤ -2.196 → 1; x4 > -2.196 → 0');
});

test('a share of none of an interval\'s rows is shown as observed, 0 of its rows, not a smoothed figure', () => {
  const { rule, truth } = handRule('p36', [0.5], [[300, 10000], [0, 1518]]);
  assert.equal(describeRanking(rule, truth), 'the lower p36, the more likely 1 (share of 1: 0% (0 of 1,518) for p36 > 0.5 up to 3% for p36 ≤ 0.5)');
});
