// The server end to end over HTTP on a loopback port: every route, every kind of invalid request,
// policies used by the next request, tokens, the prediction log, and a promotion under traffic.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loggedPrediction, type PenguinRegistry, penguinRegistry, SEX_ROW, SPECIES_ROW } from './serve-fixtures.js';
import { type RunningServer, buildServer } from './server.js';
import { SERVE_DB_FILE } from './serve-db.js';

const TOKEN = 'correct horse battery staple';
let reg: PenguinRegistry;
let server: RunningServer;
let base: string;

before(async () => {
  reg = await penguinRegistry();
  server = buildServer({ store: reg.store, dataDir: reg.dir, token: TOKEN, maxRows: 50, bodyLimit: 64 * 1024, pollMs: 50, logFlushMs: 20 });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await server.close();
  reg.store.close();
  rmSync(reg.dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON read in tests
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // metrics are text
  }
  return { status: res.status, body: parsed };
}

const auth = { authorization: `Bearer ${TOKEN}` };

test('predicts one row and many rows in the user labels, with probabilities, decision, version and ids', async () => {
  const one = await call('POST', '/v1/models/species/predict', { row: SPECIES_ROW });
  assert.equal(one.status, 200);
  const p = one.body.predictions[0];
  assert.equal(p.prediction, 'Gentoo');
  assert.deepEqual(Object.keys(p.probabilities).sort(), ['Adelie', 'Chinstrap', 'Gentoo']);
  const sum = Object.values(p.probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9);
  assert.equal(p.version, 1);
  assert.match(p.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(p.outOfDistribution, []);
  const adelie = { ...SPECIES_ROW, island: 'Torgersen', bill_length_mm: 38, bill_depth_mm: 18.5, flipper_length_mm: 188, body_mass_g: 3600 };
  const many = await call('POST', '/v1/models/species/predict', { rows: [SPECIES_ROW, adelie] });
  assert.deepEqual(many.body.predictions.map((r: { prediction: string }) => r.prediction), ['Gentoo', 'Adelie']);
  assert.notEqual(many.body.predictions[0].id, many.body.predictions[1].id);
});

test('flags values outside training: out of range, unseen category, missing where training had none', async () => {
  const res = await call('POST', '/v1/models/sex/predict', { rows: [SEX_ROW, { ...SEX_ROW, bill_length_mm: 80, island: 'Atlantis', body_mass_g: null }] });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.predictions[0].outOfDistribution, []);
  assert.deepEqual(res.body.predictions[1].outOfDistribution, [
    { field: 'island', reason: 'unseen-category' },
    { field: 'bill_length_mm', reason: 'above-training-range' },
    { field: 'body_mass_g', reason: 'missing' },
  ]);
  // species was trained with missing sex values, so null there is no surprise; 1 g is below range.
  const species = await call('POST', '/v1/models/species/predict', { row: { ...SPECIES_ROW, sex: null, body_mass_g: 1 } });
  assert.deepEqual(species.body.predictions[0].outOfDistribution, [{ field: 'body_mass_g', reason: 'below-training-range' }]);
});

test('one row with a category training never saw is answered and flagged, and logged as sent with its outputs', async () => {
  const text = `{"row": ${JSON.stringify({ ...SPECIES_ROW, island: 'Atlantis' })} }`;
  const res = await call('POST', '/v1/models/species/predict', text);
  assert.equal(res.status, 200);
  const p = res.body.predictions[0];
  assert.deepEqual(p.outOfDistribution, [{ field: 'island', reason: 'unseen-category' }]);
  assert.ok(['Adelie', 'Chinstrap', 'Gentoo'].includes(p.prediction));
  assert.deepEqual(Object.keys(res.body.predictions[0]), ['id', 'model', 'version', 'prediction', 'probabilities', 'decision', 'outOfDistribution']);
  const explained = await call('POST', '/v1/models/species/explain', { row: { ...SPECIES_ROW, island: 'Atlantis' } });
  assert.equal(explained.status, 200);
  assert.deepEqual(explained.body.explanations[0].outOfDistribution, [{ field: 'island', reason: 'unseen-category' }]);
  // The log writes in batches off the request path: wait (a loaded machine may take a while) for the row.
  const logged = await loggedPrediction(reg.dir, p.id);
  assert.ok(logged !== undefined, 'the prediction reached the log');
  assert.deepEqual(logged.inputs, { ...SPECIES_ROW, island: 'Atlantis' });
  assert.deepEqual(logged.outputs, { prediction: p.prediction, probabilities: p.probabilities });
  assert.deepEqual(logged.decision, p.decision);
  assert.deepEqual(logged.ood, p.outOfDistribution);
});

test('a version can be called by path, and an unknown model or version is a 404', async () => {
  const v2 = await call('POST', '/v1/models/sex/versions/2/predict', { row: SEX_ROW });
  assert.equal(v2.status, 200);
  assert.equal(v2.body.version, 2);
  const missing = await call('POST', '/v1/models/sex/versions/9/predict', { row: SEX_ROW });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'MODEL_NOT_FOUND');
  const unknown = await call('POST', '/v1/models/nope/predict', { row: SEX_ROW });
  assert.equal(unknown.status, 404);
  assert.match(unknown.body.error.message, /nope/);
  const badVersion = await call('POST', '/v1/models/sex/versions/x/predict', { row: SEX_ROW });
  assert.equal(badVersion.status, 400);
  const route = await call('GET', '/v2/anything');
  assert.equal(route.status, 404);
  assert.equal(route.body.error.code, 'ROUTE_NOT_FOUND');
});

