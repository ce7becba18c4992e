// A champion trained on 2012–2013 Seattle weather against challengers trained on 2014–2015: no
// real change gives an interval around zero, a shifted relation a clear and paying win; both
// models are scored on the same latest rows, and the money rule's boundaries hold.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { valueAt } from '../data/column.js';
import { loadFrame } from '../data/load.js';
import type { Card } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';
import type { FittedModel } from '../learn/estimator.js';
import { RandomForest } from '../learn/forest/forest.js';
import type { Lift } from './bootstrap-lift.js';
import { type ChallengerRun, estimatorLike, runChallenger } from './challenger.js';
import { rocAuc } from './metrics/index.js';
import { adviseRetraining } from './retrain-advice.js';
import type { DataSettings } from '../data/data-settings.js';
import { type ChampionSpec, loadRetrainData, prepareRetrainData } from './retrain-data.js';
import { weatherCard, writeWeatherPeriods } from './retrain-fixtures.js';
import type { ValueComparison } from './retrain-value.js';
import { valueAtThreshold } from './value/profit-curve.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-challenger-'));
const periods = writeWeatherPeriods(dir);
const card = parseCard(weatherCard(periods.old, true), 'card.yaml');
const bareCard = parseCard(weatherCard(periods.old, false), 'card.yaml');
// The random forest settings the assessment offers (brief's second forest configuration).
const FEATURES = ['rain_today_mm', 'temp_max', 'temp_min', 'wind', 'weather_today', 'month'];

async function trainChampion(): Promise<{ champion: FittedModel; spec: ChampionSpec }> {
  const { frame } = await loadFrame(periods.old, { sql: card.data.sql! });
  const champion = await new RandomForest({ seed: 42, n_estimators: 100, min_samples_leaf: 5 }).fit(frame.select([...FEATURES, 'rain_tomorrow']), 'rain_tomorrow');
  const json = champion.toJSON() as unknown as { classes: string[] };
  return { champion, spec: { estimator: champion.estimator, task: champion.task, params: champion.params, signature: champion.signature, target: 'rain_tomorrow', classes: json.classes } };
}

const trained = trainChampion();

/** The data settings a card reads its file with (as the registry's package would hold them). */
function settingsOf(c: Card): DataSettings {
  return { sql: c.data.sql ?? null, format: null, delimiter: c.data.delimiter ?? null, header: true, missing: c.data.missing ?? null, types: (c.data.types ?? {}) as DataSettings['types'] };
}

async function challenge(file: string, withCard: Card, timeColumn: string | null = 'date', seed = 42): Promise<ChallengerRun> {
  const { champion, spec } = await trained;
  const { frame } = await loadRetrainData(file, settingsOf(withCard), champion.signature, {});
  const data = prepareRetrainData(frame, spec, timeColumn);
  return runChallenger({ champion, spec, data, card: withCard, split: { share: 0.25, seed, timeColumn } });
}

function positiveScores(model: FittedModel, run: ChallengerRun): { y: Int32Array; scores: Float64Array } {
  const p = model.predict(run.testFrame);
  assert.equal(p.kind, 'classification');
  if (p.kind !== 'classification') throw new Error('classification expected');
  const k = p.classes.indexOf('true');
  const truth = run.testFrame.column('rain_tomorrow');
  assert.equal(truth.kind, 'boolean');
  const y = Int32Array.from(truth.kind === 'boolean' ? truth.values : [], (v) => (v === 1 ? 1 : 0));
  return { y, scores: Float64Array.from({ length: run.testFrame.rowCount }, (_, i) => p.probabilities[i * p.classes.length + k]!) };
}

test('with no real change the lift interval straddles zero, and both models are scored on the same latest rows', async () => {
  const { champion } = await trained;
  const run = await challenge(periods.new, card);
  const c = run.comparison;
  assert.equal(c.task, 'binary');
  assert.equal(c.mainMetric, 'roc_auc');
  assert.ok(c.lift.low < 0 && c.lift.high > 0, `lift ${c.lift.value} [${c.lift.low}, ${c.lift.high}]`);
  assert.equal(c.advice.verdict, 'not-enough-evidence');
  // The held-out rows are the latest quarter: every training day comes before every compared day.
  assert.equal(run.split.how, 'time');
  assert.equal(run.split.train.length + run.split.test.length, 729);
  assert.equal(run.split.test.length, 183);
  assert.equal(run.split.testPeriod?.to, '2015-12-30');
  assert.ok(run.split.trainPeriod!.to < run.split.testPeriod!.from);
  // Scoring each model independently on the held-out frame reproduces the reported figures.
  const championAuc = rocAuc(positiveScores(champion, run).y, positiveScores(champion, run).scores, 1).value;
  const challengerAuc = rocAuc(positiveScores(run.challenger, run).y, positiveScores(run.challenger, run).scores, 1).value;
  const reported = c.metrics.find((m) => m.metric === 'roc_auc')!;
  assert.ok(Math.abs(reported.champion - championAuc) < 1e-12);
  assert.ok(Math.abs(reported.challenger - challengerAuc) < 1e-12);
  assert.ok(Math.abs(c.lift.value - (challengerAuc - championAuc)) < 1e-12);
});

