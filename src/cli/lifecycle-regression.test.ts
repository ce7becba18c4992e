// Regression through the whole lifecycle on scikit-learn's diabetes data (442 patients, disease
// progression a year on): `init` → `assess` → `brief --register` → `predict` → `monitor` → a real
// server answering with boundary decisions and taking feedback → `monitor` on its log → `retrain`,
// with a card that decides at a progression of 150 and prices each unit a wrong-side decision
// missed by. The policy (a number with boundary 150) must be the same at every stage; moving the
// boundary on the server moves it for monitoring and retraining.

import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { csvRequestRows, lifecycleFolder, registeredPackage, withServer } from './fixtures/lifecycle-run.js';

const life = lifecycleFolder('framewise-regression-');
const { ok, readJson } = life;
const TOKEN = 'regression-test-token';
const AUTH = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
const NUMBER_150 = { kind: 'number', boundary: 150, source: 'card' };

const CARD = `name: diabetes
goal: "Refer the patients whose disease will have progressed to 150 or more in a year"
data:
  file: diabetes.csv
target: progression
task: regression
decision:
  output: number
  boundary: 150
business:
  currency: USD
  costPerUnitError: 2
  decisionsPerMonth: 1000
  retrainingCost: 3000
assess:
  folds: 3
  seed: 42
  budgetSeconds: 10
`;

interface Brief {
  business: {
    policy: { kind: string; boundary: number | null; source: string };
    inputs: Record<string, number | string | null>;
    errors: { boundary: number | null; modelCostPerDecision: number; costs: { costPerUnitError: number | null; rule: string | null } };
    model: { perDecision: number };
  };
  promise: DecisionPackage['promise'];
}

interface Monitor {
  policy: { kind: string; boundary?: number | null; source: string };
  predictions: { decisions: { threshold: number; positiveClass: string; reference: { source: string }; drifted: boolean } | null };
  ood: { oodRate: number };
  performance: {
    labelled: number;
    value: { perDecision: number; boundary?: number; promised: { perDecision: number } | null };
    boundary?: { boundary: number; aboveShare: { value: number }; sideAccuracy: { value: number }; promised: unknown; promisedAtOtherBoundary: number | null };
  } | null;
}

let brief: Brief;
let pkg: DecisionPackage;
let csv: string;

