// `framewise retrain` as a user runs it, against a registry whose champion learned 2012–2013
// Seattle weather from the example card: a shifted 2014–2015 wins and is registered under
// `challenger` while `champion` stays; refusals list every difference; no card means the metric decides.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { loadFrame } from '../data/load.js';
import type { RetrainReport } from '../evaluate/retrain-report.js';
import { weatherCard, writeWeatherPeriods } from '../evaluate/retrain-fixtures.js';
import { rocAuc } from '../evaluate/metrics/index.js';
import { parseCard } from '../frame/card-file.js';
import { RandomForest } from '../learn/forest/forest.js';
import { loadModel } from '../learn/model-io.js';
import { buildLineage } from '../registry/lineage.js';
import { registerFitted } from '../registry/register-model.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { assertSuccess, assertUserError, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-retrain-'));
const periods = writeWeatherPeriods(dir);
const FEATURES = ['rain_today_mm', 'temp_max', 'temp_min', 'wind', 'weather_today', 'month'];

/** A registry holding 'rain'@1, trained on the old period from the card (with or without business figures), as champion. */
async function championRegistry(name: string, withBusiness: boolean): Promise<string> {
  const registry = join(dir, name);
  const cardText = weatherCard(periods.old, withBusiness);
  const { frame } = await loadFrame(periods.old, { sql: parseCard(cardText, 'card.yaml').data.sql! });
  const training = frame.select([...FEATURES, 'rain_tomorrow']);
  const model = await new RandomForest({ seed: 42, n_estimators: 100, min_samples_leaf: 5 }).fit(training, 'rain_tomorrow');
  const lineage = buildLineage({ frame: training, model, framewiseVersion: 'test', card: cardText, seed: 42 });
  registerFitted({ dir: registry, name: 'rain', model, lineage, trainingFrame: training, force: false, by: 'test' });
  const store = SqliteModelStore.open(registry);
  store.setAlias('rain', 'champion', 1, 'test', 'first model');
  store.close();
  return registry;
}

