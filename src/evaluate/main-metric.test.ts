// The main metric is chosen from the labels: PR AUC only where a yes/no target's positive class
// is under 5% of the rows, the task's usual metric everywhere else, with the reason said once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stratifiedKFold, timeSeriesFolds } from '../data/split.js';
import { keepEveryClass } from './class-keeping-sample.js';
import { besideMetric, chooseMainMetric, defaultMinimumLift, PR_AUC_MINIMUM_LIFT } from './main-metric.js';
import type { Truth } from './oof.js';
import { MIN_POSITIVES_PER_FOLD, positivesPerFoldCheck, unlearnableFoldsError } from './positives-per-fold.js';

/** `n` rows of which `positives` are the positive class 'yes' (index `positiveIndex` of ['no', 'yes']), spread evenly. */
function binary(n: number, positives: number, positiveIndex = 1): Truth & { kind: 'classification' } {
  const y = new Int32Array(n).fill(1 - positiveIndex);
  for (let i = 0; i < positives; i++) y[Math.floor((i * n) / positives)] = positiveIndex;
  return { kind: 'classification', y, classes: ['no', 'yes'], positive: positiveIndex };
}

test('1.8% positives: PR AUC heads, ROC AUC beside it, a larger minimum lift and the reason in one sentence', () => {
  const choice = chooseMainMetric('binary', binary(20_000, 360));
  assert.equal(choice.metric, 'pr_auc');
  assert.equal(choice.beside, 'roc_auc');
  assert.equal(choice.minimumLift, PR_AUC_MINIMUM_LIFT);
  assert.ok(Math.abs(choice.positiveShare! - 0.018) < 1e-12);
  assert.match(choice.reason!, /'yes' is only 1\.8% of the labelled rows: with 1\.8% positives, ROC AUC can look good while the top of the ranking is mostly wrong\./);
});

test('5% positives and more, other tasks, and a common positive class keep the usual metric', () => {
  for (const [positives, n] of [[50, 1000], [300, 1000], [500, 1000]] as const) {
    const choice = chooseMainMetric('binary', binary(n, positives));
    assert.deepEqual([choice.metric, choice.minimumLift, choice.reason], ['roc_auc', 0.02, null], `${positives} of ${n}`);
  }
  // The card names the common class as positive: its share is 98%, nothing is rare.
  assert.equal(chooseMainMetric('binary', binary(1000, 980, 1)).metric, 'roc_auc');
  const three: Truth = { kind: 'classification', y: Int32Array.from({ length: 100 }, (_, i) => (i < 2 ? 2 : i % 2)), classes: ['a', 'b', 'c'], positive: 0 };
  assert.equal(chooseMainMetric('multiclass', three).metric, 'balanced_accuracy');
  assert.equal(chooseMainMetric('regression', { kind: 'regression', y: Float64Array.from([1, 2, 3]) }).metric, 'r2');
  assert.equal(defaultMinimumLift('pr_auc', 'binary'), PR_AUC_MINIMUM_LIFT);
  assert.equal(defaultMinimumLift('roc_auc', 'binary'), 0.02);
  assert.equal(besideMetric('roc_auc'), null);
});

test('stratified folds of 200 positives pass; 25 positives in 5 folds are said plainly, with what to do', () => {
  const plenty = binary(10_000, 200);
  const ok = positivesPerFoldCheck(plenty, stratifiedKFold(plenty.y, 3, 42), 'stratified', true)!;
  assert.equal(ok.status, 'pass');
  assert.deepEqual([...(ok.evidence['positivesPerFold'] as number[])].sort(), [66, 67, 67]);
  // Shown only where positives are rare, unless a fold falls short.
  assert.equal(positivesPerFoldCheck(plenty, stratifiedKFold(plenty.y, 3, 42), 'stratified', false), null);

  const few = binary(1000, 25);
  const short = positivesPerFoldCheck(few, stratifiedKFold(few.y, 5, 42), 'stratified', false)!;
  assert.equal(short.status, 'warn');
  assert.deepEqual(short.evidence['positivesPerFold'], [5, 5, 5, 5, 5]);
  assert.match(short.message, /the 5 test folds hold only 5 rows of 'yes' each \(25 in all\), fewer than the 10 a fold needs/);
  assert.match(short.message, /use fewer folds \(assess: folds: 2 in the card gives about 12 in each\)/);
  assert.match(short.message, new RegExp(`${5 * MIN_POSITIVES_PER_FOLD} positives fill 5 folds`));
});

