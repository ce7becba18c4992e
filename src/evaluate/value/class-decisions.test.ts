// The multiclass decision rule every stage values by: under a cost matrix the class with the
// highest expected value, which differs from the most likely class when a miss is dear; the most
// likely class without a matrix or under top-k; a team rule's own hard class kept.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Predictions } from '../oof.js';
import { classDecisionValue, classDecisionValues, classRuleOfCard, classRuleOfPolicy, decidedClass, EXPECTED_VALUE_RULE, classRuleText } from './class-decisions.js';

const classes = ['barolo', 'grignolino', 'barbera'];
// Calling a barolo anything else loses 300; a wrong barolo costs 10 (a tasting).
const matrix = {
  barolo: { barolo: 50, grignolino: -300, barbera: -300 },
  grignolino: { barolo: -10, grignolino: 20, barbera: -30 },
  barbera: { barolo: -10, grignolino: -30, barbera: 20 },
};
const cell = (a: number, d: number): number => matrix[classes[a]! as keyof typeof matrix][classes[d]! as keyof typeof matrix]!;

// The wine row of the issue (p = 0.205 / 0.787 / 0.008) and two clear ones.
const model: Predictions & { kind: 'classification' } = {
  kind: 'classification',
  probabilities: Float64Array.from([0.205, 0.787, 0.008, 0.02, 0.97, 0.01, 0.9, 0.05, 0.05]),
  labels: Int32Array.from([1, 1, 0]),
  calibrated: true,
};
const truth = Int32Array.from([1, 1, 0]);

test('under a cost matrix a row is decided by expected value, not by its most likely class', () => {
  const rule = classRuleOfCard({ costMatrix: matrix }, undefined, classes);
  assert.equal(rule.kind, 'expected-value');
  // Row 0: barolo 0.205*50 - 0.787*10 - 0.008*10 = 2.3 beats grignolino 0.205*-300 + 0.787*20 - 0.008*30 = -45.9.
  assert.equal(decidedClass(model, 0, 3, rule), 0);
  assert.equal(decidedClass(model, 0, 3, { kind: 'most-likely' }), 1);
  // Row 1 is clear enough that the matrix keeps the most likely class.
  assert.equal(decidedClass(model, 1, 3, rule), 1);
  const values = classDecisionValues(truth, model, 3, cell, rule);
  assert.deepEqual(Array.from(values), [-10, 20, 50]);
  assert.equal(classDecisionValue(truth, model, 3, cell, rule), 20);
  // The most likely class would have been right on row 0, and worth more there.
  assert.equal(classDecisionValue(truth, model, 3, cell, { kind: 'most-likely' }), 30);
  assert.equal(classRuleText(rule), EXPECTED_VALUE_RULE);
});

test('no matrix, or a top-k decision, values the most likely class; a registered policy decides which', () => {
  assert.deepEqual(classRuleOfCard({}, undefined, classes), { kind: 'most-likely' });
  assert.deepEqual(classRuleOfCard({ costMatrix: matrix }, { output: 'top-k', k: 2 }, classes), { kind: 'most-likely' });
  assert.deepEqual(classRuleOfPolicy({ kind: 'class' }, classes), { kind: 'most-likely' });
  assert.deepEqual(classRuleOfPolicy({ kind: 'expected-value', costMatrix: matrix }, classes), { kind: 'expected-value', costMatrix: matrix, classes });
});

test('a team rule that gives hard classes keeps its own class; where it names none it is decided from its even shares', () => {
  const rule = classRuleOfCard({ costMatrix: matrix }, undefined, classes);
  const third = 1 / 3;
  const teamRule: Predictions & { kind: 'classification' } = {
    kind: 'classification',
    probabilities: Float64Array.from([0, 1, 0, third, third, third]),
    labels: Int32Array.from([1, -1]),
    calibrated: false,
  };
  assert.equal(decidedClass(teamRule, 0, 3, rule), 1);
  // Even shares: barolo's expected value (50 - 10 - 10) / 3 is the highest.
  assert.equal(decidedClass(teamRule, 1, 3, rule), 0);
});
