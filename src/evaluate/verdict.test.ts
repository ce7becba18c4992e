// The verdict weighed in money, from the numbers alone: doing nothing worth the most gives
// no-signal; a data problem still comes first; a money gain on an unreliable lift leaves the
// metric verdict standing, and says so.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lift } from './bootstrap-lift.js';
import type { BarValue } from './value/bar-values.js';
import { decideVerdict, type ValueComparison, type VerdictInput } from './verdict.js';

const lift = (value: number, low: number, high: number): Lift => ({ metric: 'roc_auc', value, low, high, resamples: 1000, level: 0.995, rows: 2000 });
const bar = (id: string, kind: BarValue['kind'], perDecision: number): BarValue => ({ id, name: kind === 'nothing' ? 'doing nothing' : `team rule '${id.replace('team:', '')}'`, kind, description: kind === 'nothing' ? 'never act' : 'score > 3', perDecision, perMonth: perDecision * 1000, threshold: null });

// A model that clears the bar on ROC AUC: 0.80 against 0.70, lift 0.10 (0.06 to 0.14).
const base: VerdictInput = {
  metric: 'roc_auc',
  minimumLift: 0.02,
  checks: [],
  bestModel: { id: 'model:gbdt', name: 'gradient boosting', score: 0.8 },
  bestBaseline: { id: 'team:a', name: "team rule 'a'", score: 0.7, description: 'score > 3' },
  prior: { id: 'prior', name: 'predict the most common class', score: 0.5 },
  liftOverBaseline: lift(0.1, 0.06, 0.14),
  liftOverPrior: lift(0.3, 0.26, 0.34),
  baselineOverPrior: lift(0.2, 0.16, 0.24),
  learningCurve: null,
};

function value(model: number, bars: BarValue[], running: number | null = 1): ValueComparison {
  return { currency: 'USD', rows: 2000, decisionsPerMonth: 1000, model: { id: 'model:gbdt', name: 'gradient boosting', perDecision: model, afterRunningCost: model - (running ?? 0) }, runningCostPerDecision: running, bar: bars[0]!, bars };
}

test('when doing nothing is worth the most, the verdict is no-signal on value, with the metric lift still given', () => {
  const v = decideVerdict({ ...base, value: value(-2, [bar('nothing', 'nothing', 0), bar('team:a', 'team-rule', -5)]) });
  assert.equal(v.verdict, 'no-signal');
  assert.equal(v.basis, 'value');
  assert.equal(v.names, null);
  assert.match(v.headline, /doing nothing \(0\.00 USD per decision\)/);
  assert.match(v.reason, /gradient boosting is worth -3\.00 USD per decision after running costs \(1\.00 USD per decision\)/);
  assert.match(v.reason, /a lift of 0\.100 \(99\.5% interval 0\.060 to 0\.140\)/);
});

test('a failing data check comes before any money', () => {
  const v = decideVerdict({ ...base, checks: [{ id: 'leakage', title: 'Leakage', status: 'fail', message: 'x copies the label.', evidence: {} }], value: value(10, [bar('team:a', 'team-rule', 5)]) });
  assert.equal(v.verdict, 'fix-data-first');
  assert.equal(v.basis, 'metric');
});

test('worth more in money on a lift too uncertain to rely on: the metric verdict stands, basis metric, the money said', () => {
  const v = decideVerdict({ ...base, liftOverBaseline: lift(0.01, -0.02, 0.04), value: value(10, [bar('team:a', 'team-rule', 5)]) });
  assert.equal(v.verdict, 'rule-suffices');
  assert.equal(v.basis, 'metric');
  assert.equal(v.names, 'team:a');
  assert.match(v.reason, /In money, gradient boosting is worth 9\.00 USD per decision .* 4\.00 USD more per decision/);
});

test('running costs count only when they can be spread over the decisions', () => {
  const v = decideVerdict({ ...base, value: value(6, [bar('team:a', 'team-rule', 5)], null) });
  assert.equal(v.verdict, 'use-ml');
  assert.equal(v.basis, 'value');
  assert.doesNotMatch(v.headline, /after running costs/);
  const w = decideVerdict({ ...base, value: value(6, [bar('team:a', 'team-rule', 5)], 1.5) });
  assert.equal(w.verdict, 'rule-suffices');
  assert.equal(w.names, 'team:a');
});