test('a shifted relation gives a clear win that repays a retraining round within the horizon', async () => {
  const { champion } = await trained;
  const run = await challenge(periods.shifted, card);
  const c = run.comparison;
  assert.ok(c.lift.low > 0.05, `lift ${c.lift.value} [${c.lift.low}, ${c.lift.high}]`);
  assert.equal(c.advice.verdict, 'retrain');
  assert.equal(c.advice.basis, 'money');
  const v = c.value!;
  assert.equal(v.threshold, 0.5);
  assert.equal(v.decisionsPerMonth, 600);
  assert.equal(v.retrainingCost, 2000);
  assert.ok(v.gainPerMonth!.low > 0);
  assert.ok(Math.abs(v.gainPerMonth!.value - 600 * v.gainPerDecision.value) < 1e-6);
  assert.ok(v.paybackMonths!.atLowerBound! <= 3);
  assert.ok(Math.abs(v.paybackMonths!.atEstimate! - 2000 / v.gainPerMonth!.value) < 1e-9);
  // The value per decision agrees with the profit curve's point at the same threshold.
  const outcomes = { truePositive: 250, falsePositive: 250, trueNegative: 600, falseNegative: -200 };
  for (const [model, reported] of [[champion, v.championPerDecision], [run.challenger, v.challengerPerDecision]] as const) {
    const { y, scores } = positiveScores(model, run);
    const point = valueAtThreshold(Array.from(y, (t) => t === 1), scores, 0.5, outcomes);
    assert.ok(Math.abs(point.valuePerDecision - reported) < 1e-9, `${point.valuePerDecision} vs ${reported}`);
  }
  assert.ok(run.challengerMetrics['roc_auc']!.low <= run.challengerMetrics['roc_auc']!.mean && run.challengerMetrics['roc_auc']!.mean <= run.challengerMetrics['roc_auc']!.high);
});

test('without business figures the decision is on the metric only, and says which figures are missing', async () => {
  const run = await challenge(periods.shifted, bareCard);
  const a = run.comparison.advice;
  assert.equal(run.comparison.value, null);
  assert.equal(a.basis, 'metric');
  assert.equal(a.verdict, 'retrain');
  assert.match(a.metricOnlyBecause!, /business\.outcomes, business\.decisionsPerMonth, business\.retrainingCost/);
  assert.match(a.reason, /decided on the metric only/);
});

test('a category the champion never saw is learned by the challenger; one the new data lacks stays known', async () => {
  const { champion, spec } = await trained;
  const renamed = join(dir, 'mist.csv');
  writeFileSync(renamed, readFileSync(periods.new, 'utf8').replaceAll(',fog\n', ',mist\n'));
  const { frame } = await loadRetrainData(renamed, settingsOf(card), champion.signature, {});
  const data = prepareRetrainData(frame, spec, 'date');
  const change = data.features.find((f) => f.column === 'weather_today')!;
  const fogDays = readFileSync(periods.new, 'utf8').split('\n').filter((l) => l.endsWith(',fog')).length;
  assert.ok(fogDays > 0);
  // The SQL drops the last day (no tomorrow), so count mist days among the rows kept.
  assert.deepEqual(change.added.map((a) => a.value), ['mist']);
  assert.ok(change.added[0]!.rows >= fogDays - 1 && change.added[0]!.rows <= fogDays);
  assert.deepEqual(change.absent, ['fog']);
  const run = await runChallenger({ champion, spec, data, card, split: { share: 0.25, seed: 1, timeColumn: 'date' } });
  const known = champion.signature.features.find((f) => f.name === 'weather_today')!.categories!;
  assert.deepEqual(run.challenger.signature.features.find((f) => f.name === 'weather_today')!.categories, [...known, 'mist']);
});

