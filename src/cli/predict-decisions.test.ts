// `framewise predict` writes the `decision` column at the policy of every kind, as the server
// decides: the expected-value class under a cost matrix, above/below a regression boundary, the
// labels at their own thresholds, anomaly/normal at a score threshold (beside the score, never a
// probability column); a registered version follows the policy set on the server.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NO_DATA_SETTINGS } from '../data/data-settings.js';
import { loadModel } from '../learn/model-io.js';
import { decisionFileText } from '../registry/decision-file.js';
import { DECISION_PACKAGE_VERSION, type DecisionPackage, type DecisionPolicy } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { openServeDb, PolicyStore } from '../serve/serve-db.js';
import { loadFrame } from '../data/load.js';
import { fromRoot } from '../core/paths.js';
import { assertSuccess, runCli } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'framewise-predict-decisions-'));
const penguins = 'examples/penguins.csv';
const TAGS_SQL =
  "SELECT * EXCLUDE (body_mass_g), concat_ws('|', CASE WHEN body_mass_g > 4000 THEN 'heavy' END, " +
  "CASE WHEN bill_length_mm > 45 THEN 'long_bill' END, CASE WHEN sex = 'female' THEN 'female' END) AS tags FROM data";

type Row = Record<string, string | number | boolean | null>;

/** Trains with the CLI into its own folder, writes decision.json with `policy` beside the model, predicts; the rows written. */
function predictWith(name: string, train: readonly string[], policy: DecisionPolicy, sql: string | null = null): { rows: Row[]; stderr: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  const model = join(dir, 'model.json');
  assertSuccess(runCli('train', penguins, ...train, ...(sql === null ? [] : ['--sql', sql]), '--out', model));
  const pkg: DecisionPackage = { version: DECISION_PACKAGE_VERSION, data: { ...NO_DATA_SETTINGS, sql }, policy, promise: { metrics: {}, value: null, positiveRate: null, rows: 0 }, business: {} };
  writeFileSync(join(dir, 'decision.json'), decisionFileText(pkg));
  const out = join(dir, 'predictions.json');
  const result = runCli('predict', model, penguins, '--out', out);
  assertSuccess(result);
  return { rows: JSON.parse(readFileSync(out, 'utf8')) as Row[], stderr: result.stderr };
}

