// Multiclass through the whole lifecycle on the UCI wine data (178 wines, three cultivars):
// `init` → `assess` → `brief --register` on two thirds of the wines → `predict` and a real server
// on the other third → `monitor` on the file and on the server's log → `retrain`, with a card whose
// cost matrix makes a missed class_0 lot dear, so the class with the highest expected value is not
// the most likely one on some rows. The policy (expected value under that matrix) must be the same
// at every stage: brief.json, the registered package, predict, the server, monitor and retrain.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { expectedValueClass, mostLikelyClass } from '../frame/decision-rules.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { csvRequestRows, lifecycleFolder, registeredPackage, withServer } from './fixtures/lifecycle-run.js';

const life = lifecycleFolder('framewise-multiclass-');
const { ok, readJson } = life;
const TOKEN = 'multiclass-test-token';
const AUTH = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
const CLASSES = ['class_0', 'class_1', 'class_2'];

// A class_0 lot blended as an ordinary wine loses its premium (-3000); calling an ordinary lot
// class_0 costs a tasting (-10). Deciding class_0 then pays from a small probability of class_0.
const MATRIX = {
  class_0: { class_0: 100, class_1: -3000, class_2: -3000 },
  class_1: { class_0: -10, class_1: 20, class_2: -30 },
  class_2: { class_0: -10, class_1: -30, class_2: 20 },
};
const EXPECTED_VALUE = { kind: 'expected-value', costMatrix: MATRIX, source: 'card' };

const CARD = `name: wine
goal: Sort incoming wine lots by cultivar before blending, so no class_0 lot is blended away
data:
  file: wine-train.csv
target: cultivar
business:
  currency: EUR
  costMatrix:
    class_0: { class_0: 100, class_1: -3000, class_2: -3000 }
    class_1: { class_0: -10, class_1: 20, class_2: -30 }
    class_2: { class_0: -10, class_1: -30, class_2: 20 }
  decisionsPerMonth: 2000
  retrainingCost: 500
assess:
  folds: 3
  seed: 42
  budgetSeconds: 10
`;

interface Brief {
  business: { policy: { kind: string; costMatrix: unknown; source: string }; model: { perDecision: number } };
  promise: DecisionPackage['promise'];
  confusion: { classes: string[]; counts: number[][] };
}

interface ClassPerformance {
  classes: string[];
  perClass: { class: string; support: number; decided: number; recall: number | null; precision: number | null }[];
  confusion: number[][];
  rows: number;
  windowRows: number;
  decidedBy: string;
  covers: string;
}

interface Monitor {
  policy: { kind: string; costMatrix?: unknown; source: string };
  performance: { labelled: number; value: { perDecision: number; total: number; decidedBy?: string; promised: { perDecision: number } | null }; classes?: ClassPerformance } | null;
}

type Row = Record<string, string | number | null>;

let brief: Brief;
let pkg: DecisionPackage;
let newCsv: string;
/** predict's rows on the new wines, with their probabilities and decision. */
let predicted: Row[];
/** predict's summary (stderr when writing to a file). */
let predictSummary: string;

/** The three probabilities of a predicted row, in class order. */
const probabilities = (r: Row): number[] => CLASSES.map((c) => r[`proba_${c}`] as number);

