// The server's decision follows the registered policy for every kind, over HTTP with real models:
// multiclass by expected value under a cost matrix (not the most likely class where they differ),
// a regression boundary moved with PUT {threshold}, multi-label per-label thresholds, anomalies
// carrying `score` and flagged at a score threshold; each PUT is checked, audited and read back as
// the policy in force; one row (the boosting fast path) answers as the same row among several.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import type { FittedModel } from '../learn/estimator.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { IsolationForest } from '../learn/iforest/iforest.js';
import { MultiLabelClassifier } from '../learn/multilabel/one-vs-rest.js';
import { type DecisionPackage, DECISION_PACKAGE_VERSION, type DecisionPolicy } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { policyInForce } from '../registry/policy-in-force.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { NO_DATA_SETTINGS } from '../data/data-settings.js';
import { type JsonReply, jsonCall, loggedPrediction } from './serve-fixtures.js';
import { type RunningServer, buildServer } from './server.js';

const TOKEN = 'every kind';
const auth = { authorization: `Bearer ${TOKEN}` };
const TAGS_SQL =
  "SELECT * EXCLUDE (body_mass_g, year), concat_ws('|', CASE WHEN body_mass_g > 4000 THEN 'heavy' END, " +
  "CASE WHEN bill_length_mm > 45 THEN 'long_bill' END, CASE WHEN sex = 'female' THEN 'female' END) AS tags FROM data";

/** Wine-like stakes on the penguins: missing a Chinstrap costs 100, calling one wrongly costs 2. */
const COST_MATRIX = {
  Adelie: { Adelie: 5, Chinstrap: -2, Gentoo: -5 },
  Chinstrap: { Adelie: -100, Chinstrap: 20, Gentoo: -100 },
  Gentoo: { Adelie: -5, Chinstrap: -2, Gentoo: 5 },
};

let dir: string;
let store: SqliteModelStore;
let server: RunningServer;
let base: string;
let penguins: Frame;
let progression: Frame;
let tagged: Frame;

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonReply> => jsonCall(base, method, path, body, headers);

/** Registers a model as `brief --register` would, with a package holding `policy` (none: a version from before packages). */
function register(name: string, frame: Frame, model: FittedModel, policy: DecisionPolicy | null): void {
  const decision: DecisionPackage | undefined =
    policy === null ? undefined : { version: DECISION_PACKAGE_VERSION, data: NO_DATA_SETTINGS, policy, promise: { metrics: {}, value: null, positiveRate: null, rows: frame.rowCount }, business: {} };
  const lineage = { ...buildLineage({ frame, model, framewiseVersion: '0.0.0' }), ...(decision === undefined ? {} : { decision }) };
  const json = model.toJSON() as unknown as Parameters<SqliteModelStore['register']>[0]['model'];
  const v = store.register({ name, model: json, lineage });
  store.setAlias(name, 'champion', v.version, 'test', 'briefed');
}