before(() => {
  copyFileSync(fromRoot('examples', 'diabetes.csv'), join(life.dir, 'diabetes.csv'));
  csv = readFileSync(join(life.dir, 'diabetes.csv'), 'utf8');
  // init writes the regression template: a boundary and a cost per unit of error to fill in.
  ok('init', 'diabetes.csv', '--target', 'progression', '--out', 'framewise.yaml');
  const written = readFileSync(join(life.dir, 'framewise.yaml'), 'utf8');
  assert.match(written, /boundary:/);
  assert.match(written, /costPerUnitError:/);
  writeFileSync(join(life.dir, 'framewise.yaml'), CARD);
  ok('assess', 'framewise.yaml', '--budget', '5', '--out', 'assessed');
  const assessed = readJson<{ framing: { task: string } }>('assessed', 'assessment.json');
  assert.equal(assessed.framing.task, 'regression');
  const briefed = ok('brief', 'framewise.yaml', '--register', 'diabetes', '--budget', '8');
  assert.match(briefed.stdout, /Decision: boundary 150 \(the card's decision\)/);
  brief = readJson<Brief>('framewise-out', 'diabetes', 'brief.json');
  ok('models', 'promote', 'diabetes', '1', '--why', 'first release');
  pkg = registeredPackage(life.registry, 'diabetes', 1)!;
});

test('the brief puts forward the boundary as the policy and values only decisions on its wrong side', () => {
  assert.deepEqual({ kind: brief.business.policy.kind, boundary: brief.business.policy.boundary, source: brief.business.policy.source }, NUMBER_150);
  assert.deepEqual(pkg.policy, NUMBER_150);
  assert.deepEqual(pkg.promise, brief.promise);
  // The card's figures are shown: the cost per unit and the boundary.
  assert.equal(brief.business.inputs['costPerUnitError'], 2);
  assert.equal(brief.business.inputs['boundary'], 150);
  assert.match(brief.business.errors.costs.rule!, /wrong side of 150 costs 2 per unit/);
  // Row by row, a wrong-side decision misses by no more than its error (the truth lies across the
  // boundary from the prediction), so the wrong-side cost is at most the per-unit cost of the same errors.
  const mae = pkg.promise.metrics['mae']!.mean;
  assert.ok(brief.business.model.perDecision < 0 && brief.business.model.perDecision >= -2 * mae - 1e-9, `${brief.business.model.perDecision} vs MAE ${mae}`);
  // The promise carries the boundary decisions monitoring compares with.
  const b = pkg.promise.boundary!;
  assert.equal(b.boundary, 150);
  assert.ok(b.sideAccuracy.mean > 0.6 && b.sideAccuracy.low <= b.sideAccuracy.mean && b.sideAccuracy.mean <= b.sideAccuracy.high);
  assert.ok(b.aboveShare.mean > 0.3 && b.aboveShare.mean < 0.7);
  // Metric names as people write them, and the framing names the boundary.
  const md = readFileSync(join(life.dir, 'framewise-out', 'diabetes', 'brief.md'), 'utf8');
  assert.match(md, /R²/);
  assert.doesNotMatch(md, /\br2\b/);
  assert.match(md, /Only decisions on the wrong side cost/);
  assert.match(md, /costPerUnitError +\| 2/);
});

test('predict and monitor on the training file decide at boundary 150 and read the file as the model was trained', () => {
  const predicted = ok('predict', 'diabetes', 'diabetes.csv', '--out', 'predictions.json');
  assert.doesNotMatch(predicted.stderr, /unseen|never seen/i, predicted.stderr);
  assert.match(predicted.stderr, /decision +boundary 150 \(the card's decision\), from the registered version diabetes@1: \d+ of 442 rows above the boundary/);
  const rows = readJson<Record<string, number | string>[]>('predictions.json');
  assert.equal(rows.length, 442);
  for (const r of rows) assert.equal(r['decision'], (r['prediction'] as number) >= 150 ? 'above' : 'below');
  ok('monitor', 'diabetes', '--current', 'diabetes.csv', '--out', 'monitor-training');
  const m = readJson<Monitor>('monitor-training', 'monitor.json');
  assert.deepEqual([m.policy.kind, m.policy.boundary, m.policy.source], ['number', 150, 'card']);
  assert.equal(m.ood.oodRate, 0);
  // The share decided above 150 is the promise's, on the very rows it was promised on.
  assert.deepEqual([m.predictions.decisions!.threshold, m.predictions.decisions!.positiveClass, m.predictions.decisions!.reference.source, m.predictions.decisions!.drifted], [150, 'above', 'promise', false]);
  assert.equal(m.performance!.value.boundary, 150);
  assert.ok(m.performance!.value.promised !== null);
  const side = m.performance!.boundary!;
  assert.equal(side.boundary, 150);
  assert.ok(side.promised !== null, 'the promise was made at the same boundary');
  // Recomputed from the predictions: the share decided above 150 and on the truth's side.
  const above = rows.filter((r) => (r['prediction'] as number) >= 150).length / rows.length;
  const right = rows.filter((r) => ((r['prediction'] as number) >= 150) === ((r['progression'] as number) >= 150)).length / rows.length;
  assert.ok(Math.abs(side.aboveShare.value - above) < 1e-9);
  assert.ok(Math.abs(side.sideAccuracy.value - right) < 1e-9);
  // The value is the wrong-side cost: 2 per unit the truth lay across 150, on wrong-side rows only.
  let total = 0;
  for (const r of rows) {
    const p = r['prediction'] as number;
    const y = r['progression'] as number;
    if (p >= 150 !== y >= 150) total -= 2 * Math.abs(y - 150);
  }
  assert.ok(Math.abs(m.performance!.value.perDecision - total / rows.length) < 1e-9);
});

test('the server decides at the boundary, monitor values its log there, retrain keeps it; PUT moves it for monitor and retrain', async () => {
  const requestRows = csvRequestRows(csv);
  const since = new Date(Date.now() - 60_000).toISOString();
  await withServer(life.registry, TOKEN, async (base) => {
    const res = await fetch(`${base}/v1/models/diabetes/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: requestRows.slice(0, 200) }) });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { predictions: { id: string; prediction: number; decision: { kind: string; boundary?: number; value?: number; above?: boolean; source?: string } }[] };
    // The decision follows the policy: which side of 150 the predicted number falls (src/serve/prediction-output.ts).
    for (const p of body.predictions) assert.deepEqual(p.decision, { kind: 'boundary', boundary: 150, value: p.prediction, above: p.prediction >= 150, source: 'card' });
    for (let i = 0; i < body.predictions.length; i++) {
      const fed = await fetch(`${base}/v1/feedback`, { method: 'POST', headers: AUTH, body: JSON.stringify({ predictionId: body.predictions[i]!.id, label: requestRows[i]!['progression'] }) });
      assert.equal(fed.status, 201, await fed.text());
    }
  });
  ok('monitor', 'diabetes', '--since', since, '--out', 'monitor-log');
  const logged = readJson<Monitor>('monitor-log', 'monitor.json');
  assert.deepEqual([logged.policy.kind, logged.policy.boundary], ['number', 150]);
  assert.equal(logged.ood.oodRate, 0, 'the logged inputs read back as the training file did');
  assert.equal(logged.performance!.labelled, 200);
  assert.equal(logged.performance!.boundary!.boundary, 150);

  ok('retrain', 'diabetes', '--data', 'diabetes.csv', '--out', 'retrain');
  const report = readJson<{ policy: { kind: string; source: string }; comparison?: unknown; value?: { rule: string } | null }>('retrain', 'retrain.json');
  assert.equal(report.policy.kind, 'number');
  assert.match(JSON.stringify(report), /wrong side of 150 costs 2 per unit/);
  const store = SqliteModelStore.open(life.registry);
  try {
    const challenger = store.get({ name: 'diabetes', alias: 'challenger' }).lineage.decision!;
    assert.deepEqual(challenger.policy, NUMBER_150);
    assert.equal(challenger.promise.boundary?.boundary, 150);
  } finally {
    store.close();
  }

  // The application moves the boundary to 170 without retraining.
  await withServer(life.registry, TOKEN, async (base) => {
    const put = await fetch(`${base}/v1/models/diabetes/policy`, { method: 'PUT', headers: AUTH, body: JSON.stringify({ threshold: 170, why: 'the clinic takes fewer referrals' }) });
    assert.equal(put.status, 200, await put.clone().text());
    const res = await fetch(`${base}/v1/models/diabetes/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: requestRows.slice(200, 260) }) });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { predictions: { id: string; prediction: number; decision: { kind: string; boundary?: number; above?: boolean } }[] };
    for (const p of body.predictions) assert.deepEqual([p.decision.kind, p.decision.boundary, p.decision.above], ['boundary', 170, p.prediction >= 170]);
  });
  ok('monitor', 'diabetes', '--since', since, '--out', 'monitor-moved');
  const moved = readJson<Monitor>('monitor-moved', 'monitor.json');
  assert.deepEqual([moved.policy.kind, moved.policy.boundary, moved.policy.source], ['number', 170, 'serving']);
  assert.equal(moved.performance!.value.boundary, 170);
  assert.deepEqual([moved.predictions.decisions!.threshold, moved.predictions.decisions!.reference.source], [170, 'reference-sample']);
  assert.equal(moved.performance!.boundary!.boundary, 170);
  assert.equal(moved.performance!.boundary!.promisedAtOtherBoundary, 150, 'the promise was made at 150 and is not compared');
  ok('retrain', 'diabetes', '--data', 'diabetes.csv', '--alias', 'moved', '--out', 'retrain-moved');
  assert.match(readFileSync(join(life.dir, 'retrain-moved', 'retrain.json'), 'utf8'), /wrong side of 170 costs 2 per unit/);
});
