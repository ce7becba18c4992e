// Performance on labelled rows, on penguins models scored on rows they did not learn from: metrics
// against independent counts, labels outside the classes, no labels, the promise rule in both
// directions, seeded intervals, rolling windows and the value of decisions from the card's figures.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import type { Card } from '../frame/card.js';
import type { Prediction } from '../learn/estimator.js';
import { Rng } from '../core/rng.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { Ridge } from '../learn/linear/ridge.js';
import { type PerformanceInput, performanceReport } from './performance.js';
import { parseWindow } from './time-windows.js';

let train: Frame;
let test_: Frame;
let sexPrediction: Extract<Prediction, { kind: 'classification' }>;
let sexLabels: string[];

before(async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const sex = frame.column('sex');
  const known = Array.from({ length: frame.rowCount }, (_, i) => i).filter((i) => valueAt(sex, i) !== null);
  // Every third row is held out: the model scores rows it did not learn from.
  train = frame.take(known.filter((_, k) => k % 3 !== 0)).drop(['year']);
  test_ = frame.take(known.filter((_, k) => k % 3 === 0)).drop(['year']);
  const model = await new LogisticRegression().fit(train, 'sex');
  sexPrediction = model.predict(test_.drop(['sex'])) as typeof sexPrediction;
  sexLabels = Array.from({ length: test_.rowCount }, (_, i) => String(valueAt(test_.column('sex'), i)));
});

const base = (over: Partial<PerformanceInput> = {}): PerformanceInput => ({
  task: 'binary',
  prediction: sexPrediction,
  labels: sexLabels,
  times: null,
  window: parseWindow('1d'),
  promised: {},
  card: null,
  threshold: 0.5,
  resamples: 200,
  ...over,
});