/** Words of a printed command line (plain words and single-quoted ones). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

test('a shifted relation: the challenger wins on the latest rows, is registered under challenger, and champion does not move', async () => {
  const registry = await championRegistry('shifted', true);
  const out = join(dir, 'shifted-out');
  const result = runCli('retrain', 'rain', '--data', periods.shifted, '--registry', registry, '--out', out);
  assertSuccess(result);
  const s = result.stdout;
  assert.match(s, /^rain: retraining pays: promote the challenger if you agree\.$/m);
  assert.match(s, /compared\s+on the latest 25% of the new rows by 'date' \(2015-07-01 to 2015-12-30\): 183 rows, the same rows for both/);
  assert.match(s, /ROC AUC\s+champion [\d.]+, challenger [\d.]+: lift \+[\d.]+ \(95% interval \+[\d.]+ to \+[\d.]+\)/);
  assert.match(s, /payback\s+a 2,000 USD round repays in/);
  assert.ok(s.split('\n').length <= 24, 'fits on one screen');
  const report = JSON.parse(readFileSync(join(out, 'retrain.json'), 'utf8')) as RetrainReport;
  assert.equal(report.kind, 'framewise.retrain');
  assert.equal(report.champion.version, 1);
  assert.equal(report.challenger.version, 2);
  assert.equal(report.comparison.advice.verdict, 'retrain');
  assert.ok(report.comparison.lift.low > 0);
  assert.equal(report.split.testRows, 183);

  const store = SqliteModelStore.open(registry);
  const champion = store.get({ name: 'rain', alias: 'champion' });
  const challenger = store.get({ name: 'rain', alias: 'challenger' });
  const artifact = store.artifact('rain', 2);
  store.close();
  assert.equal(champion.version, 1, 'retrain never moves the champion');
  assert.equal(challenger.version, 2);
  assert.equal(challenger.lineage.card, champion.lineage.card);
  assert.deepEqual(challenger.lineage.params, champion.lineage.params);
  assert.equal(challenger.lineage.dataFingerprint, report.challenger.dataFingerprint);
  assert.notEqual(challenger.lineage.dataFingerprint, champion.lineage.dataFingerprint);
  const reported = report.comparison.metrics.find((m) => m.metric === 'roc_auc')!;
  assert.equal(challenger.lineage.metrics['roc_auc']!.mean, reported.challenger);

  // The registered artifact, scored on the compared days read the card's way, gives the reported
  // figure. (The shifted rain holds two values, so it is read as numbers, as the champion learned it.)
  const { frame } = await loadFrame(periods.shifted, { sql: parseCard(champion.lineage.card!, 'card').data.sql!, types: { rain_today_mm: 'numeric' } });
  const date = frame.column('date');
  const from = Date.parse(report.split.testPeriod!.from);
  const rows = Array.from({ length: frame.rowCount }, (_, i) => i).filter((i) => date.kind === 'datetime' && date.values[i]! >= from);
  assert.equal(rows.length, 183);
  const held = frame.take(rows);
  const p = loadModel(artifact).predict(held);
  if (p.kind !== 'classification') throw new Error('classification expected');
  const label = held.column('rain_tomorrow');
  const y = Array.from({ length: held.rowCount }, (_, i) => (label.kind === 'boolean' && label.values[i] === 1 ? 1 : 0));
  const scores = Array.from({ length: held.rowCount }, (_, i) => p.probabilities[i * 2 + p.classes.indexOf('true')]!);
  assert.ok(Math.abs(rocAuc(y, scores, 1).value - reported.challenger) < 1e-12);

  // The printed promotion command is the human step, and it works as printed.
  const promote = /To promote it, if you agree: (framewise models promote .*)$/m.exec(s)?.[1];
  assert.equal(promote, report.promote);
  const promoted = runCli(...shellWords(promote!).slice(1));
  assertSuccess(promoted);
  const after = SqliteModelStore.open(registry);
  assert.equal(after.get({ name: 'rain', alias: 'champion' }).version, 2);
  after.close();
});

test('no real change: the lift interval includes zero and the advice is to keep the champion (JSON)', async () => {
  const registry = await championRegistry('same', true);
  const result = runCli('retrain', 'rain', '--data', periods.new, '--registry', registry, '--json');
  assertSuccess(result);
  const report = JSON.parse(result.stdout) as RetrainReport;
  // A champion registered without a decision package is valued at its card's threshold, and says so.
  assert.deepEqual(report.policy, { kind: 'threshold', threshold: 0.5, positiveClass: 'true', source: 'card', description: "threshold 0.5 on 'true' (the card's decision)" });
  assert.equal(report.comparison.value!.threshold, 0.5);
  const { lift, advice } = report.comparison;
  assert.ok(lift.low < 0 && lift.high > 0, `lift ${lift.value} [${lift.low}, ${lift.high}]`);
  assert.equal(advice.verdict, 'not-enough-evidence');
  assert.equal(advice.basis, 'money');
  const store = SqliteModelStore.open(registry);
  assert.equal(store.get({ name: 'rain', alias: 'champion' }).version, 1);
  assert.equal(store.get({ name: 'rain', alias: 'challenger' }).version, 2);
  store.close();
});

test('without business figures in the card the decision is on the metric only, and the summary says so', async () => {
  const registry = await championRegistry('bare', false);
  const result = runCli('retrain', 'rain', '--data', periods.shifted, '--registry', registry);
  assertSuccess(result);
  assert.match(result.stdout, /basis\s+the metric only: the card does not give business\.outcomes, business\.decisionsPerMonth, business\.retrainingCost/);
  assert.doesNotMatch(result.stdout, /payback|a month/);
  assert.match(result.stdout, /decided on the metric only/);
});

test('a file that does not match the champion is refused with every difference, and nothing is registered', async () => {
  const registry = await championRegistry('mismatch', true);
  // temp_max as words, and 'fog' days renamed: the card's SQL still runs, the columns differ.
  const text = readFileSync(periods.new, 'utf8').split('\n').map((line, i) => {
    if (i === 0 || line === '') return line;
    const cells = line.split(',');
    cells[2] = Number(cells[2]) > 15 ? 'warm' : 'cold';
    if (cells[5] === 'fog') cells[5] = 'mist';
    return cells.join(',');
  });
  const bad = join(dir, 'mismatch.csv');
  writeFileSync(bad, text.join('\n'));
  const result = runCli('retrain', 'rain', '--data', bad, '--registry', registry);
  assertUserError(result, /does not match the columns of 'rain'@1/, /column 'temp_max' is categorical, was numeric/, /column 'weather_today' has new categories: "mist"/, /hint: New categories: the champion reads values it never saw as missing.*Fix the other differences first/);
  const store = SqliteModelStore.open(registry);
  assert.equal(store.versions('rain').length, 1);
  store.close();
});

test('new categories alone go ahead with --force, recorded in the version and explained in the summary', async () => {
  const registry = await championRegistry('force', true);
  const mist = join(dir, 'mist.csv');
  writeFileSync(mist, readFileSync(periods.new, 'utf8').replaceAll(',fog\n', ',mist\n'));
  const refused = runCli('retrain', 'rain', '--data', mist, '--registry', registry);
  assertUserError(refused, /column 'weather_today' has new categories: "mist"/, /pass --force|Pass --force/);
  const result = runCli('retrain', 'rain', '--data', mist, '--registry', registry, '--force');
  assertSuccess(result);
  assert.match(result.stdout, /note\s+'weather_today' has values the champion never saw: 'mist' \(\d+ rows\)\. The champion reads them as missing; the challenger learned them/);
  assert.match(result.stdout, /FORCED\s+forced past 1 difference from the columns of 'rain'@1: column 'weather_today' has new categories: "mist"/);
  const store = SqliteModelStore.open(registry);
  const v2 = store.get({ name: 'rain', version: 2 });
  store.close();
  assert.match(v2.forcedReason ?? '', /weather_today/);
  assert.deepEqual(v2.signature.features.find((f) => f.name === 'weather_today')!.categories!.slice(-1), ['mist']);
});

test('mistakes are refused with a hint: moving champion, a share outside (0, 1), an unknown model', async () => {
  const registry = await championRegistry('mistakes', true);
  assertUserError(runCli('retrain', 'rain', '--data', periods.new, '--registry', registry, '--alias', 'champion'), /retrain does not move 'champion'/, /framewise models promote NAME VERSION --alias champion/);
  assertUserError(runCli('retrain', 'rain', '--data', periods.new, '--registry', registry, '--holdout', '1.5'), /--holdout must be a share between 0 and 1/);
  assertUserError(runCli('retrain', 'snow', '--data', periods.new, '--registry', registry), /snow/);
  // A file the card's query cannot read: the query is named as the card's, with the way out.
  assertUserError(runCli('retrain', 'rain', '--data', fromRoot('examples', 'penguins.csv'), '--registry', registry), /The champion's card reads its data through data\.sql, which does not fit '.*penguins\.csv'/, /give --sql to read this file your way/);
  const store = SqliteModelStore.open(registry);
  assert.equal(store.versions('rain').length, 1);
  store.close();
});
