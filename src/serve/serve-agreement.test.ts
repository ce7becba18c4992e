// Serving agrees with the registered model and the docs, over HTTP on a churn table read through
// its card: the decision package's threshold and positive class (yes/no as the data writes them)
// decide, named with their source; left-out columns are accepted and ignored while typos are
// refused; linear models explain exactly; feedback labels must be classes; the log stores inputs
// as the model read them.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { FittedModel } from '../learn/estimator.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { Ridge } from '../learn/linear/ridge.js';
import { readTypeOf } from '../learn/signature.js';
import { cardDataSettings, type DecisionPackage, DECISION_PACKAGE_VERSION, type PolicySource } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { drawReferenceSample } from '../registry/reference-sample.js';
import type { SqliteModelStore } from '../registry/sqlite-store.js';
import { CHURN_CARD, CHURN_ROW, churnProblem } from './churn-fixture.js';
import { type JsonReply, jsonCall, loggedPrediction, type PenguinRegistry, penguinRegistry } from './serve-fixtures.js';
import { type RunningServer, buildServer } from './server.js';

const TOKEN = 'serving agrees';
const auth = { authorization: `Bearer ${TOKEN}` };
let reg: PenguinRegistry;
let server: RunningServer;
let base: string;
let churnDir: string;
let fitFrame: Frame;
let linearModel: FittedModel;

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonReply> => jsonCall(base, method, path, body, headers);

/** Registers a churn model as `brief --register` would: the card, and a package deciding at 0.17 on 'yes' (the card says 0.5). */
function registerChurn(store: SqliteModelStore, name: string, model: FittedModel, leftOut: DecisionPackage['leftOut'], source: PolicySource = 'brief-best-value'): void {
  const decision: DecisionPackage = {
    version: DECISION_PACKAGE_VERSION,
    data: cardDataSettings({ data: { file: 'churn.csv', missing: [''], types: { zone: 'categorical', churned: 'categorical' } } }),
    policy: { kind: 'threshold', threshold: 0.17, positiveClass: 'yes', source },
    promise: { metrics: {}, value: null, positiveRate: 0.3, rows: fitFrame.rowCount },
    business: {},
    ...(leftOut === undefined ? {} : { leftOut }),
  };
  const lineage = { ...buildLineage({ frame: fitFrame, model, framewiseVersion: '0.0.0', card: CHURN_CARD }), decision };
  const json = model.toJSON() as unknown as Parameters<SqliteModelStore['register']>[0]['model'];
  const v = store.register({ name, model: json, lineage, referenceSample: drawReferenceSample(fitFrame, model.signature) });
  store.setAlias(name, 'champion', v.version, 'test', 'briefed');
}

before(async () => {
  reg = await penguinRegistry();
  const churn = await churnProblem();
  churnDir = churn.dir;
  fitFrame = churn.fitFrame;
  registerChurn(reg.store, 'churn', await new Gbdt({ max_iter: 30 }).fit(fitFrame, 'churned'), churn.problem.leftOut);
  linearModel = await new LogisticRegression().fit(fitFrame, 'churned');
  // Without the package's list of left-out columns: the card still names the id, time, target, rule and unavailable columns.
  registerChurn(reg.store, 'churn_linear', linearModel, undefined);
  // The same model with a threshold the card fixed (static).
  registerChurn(reg.store, 'churn_static', linearModel, churn.problem.leftOut, 'card-static');
  const all = reg.frame;
  const mass = all.column('body_mass_g');
  const massFrame = all.take([...Array(all.rowCount).keys()].filter((i) => mass.kind === 'numeric' && !Number.isNaN(mass.values[i]!))).drop(['species', 'year']);
  const ridge = await new Ridge().fit(massFrame, 'body_mass_g');
  const v = reg.store.register({ name: 'mass', model: ridge.toJSON() as unknown as Parameters<SqliteModelStore['register']>[0]['model'], lineage: buildLineage({ frame: massFrame, model: ridge, framewiseVersion: '0.0.0' }) });
  reg.store.setAlias('mass', 'champion', v.version, 'test', 'first');
  server = buildServer({ store: reg.store, dataDir: reg.dir, token: TOKEN, maxRows: 100, pollMs: 50, logFlushMs: 20 });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await server.close();
  reg.store.close();
  rmSync(reg.dir, { recursive: true, force: true });
  rmSync(churnDir, { recursive: true, force: true });
});