/** ROC AUC by counting every positive-negative pair (ties count half): an independent check. */
function pairwiseAuc(positive: boolean[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!positive[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (positive[j]) continue;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

test('metrics over the labelled rows equal independent counts, each inside its interval', () => {
  const { performance } = performanceReport(base({ promised: { roc_auc: { mean: 0.9, low: 0.85, high: 0.95 } } }));
  assert.ok(performance !== null);
  assert.equal(performance.labelled, test_.rowCount);
  const classes = sexPrediction.classes;
  assert.deepEqual([...classes], ['female', 'male']);
  const pMale = sexLabels.map((_, i) => sexPrediction.probabilities[i * 2 + 1]!);
  const auc = pairwiseAuc(sexLabels.map((l) => l === 'male'), pMale);
  let right = 0;
  sexLabels.forEach((l, i) => (right += sexPrediction.labels[i] === l ? 1 : 0));
  let logLoss = 0;
  sexLabels.forEach((l, i) => (logLoss -= Math.log(l === 'male' ? pMale[i]! : 1 - pMale[i]!)));
  const m = performance.overall.metrics;
  assert.ok(Math.abs(m['roc_auc']!.value - auc) < 1e-12, `${m['roc_auc']!.value} vs ${auc}`);
  assert.ok(Math.abs(m['accuracy']!.value - right / sexLabels.length) < 1e-12);
  assert.ok(Math.abs(m['log_loss']!.value - logLoss / sexLabels.length) < 1e-9);
  for (const [id, v] of Object.entries(m)) assert.ok(v.low <= v.value && v.value <= v.high && v.high - v.low > 0, `${id} [${v.low}, ${v.high}] around ${v.value}`);
  // A held-out logistic regression on sex from body measurements is good, not perfect.
  assert.ok(auc > 0.85 && auc < 1, String(auc));
  assert.deepEqual(performance.belowPromise, []);
  assert.deepEqual(Object.keys(performance.promised), ['roc_auc']);
});

test('labels that are not classes are counted and left out; the rest are scored as before', () => {
  const labels = sexLabels.map((l, i) => (i % 10 === 0 ? (i % 20 === 0 ? 'MALE' : 'unknown') : l));
  const { performance } = performanceReport(base({ labels }));
  const dropped = labels.filter((l) => l === 'MALE' || l === 'unknown').length;
  assert.ok(performance !== null && dropped > 5);
  assert.equal(performance.labelled, sexLabels.length - dropped);
  assert.ok(performance.notes.some((n) => n.startsWith(`${dropped} label(s) are not among the model's classes ('female', 'male')`) && n.includes("'MALE'") && n.includes("'unknown'")), performance.notes.join(' | '));
  const kept = sexLabels.map((_, i) => i).filter((i) => i % 10 !== 0);
  const auc = pairwiseAuc(kept.map((i) => sexLabels[i] === 'male'), kept.map((i) => sexPrediction.probabilities[i * 2 + 1]!));
  assert.ok(Math.abs(performance.overall.metrics['roc_auc']!.value - auc) < 1e-12);
});

test('no label yet is no performance, with the reason, not an error', () => {
  const none = performanceReport(base({ labels: sexLabels.map(() => null) }));
  assert.equal(none.performance, null);
  assert.match(none.reason!, new RegExp(`no labels yet for the ${sexLabels.length} prediction`));
  const unusable = performanceReport(base({ labels: sexLabels.map(() => 'unknown') }));
  assert.equal(unusable.performance, null);
  assert.match(unusable.reason!, /none of the \d+ label\(s\) is usable/);
  const partial = performanceReport(base({ labels: sexLabels.map((l, i) => (i < 20 ? l : null)) }));
  assert.equal(partial.performance?.labelled, 20);
  assert.ok(partial.performance!.notes.some((n) => n.includes(`${sexLabels.length - 20} of ${sexLabels.length} rows have no usable label: no label yet;`)));
});

test('below promise: the whole interval past the promised one, for higher- and lower-is-better metrics', () => {
  const { performance: p } = performanceReport(base());
  const auc = p!.overall.metrics['roc_auc']!;
  const loss = p!.overall.metrics['log_loss']!;
  const promised = {
    // Promised far higher than reached: below.
    roc_auc: { mean: auc.high + 0.03, low: auc.high + 0.01, high: auc.high + 0.05 },
    // Promised a loss far lower than reached: below (worse).
    log_loss: { mean: loss.low / 2, low: loss.low / 3, high: loss.low * 0.9 },
    // Promised about what is reached: kept.
    accuracy: { mean: p!.overall.metrics['accuracy']!.value, low: p!.overall.metrics['accuracy']!.value - 0.05, high: p!.overall.metrics['accuracy']!.value + 0.05 },
    training_accuracy: { mean: 1, low: 1, high: 1 },
  };
  const { performance } = performanceReport(base({ promised }));
  assert.deepEqual([...performance!.belowPromise].sort(), ['log_loss', 'roc_auc']);
  assert.deepEqual(Object.keys(performance!.promised).sort(), ['accuracy', 'log_loss', 'roc_auc']);
  assert.ok(performance!.notes.some((n) => n.includes('training_accuracy') && n.includes('not a promise')));
  // A promise whose interval the reached interval still touches is not broken.
  const touching = performanceReport(base({ promised: { roc_auc: { mean: auc.high + 0.02, low: auc.high - 1e-9, high: auc.high + 0.04 } } }));
  assert.deepEqual(touching.performance!.belowPromise, []);
});

test('intervals are seeded: the same seed gives the same bounds, another seed others', () => {
  const a = performanceReport(base({ seed: 11 })).performance!.overall.metrics['roc_auc']!;
  const b = performanceReport(base({ seed: 11 })).performance!.overall.metrics['roc_auc']!;
  const c = performanceReport(base({ seed: 12 })).performance!.overall.metrics['roc_auc']!;
  assert.deepEqual(a, b);
  assert.notDeepEqual([a.low, a.high], [c.low, c.high]);
  assert.equal(a.value, c.value);
});

test('rolling windows split the labelled rows by time; each window scores its own rows', () => {
  // One prediction an hour from midnight: 24 rows a day.
  const start = Date.parse('2026-11-01T00:00:00Z');
  const times = Float64Array.from(sexLabels, (_, i) => start + i * 3_600_000);
  const labels = sexLabels.map((l, i) => (i % 24 === 23 ? null : l));
  const { performance } = performanceReport(base({ times, labels, window: parseWindow('1d') }));
  const windows = performance!.windows;
  assert.equal(windows.length, Math.ceil(sexLabels.length / 24));
  assert.equal(windows[0]!.start, '2026-11-01T00:00:00.000Z');
  assert.equal(windows[0]!.end, '2026-11-02T00:00:00.000Z');
  assert.equal(windows[0]!.rows, 23);
  assert.equal(windows.reduce((n, w) => n + w.rows, 0), performance!.labelled);
  const day2 = Array.from({ length: 23 }, (_, k) => 24 + k);
  let right = 0;
  for (const i of day2) right += sexPrediction.labels[i] === sexLabels[i] ? 1 : 0;
  assert.ok(Math.abs(windows[1]!.metrics['accuracy']!.value - right / 23) < 1e-12);
  assert.equal(windows[1]!.valuePerDecision, null);
  assert.equal(performanceReport(base()).performance!.windows.length, 0);
});

test('binary value at the current threshold: outcomes counted per decision, in the card\'s currency', () => {
  const card = { data: { file: 'x.csv' }, decision: { positiveClass: 'male' }, business: { currency: 'EUR', outcomes: { truePositive: 10, falsePositive: -4, trueNegative: 1 } } } as Card;
  const value = (threshold: number): { perDecision: number; total: number } => {
    let total = 0;
    sexLabels.forEach((l, i) => {
      const flagged = sexPrediction.probabilities[i * 2 + 1]! >= threshold;
      total += l === 'male' ? (flagged ? 10 : 0) : flagged ? -4 : 1;
    });
    return { perDecision: total / sexLabels.length, total };
  };
  for (const t of [0.2, 0.5, 0.8]) {
    const p = performanceReport(base({ card, threshold: t })).performance!;
    const expected = value(t);
    assert.ok(Math.abs(p.value!.total - expected.total) < 1e-9 && Math.abs(p.value!.perDecision - expected.perDecision) < 1e-12, `threshold ${t}`);
    assert.equal(p.value!.currency, 'EUR');
    assert.equal(p.value!.threshold, t);
    assert.ok(p.notes.includes('business.outcomes.falseNegative is not given; taken as 0.'));
  }
  assert.notEqual(performanceReport(base({ card, threshold: 0.2 })).performance!.value!.total, performanceReport(base({ card, threshold: 0.8 })).performance!.value!.total);
  const noFigures = performanceReport(base({ card: { data: { file: 'x.csv' } } as Card })).performance!;
  assert.equal(noFigures.value, null);
  assert.ok(noFigures.notes.some((n) => n.includes('no business.outcomes')));
});

test('several classes: the served class valued by the cost matrix; regression: the error at its cost per unit', async () => {
  const species = await new LogisticRegression().fit(train.select(['species', 'bill_length_mm', 'flipper_length_mm']), 'species');
  const sp = species.predict(test_) as Extract<Prediction, { kind: 'classification' }>;
  const truth = Array.from({ length: test_.rowCount }, (_, i) => String(valueAt(test_.column('species'), i)));
  const matrix = { Adelie: { Adelie: 5, Chinstrap: -2, Gentoo: -3 }, Chinstrap: { Adelie: -1, Chinstrap: 8 }, Gentoo: { Adelie: -1, Chinstrap: -1, Gentoo: 4 } };
  const card = { data: { file: 'x.csv' }, business: { currency: 'USD', costMatrix: matrix } } as unknown as Card;
  const p = performanceReport({ ...base({ card, task: 'multiclass', prediction: sp, labels: truth, threshold: null }) }).performance!;
  let total = 0;
  truth.forEach((actual, i) => (total += (matrix as Record<string, Record<string, number>>)[actual]![sp.labels[i]!] ?? 0));
  assert.ok(Math.abs(p.value!.total - total) < 1e-9);
  assert.equal(p.value!.threshold, null);
  const missing = new Set(truth.flatMap((actual, i) => ((matrix as Record<string, Record<string, number>>)[actual]![sp.labels[i]!] === undefined ? [`business.costMatrix.${actual}.${sp.labels[i]} is not given; taken as 0.`] : [])));
  assert.deepEqual(p.notes.filter((n) => n.startsWith('business.costMatrix.')), [...missing].sort());
  assert.ok(p.overall.metrics['balanced_accuracy']!.value > 0.8);

  const mass = await new Ridge().fit(train.select(['bill_length_mm', 'flipper_length_mm', 'body_mass_g']), 'body_mass_g');
  const reg = mass.predict(test_) as Extract<Prediction, { kind: 'regression' }>;
  const grams = Array.from({ length: test_.rowCount }, (_, i) => String(valueAt(test_.column('body_mass_g'), i)));
  const regCard = { data: { file: 'x.csv' }, business: { overPredictionCostPerUnit: 0.02, underPredictionCostPerUnit: 0.05 } } as Card;
  const r = performanceReport({ ...base({ card: regCard, task: 'regression', prediction: reg, labels: [...grams.slice(0, -1), 'heavy'], threshold: null }) }).performance!;
  let cost = 0;
  let squared = 0;
  for (let i = 0; i < grams.length - 1; i++) {
    const e = reg.values[i]! - Number(grams[i]);
    cost += e > 0 ? e * 0.02 : -e * 0.05;
    squared += e * e;
  }
  assert.equal(r.labelled, grams.length - 1);
  assert.ok(r.notes.some((n) => n.startsWith("1 label(s) are not numbers and were left out, e.g. 'heavy'")));
  assert.ok(Math.abs(r.value!.total + cost) < 1e-6);
  assert.equal(r.value!.currency, null);
  assert.ok(Math.abs(r.overall.metrics['rmse']!.value - Math.sqrt(squared / (grams.length - 1))) < 1e-9);
});

test('past the row cap the bootstrap resamples a subsample and rescales it: the interval keeps the full width', () => {
  // Scores of 20,000 rows from two normal curves one standard deviation apart (ROC AUC 0.760).
  const rng = new Rng(5);
  const n = 20_000;
  const probabilities = new Float64Array(n * 2);
  const labels: string[] = [];
  const truthLabels: string[] = [];
  for (let i = 0; i < n; i++) {
    const positive = rng.next() < 0.3;
    const score = 1 / (1 + Math.exp(-(rng.normal() + (positive ? 0.5 : -0.5))));
    probabilities[i * 2] = 1 - score;
    probabilities[i * 2 + 1] = score;
    labels.push(score >= 0.5 ? 'yes' : 'no');
    truthLabels.push(positive ? 'yes' : 'no');
  }
  const prediction: Prediction = { kind: 'classification', classes: ['no', 'yes'], labels, probabilities };
  const run = (bootstrapMaxRows: number): { value: number; low: number; high: number } =>
    performanceReport(base({ prediction, labels: truthLabels, resamples: 300, bootstrapMaxRows })).performance!.overall.metrics['roc_auc']!;
  const full = run(n);
  const capped = run(2000);
  assert.equal(capped.value, full.value);
  const ratio = (capped.high - capped.low) / (full.high - full.low);
  assert.ok(ratio > 0.75 && ratio < 1.33, `capped width ${capped.high - capped.low} vs full ${full.high - full.low}`);
  // Both intervals hold the curves' true AUC, Φ(1/√2) = 0.7602.
  for (const i of [full, capped]) assert.ok(i.low < 0.7602 && 0.7602 < i.high, JSON.stringify(i));
  // Without the rescaling a 2,000-row subsample would be about √10 ≈ 3.2 times as wide.
  assert.ok(capped.high - capped.low < 0.02, String(capped.high - capped.low));
});

test('a promise registered with a log loss interval below zero is compared as cut to the metric\'s range', () => {
  const { performance } = performanceReport(base({ promised: { log_loss: { mean: 0.05, low: -0.03, high: 0.13 }, roc_auc: { mean: 0.97, low: 0.93, high: 1.01 } } }));
  assert.ok(performance !== null);
  assert.deepEqual(performance.promised['log_loss'], { mean: 0.05, low: 0, high: 0.13 });
  assert.deepEqual(performance.promised['roc_auc'], { mean: 0.97, low: 0.93, high: 1 });
});