test('without a time column a seeded random share is held out, the same for the same seed', async () => {
  const a = await challenge(periods.new, card, null, 7);
  const b = await challenge(periods.new, card, null, 7);
  const c = await challenge(periods.new, card, null, 8);
  assert.equal(a.split.how, 'random');
  assert.match(a.split.description, /random 25% of the new rows \(seed 7/);
  assert.deepEqual(a.split.test, b.split.test);
  assert.notDeepEqual(a.split.test, c.split.test);
  assert.equal(a.comparison.lift.value, b.comparison.lift.value);
});

test('only supervised learners of one target can be rebuilt for a challenger', () => {
  assert.throws(() => estimatorLike('kmeans', {}), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /kmeans model cannot be retrained/.test(e.message));
  assert.equal(estimatorLike('gbdt', { max_iter: 5 }).name, 'gbdt');
});

const lift = (value: number, low: number, high: number): Lift => ({ metric: 'roc_auc', value, low, high, resamples: 1000, level: 0.95, rows: 200 });
const value = (perMonthLow: number, perMonth: number, cost: number): ValueComparison => ({
  currency: 'USD',
  rule: 'test',
  threshold: 0.5,
  championPerDecision: 0,
  challengerPerDecision: perMonth / 100,
  perDecision: { champion: { value: 0, low: 0, high: 0 }, challenger: { value: perMonth / 100, low: perMonthLow / 100, high: (2 * perMonth - perMonthLow) / 100 } },
  gainPerDecision: { value: perMonth / 100, low: perMonthLow / 100, high: (2 * perMonth - perMonthLow) / 100 },
  decisionsPerMonth: 100,
  gainPerMonth: { value: perMonth, low: perMonthLow, high: 2 * perMonth - perMonthLow },
  retrainingCost: cost,
  paybackMonths: { atEstimate: perMonth > 0 ? cost / perMonth : null, atLowerBound: perMonthLow > 0 ? cost / perMonthLow : null },
  assumptions: [],
});

test('the money rule: a real lift, a positive lower bound, and payback within three months at that bound', () => {
  const base = { missing: [], minimumLift: 0.02, hasCard: true };
  assert.equal(adviseRetraining({ ...base, lift: lift(0.05, 0.01, 0.09), value: value(1000, 2000, 2900) }).verdict, 'retrain');
  assert.equal(adviseRetraining({ ...base, lift: lift(0.05, 0.01, 0.09), value: value(1000, 2000, 3100) }).verdict, 'does-not-pay');
  assert.equal(adviseRetraining({ ...base, lift: lift(0.05, 0.01, 0.09), value: value(-50, 2000, 100) }).verdict, 'does-not-pay');
  assert.equal(adviseRetraining({ ...base, lift: lift(0.05, -0.01, 0.11), value: value(1000, 2000, 100) }).verdict, 'not-enough-evidence');
  assert.equal(adviseRetraining({ ...base, lift: lift(-0.05, -0.09, -0.01), value: value(1000, 2000, 100) }).verdict, 'champion-better');
  // A real lift decides on the metric when figures are missing: it must reach the minimum that matters.
  const metricOnly = { missing: ['business.retrainingCost'], minimumLift: 0.02, hasCard: true, value: null };
  assert.equal(adviseRetraining({ ...metricOnly, lift: lift(0.03, 0.01, 0.05) }).verdict, 'retrain');
  assert.equal(adviseRetraining({ ...metricOnly, lift: lift(0.015, 0.005, 0.025) }).verdict, 'lift-too-small');
  // Without a retraining cost, a challenger whose decisions are worth less does not pay, whatever its metric.
  const worse = { ...value(-2000, -1000, 0), retrainingCost: null, paybackMonths: null };
  const losing = adviseRetraining({ ...metricOnly, lift: lift(0.1, 0.07, 0.16), value: worse });
  assert.equal(losing.verdict, 'does-not-pay');
  assert.match(losing.reason, /worth 10\.00 USD less each/);
  assert.equal(adviseRetraining({ ...metricOnly, lift: lift(0.1, 0.07, 0.16), value: { ...worse, gainPerDecision: { value: 5, low: -1, high: 11 } } }).verdict, 'retrain');
  assert.match(adviseRetraining({ ...metricOnly, hasCard: false, lift: lift(0.03, 0.01, 0.05) }).metricOnlyBecause!, /without a problem card/);
  // A metric undefined on the compared rows (one class only) is no evidence either way.
  assert.equal(adviseRetraining({ ...base, lift: lift(Number.NaN, Number.NaN, Number.NaN), value: value(1000, 2000, 100) }).verdict, 'not-enough-evidence');
});

test('regression: penguin body mass, valued at the card\'s cost per gram of error, agrees with a direct computation', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  // 'year' holds three values, so it reads as categories: compare it as text.
  const year = frame.column('year');
  const mass = frame.column('body_mass_g') as { values: Float64Array };
  const rows = (keep: (y: number) => boolean): number[] => Array.from({ length: frame.rowCount }, (_, i) => i).filter((i) => keep(Number(valueAt(year, i))) && !Number.isNaN(mass.values[i]!));
  const columns = ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'sex', 'body_mass_g'];
  const old = frame.take(rows((y) => y < 2009)).select(columns);
  const recent = frame.take(rows((y) => y === 2009)).select(columns);
  const champion = await estimatorLike('gbdt', { seed: 3, max_iter: 60 }).fit(old, 'body_mass_g');
  const spec: ChampionSpec = { estimator: champion.estimator, task: champion.task, params: champion.params, signature: champion.signature, target: 'body_mass_g', classes: null };
  const costCard = parseCard(`data: { file: penguins.csv }\ntarget: body_mass_g\nbusiness: { costPerUnitError: 0.02, decisionsPerMonth: 1000, retrainingCost: 500, currency: EUR }\n`, 'card.yaml');
  const data = prepareRetrainData(recent, spec, null);
  const run = await runChallenger({ champion, spec, data, card: costCard, split: { share: 0.3, seed: 5, timeColumn: null } });
  const c = run.comparison;
  assert.equal(c.task, 'regression');
  assert.equal(c.mainMetric, 'r2');
  assert.equal(run.split.how, 'random');
  assert.equal(c.rows, 36);
  const truth = run.testFrame.column('body_mass_g') as { values: Float64Array };
  const cost = (model: FittedModel): number => {
    const p = model.predict(run.testFrame);
    if (p.kind !== 'regression') throw new Error('regression expected');
    return p.values.reduce((s, v, i) => s + Math.abs(v - truth.values[i]!) * 0.02, 0) / p.values.length;
  };
  const v = c.value!;
  assert.equal(v.currency, 'EUR');
  assert.ok(Math.abs(v.championPerDecision + cost(champion)) < 1e-9);
  assert.ok(Math.abs(v.challengerPerDecision + cost(run.challenger)) < 1e-9);
  assert.ok(Math.abs(v.gainPerMonth!.value - 1000 * (cost(champion) - cost(run.challenger))) < 1e-6);
  assert.ok(v.gainPerDecision.low < v.gainPerDecision.value && v.gainPerDecision.value < v.gainPerDecision.high);
  assert.equal(c.advice.basis, 'money');
});

