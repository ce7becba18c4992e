// Held-out anomaly scoring: a one-feature rule chosen on the training folds cannot look better on
// held-out rows than chance allows when every feature is noise, while choosing it on all rows
// (what the assessment did before) reports the luckiest feature as signal; and a real signal
// survives the held-out choice.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import type { Column } from '../data/column.js';
import { Frame } from '../data/frame.js';
import { distanceFrom, medianOf, thresholdForShare, flagsAt, agreement } from './anomaly-flags.js';
import { anomalyFolds, heldOutMetrics, ruleFoldRuns } from './anomaly-folds.js';
import { rocAuc } from './metrics/index.js';

function table(rows: number, features: number, seed: number, signal: boolean): { frame: Frame; known: Int32Array } {
  const rng = new Rng(seed);
  const known = Int32Array.from({ length: rows }, () => (rng.next() < 0.08 ? 1 : 0));
  const columns: Column[] = Array.from({ length: features }, (_, f) => ({
    kind: 'numeric' as const,
    name: `x${f}`,
    // With `signal`, x0 of a known anomaly lies far from the others.
    values: Float64Array.from({ length: rows }, (_, i) => rng.next() * 10 + (signal && f === 0 && known[i] === 1 ? 12 : 0)),
  }));
  return { frame: new Frame(columns), known };
}

test('noise features: the rule chosen inside training folds scores near chance held out; chosen on all rows it looks like signal', () => {
  const { frame, known } = table(400, 40, 7, false);
  const allRows = Math.max(...frame.names.map((name) => {
    const values = (frame.column(name) as { values: Float64Array }).values;
    return rocAuc(known, distanceFrom(values, medianOf(values))).value;
  }));
  const folds = anomalyFolds(known, 5, 42);
  const { runs, chosen } = ruleFoldRuns(frame, frame.names, known, folds);
  const held = heldOutMetrics(runs, known, 0.08);
  assert.equal(chosen.length, 5);
  assert.ok(allRows > 0.6, `the luckiest of 40 noise features on all rows: ${allRows}`);
  assert.ok(held['roc_auc']!.mean < allRows - 0.05, `held out ${held['roc_auc']!.mean} against ${allRows} chosen on all rows`);
  assert.ok(held['roc_auc']!.low < 0.5 + 1e-9 || held['roc_auc']!.mean < 0.58, `held out ${JSON.stringify(held['roc_auc'])}`);
});

test('a real one-feature signal is found on every training fold and holds on held-out rows', () => {
  const { frame, known } = table(400, 10, 8, true);
  const folds = anomalyFolds(known, 5, 42);
  const { runs, chosen } = ruleFoldRuns(frame, frame.names, known, folds);
  assert.deepEqual(chosen, ['x0', 'x0', 'x0', 'x0', 'x0']);
  const held = heldOutMetrics(runs, known, known.reduce((s, v) => s + v, 0) / known.length);
  assert.ok(held['roc_auc']!.mean > 0.95);
  assert.ok(held['recall']!.mean > 0.8);
  for (const m of Object.values(held)) assert.ok(!(m.low < 0) && !(m.high > 1), 'intervals stay within [0, 1]');
});

test('a threshold from a share flags that share through isFlagged, ties included', () => {
  const scores = Float64Array.from([0.9, 0.8, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1, 0.05]);
  assert.equal(thresholdForShare(scores, 0.2), 0.8);
  assert.equal(flagsAt(scores, 0.8).reduce((s, v) => s + v, 0), 3, 'both rows at the threshold are flagged');
  assert.equal(agreement(flagsAt(scores, 0.8), flagsAt(scores, 0.5)), 1);
  assert.ok(Math.abs(agreement(flagsAt(scores, 0.5), flagsAt(scores, 0.8)) - 0.75) < 1e-12);
});