test('multiclass under a cost matrix: the decision is the expected-value class, the prediction the most likely one', () => {
  const costMatrix = { Adelie: { Adelie: 5, Chinstrap: -2, Gentoo: -5 }, Chinstrap: { Adelie: -100, Chinstrap: 20, Gentoo: -100 }, Gentoo: { Adelie: -5, Chinstrap: -2, Gentoo: 5 } };
  const { rows, stderr } = predictWith('species', ['--target', 'species', '--param', 'max_iter=8'], { kind: 'expected-value', costMatrix, source: 'card' });
  assert.match(stderr, /decision   the class with the highest expected value under the cost matrix \(the card's decision\)/);
  let differ = 0;
  for (const row of rows) {
    const classes = Object.keys(costMatrix) as (keyof typeof costMatrix)[];
    const ev = (d: keyof typeof costMatrix): number => classes.reduce((s, a) => s + (row[`proba_${a}`] as number) * costMatrix[a][d], 0);
    const best = classes.reduce((a, b) => (ev(b) > ev(a) ? b : a));
    assert.equal(row['decision'], best);
    if (row['decision'] !== row['prediction']) differ++;
  }
  assert.ok(differ > 0, 'some rows are decided otherwise than their most likely class');
});

test('regression with a boundary: above or below it, counted in the summary', () => {
  const { rows, stderr } = predictWith('mass', ['--target', 'body_mass_g', '--param', 'max_iter=20'], { kind: 'number', boundary: 4000, source: 'card' });
  let above = 0;
  for (const row of rows) {
    assert.equal(row['decision'], (row['prediction'] as number) >= 4000 ? 'above' : 'below');
    if (row['decision'] === 'above') above++;
  }
  assert.ok(above > 0 && above < rows.length);
  assert.match(stderr, new RegExp(`decision   boundary 4000 \\(the card's decision\\), from .*: ${above} of ${rows.length} rows above the boundary`));
});

test('multi-label: the decision is the labels at their own thresholds; anomalies: anomaly/normal at the score threshold beside the score', () => {
  const thresholds = { female: 0.5, heavy: 0.2, long_bill: 0.8 };
  const tags = predictWith('tags', ['--target', 'tags', '--model', 'linear'], { kind: 'label-thresholds', thresholds, source: 'brief-best-value' }, TAGS_SQL).rows;
  let differ = 0;
  for (const row of tags) {
    const decided = (Object.keys(thresholds) as (keyof typeof thresholds)[]).filter((l) => (row[`proba_${l}`] as number) >= thresholds[l]);
    assert.equal(row['decision'], decided.join('|'));
    if (row['decision'] !== row['prediction']) differ++;
  }
  assert.ok(differ > 0);

  const odd = predictWith('odd', ['--model', 'iforest', '--param', 'n_estimators=40'], { kind: 'score-threshold', threshold: 0.5, flaggedShare: null, source: 'brief-best-value' });
  assert.deepEqual(Object.keys(odd.rows[0]!).slice(-3), ['anomaly_score', 'is_anomaly', 'decision']);
  assert.ok(!Object.keys(odd.rows[0]!).some((c) => c.startsWith('proba_')), 'a score is not a probability');
  let flagged = 0;
  for (const row of odd.rows) {
    assert.equal(row['decision'], (row['anomaly_score'] as number) >= 0.5 ? 'anomaly' : 'normal');
    if (row['decision'] === 'anomaly') flagged++;
  }
  assert.match(odd.stderr, new RegExp(`: ${flagged} of ${odd.rows.length} rows flagged as anomalies`));
});

test('a registered regression decides at the boundary set on the server, recorded as an override', async () => {
  const registry = join(root, 'registry');
  const model = join(root, 'mass', 'model.json');
  const fitted = loadModel(JSON.parse(readFileSync(model, 'utf8')));
  const { frame } = await loadFrame(fromRoot(penguins));
  const store = SqliteModelStore.open(registry, { create: true });
  const registered: DecisionPolicy = { kind: 'number', boundary: 4000, source: 'card' };
  const decision: DecisionPackage = { version: DECISION_PACKAGE_VERSION, data: NO_DATA_SETTINGS, policy: registered, promise: { metrics: {}, value: null, positiveRate: null, rows: 0 }, business: {} };
  store.register({ name: 'mass', model: JSON.parse(readFileSync(model, 'utf8')), lineage: { ...buildLineage({ frame, model: fitted, framewiseVersion: '0.0.0' }), decision } });
  store.close();
  const db = openServeDb(registry);
  new PolicyStore(db).set('mass', { policy: { kind: 'boundary', boundary: 4500 }, by: 'ops', why: 'heavier only' }, registered);
  db.close();
  const out = join(root, 'registered.json');
  const result = runCli('predict', 'mass@1', penguins, '--registry', registry, '--out', out);
  assertSuccess(result);
  assert.match(result.stderr, /decision   boundary 4500 \(set on the server with PUT \/v1\/models\/mass\/policy .* in place of the registered boundary 4000 from the card's decision\)/);
  assert.match(result.stderr, /policy\.boundary/);
  const rows = JSON.parse(readFileSync(out, 'utf8')) as Row[];
  for (const row of rows) assert.equal(row['decision'], (row['prediction'] as number) >= 4500 ? 'above' : 'below');
});

test('--threshold moves a regression boundary or an anomaly score threshold, recorded as an override; elsewhere it is refused', () => {
  const mass = join(root, 'mass', 'model.json');
  const out = join(root, 'mass-3500.json');
  const moved = runCli('predict', mass, penguins, '--threshold', '3500', '--out', out);
  assertSuccess(moved);
  assert.match(moved.stderr, /override: policy\.boundary is 4000 in .*decision\.json; --threshold gives 3500/);
  for (const row of JSON.parse(readFileSync(out, 'utf8')) as Row[]) assert.equal(row['decision'], (row['prediction'] as number) >= 3500 ? 'above' : 'below');
  const odd = join(root, 'odd', 'model.json');
  const flaggedOut = join(root, 'odd-0.45.json');
  assertSuccess(runCli('predict', odd, penguins, '--threshold', '0.45', '--out', flaggedOut));
  for (const row of JSON.parse(readFileSync(flaggedOut, 'utf8')) as Row[]) assert.equal(row['decision'], (row['anomaly_score'] as number) >= 0.45 ? 'anomaly' : 'normal');
  const species = runCli('predict', join(root, 'species', 'model.json'), penguins, '--threshold', '0.3');
  assert.equal(species.code, 2);
  assert.match(species.stderr, /--threshold applies to a binary classifier, a regression \(its boundary\) or an anomaly model \(its score\); this model's task is multiclass/);
  assert.equal(runCli('predict', mass, penguins, '--threshold', 'high').code, 2);
});
