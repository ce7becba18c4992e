// `framewise retrain` reads the champion's decision package: both models are valued at its policy
// threshold (0.2 here, not the card's 0.5) with its business figures, the report names the threshold
// and its source, --threshold overrides it on the record, and the challenger carries a package too.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadFrame } from '../data/load.js';
import type { RetrainReport } from '../evaluate/retrain-report.js';
import { weatherCard, writeWeatherPeriods } from '../evaluate/retrain-fixtures.js';
import type { BusinessSpec } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';
import { RandomForest } from '../learn/forest/forest.js';
import { loadModel } from '../learn/model-io.js';
import { cardDataSettings, DECISION_PACKAGE_VERSION, type DecisionPackage } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { registerFitted } from '../registry/register-model.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { assertSuccess, assertUserError, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-retrain-policy-'));
const periods = writeWeatherPeriods(dir);
const FEATURES = ['rain_today_mm', 'temp_max', 'temp_min', 'wind', 'weather_today', 'month'];
const cardText = weatherCard(periods.old, true);
const card = parseCard(cardText, 'card.yaml');
// The package's figures differ from the card's (the brief may have been run on newer ones): retrain must use the package's.
const BUSINESS: BusinessSpec = { ...card.business!, outcomes: { truePositive: 300, falsePositive: 200, trueNegative: 650, falseNegative: -350 } };

/** 'rain'@1 as champion, registered as `brief --register` does: with a decision package whose threshold is 0.2. */
async function championWithPackage(name: string): Promise<{ registry: string; decision: DecisionPackage }> {
  const registry = join(dir, name);
  const { frame } = await loadFrame(periods.old, { sql: card.data.sql! });
  const training = frame.select([...FEATURES, 'rain_tomorrow']);
  const model = await new RandomForest({ seed: 42, n_estimators: 60, min_samples_leaf: 5 }).fit(training, 'rain_tomorrow');
  const decision: DecisionPackage = {
    version: DECISION_PACKAGE_VERSION,
    data: cardDataSettings(card),
    policy: { kind: 'threshold', threshold: 0.2, positiveClass: 'true', source: 'brief-best-value' },
    promise: { metrics: { roc_auc: { mean: 0.8, low: 0.75, high: 0.85 } }, value: { perDecision: { mean: 300, low: 280, high: 320 }, currency: 'USD', decisionsPerMonth: 600 }, positiveRate: 0.6, rows: 731 },
    business: BUSINESS,
  };
  const lineage = { ...buildLineage({ frame: training, model, framewiseVersion: 'test', card: cardText, seed: 42 }), decision };
  registerFitted({ dir: registry, name: 'rain', model, lineage, trainingFrame: training, force: false, by: 'test' });
  const store = SqliteModelStore.open(registry);
  store.setAlias('rain', 'champion', 1, 'test', 'first model');
  store.close();
  return { registry, decision };
}

/** The champion's value per decision on the report's held-out days at `threshold`, with the package's outcomes. */
async function championValueAt(registry: string, report: RetrainReport, threshold: number): Promise<number> {
  const store = SqliteModelStore.open(registry);
  const artifact = store.artifact('rain', 1);
  store.close();
  const { frame } = await loadFrame(periods.shifted, { sql: card.data.sql!, types: { rain_today_mm: 'numeric' } });
  const date = frame.column('date');
  const from = Date.parse(report.split.testPeriod!.from);
  const held = frame.take(Array.from({ length: frame.rowCount }, (_, i) => i).filter((i) => date.kind === 'datetime' && date.values[i]! >= from));
  const p = loadModel(artifact).predict(held);
  if (p.kind !== 'classification') throw new Error('classification expected');
  const label = held.column('rain_tomorrow');
  const o = BUSINESS.outcomes!;
  let total = 0;
  for (let i = 0; i < held.rowCount; i++) {
    const rains = label.kind === 'boolean' && label.values[i] === 1;
    const act = p.probabilities[i * 2 + p.classes.indexOf('true')]! >= threshold;
    total += rains ? (act ? o.truePositive! : o.falseNegative!) : act ? o.falsePositive! : o.trueNegative!;
  }
  return total / held.rowCount;
}

