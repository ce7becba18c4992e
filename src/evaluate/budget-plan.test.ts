// The budget planner on measured costs given as numbers (no timing): the models' share sizes their
// training rows, every family gets a share, the whole plan fits the seconds it divides, and data
// small enough for the budget is not sampled at all.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { familySeconds, type FamilyCost, MIN_TRAINING_ROWS, type MeasuredCosts, planBudget, STAGE_SHARES, StageLog } from './budget-plan.js';

const family = (name: string, fixed: number, perRow: number, predictPerRow: number, trees: boolean): FamilyCost => ({ family: name, name, fixedSeconds: fixed, secondsPerRow: perRow, predictSecondsPerRow: predictPerRow, probeRows: 2_000, trees });

/** Costs of the order measured on a 2-core machine: a cheap linear model, boosting, a slow forest. */
const costs: MeasuredCosts = {
  families: [family('linear', 0.01, 2e-6, 1e-7, false), family('gbdt', 0.2, 3e-4, 3e-6, true), family('forest', 0.1, 1e-3, 5e-6, true)],
  featurePowerPerRow: 2e-4,
  barPerRow: 8e-5,
  liftPerRowResample: 2e-7,
  hashPerRow: 1e-7,
  rows: 2_500,
  seconds: 5,
};

test('a large table: the bar and the models share one sample; each family trains on what its share buys', () => {
  const plan = planBudget({ rows: 10_000_000, folds: 5, seconds: 50, costs });
  assert.ok(plan.evaluationRows < 10_000_000 && plan.evaluationRows >= 2_000, `${plan.evaluationRows} evaluation rows`);
  const foldTrain = Math.floor((plan.evaluationRows * 4) / 5);
  // The cheap linear model learns from every training row of each fold; the forest, the slowest, from the fewest.
  assert.equal(plan.trainingRows['linear'], foldTrain);
  assert.ok(plan.trainingRows['forest']! < plan.trainingRows['gbdt']!, JSON.stringify(plan.trainingRows));
  assert.ok(plan.trainingRows['forest']! >= MIN_TRAINING_ROWS);
  // No family gets more than the models' share, and together they fit it.
  const total = Object.values(plan.familySeconds).reduce((s, x) => s + x, 0);
  assert.ok(total <= plan.seconds.models * 1.01, `${total} of ${plan.seconds.models} s`);
  for (const c of costs.families) assert.ok(Math.abs(plan.familySeconds[c.family]! - familySeconds(c, plan.evaluationRows, plan.trainingRows[c.family]!, 5)) < 1e-9);
  // Every stage's share plus the slack adds up to the seconds divided.
  const s = plan.seconds;
  // (less the content hash of every row, which comes off the top)
  assert.ok(Math.abs(s.featurePower + s.bar + s.models + s.search + s.curve + s.slack - (50 - 1.2 * 1e-7 * 10_000_000)) < 1e-9);
  assert.ok(s.models > s.featurePower + s.bar, 'models come first');
  // Feature power and the lifts use no more rows than the models are scored on.
  assert.ok(plan.featurePowerRows <= plan.evaluationRows);
  assert.ok(plan.liftRows <= plan.evaluationRows && plan.liftRows >= 2_000);
});

test('more budget buys more rows, never fewer', () => {
  const short = planBudget({ rows: 1_000_000, folds: 5, seconds: 30, costs });
  const long = planBudget({ rows: 1_000_000, folds: 5, seconds: 300, costs });
  assert.ok(long.evaluationRows >= short.evaluationRows);
  for (const f of ['linear', 'gbdt', 'forest']) assert.ok(long.trainingRows[f]! >= short.trainingRows[f]!, f);
  assert.ok(long.trainingRows['forest']! > short.trainingRows['forest']!);
});

test('a table the budget holds whole is not sampled', () => {
  const cheap: MeasuredCosts = { ...costs, families: costs.families.map((c) => ({ ...c, secondsPerRow: c.secondsPerRow / 1000, fixedSeconds: 0.001, predictSecondsPerRow: c.predictSecondsPerRow / 1000 })), barPerRow: 1e-8, featurePowerPerRow: 1e-8 };
  const plan = planBudget({ rows: 60_000, folds: 5, seconds: 60, costs: cheap });
  assert.equal(plan.evaluationRows, 60_000);
  assert.equal(plan.featurePowerRows, 60_000);
  for (const f of ['linear', 'gbdt', 'forest']) assert.equal(plan.trainingRows[f], 48_000);
});

test('a budget too short for anything still plans the fewest rows, so the verdict can say what was missing', () => {
  const plan = planBudget({ rows: 1_000_000, folds: 5, seconds: 1, costs });
  assert.equal(plan.evaluationRows, 2_000);
  assert.equal(plan.trainingRows['forest'], MIN_TRAINING_ROWS);
});

test('the shares sum to one with the slack outside them', () => {
  const sum = Object.values(STAGE_SHARES).reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9);
});

test('the stage log lists stages in order, marks a stage sampled only when it used fewer rows', () => {
  const log = new StageLog();
  log.begin();
  log.end('readiness', 1_000, 1_000, 'stratified', null);
  log.begin();
  log.end('bar', 200, 1_000, 'stratified', 1.234);
  assert.deepEqual(
    log.list.map((s) => [s.stage, s.rows, s.sampled, s.how, s.plannedSeconds]),
    [
      ['readiness', 1_000, false, null, null],
      ['bar', 200, true, 'stratified', 1.23],
    ],
  );
  assert.ok(log.list.every((s) => s.spentSeconds >= 0));
});