/** A diabetes-like table: disease progression a year on (25–350, around 150) from age, BMI and blood pressure. */
async function progressionTable(): Promise<Frame> {
  const rng = new Rng(15);
  const lines = ['age,bmi,bp,progression'];
  for (let i = 0; i < 400; i++) {
    const age = 20 + rng.int(60);
    const bmi = 18 + 17 * rng.next();
    const bp = 70 + 40 * rng.next();
    const y = Math.max(25, Math.min(346, 150 + 9 * (bmi - 26) + 1.2 * (bp - 90) + 0.4 * (age - 50) + 25 * rng.normal()));
    lines.push(`${age},${bmi.toFixed(1)},${bp.toFixed(0)},${y.toFixed(0)}`);
  }
  const file = join(dir, 'progression.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return (await loadFrame(file)).frame;
}

/** Row r of a frame as a client sends it, without `drop`'s columns; categories as labels, gaps left out. */
function requestRow(frame: Frame, r: number, drop: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of frame.columns) {
    if (drop.includes(c.name)) continue;
    if (c.kind === 'numeric') row[c.name] = Number.isNaN(c.values[r]!) ? null : c.values[r]!;
    else if (c.kind === 'categorical') row[c.name] = c.codes[r]! < 0 ? null : c.dictionary[c.codes[r]!]!;
  }
  return row;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'framewise-serve-kinds-'));
  store = SqliteModelStore.open(dir, { create: true });
  penguins = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame.drop(['year']);
  const species = penguins.column('species');
  assert.ok(species.kind === 'categorical');
  register('species', penguins, await new Gbdt({ max_iter: 8 }).fit(penguins, 'species'), { kind: 'expected-value', costMatrix: COST_MATRIX, source: 'card' });
  progression = await progressionTable();
  register('progression', progression, await new Gbdt({ max_iter: 30 }).fit(progression, 'progression'), { kind: 'number', boundary: 200, source: 'card' });
  tagged = (await loadFrame(fromRoot('examples', 'penguins.csv'), { sql: TAGS_SQL })).frame;
  register('tags', tagged, await new MultiLabelClassifier().fit(tagged, 'tags'), { kind: 'label-thresholds', thresholds: { female: 0.5, heavy: 0.2, long_bill: 0.8 }, source: 'brief-best-value' });
  const measures = penguins.select(['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']);
  const forest = await new IsolationForest({ n_estimators: 60, contamination: 0.05, seed: 3 }).fit(measures, undefined);
  register('odd', measures, forest, { kind: 'score-threshold', threshold: 0.55, flaggedShare: 0.1, source: 'brief-best-value' });
  // The same forest registered before anomaly packages had a threshold: it flags at its own cut.
  register('odd_old', measures, forest, null);
  server = buildServer({ store, dataDir: dir, token: TOKEN, maxRows: 400, pollMs: 50, logFlushMs: 20 });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('multiclass under a cost matrix decides the class with the highest expected value; the prediction stays the most likely', async () => {
  const rows = Array.from({ length: penguins.rowCount }, (_, r) => requestRow(penguins, r, ['species']));
  const reply = await call('POST', '/v1/models/species/predict', { rows });
  assert.equal(reply.status, 200);
  let differ = 0;
  reply.body.predictions.forEach((p: { prediction: string; probabilities: Record<string, number>; decision: Record<string, unknown> }, r: number) => {
    const classes = Object.keys(COST_MATRIX) as (keyof typeof COST_MATRIX)[];
    const ev = (decided: keyof typeof COST_MATRIX): number => classes.reduce((s, actual) => s + p.probabilities[actual]! * COST_MATRIX[actual][decided], 0);
    const best = classes.reduce((a, b) => (ev(b) > ev(a) ? b : a));
    const likely = classes.reduce((a, b) => (p.probabilities[b]! > p.probabilities[a]! ? b : a));
    assert.equal(p.prediction, likely, `row ${r}: the prediction is the most likely class`);
    assert.equal(p.decision.kind, 'expected-value');
    assert.equal(p.decision.label, best, `row ${r}`);
    assert.ok(Math.abs((p.decision.expectedValue as number) - ev(best)) < 1e-9);
    assert.equal(p.decision.source, 'card');
    if (best !== likely) differ++;
  });
  assert.ok(differ > 0, 'some rows are decided otherwise than their most likely class');
  // One row takes the boosting fast path: the same answer as among many.
  const differing = reply.body.predictions.findIndex((p: { prediction: string; decision: { label: string } }) => p.prediction !== p.decision.label);
  const one = (await call('POST', '/v1/models/species/predict', { row: rows[differing] })).body.predictions[0];
  assert.deepEqual(one.decision, reply.body.predictions[differing].decision);
  // The log keeps the decision as taken: the expected-value class.
  const logged = (await loggedPrediction(dir, one.id as string)) as { decision: { label: string } } | undefined;
  assert.equal(logged?.decision.label, one.decision.label);
  const described = (await call('GET', '/v1/models/species')).body.policy;
  assert.deepEqual(described, { kind: 'expected-value', costMatrix: COST_MATRIX, source: 'card' });
  // A threshold is refused for multiclass, naming the field and what the model takes.
  const refused = await call('PUT', '/v1/models/species/policy', { threshold: 0.3, why: 'x' }, auth);
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.issues[0].field, 'threshold');
  assert.match(refused.body.error.issues[0].problem, /topK/);
});