test('lists every problem of a bad request by row and field', async () => {
  // JSON has no Infinity, but 1e999 parses to it: the body is written by hand to send one.
  const body = JSON.stringify({
    rows: [{ ...SEX_ROW, bill_length_mm: 'long', colour: 'blue' }, { ...SEX_ROW, body_mass_g: 'HUGE', species: true }, 'not a row', { island: 'Dream' }],
  }).replace('"HUGE"', '1e999');
  const res = await call('POST', '/v1/models/sex/predict', body);
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, 'REQUEST_INVALID');
  const issues = res.body.error.issues as { row?: number; field: string; problem: string }[];
  const at = (row: number, field: string) => issues.find((i) => i.row === row && i.field === field);
  assert.match(at(0, 'bill_length_mm')!.problem, /expected a number/);
  assert.match(at(0, 'colour')!.problem, /unknown field/);
  assert.match(at(1, 'body_mass_g')!.problem, /finite/);
  assert.match(at(1, 'species')!.problem, /expected a string/);
  assert.match(at(2, '(row)')!.problem, /expected an object/);
  for (const field of ['species', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']) assert.match(at(3, field)!.problem, /missing field/);
  assert.equal(at(3, 'island'), undefined);
  assert.equal(issues.length, 2 + 2 + 1 + 5);
});

test('refuses bodies of the wrong shape, too many rows, too large, malformed JSON, not JSON', async () => {
  const cases: [unknown, RegExp][] = [
    [[SEX_ROW], /expected a JSON object/],
    [{ rows: [SEX_ROW], row: SEX_ROW }, /not both/],
    [{ rowz: [SEX_ROW] }, /unknown field/],
    [{ rows: [] }, /empty/],
    [{ rows: 'x' }, /expected an array/],
    [{ rows: Array.from({ length: 51 }, () => SEX_ROW) }, /too many rows: 51 sent, at most 50/],
  ];
  for (const [body, problem] of cases) {
    const res = await call('POST', '/v1/models/sex/predict', body);
    assert.equal(res.status, 400, JSON.stringify(body).slice(0, 60));
    assert.ok((res.body.error.issues as { problem: string }[]).some((i) => problem.test(i.problem)), JSON.stringify(res.body));
  }
  const big = await call('POST', '/v1/models/sex/predict', { rows: [{ ...SEX_ROW, species: 'x'.repeat(70_000) }] });
  assert.equal(big.status, 413);
  assert.equal(big.body.error.code, 'REQUEST_TOO_LARGE');
  const malformed = await call('POST', '/v1/models/sex/predict', '{"rows": [');
  assert.equal(malformed.status, 400);
  assert.match(malformed.body.error.message, /not valid JSON/);
  const proto = await call('POST', '/v1/models/sex/predict', '{"row": {"__proto__": {"x": 1}}}');
  assert.equal(proto.status, 400);
  const text = await fetch(`${base}/v1/models/sex/predict`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
  assert.equal(text.status, 400);
  const empty = await fetch(`${base}/v1/models/sex/predict`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  assert.equal(empty.status, 400);
  const blank = await call('POST', '/v1/models/sex/predict', ' \n ');
  assert.equal(blank.status, 400);
  assert.match(blank.body.error.message, /body is empty/);
  // The server is still fine after all of that.
  assert.equal((await call('GET', '/healthz')).status, 200);
});

test('explains tree models with TreeSHAP and linear models exactly', async () => {
  const res = await call('POST', '/v1/models/species/explain', { rows: [SPECIES_ROW] });
  assert.equal(res.status, 200);
  assert.equal(res.body.scale, 'raw-score');
  const outputs = res.body.explanations[0].outputs as { output: string; expected: number; contributions: Record<string, number> }[];
  assert.equal(outputs.length, 3);
  assert.deepEqual(Object.keys(outputs[0]!.contributions), ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex']);
  // Contributions add up to the raw score: the softmax of (expected + sum) gives the predicted probabilities.
  const raw = outputs.map((o) => o.expected + Object.values(o.contributions).reduce((a, b) => a + b, 0));
  const z = raw.map((r) => Math.exp(r - Math.max(...raw)));
  const probs = z.map((v) => v / z.reduce((a, b) => a + b, 0));
  const predicted = (await call('POST', '/v1/models/species/predict', { rows: [SPECIES_ROW] })).body.predictions[0].probabilities;
  assert.ok(Math.abs(probs[2]! - predicted.Gentoo) < 1e-9);
  assert.equal(res.body.method, 'tree-shap');
  // The logistic regression is explained too (it was refused before): per class, expected + contributions is its softmax score.
  const linear = await call('POST', '/v1/models/species_linear/explain', { row: { bill_length_mm: 40, bill_depth_mm: 18 } });
  assert.equal(linear.status, 200);
  assert.equal(linear.body.method, 'linear');
  assert.equal(linear.body.scale, 'raw-score');
  const scores = (linear.body.explanations[0].outputs as { expected: number; contributions: Record<string, number> }[]).map((o) => o.expected + Object.values(o.contributions).reduce((a, b) => a + b, 0));
  const e = scores.map((r) => Math.exp(r - Math.max(...scores)));
  const linearPredicted = (await call('POST', '/v1/models/species_linear/predict', { row: { bill_length_mm: 40, bill_depth_mm: 18 } })).body.predictions[0].probabilities;
  assert.ok(Math.abs(e[0]! / e.reduce((a, b) => a + b, 0) - linearPredicted.Adelie) < 1e-9);
});

test('describes models: list, one model with signature, versions, aliases and policy', async () => {
  const list = await call('GET', '/v1/models');
  assert.deepEqual(list.body.models.map((m: { name: string }) => m.name).sort(), ['sex', 'species', 'species_linear']);
  const sex = await call('GET', '/v1/models/sex');
  assert.equal(sex.status, 200);
  assert.deepEqual(sex.body.versions.map((v: { version: number }) => v.version), [1, 2]);
  assert.equal(sex.body.served.task, 'binary');
  assert.ok(sex.body.served.signature.features.some((f: { name: string }) => f.name === 'bill_length_mm'));
  assert.deepEqual(sex.body.served.classes, ['female', 'male']);
  assert.equal((await call('GET', '/v1/models/nope')).status, 404);
});

test('a policy change needs the token, is audited, and the next request decides with it', async () => {
  const row = { rows: [SEX_ROW] };
  const before = (await call('POST', '/v1/models/sex/predict', row)).body.predictions[0];
  const pMale = before.probabilities.male as number;
  assert.equal((await call('PUT', '/v1/models/sex/policy', { threshold: 0.1, why: 'x' })).status, 401);
  assert.equal((await call('PUT', '/v1/models/sex/policy', { threshold: 0.1, why: 'x' }, { authorization: 'Bearer wrong' })).status, 401);
  const bad = await call('PUT', '/v1/models/sex/policy', { threshold: 2, topK: 1, colour: 1 }, auth);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.issues.map((i: { field: string }) => i.field).sort(), ['colour', 'threshold', 'why']);
  const threshold = pMale / 2;
  const set = await call('PUT', '/v1/models/sex/policy', { threshold, by: 'ops', why: 'catch more males' }, auth);
  assert.equal(set.status, 200);
  // The answer names the class the threshold acts on, and what it replaced: the version's package policy, as none was set before.
  const registered = { kind: 'threshold', threshold: 0.5, positiveClass: 'male', source: 'default' };
  assert.deepEqual(set.body.policy, { kind: 'threshold', threshold, positiveClass: 'male', source: 'serving-policy' });
  assert.deepEqual(set.body.previous, registered);
  const after = (await call('POST', '/v1/models/sex/predict', row)).body.predictions[0];
  assert.deepEqual(after.decision, { kind: 'threshold', threshold, positiveClass: 'male', positive: true, label: 'male', source: 'serving-policy' });
  assert.equal(before.decision.source, 'default');
  assert.equal(before.decision.positive, pMale >= 0.5);
  // Who made the change is shown to a request carrying the token (withheld otherwise: see hostile-http.test.ts).
  const described = await call('GET', '/v1/models/sex', undefined, auth);
  assert.deepEqual(described.body.policy, { kind: 'threshold', threshold, positiveClass: 'male', source: 'serving-policy' });
  assert.equal(described.body.policyHistory.at(-1).by, 'ops');
  assert.equal(described.body.policyHistory.at(-1).why, 'catch more males');
  assert.deepEqual(described.body.policyHistory.at(-1).previous, registered);
  assert.deepEqual(described.body.policyHistory.at(-1).policy, { kind: 'threshold', threshold, positiveClass: 'male', source: 'serving-policy' });
  // A second change names the first as what it replaced.
  const again = await call('PUT', '/v1/models/sex/policy', { threshold: 0.5, by: 'ops', why: 'back to the default' }, auth);
  assert.deepEqual(again.body.previous, { kind: 'threshold', threshold, positiveClass: 'male', source: 'serving-policy' });
  assert.equal((await call('PUT', '/v1/models/sex/policy', { threshold, by: 'ops', why: 'catch more males' }, auth)).status, 200);
  // Top-k for multiclass; a threshold is refused there.
  assert.equal((await call('PUT', '/v1/models/species/policy', { threshold: 0.3, why: 'x' }, auth)).status, 400);
  assert.equal((await call('PUT', '/v1/models/species/policy', { topK: 2, why: 'show two' }, auth)).status, 200);
  const top = (await call('POST', '/v1/models/species/predict', { row: SPECIES_ROW })).body.predictions[0];
  assert.equal(top.decision.kind, 'top-k');
  assert.equal(top.decision.labels[0], 'Gentoo');
  assert.equal(top.decision.labels.length, 2);
  assert.equal(top.decision.source, 'serving-policy');
});

test('feedback needs the token and a logged prediction id', async () => {
  const id = (await call('POST', '/v1/models/sex/predict', { row: SEX_ROW })).body.predictions[0].id as string;
  assert.equal((await call('POST', '/v1/feedback', { predictionId: id, label: 'female' })).status, 401);
  const ok = await call('POST', '/v1/feedback', { predictionId: id, label: 'female' }, auth);
  assert.equal(ok.status, 201);
  const unknown = await call('POST', '/v1/feedback', { predictionId: 'no-such-id', label: 'female' }, auth);
  assert.equal(unknown.status, 400);
  const bad = await call('POST', '/v1/feedback', { label: null }, auth);
  assert.deepEqual(bad.body.error.issues.map((i: { field: string }) => i.field).sort(), ['label', 'predictionId']);
  const logged = await loggedPrediction(reg.dir, id);
  assert.ok(logged !== undefined, 'the prediction reached the log');
  const db = new Database(join(reg.dir, SERVE_DB_FILE), { readonly: true });
  const labels = db.prepare('SELECT label FROM feedback WHERE prediction_id = ?').pluck().all(id);
  db.close();
  assert.deepEqual({ model: logged.model, version: logged.version, labels, inputs: logged.inputs }, { model: 'sex', version: 1, labels: ['female'], inputs: SEX_ROW });
});

test('openapi, health, readiness and metrics', async () => {
  const doc = await call('GET', '/openapi.json');
  assert.equal(doc.body.openapi, '3.1.0');
  const row = doc.body.components.schemas.sexRow;
  assert.equal(row.additionalProperties, false);
  assert.deepEqual(row.properties.bill_length_mm.type, 'number');
  assert.ok(doc.body.paths['/v1/models/species/predict']);
  assert.deepEqual(await call('GET', '/healthz'), { status: 200, body: { status: 'ok' } });
  assert.equal((await call('GET', '/readyz')).body.status, 'ready');
  const metrics = (await call('GET', '/metrics')).body as string;
  assert.match(metrics, /framewise_http_requests_total\{method="POST",route="\/v1\/models\/:name\/predict",status="200"\} \d+/);
  assert.match(metrics, /framewise_http_request_duration_seconds_bucket/);
  assert.match(metrics, /framewise_http_errors_total\{route="\/v1\/models\/:name\/predict",code="REQUEST_INVALID"\}/);
  assert.match(metrics, /framewise_predictions_total\{model="species",version="1",class="Gentoo"\}/);
  assert.match(metrics, /framewise_ood_values_total\{model="sex",field="island",reason="unseen-category"\}/);
  assert.match(metrics, /framewise_model_version\{model="sex"\} \d/);
  assert.ok(!metrics.includes(TOKEN));
});

test('/openapi.json describes every route the server registered, by its template', async () => {
  const doc = (await call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const routes = server.routes.filter((r) => r.method !== 'HEAD');
  assert.ok(routes.length >= 11, `only ${routes.length} routes seen`);
  // A route added without its entry in openapi.ts fails here, named.
  const missing = routes.filter((r) => doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()] === undefined).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(missing, []);
  // And the document names no route the server lacks.
  const served = new Set(routes.map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
  const templated = Object.entries(doc.paths).filter(([path]) => path.includes('{name}') || !path.startsWith('/v1/models/'));
  const extra = templated.flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`)).filter((op) => !served.has(op));
  assert.deepEqual(extra, []);
  assert.ok(doc.paths['/v1/models/{name}/policy']?.put !== undefined && doc.paths['/v1/models/sex/policy']?.put !== undefined);
});

test('a promotion and a rollback under concurrent traffic: no failed request, the new version picked up', async () => {
  const seen = new Set<number>();
  let failures = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const res = await call('POST', '/v1/models/sex/predict', { row: SEX_ROW });
      if (res.status !== 200) failures++;
      else seen.add(res.body.version as number);
    }
  };
  const workers = Array.from({ length: 4 }, worker);
  await new Promise((r) => setTimeout(r, 150));
  reg.store.setAlias('sex', 'champion', 2, 'test', 'better model');
  const promoted = Date.now();
  while (!seen.has(2) && Date.now() - promoted < 3000) await new Promise((r) => setTimeout(r, 20));
  reg.store.rollback('sex', 'champion', 'test', 'roll back');
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(workers);
  assert.equal(failures, 0);
  assert.deepEqual([...seen].sort(), [1, 2]);
  const last = await call('POST', '/v1/models/sex/predict', { row: SEX_ROW });
  assert.equal(last.body.version, 1);
  assert.match((await call('GET', '/metrics')).body as string, /framewise_model_version\{model="sex"\} 1/);
});

test('--protect-predict asks for the token on prediction routes; without a token write routes stay shut', async () => {
  const guarded = buildServer({ store: reg.store, dataDir: reg.dir, token: TOKEN, protectPredict: true });
  const open = buildServer({ store: reg.store, dataDir: reg.dir });
  try {
    const g = await guarded.app.listen({ port: 0, host: '127.0.0.1' });
    const o = await open.app.listen({ port: 0, host: '127.0.0.1' });
    const post = (b: string, path: string, headers: Record<string, string> = {}) =>
      fetch(b + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ row: SEX_ROW }) });
    assert.equal((await post(g, '/v1/models/sex/predict')).status, 401);
    assert.equal((await post(g, '/v1/models/sex/predict', { authorization: `Bearer ${TOKEN}x` })).status, 401);
    assert.equal((await post(g, '/v1/models/sex/predict', auth)).status, 200);
    assert.equal((await post(g, '/v1/models/sex/explain')).status, 401);
    assert.equal((await post(o, '/v1/models/sex/predict')).status, 200);
    const policy = await fetch(`${o}/v1/models/sex/policy`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bearer anything' }, body: JSON.stringify({ threshold: 0.3, why: 'x' }) });
    assert.equal(policy.status, 401);
    assert.match(((await policy.json()) as { error: { message: string } }).error.message, /none configured/);
  } finally {
    await guarded.close();
    await open.close();
  }
});

test("a model registered with a card decides for the card's positive class at the card's threshold until a policy is set", async () => {
  const { Gbdt } = await import('../learn/gbdt/gbdt.js');
  const { buildLineage } = await import('../registry/lineage.js');
  const frame = reg.frame.drop(['year']);
  const rows = Array.from({ length: frame.rowCount }, (_, i) => i).filter((i) => (frame.column('sex') as { codes: Int32Array }).codes[i]! >= 0);
  const sexFrame = frame.take(rows);
  const model = await new Gbdt({ max_iter: 10 }).fit(sexFrame, 'sex');
  const card = 'data:\n  file: penguins.csv\ntarget: sex\ndecision:\n  positiveClass: female\n  threshold: 0.3\n';
  const v = reg.store.register({ name: 'sex_carded', model: model.toJSON() as unknown as Parameters<typeof reg.store.register>[0]['model'], lineage: buildLineage({ frame: sexFrame, model, framewiseVersion: '0.0.0', card }) });
  reg.store.setAlias('sex_carded', 'champion', v.version, 'test', 'card decides');
  const reply = await call('POST', '/v1/models/sex_carded/predict', { rows: [SEX_ROW, { ...SEX_ROW, species: 'Gentoo', body_mass_g: 6000, bill_length_mm: 50 }] });
  assert.equal(reply.status, 200);
  for (const p of reply.body.predictions) {
    const pFemale = p.probabilities.female as number;
    assert.deepEqual(p.decision, { kind: 'threshold', threshold: 0.3, positiveClass: 'female', positive: pFemale >= 0.3, label: pFemale >= 0.3 ? 'female' : 'male', source: 'card' });
  }
  assert.deepEqual((await call('GET', '/v1/models/sex_carded')).body.policy, { kind: 'threshold', threshold: 0.3, positiveClass: 'female', source: 'card' });
  // A policy set later moves the threshold; the positive class stays the card's.
  assert.equal((await call('PUT', '/v1/models/sex_carded/policy', { threshold: 0.9, why: 'only sure females' }, auth)).status, 200);
  const later = (await call('POST', '/v1/models/sex_carded/predict', { row: SEX_ROW })).body.predictions[0];
  assert.equal(later.decision.positiveClass, 'female');
  assert.equal(later.decision.threshold, 0.9);
  assert.equal(later.decision.positive, (later.probabilities.female as number) >= 0.9);
});