test("both models are valued at the package's threshold 0.2 and figures, the source is named, and the challenger carries the same policy and data settings", async () => {
  const { registry, decision } = await championWithPackage('package');
  const out = join(dir, 'package-out');
  const result = runCli('retrain', 'rain', '--data', periods.shifted, '--registry', registry, '--out', out, '--json');
  assertSuccess(result);
  const report = JSON.parse(result.stdout) as RetrainReport;
  assert.deepEqual(report.policy, { kind: 'threshold', threshold: 0.2, positiveClass: 'true', source: 'brief-best-value', description: "threshold 0.2 on 'true' (the brief's threshold with the most value)" });
  assert.deepEqual(report.overrides, []);
  const v = report.comparison.value!;
  assert.equal(v.threshold, 0.2);
  assert.equal(report.comparison.threshold, 0.2);
  assert.match(v.rule, /at least 0\.2 \(the brief's threshold with the most value\)/);
  assert.ok(!v.assumptions.some((a) => /0\.5/.test(a)), v.assumptions.join(' '));
  const at02 = await championValueAt(registry, report, 0.2);
  const at05 = await championValueAt(registry, report, 0.5);
  assert.ok(Math.abs(at02 - at05) > 1, 'the threshold matters on these days');
  assert.ok(Math.abs(v.championPerDecision - at02) < 1e-9, `${v.championPerDecision} vs ${at02} at 0.2 (${at05} at 0.5)`);

  const store = SqliteModelStore.open(registry);
  const challenger = store.get({ name: 'rain', alias: 'challenger' });
  store.close();
  const registered = challenger.lineage.decision!;
  assert.deepEqual(registered.policy, decision.policy);
  assert.deepEqual(registered.data, decision.data);
  assert.deepEqual(registered.business, BUSINESS);
  // Its promise is what retrain measured on the compared days: metrics with intervals, value at 0.2 with its interval.
  assert.equal(registered.promise.rows, report.split.testRows);
  const auc = report.comparison.metrics.find((m) => m.metric === 'roc_auc')!.challenger;
  assert.equal(registered.promise.metrics['roc_auc']!.mean, auc);
  assert.ok(registered.promise.metrics['roc_auc']!.low <= auc && auc <= registered.promise.metrics['roc_auc']!.high);
  const value = registered.promise.value!;
  assert.equal(value.perDecision.mean, v.challengerPerDecision);
  assert.ok(value.perDecision.low < value.perDecision.mean && value.perDecision.mean < value.perDecision.high);
  assert.equal(value.currency, 'USD');
  assert.equal(registered.promise.positiveRate, report.comparison.positiveRate!.challenger);
});

test('--threshold overrides the registered threshold: printed, recorded in the JSON and in the challenger\'s policy', async () => {
  const { registry } = await championWithPackage('override');
  const result = runCli('retrain', 'rain', '--data', periods.shifted, '--registry', registry, '--threshold', '0.35');
  assertSuccess(result);
  assert.match(result.stdout, /^ {2}policy {6}threshold 0\.35 on 'true' \(a command-line override\)$/m);
  assert.match(result.stdout, /^ {2}override {4}--threshold: policy\.threshold 0\.35 instead of the registered 0\.2$/m);
  assert.match(result.stdout, /at least 0\.35 \(a command-line override\)/);
  const store = SqliteModelStore.open(registry);
  const challenger = store.get({ name: 'rain', alias: 'challenger' });
  store.close();
  assert.deepEqual(challenger.lineage.decision!.policy, { kind: 'threshold', threshold: 0.35, positiveClass: 'true', source: 'override' });
  const refused = runCli('retrain', 'rain', '--data', periods.shifted, '--registry', registry, '--threshold', '1.5', '--alias', 'other');
  assertUserError(refused, /--threshold must be a probability between 0 and 1/);
});