test('several classes: with a cost matrix worth 1 for a right class and 0 otherwise, the value per decision is the accuracy', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const year = frame.column('year');
  const rows = (keep: (y: number) => boolean): number[] => Array.from({ length: frame.rowCount }, (_, i) => i).filter((i) => keep(Number(valueAt(year, i))));
  const columns = ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'species'];
  const old = frame.take(rows((y) => y < 2009)).select(columns);
  const recent = frame.take(rows((y) => y === 2009)).select(columns);
  const champion = await estimatorLike('random_forest', { seed: 1, n_estimators: 30 }).fit(old, 'species');
  const classes = (champion.toJSON() as unknown as { classes: string[] }).classes;
  const spec: ChampionSpec = { estimator: champion.estimator, task: champion.task, params: champion.params, signature: champion.signature, target: 'species', classes };
  const matrix = Object.fromEntries(classes.map((a) => [a, Object.fromEntries(classes.map((p) => [p, a === p ? 1 : 0]))]));
  const costCard = parseCard(`data: { file: penguins.csv }\ntarget: species\nbusiness: ${JSON.stringify({ costMatrix: matrix })}\n`, 'card.yaml');
  const run = await runChallenger({ champion, spec, data: prepareRetrainData(recent, spec, null), card: costCard, split: { share: 0.3, seed: 2, timeColumn: null } });
  const c = run.comparison;
  assert.equal(c.task, 'multiclass');
  assert.equal(c.mainMetric, 'balanced_accuracy');
  const accuracy = c.metrics.find((m) => m.metric === 'accuracy')!;
  assert.ok(Math.abs(c.value!.championPerDecision - accuracy.champion) < 1e-12);
  assert.ok(Math.abs(c.value!.challengerPerDecision - accuracy.challenger) < 1e-12);
  // Without volume and a retraining cost the money rule cannot run: the metric decides.
  assert.equal(c.value!.gainPerMonth, null);
  assert.equal(c.advice.basis, 'metric');
  assert.match(c.advice.metricOnlyBecause!, /business\.decisionsPerMonth, business\.retrainingCost/);
});