/** Training row i as a client sends it: categories as strings, times as ISO 8601, the target left out. */
function churnRow(i: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of fitFrame.columns) {
    if (c.name === 'churned') continue;
    const v = valueAt(c, i);
    row[c.name] = c.kind === 'datetime' && typeof v === 'number' ? new Date(v).toISOString() : v;
  }
  return row;
}

test("the decision package decides: its threshold on 'yes', named with its source, not the card's 0.5; a policy set later wins", async () => {
  const rows = Array.from({ length: 80 }, (_, i) => churnRow(i));
  const reply = await call('POST', '/v1/models/churn/predict', { rows });
  assert.equal(reply.status, 200);
  let between = 0;
  for (const p of reply.body.predictions) {
    assert.deepEqual(Object.keys(p.probabilities).sort(), ['no', 'yes']);
    assert.ok(['yes', 'no'].includes(p.prediction));
    const pYes = p.probabilities.yes as number;
    assert.deepEqual(p.decision, { kind: 'threshold', threshold: 0.17, positiveClass: 'yes', positive: pYes >= 0.17, label: pYes >= 0.17 ? 'yes' : 'no', source: 'brief-best-value' });
    if (pYes >= 0.17 && pYes < 0.5) between++;
  }
  assert.ok(between > 0, 'some rows are decided differently at 0.17 than at the card’s 0.5');
  // One row takes the single-row path of the boosting model: the same decision and source.
  const one = (await call('POST', '/v1/models/churn/predict', { row: rows[0] })).body.predictions[0];
  assert.deepEqual(one.decision, reply.body.predictions[0].decision);
  assert.deepEqual((await call('GET', '/v1/models/churn')).body.policy, { kind: 'threshold', threshold: 0.17, positiveClass: 'yes', source: 'brief-best-value' });
  const listed = (await call('GET', '/v1/models')).body.models.find((m: { name: string }) => m.name === 'churn');
  assert.equal(listed.served.policy.source, 'brief-best-value');

  const put = await call('PUT', '/v1/models/churn/policy', { threshold: 0.6, by: 'ops', why: 'fewer calls this month' }, auth);
  assert.equal(put.status, 200);
  assert.equal(put.body.warning, undefined, 'a dynamic threshold may move');
  // A threshold the card fixed is changed as asked, and the answer says it goes against the card.
  const fixed = await call('PUT', '/v1/models/churn_static/policy', { threshold: 0.6, by: 'ops', why: 'fewer calls this month' }, auth);
  assert.equal(fixed.status, 200);
  assert.match(fixed.body.warning, /fixes this model's threshold \(decision\.thresholdMode: static\)/);
  assert.equal(fixed.body.previous.source, 'card-static');
  const later = (await call('POST', '/v1/models/churn/predict', { row: rows[0] })).body.predictions[0];
  assert.equal(later.decision.threshold, 0.6);
  assert.equal(later.decision.positiveClass, 'yes');
  assert.equal(later.decision.source, 'serving-policy');
  assert.deepEqual((await call('GET', '/v1/models/churn')).body.policy, { kind: 'threshold', threshold: 0.6, positiveClass: 'yes', source: 'serving-policy' });
});

test('columns the model left out are accepted and ignored; a field the training data never had is refused, with the closest name', async () => {
  const cardNamed = { customer_id: 'C99999', signup_date: '2024-01-02', cancellation_reason: 'price', churned: 'yes', 'rule: unhappy': true };
  // The free-text note is named by no card field: the package's list of left-out columns tells the server about it.
  for (const [name, extras] of [['churn', { ...cardNamed, note: 'Ticket 1: slow app, asked for a refund.' }], ['churn_linear', cardNamed]] as const) {
    const plain = await call('POST', `/v1/models/${name}/predict`, { row: CHURN_ROW });
    const withExtras = await call('POST', `/v1/models/${name}/predict`, { row: { ...extras, ...CHURN_ROW } });
    assert.equal(withExtras.status, 200, `${name}: ${JSON.stringify(withExtras.body)}`);
    assert.deepEqual(withExtras.body.predictions[0].probabilities, plain.body.predictions[0].probabilities);
    const many = await call('POST', `/v1/models/${name}/predict`, { rows: [{ ...CHURN_ROW, ...extras }, CHURN_ROW] });
    assert.equal(many.status, 200);
    assert.deepEqual(many.body.predictions[0].probabilities, many.body.predictions[1].probabilities);
  }
  // Both name them: the model's description and its OpenAPI row schema.
  assert.deepEqual((await call('GET', '/v1/models/churn')).body.served.ignoredFields, ['cancellation_reason', 'churned', 'customer_id', 'note', 'rule: unhappy', 'signup_date']);
  const schema = (await call('GET', '/openapi.json')).body.components.schemas.churnRow;
  assert.ok(schema.properties.note && schema.properties.customer_id && !schema.required.includes('note'));
  const typo = await call('POST', '/v1/models/churn/predict', { rows: [{ ...CHURN_ROW, tenure_monts: 5 }, { ...CHURN_ROW, favourite_colour: 'blue' }] });
  assert.equal(typo.status, 400);
  const issues = typo.body.error.issues as { row: number; field: string; problem: string }[];
  assert.deepEqual(issues.map((i) => [i.row, i.field]), [[0, 'tenure_monts'], [1, 'favourite_colour']]);
  assert.match(issues[0]!.problem, /unknown field.*did you mean 'tenure_months'/);
  assert.match(issues[1]!.problem, /unknown field/);
});

test('feedback must carry one of the classes as the data writes them (or a number for regression), else 400 listing them', async () => {
  const id = (await call('POST', '/v1/models/churn/predict', { row: CHURN_ROW })).body.predictions[0].id as string;
  for (const label of ['true', true, 'Yes', 1]) {
    const refused = await call('POST', '/v1/feedback', { predictionId: id, label }, auth);
    assert.equal(refused.status, 400, JSON.stringify(label));
    assert.match(refused.body.error.message, /is not a class of churn v1: its classes are ("no", "yes"|"yes", "no")\./);
    assert.equal(refused.body.error.issues[0].field, 'label');
  }
  assert.equal((await call('POST', '/v1/feedback', { predictionId: id, label: 'yes' }, auth)).status, 201);

  const massRow = { island: 'Biscoe', bill_length_mm: 47.5, bill_depth_mm: 15.0, flipper_length_mm: 217, sex: 'male' };
  const massId = (await call('POST', '/v1/models/mass/predict', { row: massRow })).body.predictions[0].id as string;
  const heavy = await call('POST', '/v1/feedback', { predictionId: massId, label: 'heavy' }, auth);
  assert.equal(heavy.status, 400);
  assert.match(heavy.body.error.issues[0].problem, /finite number/);
  assert.equal((await call('POST', '/v1/feedback', { predictionId: massId, label: 5150 }, auth)).status, 201);
  assert.equal((await call('POST', '/v1/feedback', { predictionId: massId, label: '5150' }, auth)).status, 201);
});

test('the log stores each input as the model read it: a number sent for a category as its text, a date-time as the instant read', async () => {
  // support_tickets_90d holds 0–8 and was read as categories in training; tenure_months as numbers.
  const features = new Map((await call('GET', '/v1/models/churn')).body.served.signature.features.map((f: { name: string; type: string }) => [f.name, f.type]));
  assert.equal(features.get('support_tickets_90d'), 'categorical');
  assert.equal(features.get('tenure_months'), 'numeric');
  const refused = await call('POST', '/v1/models/churn/predict', { row: { ...CHURN_ROW, tenure_months: '5' } });
  assert.equal(refused.status, 400);
  assert.match(refused.body.error.issues[0].problem, /expected a number, got string "5"/);

  const sent = { ...CHURN_ROW, support_tickets_90d: 1, zone: 2, last_login: '2024-03-05', customer_id: 'C1' };
  const asText = await call('POST', '/v1/models/churn/predict', { row: { ...sent, support_tickets_90d: '1', zone: '2', last_login: '2024-03-05T00:00:00.000Z' } });
  const reply = await call('POST', '/v1/models/churn/predict', { rows: [sent] });
  assert.equal(reply.status, 200);
  const p = reply.body.predictions[0];
  assert.deepEqual(p.probabilities, asText.body.predictions[0].probabilities, 'the model reads 1 and "1" alike');
  assert.deepEqual(p.outOfDistribution, []);
  const entry = (await loggedPrediction(reg.dir, p.id as string)) as { inputs: Record<string, unknown> } | undefined;
  assert.ok(entry !== undefined, 'the prediction reached the log');
  assert.deepEqual(entry.inputs, { ...sent, support_tickets_90d: '1', zone: '2', last_login: '2024-03-05T00:00:00.000Z' });
  // Read back with the model's types, as monitoring reads the log, it is the row the model saw: no value out of distribution.
  const file = join(churnDir, 'logged.ndjson');
  writeFileSync(file, `${JSON.stringify(entry.inputs)}\n`);
  const types: Record<string, SemanticType> = {};
  for (const f of linearModel.signature.features) types[f.name] = readTypeOf(f);
  const back = (await loadFrame(file, { format: 'ndjson', types, missing: [] })).frame;
  const tickets = back.column('support_tickets_90d');
  assert.ok(tickets.kind === 'categorical');
  assert.equal(tickets.dictionary[tickets.codes[0]!], '1');
  const login = back.column('last_login');
  assert.ok(login.kind === 'datetime');
  assert.equal(login.values[0], Date.parse('2024-03-05T00:00:00Z'));
});

test('a linear model explains exactly, measured from its training rows: the expected value is the mean training log-odds', async () => {
  const rows = [churnRow(0), churnRow(1), CHURN_ROW];
  const explained = await call('POST', '/v1/models/churn_linear/explain', { rows });
  assert.equal(explained.status, 200);
  assert.equal(explained.body.method, 'linear');
  assert.equal(explained.body.scale, 'log-odds');
  const predicted = (await call('POST', '/v1/models/churn_linear/predict', { rows })).body.predictions;
  const second = (linearModel as unknown as { classes: string[] }).classes[1]!;
  explained.body.explanations.forEach((e: { outputs: { output: string; expected: number; contributions: Record<string, number> }[] }, i: number) => {
    const out = e.outputs[0]!;
    assert.equal(out.output, `log-odds of ${second}`);
    assert.deepEqual(Object.keys(out.contributions), ['region', 'tenure_months', 'support_tickets_90d', 'zone', 'last_login']);
    const q = predicted[i].probabilities[second] as number;
    const sum = out.expected + Object.values(out.contributions).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - Math.log(q / (1 - q))) < 1e-8, `row ${i}: ${sum} vs ${Math.log(q / (1 - q))}`);
  });
  const training = linearModel.predict(fitFrame);
  assert.ok(training.kind === 'classification');
  const k = training.classes.indexOf(second);
  let mean = 0;
  for (let i = 0; i < fitFrame.rowCount; i++) {
    const q = training.probabilities[i * 2 + k]!;
    mean += Math.log(q / (1 - q)) / fitFrame.rowCount;
  }
  assert.ok(Math.abs(explained.body.explanations[0].outputs[0].expected - mean) < 1e-8);
});
