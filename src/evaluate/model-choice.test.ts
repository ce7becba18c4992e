// The choice of the model put forward on out-of-fold predictions of known quality: a more complex
// family only when its advantage is beyond its paired interval (in the metric, or in value per
// decision when decisions are priced), and a family that ran every fold before a cut-short one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import type { CvResult } from './cross-validate.js';
import { chooseModel, putForward, type ChoiceCandidate } from './model-choice.js';
import type { Family } from './model-families.js';
import type { Truth } from './oof.js';
import { computeMetric } from './task-metrics.js';

const N = 1200;
const rng = new Rng(3);
const signal = Float64Array.from({ length: N }, () => rng.normal());
const truth: Truth = { kind: 'classification', classes: ['no', 'yes'], positive: 1, y: Int32Array.from(signal, (s) => (rng.next() < 1 / (1 + Math.exp(-2 * s)) ? 1 : 0)) };
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const NAMES: Record<Family, string> = { linear: 'linear model (logistic regression)', forest: 'random forest', gbdt: 'gradient boosting' };

/** A model whose score is the signal blurred by `noise` (less noise, better ranking), seen on `foldsRun` of 5 folds. */
function model(family: Family, noise: number, seed: number, foldsRun = 5): ChoiceCandidate {
  const r = new Rng(seed);
  const probabilities = new Float64Array(N * 2);
  const labels = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const p = sigmoid(2 * signal[i]! + noise * r.normal());
    probabilities[i * 2] = 1 - p;
    probabilities[i * 2 + 1] = p;
    labels[i] = p >= 0.5 ? 1 : 0;
  }
  const tested = Int32Array.from({ length: Math.round((N * foldsRun) / 5) }, (_, i) => i);
  const oof = { kind: 'classification' as const, probabilities, labels, calibrated: true };
  const t = { ...truth, y: truth.y.subarray(0, tested.length) } as Truth;
  const part = { ...oof, probabilities: probabilities.subarray(0, tested.length * 2), labels: labels.subarray(0, tested.length) };
  const auc = computeMetric('roc_auc', t, part).value;
  const result: CvResult = { id: `model:${family}`, name: NAMES[family], kind: 'model', oof, metrics: { roc_auc: { mean: auc, low: auc - 0.02, high: auc + 0.02 } }, perFold: [], fitPredictSeconds: 0.1, fitSeconds: 0.1, predictSeconds: 0.01, warnings: [], foldsRun, tested };
  return { family, result };
}

const base = { truth, folds: 5, metric: 'roc_auc', seed: 42 };

test('a complex model only marginally better in ROC AUC: the simpler linear model is put forward, with the interval said', () => {
  const linear = model('linear', 0.8, 1);
  const gbdt = model('gbdt', 0.75, 2);
  assert.ok(gbdt.result.metrics['roc_auc']!.mean > linear.result.metrics['roc_auc']!.mean, 'boosting has the higher mean');
  const choice = chooseModel({ ...base, candidates: [gbdt, linear] })!;
  assert.equal(choice.model, 'model:linear');
  assert.equal(choice.basis, 'metric');
  const ahead = choice.advantages.find((a) => a.model === 'model:gbdt' && a.over === 'model:linear')!;
  assert.ok(ahead.value > 0 && ahead.low <= 0, `${ahead.low} to ${ahead.high}`);
  assert.match(choice.reason, /^Linear model \(logistic regression\) scores ROC AUC 0\.\d{3}\. Gradient boosting is better by 0\.\d{3} in ROC AUC \(95% interval -0\.\d{3} to 0\.\d{3}, paired over 1,200 out-of-fold rows\): an advantage within its interval, so the simpler linear model \(logistic regression\) is put forward\.$/);
});

