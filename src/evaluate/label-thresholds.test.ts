// Per-label thresholds: each label's threshold is the one with its best F1 (or the most value when
// outcomes are priced) on the rows given, decided through the one rule, and the per-label and
// set-level metrics match counts done by hand.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { chooseLabelThresholds, decideLabels, labelMetricsWithIntervals, labelSetMetrics, rowValues } from './label-thresholds.js';

/** Two labels over n rows: 'common' is present when its score is high (scores noisy), 'rare' on 10% of rows with lower probabilities. */
function table(n: number): { labels: string[]; probabilities: Float64Array; truth: Uint8Array } {
  const rng = new Rng(3);
  const probabilities = new Float64Array(n * 2);
  const truth = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    const common = rng.next() < 0.5;
    const rare = rng.next() < 0.1;
    truth[i * 2] = common ? 1 : 0;
    truth[i * 2 + 1] = rare ? 1 : 0;
    probabilities[i * 2] = Math.min(1, Math.max(0, (common ? 0.6 : 0.4) + (rng.next() - 0.5) * 0.5));
    // A rare label's probabilities rarely reach 0.5: at 0.5 it is almost never decided.
    probabilities[i * 2 + 1] = Math.min(1, Math.max(0, (rare ? 0.3 : 0.1) + (rng.next() - 0.5) * 0.2));
  }
  return { labels: ['common', 'rare'], probabilities, truth };
}

test('each label gets the threshold with its best F1, and deciding there beats deciding at 0.5', () => {
  const m = table(2000);
  const rows = Array.from({ length: 2000 }, (_, i) => i);
  const { thresholds, basis } = chooseLabelThresholds(m, rows, undefined);
  assert.equal(basis, 'best-f1');
  assert.ok(thresholds['rare']! < 0.35 && thresholds['rare']! > 0.1, `rare at ${thresholds['rare']}`);
  const at = (t: Record<string, number>): Record<string, number> => labelSetMetrics(m.labels, m.truth, decideLabels(m, 2000, t), rows);
  const chosen = at(thresholds);
  const half = at({ common: 0.5, rare: 0.5 });
  assert.ok(chosen['f1:rare']! > half['f1:rare']! + 0.3, `${chosen['f1:rare']} vs ${half['f1:rare']}`);
  // No other grid threshold does better for the rare label.
  for (let t = 0.01; t < 1; t += 0.01) assert.ok(at({ ...thresholds, rare: Math.round(t * 100) / 100 })['f1:rare']! <= chosen['f1:rare']! + 1e-12);
});

test('with priced outcomes the threshold maximises value: a costly false alarm raises it', () => {
  const m = table(2000);
  const rows = Array.from({ length: 2000 }, (_, i) => i);
  const cheap = chooseLabelThresholds(m, rows, { outcomes: { truePositive: 10, falsePositive: -1 } });
  const dear = chooseLabelThresholds(m, rows, { outcomes: { truePositive: 10, falsePositive: -30 } });
  assert.equal(cheap.basis, 'best-value');
  assert.ok(dear.thresholds['common']! > cheap.thresholds['common']!, `${dear.thresholds['common']} > ${cheap.thresholds['common']}`);
  const value = (t: Record<string, number>): number => rowValues(m.labels, m.truth, decideLabels(m, 2000, t), 2000, { outcomes: { truePositive: 10, falsePositive: -30 } })!.reduce((s, v) => s + v, 0);
  assert.ok(value(dear.thresholds) >= value(cheap.thresholds));
});

test('metrics match counts by hand, an empty label set included, with intervals around them', () => {
  // Rows (truth | decided): {a,b}|{a}, {}|{}, {b}|{a,b}, {}|{b}
  const labels = ['a', 'b'];
  const truth = Uint8Array.from([1, 1, 0, 0, 0, 1, 0, 0]);
  const decided = Uint8Array.from([1, 0, 0, 0, 1, 1, 0, 1]);
  const m = labelSetMetrics(labels, truth, decided, [0, 1, 2, 3]);
  // a: tp 1, fp 1, fn 0. b: tp 1, fp 1, fn 1.
  assert.equal(m['precision:a'], 0.5);
  assert.equal(m['recall:a'], 1);
  assert.equal(m['precision:b'], 0.5);
  assert.equal(m['recall:b'], 0.5);
  assert.equal(m['subset_accuracy'], 0.25);
  assert.equal(m['hamming_loss'], 3 / 8);
  assert.equal(m['f1_micro'], (2 * 2) / (2 * 2 + 2 + 1));
  const { metrics } = labelMetricsWithIntervals(labels, truth, decided, [0, 1, 2, 3], null, 1, 200);
  for (const v of Object.values(metrics)) assert.ok(v.low <= v.mean + 1e-12 && v.mean <= v.high + 1e-12);
});