test('regression decides by the side of the boundary; PUT {threshold: 150} moves it, is audited and is the policy in force', async () => {
  const rows = Array.from({ length: 120 }, (_, r) => requestRow(progression, r, ['progression']));
  const first = (await call('POST', '/v1/models/progression/predict', { rows })).body.predictions as { prediction: number; decision: Record<string, unknown> }[];
  for (const p of first) assert.deepEqual(p.decision, { kind: 'boundary', boundary: 200, value: p.prediction, above: p.prediction >= 200, source: 'card' });
  assert.ok(first.some((p) => p.prediction >= 150 && p.prediction < 200), 'some rows lie between the two boundaries');
  assert.deepEqual((await call('GET', '/v1/models/progression')).body.policy, { kind: 'number', boundary: 200, source: 'card' });

  for (const [body, field] of [
    [{ threshold: 'high', why: 'x' }, 'threshold'],
    [{ boundary: null, why: 'x' }, 'boundary'],
    [{ topK: 2, why: 'x' }, 'topK'],
    [{ thresholds: { a: 0.5 }, why: 'x' }, 'thresholds'],
    [{ threshold: 150, boundary: 150, why: 'x' }, 'threshold'],
    [{ why: 'x' }, 'boundary'],
  ] as const) {
    const bad = await call('PUT', '/v1/models/progression/policy', body, auth);
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.equal(bad.body.error.issues[0].field, field, JSON.stringify(bad.body.error.issues));
  }
  const set = await call('PUT', '/v1/models/progression/policy', { threshold: 150, by: 'clinic', why: 'follow up from 150' }, auth);
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(set.body.policy, { kind: 'number', boundary: 150, source: 'serving-policy' });
  assert.deepEqual(set.body.previous, { kind: 'number', boundary: 200, source: 'card' });
  const moved = (await call('POST', '/v1/models/progression/predict', { rows })).body.predictions as { prediction: number; decision: Record<string, unknown> }[];
  moved.forEach((p, r) => {
    assert.equal(p.prediction, first[r]!.prediction);
    assert.deepEqual(p.decision, { kind: 'boundary', boundary: 150, value: p.prediction, above: p.prediction >= 150, source: 'serving-policy' });
  });
  const alone = (await call('POST', '/v1/models/progression/predict', { row: rows[3] })).body.predictions[0];
  assert.deepEqual(alone.decision, moved[3]!.decision);
  // predict, monitor and retrain read the same boundary, recorded as an override of the registered one.
  const inForce = policyInForce(dir, 'progression', { kind: 'number', boundary: 200, source: 'card' }, 'regression');
  assert.deepEqual(inForce.policy, { kind: 'number', boundary: 150, source: 'serving' });
  assert.deepEqual(inForce.overrides.map((o) => [o.field, o.registered, o.used]), [['policy.boundary', 200, 150]]);
  assert.match(inForce.description, /^boundary 150 \(set on the server .* by clinic, in place of the registered boundary 200 from the card's decision\)$/);
  // {boundary} says the same, with any finite number.
  const everyone = await call('PUT', '/v1/models/progression/policy', { boundary: -12.5, why: 'everyone' }, auth);
  assert.equal(everyone.status, 200);
  // The audit names what each change replaced, in the package's words.
  assert.deepEqual(everyone.body.previous, { kind: 'number', boundary: 150, source: 'serving-policy' });
  const history = (await call('GET', '/v1/models/progression', undefined, auth)).body.policyHistory as { previous: unknown; policy: unknown; by: string }[];
  assert.deepEqual(history.map((h) => [h.previous, h.policy, h.by]), [
    [{ kind: 'number', boundary: 200, source: 'card' }, { kind: 'number', boundary: 150, source: 'serving-policy' }, 'clinic'],
    [{ kind: 'number', boundary: 150, source: 'serving-policy' }, { kind: 'number', boundary: -12.5, source: 'serving-policy' }, 'api'],
  ]);
  const all = (await call('POST', '/v1/models/progression/predict', { row: rows[0] })).body.predictions[0];
  assert.equal(all.decision.above, true);
});

test('multi-label decides each label at its own threshold; PUT {thresholds} changes those it names, refusing unknown labels by name', async () => {
  const rows = Array.from({ length: 60 }, (_, r) => requestRow(tagged, r * 5, ['tags']));
  const check = (predictions: { prediction: string[]; probabilities: Record<string, number>; decision: Record<string, unknown> }[], thresholds: Record<string, number>, source: string): number => {
    let differ = 0;
    for (const p of predictions) {
      const decided = Object.keys(p.probabilities).filter((l) => p.probabilities[l]! >= thresholds[l]!);
      assert.deepEqual(p.decision, { kind: 'labels', labels: decided, source });
      // The prediction stays the model's own set (its 0.5 for every label).
      assert.deepEqual(p.prediction, Object.keys(p.probabilities).filter((l) => p.probabilities[l]! >= 0.5));
      if (decided.join('|') !== p.prediction.join('|')) differ++;
    }
    return differ;
  };
  const registered = { female: 0.5, heavy: 0.2, long_bill: 0.8 };
  const first = await call('POST', '/v1/models/tags/predict', { rows });
  assert.equal(first.status, 200);
  assert.ok(check(first.body.predictions, registered, 'brief-best-value') > 0, 'the per-label thresholds change some sets');

  const unknown = await call('PUT', '/v1/models/tags/policy', { thresholds: { tall: 0.3, heavy: 1.5 }, why: 'x' }, auth);
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body.error.issues.map((i: { field: string }) => i.field), ['thresholds.tall', 'thresholds.heavy']);
  assert.match(unknown.body.error.issues[0].problem, /'tall' is not a label of this model \(labels: female, heavy, long_bill\)/);
  assert.equal((await call('PUT', '/v1/models/tags/policy', { threshold: 0.3, why: 'x' }, auth)).body.error.issues[0].field, 'threshold');

  const set = await call('PUT', '/v1/models/tags/policy', { thresholds: { heavy: 0.9 }, by: 'ops', why: 'only sure heavies' }, auth);
  assert.equal(set.status, 200);
  const now = { ...registered, heavy: 0.9 };
  assert.deepEqual(set.body.policy, { kind: 'label-thresholds', thresholds: now, source: 'serving-policy' });
  check((await call('POST', '/v1/models/tags/predict', { rows })).body.predictions, now, 'serving-policy');
  const inForce = policyInForce(dir, 'tags', { kind: 'label-thresholds', thresholds: registered, source: 'brief-best-value' }, 'multilabel');
  assert.deepEqual(inForce.policy, { kind: 'label-thresholds', thresholds: now, source: 'serving' });
  assert.deepEqual(inForce.overrides.map((o) => [o.field, o.registered, o.used]), [['policy.thresholds.heavy', 0.2, 0.9]]);
});

test('anomalies carry `score` (not a probability) and are flagged at the policy threshold; PUT {threshold} moves it', async () => {
  const measures = penguins.select(['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']);
  const rows = Array.from({ length: measures.rowCount }, (_, r) => requestRow(measures, r, [])).filter((row) => Object.values(row).every((v) => v !== null));
  rows.push({ bill_length_mm: 70, bill_depth_mm: 5, flipper_length_mm: 300, body_mass_g: 1500 });
  const reply = await call('POST', '/v1/models/odd/predict', { rows });
  assert.equal(reply.status, 200);
  const predictions = reply.body.predictions as { prediction: string; score: number; probabilities?: unknown; decision: Record<string, unknown> }[];
  for (const p of predictions) {
    assert.equal(p.probabilities, undefined, 'a score is not a probability');
    assert.equal(typeof p.score, 'number');
    const flagged = p.score >= 0.55;
    assert.deepEqual(p.decision, { kind: 'flag', threshold: 0.55, score: p.score, flagged, label: flagged ? 'anomaly' : 'normal', source: 'brief-best-value' });
  }
  assert.equal(predictions.at(-1)!.decision.flagged, true, 'a penguin of 1.5 kg with 300 mm flippers is flagged');
  assert.ok(predictions.some((p) => p.decision.flagged === false));

  // A version from before anomaly thresholds flags at the model's own cut, as a flag.
  const old = (await call('POST', '/v1/models/odd_old/predict', { rows })).body.predictions as typeof predictions;
  const cut = old[0]!.decision.threshold as number;
  assert.ok(cut > 0 && cut < 1);
  for (const p of old) {
    assert.equal(p.decision.kind, 'flag');
    assert.equal(p.decision.source, 'default');
    assert.equal(p.decision.flagged, p.prediction === 'anomaly', 'the same rows as the model flags itself');
  }
  const described = (await call('GET', '/v1/models/odd_old')).body.policy;
  assert.deepEqual(described, { kind: 'score-threshold', threshold: cut, flaggedShare: 0.05, source: 'default' });

  for (const body of [{ threshold: 'x', why: 'x' }, { threshold: null, why: 'x' }, { topK: 1, why: 'x' }]) {
    const bad = await call('PUT', '/v1/models/odd/policy', body, auth);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].field, Object.keys(body)[0]);
  }
  const set = await call('PUT', '/v1/models/odd/policy', { threshold: 0.5, by: 'ops', why: 'look at more rows' }, auth);
  assert.equal(set.status, 200);
  assert.deepEqual(set.body.policy, { kind: 'score-threshold', threshold: 0.5, flaggedShare: null, source: 'serving-policy' });
  const moved = (await call('POST', '/v1/models/odd/predict', { rows })).body.predictions as typeof predictions;
  let more = 0;
  moved.forEach((p, r) => {
    assert.equal(p.score, predictions[r]!.score);
    assert.equal(p.decision.flagged, p.score >= 0.5);
    assert.equal(p.decision.source, 'serving-policy');
    if (p.decision.flagged && !predictions[r]!.decision.flagged) more++;
  });
  assert.ok(more > 0, 'a lower threshold flags more rows');
  const inForce = policyInForce(dir, 'odd', { kind: 'score-threshold', threshold: 0.55, flaggedShare: 0.1, source: 'brief-best-value' }, 'anomaly');
  assert.deepEqual(inForce.policy, { kind: 'score-threshold', threshold: 0.5, flaggedShare: null, source: 'serving' });
  assert.deepEqual(inForce.overrides.map((o) => [o.field, o.registered, o.used]), [['policy.threshold', 0.55, 0.5]]);
});

test('the OpenAPI document gives every decision kind, the anomaly score, and the policy body each model takes', async () => {
  const doc = (await call('GET', '/openapi.json')).body;
  const kinds = doc.components.schemas.Decision.oneOf.map((d: { properties: { kind: { const: string } } }) => d.properties.kind.const);
  assert.deepEqual(kinds.sort(), ['boundary', 'expected-value', 'flag', 'label', 'labels', 'threshold', 'top-k', 'value']);
  assert.match(doc.components.schemas.Prediction.properties.score.description, /not a probability/);
  const body = (name: string): { properties: Record<string, { properties?: Record<string, unknown> }>; required: string[] } => doc.paths[`/v1/models/${name}/policy`].put.requestBody.content['application/json'].schema;
  assert.deepEqual(Object.keys(body('tags').properties.thresholds!.properties!).sort(), ['female', 'heavy', 'long_bill']);
  assert.ok('boundary' in body('progression').properties && 'threshold' in body('progression').properties);
  assert.ok('topK' in body('species').properties);
  assert.deepEqual(body('odd').required, ['threshold', 'why']);
});
