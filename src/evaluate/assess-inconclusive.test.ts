// Scenarios for the inconclusive verdict on generated tables with a known answer: a real effect
// on too few rows to measure it (binary and multiclass), and a budget too small for any model to
// start (binary, multiclass, regression), which no speed of machine can change.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { assess } from './assess.js';
import { rowsToSettle } from './settle.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-inconclusive-'));

/** n rows of five standard-normal features and a label drawn from them. */
function generate(name: string, n: number, seed: number, label: (x: number[], rng: Rng) => string): string {
  const rng = new Rng(seed);
  const lines = ['x1,x2,x3,x4,x5,label'];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 5 }, () => rng.normal());
    lines.push([...x.map((v) => v.toFixed(5)), label(x, rng)].join(','));
  }
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Yes more likely with x1 and with the interaction x1·x2: a rule on x1 catches part, a model more. */
const interaction = (x: number[], rng: Rng): string => (rng.next() < 1 / (1 + Math.exp(-(0.8 * x[0]! + x[0]! * x[1]!))) ? 'yes' : 'no');
/** Three classes, each led by x1, x2 or their product, with noise. */
const threeWays = (x: number[], rng: Rng): string => {
  const s = [0.8 * x[0]! + rng.normal(), 0.8 * x[1]! + rng.normal(), 0.8 * x[0]! * x[1]! + rng.normal()];
  return ['a', 'b', 'c'][s.indexOf(Math.max(...s))]!;
};

for (const [task, label] of [['binary', interaction], ['multiclass', threeWays]] as const) {
  test(`${task}, 150 rows with a real interaction: the lift over the rule cannot be decided → inconclusive with the rows that would settle it`, async () => {
    const path = generate(`${task}-150`, 150, task === 'binary' ? 1 : 2, label);
    const { assessment } = await assess(await loadProblem({ data: path, target: 'label' }), { budgetSeconds: 30 });
    const v = assessment.verdict;
    assert.equal(v.verdict, 'inconclusive', v.reason);
    assert.equal(v.settle?.missing, 'uncertain-lift');
    // The rule on one feature beats the prior; the model's lift over it holds both 0 and 2 × minimum.
    const lift = assessment.lift.overBestBaseline!;
    assert.ok(lift.low <= 0 && lift.high >= 2 * v.minimumLift, JSON.stringify(lift));
    assert.equal(v.settle?.rowsSuggested, rowsToSettle(lift, v.minimumLift));
    assert.ok(v.settle!.rowsSuggested! > 1000, `rows suggested ${v.settle!.rowsSuggested}`);
    assert.match(v.headline, /^Inconclusive: the evidence cannot decide whether .* beats best one-feature rule \('x\d'\) by a margin that matters; about [\d,]+ labelled rows .*would settle it\.$/);
    assert.match(v.settle!.message, /How the rows were estimated: .*square root of the rows/);
    assert.equal(v.names, assessment.lift.bestModel);
  });
}

for (const [task, target, label] of [
  ['binary', 'label', interaction],
  ['multiclass', 'label', threeWays],
  ['regression', 'label', (x: number[], rng: Rng): string => (0.5 * x[0]! + 0.6 * x[0]! * x[1]! + rng.normal()).toFixed(4)],
] as const) {
  test(`${task}, a budget too small for any model to start → inconclusive with a budget that would fit one`, async () => {
    // A 1 s budget is under the 2 s kept for the steps after the models: no family can start, on any machine.
    const path = generate(`${task}-tiny-budget`, 300, 5, label);
    const { assessment } = await assess(await loadProblem({ data: path, target }), { budgetSeconds: 1 });
    const v = assessment.verdict;
    assert.equal(assessment.framing.task, task);
    assert.equal(assessment.leaderboard.length, 0);
    assert.equal(v.verdict, 'inconclusive', v.reason);
    assert.equal(v.names, null);
    assert.equal(v.settle?.missing, 'no-model');
    assert.equal(v.settle?.rowsSuggested, null);
    const suggested = v.settle?.budgetSuggestedSeconds ?? Number.NaN;
    assert.ok(Number.isFinite(suggested) && suggested > 1, `budget suggested ${suggested}`);
    assert.match(v.headline, new RegExp(`^Inconclusive: no model could be scored within the time budget of 1 s.*a budget of about ${suggested} s would settle it\\.$`));
    assert.match(v.settle!.message, new RegExp(`--budget ${suggested}\\b`));
    assert.ok(assessment.warnings.some((w) => /was not tried: the time budget ran out before it could start/.test(w)));
  });
}