test('time-ordered folds whose early test blocks hold no positive cannot be scored: the check fails', () => {
  // Positives only in the last fifth of the rows, as after a change in what is recorded.
  const y = Int32Array.from({ length: 1000 }, (_, i) => (i >= 800 && i % 10 === 0 ? 1 : 0));
  const truth: Truth = { kind: 'classification', y, classes: ['no', 'yes'], positive: 1 };
  const folds = timeSeriesFolds(Float64Array.from({ length: 1000 }, (_, i) => i), 4);
  const check = positivesPerFoldCheck(truth, folds, 'time-ordered', true)!;
  assert.equal(check.status, 'fail');
  assert.deepEqual(check.evidence['positivesPerFold'], [0, 0, 0, 20]);
  assert.match(check.message, /3 of the 4 test folds hold no row of 'yes'/);
  // And no fold learns from a 'yes': the assessment stops with the reason, not a learner's error.
  const error = unlearnableFoldsError(truth, folds, 'time-ordered', 'day')!;
  assert.match(error.message, /4 of the 4 folds in time order by 'day' learn from rows with no 'yes'/);
  assert.match(error.hint ?? '', /Gather labelled rows of 'yes' from earlier times/);
  // Positives from the second fifth on: the first fold alone cannot learn, and two folds would (the first learns from a third of the rows).
  const later = Int32Array.from({ length: 1000 }, (_, i) => (i >= 210 && i % 10 === 0 ? 1 : 0));
  const laterTruth: Truth = { kind: 'classification', y: later, classes: ['no', 'yes'], positive: 1 };
  const some = unlearnableFoldsError(laterTruth, timeSeriesFolds(Float64Array.from({ length: 1000 }, (_, i) => i), 9), 'time-ordered', 'day')!;
  assert.match(some.message, /2 of the 9 folds in time order by 'day' learn from rows with no 'yes' \(folds 1, 2\)/);
  assert.match(some.hint ?? '', /use fewer folds \(assess: folds: 2 in the card\)/);
  assert.equal(unlearnableFoldsError(laterTruth, timeSeriesFolds(Float64Array.from({ length: 1000 }, (_, i) => i), 2), 'time-ordered', 'day'), null);
  // Two classes only: the check says nothing of regression.
  assert.equal(positivesPerFoldCheck({ kind: 'regression', y: new Float64Array(10) }, folds, 'k-fold', true), null);
});

test("a learning curve's small draw keeps rows of a rare class, and leaves a draw that has them as it was", () => {
  const truth = binary(1000, 10);
  const order = Int32Array.from({ length: 1000 }, (_, i) => i);
  // The first 100 rows in this order hold one positive (row 0): a second is swapped in for a negative.
  const drawn = keepEveryClass(order.slice(), 100, truth);
  assert.equal(drawn.length, 100);
  assert.equal([...drawn].filter((r) => truth.y[r] === 1).length, 2);
  assert.equal(new Set(drawn).size, 100);
  // A draw with both classes twice or more is untouched.
  const mixed = Int32Array.from([0, 100, 1, 2, 3, 4, 5, 6, ...Array.from({ length: 992 }, (_, i) => i + 7).filter((r) => r !== 100)]);
  assert.deepEqual([...keepEveryClass(mixed.slice(), 8, truth)], [...mixed.subarray(0, 8)]);
});
