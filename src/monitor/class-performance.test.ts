// Per-class monitoring of a multiclass model: recall, precision and the confusion matrix against
// counts by hand, the rows they cover, and decisions taken as logged or by the policy's rule, on
// penguins species predicted by a model for rows it did not learn from.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { valueAt } from '../data/column.js';
import { loadFrame } from '../data/load.js';
import { expectedValueClass } from '../frame/decision-rules.js';
import type { Prediction } from '../learn/estimator.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { classPerformance } from './class-performance.js';
import { takenClasses } from './class-decisions-taken.js';
import { performanceReport } from './performance.js';
import { parseWindow } from './time-windows.js';

test('recall, precision and the confusion matrix count the decisions by class and say which rows they cover', () => {
  const classes = ['a', 'b', 'c'];
  const actual = Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2]);
  const decided = Int32Array.from([0, 0, 1, 1, 0, 2, 2, -1]);
  const c = classPerformance(classes, actual, decided, 10, 'by the policy');
  assert.deepEqual(c.confusion, [[2, 1, 0], [1, 1, 0], [0, 0, 2]]);
  assert.deepEqual(c.perClass.map((p) => [p.class, p.support, p.decided, p.recall, p.precision]), [
    ['a', 3, 3, 2 / 3, 2 / 3],
    ['b', 2, 2, 1 / 2, 1 / 2],
    // The row decided as no known class is in no column: class c's support counts the decided rows.
    ['c', 2, 2, 1, 1],
  ]);
  assert.equal(c.rows, 8);
  assert.equal(c.covers, "8 labelled rows of the window's 10");
  // A class nobody was decided as has no precision, not a zero.
  const none = classPerformance(classes, Int32Array.from([0, 1]), Int32Array.from([0, 0]), 2, 'by the policy');
  assert.equal(none.perClass[1]!.precision, null);
  assert.equal(none.perClass[2]!.recall, null);
  assert.match(none.covers, /^all 2 rows/);
});

test('logged decisions are taken as logged; rows without one are decided by the policy\'s rule', () => {
  const classes = ['a', 'b', 'c'];
  const p = Float64Array.from([0.3, 0.7, 0, 0.3, 0.7, 0]);
  const matrix = { a: { a: 10, b: -100, c: -100 }, b: { a: -1, b: 1, c: -1 }, c: { a: -1, b: -1, c: 1 } };
  const policy = { kind: 'expected-value', costMatrix: matrix };
  const byRule = takenClasses(classes, p, [0, 1], policy, 'expected value', null);
  assert.deepEqual(Array.from(byRule.codes), [0, 0]);
  assert.equal(byRule.decidedBy, 'by the policy: expected value');
  const logged = takenClasses(classes, p, [5, 9], policy, 'expected value', Object.assign(new Array(10).fill(null), { 5: { kind: 'label', label: 'b', source: null } }));
  assert.deepEqual(Array.from(logged.codes), [1, 0]);
  assert.equal(logged.decidedBy, 'as logged with each decision (the class the server returned); 1 row without a logged decision by the policy: expected value');
});

test('monitoring a species model values and counts each penguin at the class with the highest expected value', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const rows = Array.from({ length: frame.rowCount }, (_, i) => i);
  const data = frame.drop(['year', 'sex']);
  const model = await new LogisticRegression().fit(data.take(rows.filter((i) => i % 3 !== 0)), 'species');
  const heldOut = data.take(rows.filter((i) => i % 3 === 0));
  const prediction = model.predict(heldOut.drop(['species'])) as Extract<Prediction, { kind: 'classification' }>;
  const classes = prediction.classes;
  const labels = Array.from({ length: heldOut.rowCount }, (_, i) => String(valueAt(heldOut.column('species'), i)));
  // Missing a Chinstrap is dear, so rows with a fair chance of one are decided Chinstrap.
  const matrix: Record<string, Record<string, number>> = {};
  for (const a of classes) {
    matrix[a] = {};
    for (const d of classes) matrix[a]![d] = a === d ? 10 : a === 'Chinstrap' ? -400 : -5;
  }
  const outcome = performanceReport({
    task: 'multiclass',
    prediction,
    labels,
    times: null,
    window: parseWindow('1d'),
    promised: {},
    card: null,
    threshold: null,
    business: { costMatrix: matrix, currency: 'EUR' },
    classPolicy: { policy: { kind: 'expected-value', costMatrix: matrix }, description: 'expected value under the matrix' },
    resamples: 50,
  });
  const perf = outcome.performance!;
  const K = classes.length;
  const decided = labels.map((_, i) => classes[expectedValueClass(prediction.probabilities, i * K, classes, matrix)]!);
  const mostLikely = labels.map((_, i) => prediction.labels[i]!);
  assert.ok(decided.some((d, i) => d !== mostLikely[i]), 'the matrix changes some decisions');
  let total = 0;
  labels.forEach((y, i) => (total += matrix[y]![decided[i]!]!));
  assert.ok(Math.abs(perf.value!.perDecision - total / labels.length) < 1e-9);
  assert.equal(perf.value!.decidedBy, 'by the policy: expected value under the matrix');
  const counts = classes.map((a) => classes.map((d) => labels.filter((y, i) => y === a && decided[i] === d).length));
  assert.deepEqual(perf.classes!.confusion, counts);
  assert.equal(perf.classes!.rows, labels.length);
});