test('a complex model clearly better: it is put forward, and the reason says the simpler one was beaten beyond its interval', () => {
  const linear = model('linear', 2.5, 1);
  const forest = model('forest', 0.3, 4);
  const gbdt = model('gbdt', 0.32, 2);
  const choice = chooseModel({ ...base, candidates: [gbdt, forest, linear] })!;
  // Boosting and the forest are alike: the simpler forest goes forward; the linear model is beaten.
  assert.equal(choice.model, 'model:forest');
  const beaten = choice.advantages.find((a) => a.over === 'model:linear')!;
  assert.ok(beaten.beyond && beaten.low > 0);
  assert.match(choice.reason, /Linear model \(logistic regression\), simpler, is not: random forest is better by 0\.\d{3} in ROC AUC, beyond its interval \(95% interval 0\.\d{3} to/);
});

test('priced decisions: the choice is by value per decision with a paired bootstrap, and a small edge in value is not enough', () => {
  // Acting on a case that is a yes earns 30, a false alarm costs 10; not acting is worth 0.
  const valuePerDecision = (t: Truth, r: CvResult): number => {
    if (t.kind !== 'classification' || r.oof.kind !== 'classification') return Number.NaN;
    let sum = 0;
    for (let i = 0; i < t.y.length; i++) if (r.oof.probabilities[i * 2 + 1]! >= 0.25) sum += t.y[i] === 1 ? 30 : -10;
    return sum / t.y.length;
  };
  const linear = model('linear', 0.8, 1);
  const gbdt = model('gbdt', 0.76, 7);
  const choice = chooseModel({ ...base, candidates: [linear, gbdt], valuePerDecision, currency: 'EUR' })!;
  assert.equal(choice.basis, 'value');
  const values = Object.fromEntries(choice.scores.map((s) => [s.model, s.score]));
  assert.ok(Math.abs(values['model:gbdt']! - values['model:linear']!) < 1, JSON.stringify(values));
  // Boosting is worth a little more (11.34 against 11.08 EUR), within the interval.
  assert.ok(values['model:gbdt']! > values['model:linear']!);
  assert.equal(choice.model, 'model:linear');
  assert.match(choice.reason, /^Linear model \(logistic regression\) is worth 11\.08 EUR per decision\. Gradient boosting is worth 0\.26 EUR more per decision \(95% interval -0\.\d\d EUR to 0\.\d\d EUR, paired over 1,200 out-of-fold rows\): an advantage within its interval, so the simpler linear model \(logistic regression\) is put forward\.$/);
  // A model far better in value goes forward over the simpler one.
  const sharp = model('gbdt', 0.1, 9);
  const blunt = model('linear', 3, 1);
  const clear = chooseModel({ ...base, candidates: [blunt, sharp], valuePerDecision, currency: 'EUR' })!;
  assert.equal(clear.model, 'model:gbdt');
  assert.match(clear.reason, /Linear model \(logistic regression\), simpler, is not: gradient boosting is worth \d+\.\d\d EUR more per decision, beyond its interval/);
});

test('a family the budget cut to one fold is not put forward over families that ran all five, and the reason says so', () => {
  const linear = model('linear', 1.5, 1);
  const forest = model('forest', 1.4, 4);
  const gbdt = model('gbdt', 0.2, 2, 1);
  assert.ok(gbdt.result.metrics['roc_auc']!.mean > forest.result.metrics['roc_auc']!.mean);
  const choice = chooseModel({ ...base, candidates: [gbdt, forest, linear] })!;
  assert.notEqual(choice.model, 'model:gbdt');
  assert.deepEqual(choice.incomplete, [{ model: 'model:gbdt', name: 'gradient boosting', foldsRun: 1 }]);
  assert.match(choice.reason, /Gradient boosting ran 1 of 5 folds before the time budget ran out and is not put forward; raise --budget to compare it fully\./);
  assert.ok(!choice.scores.some((s) => s.model === 'model:gbdt'));
});

test('when every family was cut short, one that ran the most folds is put forward and says it ran k of n folds', () => {
  const linear = model('linear', 1.5, 1, 2);
  const gbdt = model('gbdt', 0.2, 2, 1);
  assert.ok(gbdt.result.metrics['roc_auc']!.mean > linear.result.metrics['roc_auc']!.mean);
  const choice = chooseModel({ ...base, candidates: [gbdt, linear] })!;
  assert.equal(choice.model, 'model:linear');
  assert.equal(choice.foldsRun, 2);
  assert.match(choice.reason, /It ran 2 of 5 folds before the time budget ran out \(no model ran all 5\), so its scores rest on fewer rows; raise --budget for a full comparison\. Gradient boosting ran 1 of 5 folds before the time budget ran out and is not put forward/);
  // Among families cut to the same number of folds, the rule is the usual one.
  const forest = model('forest', 0.2, 4, 2);
  const both = chooseModel({ ...base, candidates: [forest, linear] })!;
  assert.equal(both.model, 'model:forest');
  assert.match(both.reason, /It ran 2 of 5 folds before the time budget ran out/);
});

test('a complex model whose paired difference is negative reads "worse by", never "better by" a negative amount', () => {
  const candidates = [
    { id: 'model:linear', name: NAMES.linear, family: 'linear' as const, foldsRun: 5, score: 0.8 },
    { id: 'model:gbdt', name: NAMES.gbdt, family: 'gbdt' as const, foldsRun: 5, score: 0.801 },
  ];
  const choice = putForward({ candidates, folds: 5, metric: 'roc_auc', basis: 'metric', currency: null, advantage: (better, than) => ({ model: better, over: than, value: -0.006, low: -0.02, high: 0.008, level: 0.95, rows: 1200, beyond: false }) })!;
  assert.equal(choice.model, 'model:linear');
  assert.match(choice.reason, /Gradient boosting is worse by 0\.006 in ROC AUC \(95% interval -0\.020 to 0\.008, paired over 1,200 out-of-fold rows\): a difference within its interval/);
  assert.doesNotMatch(choice.reason, /better by -/);
});