before(() => {
  // Two thirds of the wines to learn from, the other third arriving later as new lots.
  const [header, ...lines] = readFileSync(fromRoot('examples', 'wine.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(life.dir, 'wine-train.csv'), `${[header, ...lines.filter((_, i) => i % 3 !== 2)].join('\n')}\n`);
  newCsv = `${[header, ...lines.filter((_, i) => i % 3 === 2)].join('\n')}\n`;
  writeFileSync(join(life.dir, 'wine-new.csv'), newCsv);
  ok('init', 'wine-train.csv', '--target', 'cultivar', '--out', 'framewise.yaml');
  writeFileSync(join(life.dir, 'framewise.yaml'), CARD);
  ok('assess', 'framewise.yaml', '--budget', '10', '--out', 'assessed');
  const briefed = ok('brief', 'framewise.yaml', '--register', 'wine', '--budget', '10');
  assert.match(briefed.stdout, /Decision: the class with the highest expected value under the cost matrix \(the card's decision\)/);
  brief = readJson<Brief>('framewise-out', 'wine', 'brief.json');
  ok('models', 'promote', 'wine', '1', '--why', 'first release');
  pkg = registeredPackage(life.registry, 'wine', 1)!;
  const predict = ok('predict', 'wine@champion', 'wine-new.csv', '--out', 'predictions.json');
  predictSummary = `${predict.stdout}\n${predict.stderr}`;
  predicted = readJson<Row[]>('predictions.json');
});

test('the brief decides by expected value under the card\'s cost matrix, shows the matrix, and registers that policy', () => {
  assert.deepEqual(brief.business.policy.kind, 'expected-value');
  assert.deepEqual(brief.business.policy.costMatrix, MATRIX);
  assert.deepEqual(pkg.policy, EXPECTED_VALUE);
  assert.deepEqual(pkg.promise, brief.promise);
  assert.ok(Math.abs(pkg.promise.value!.perDecision.mean - brief.business.model.perDecision) < 1e-9, 'the value the brief states is the promise');
  // Out of fold, the decisions call wines class_0 that are not, as the matrix asks: the brief's
  // confusion matrix is drawn at the policy, not at the most likely class.
  const calledClass0 = brief.confusion.counts[1]![0]! + brief.confusion.counts[2]![0]!;
  assert.ok(calledClass0 > 0, JSON.stringify(brief.confusion));
  const md = readFileSync(join(life.dir, 'framewise-out', 'wine', 'brief.md'), 'utf8');
  assert.match(md, /Each row is decided as the class with the highest expected value under the card's cost matrix/);
  assert.match(md, /\| class_0 +\| +100 EUR \| +−3,000 EUR \| +−3,000 EUR \|/, 'the cost matrix is a table of the brief');
  const html = readFileSync(join(life.dir, 'framewise-out', 'wine', 'brief.html'), 'utf8');
  assert.match(html, /business\.costMatrix/);
});

test('predict decides each new wine by the same rule, which differs from the most likely class on some', () => {
  assert.equal(predicted.length, newCsv.trimEnd().split('\n').length - 1);
  let differs = 0;
  for (const r of predicted) {
    const p = probabilities(r);
    assert.equal(r['decision'], CLASSES[expectedValueClass(p, 0, CLASSES, MATRIX)]);
    assert.equal(r['prediction'], CLASSES[mostLikelyClass(p, 0, 3)]);
    if (r['decision'] !== r['prediction']) differs++;
  }
  assert.ok(differs > 0, 'the matrix changes some decisions');
  assert.match(predictSummary, new RegExp(`decision +the class with the highest expected value under the cost matrix \\(the card's decision\\).*; ${differs} rows? differs? from the most likely class`));
});

/** Value per decision of predict's decisions against the wines' true cultivars, by hand. */
function valueByHand(): number {
  let total = 0;
  for (const r of predicted) total += (MATRIX as Record<string, Record<string, number>>)[r['cultivar'] as string]![r['decision'] as string]!;
  return total / predicted.length;
}

test('monitor values the new wines at the policy\'s decisions and reports per-class recall, precision and the confusion matrix', () => {
  ok('monitor', 'wine@champion', '--current', 'wine-new.csv', '--out', 'monitor-file');
  const m = readJson<Monitor>('monitor-file', 'monitor.json');
  assert.equal(m.policy.kind, 'expected-value');
  assert.deepEqual(m.policy.costMatrix, MATRIX);
  const p = m.performance!;
  assert.equal(p.labelled, predicted.length);
  assert.ok(Math.abs(p.value.perDecision - valueByHand()) < 1e-9, `${p.value.perDecision} vs ${valueByHand()}`);
  assert.equal(p.value.promised!.perDecision, pkg.promise.value!.perDecision.mean);
  assert.match(p.value.decidedBy!, /highest expected value under the cost matrix/);
  // The confusion matrix is that of the same decisions, over every labelled row.
  const c = p.classes!;
  assert.deepEqual(c.classes, CLASSES);
  const counts = CLASSES.map((actual) => CLASSES.map((decided) => predicted.filter((r) => r['cultivar'] === actual && r['decision'] === decided).length));
  assert.deepEqual(c.confusion, counts);
  assert.equal(c.rows, predicted.length);
  assert.equal(c.windowRows, predicted.length);
  assert.match(c.covers, new RegExp(`all ${predicted.length} rows`));
  const class0 = c.perClass[0]!;
  assert.equal(class0.recall, counts[0]![0]! / counts[0]!.reduce((a, b) => a + b, 0));
  assert.equal(class0.precision, counts[0]![0]! / (counts[0]![0]! + counts[1]![0]! + counts[2]![0]!));
  assert.match(readFileSync(join(life.dir, 'monitor-file', 'monitor.md'), 'utf8'), /### Per class[\s\S]*\| class_0 /);
});

test('the server decides by expected value, and monitor values its logged decisions as taken', async () => {
  const since = new Date(Date.now() - 1000).toISOString();
  const rows = csvRequestRows(newCsv);
  await withServer(life.registry, TOKEN, async (base) => {
    const res = await fetch(`${base}/v1/models/wine/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { predictions: { id: string; decision: { kind: string; label?: string; expectedValue?: number } }[] };
    body.predictions.forEach((p, i) => {
      assert.equal(p.decision.kind, 'expected-value');
      assert.equal(p.decision.label, predicted[i]!['decision'], `row ${i}: the server and predict decide alike`);
    });
    for (let i = 0; i < rows.length; i++) {
      const fed = await fetch(`${base}/v1/feedback`, { method: 'POST', headers: AUTH, body: JSON.stringify({ predictionId: body.predictions[i]!.id, label: rows[i]!['cultivar'] }) });
      assert.equal(fed.status, 201, await fed.text());
    }
  });
  ok('monitor', 'wine@champion', '--since', since, '--out', 'monitor-log');
  const m = readJson<Monitor>('monitor-log', 'monitor.json');
  assert.equal(m.policy.kind, 'expected-value');
  const p = m.performance!;
  assert.equal(p.labelled, rows.length);
  assert.match(p.value.decidedBy!, /^as logged with each decision \(the class with the highest expected value under the cost matrix\)$/);
  assert.ok(Math.abs(p.value.perDecision - valueByHand()) < 1e-9, `${p.value.perDecision} vs ${valueByHand()}`);
});

test('retrain values champion and challenger by the same policy and registers the challenger with it', () => {
  ok('retrain', 'wine', '--data', 'wine-new.csv', '--out', 'retrain');
  const report = readJson<{ policy: { kind: string; source: string }; comparison: { value: { rule: string } | null } }>('retrain', 'retrain.json');
  assert.deepEqual([report.policy.kind, report.policy.source], ['expected-value', 'card']);
  assert.match(report.comparison.value!.rule, /highest expected value under the cost matrix/);
  const store = SqliteModelStore.open(life.registry);
  try {
    const challenger = store.get({ name: 'wine', alias: 'challenger' }).lineage.decision!;
    assert.deepEqual(challenger.policy, EXPECTED_VALUE);
    assert.deepEqual(challenger.data, pkg.data);
  } finally {
    store.close();
  }
});
