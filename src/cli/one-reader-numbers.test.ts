// One reader of number-coded values: diabetes' sex (1 and 2, learned as two categories) and an
// integer-coded class (0/1/2) read back as training spelled them by predict, models check,
// monitor (a file and the server's log), retrain and the server, however a file or request writes them.

import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import type { FeatureSignature } from '../learn/estimator.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { buildServer } from '../serve/server.js';
import { lifecycleFolder, type Run } from './fixtures/lifecycle-run.js';

const folder = lifecycleFolder('framewise-one-reader-numbers-');
const { dir, registry, run, readJson } = folder;

/** Asserts a finished command exited 0. */
function ok(r: Run): Run {
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  return r;
}

function feature(name: string, version: number, column: string): FeatureSignature {
  const store = SqliteModelStore.open(registry);
  try {
    return store.get({ name, version }).signature.features.find((f) => f.name === column)!;
  } finally {
    store.close();
  }
}

/** The CSV with one column's whole numbers written with a decimal point: 2 becomes "2.0". */
function withDecimals(csv: string, columns: readonly string[]): string {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const at = columns.map((c) => header!.split(',').indexOf(c));
  return `${[header, ...lines.map((line) => line.split(',').map((v, i) => (at.includes(i) && /^\d+$/.test(v) ? `${v}.0` : v)).join(','))].join('\n')}\n`;
}

interface Monitor {
  ood: { oodRate: number; features: { name: string; unseenCategories: number }[] };
  drift: { features: { name: string; result: { drifted: boolean } }[] };
  performance: { labelled: number; current: Record<string, { mean: number }> } | null;
}

const DIABETES = readFileSync(fromRoot('examples', 'diabetes.csv'), 'utf8');

/** 900 patients: `site` 1–3 (a number that is a category), `dose` and `age`; `grade` 0/1/2 (an integer-coded class) from dose and site. */
function gradesCsv(): string {
  const rng = new Rng(15);
  const lines = ['site,dose,age,grade'];
  for (let i = 0; i < 900; i++) {
    const site = 1 + rng.int(3);
    const dose = Math.round(rng.next() * 1000) / 10;
    const age = 20 + rng.int(60);
    const score = dose / 25 + (site === 3 ? 1.2 : site === 2 ? 0.4 : 0) + (rng.next() - 0.5) * 1.5;
    lines.push(`${site},${dose},${age},${score < 1.6 ? 0 : score < 3 ? 1 : 2}`);
  }
  return `${lines.join('\n')}\n`;
}

before(() => {
  copyFileSync(fromRoot('examples', 'diabetes.csv'), join(dir, 'diabetes.csv'));
  writeFileSync(join(dir, 'diabetes-decimal.csv'), withDecimals(DIABETES, ['sex']));
  ok(run('brief', 'diabetes.csv', '--target', 'progression', '--budget', '5', '--register', 'diabetes', '--out', 'brief'));
  ok(run('models', 'promote', 'diabetes', '1', '--alias', 'champion', '--why', 'first release'));
});

test('the bundled diabetes file writes sex as the raw file does (1 and 2), and training learns it as the number-coded categories "1" and "2"', () => {
  const rows = DIABETES.trimEnd().split('\n');
  assert.equal(rows[0], 'age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression');
  assert.equal(rows.length, 443);
  assert.deepEqual([...new Set(rows.slice(1).map((r) => r.split(',')[1]))].sort(), ['1', '2']);
  const sex = feature('diabetes', 1, 'sex');
  assert.equal(sex.type, 'categorical');
  assert.deepEqual(sex.categories, ['1', '2']);
  assert.equal(sex.categoryForm, 'number');
});

test('predict reads the training file as itself, and "1.0"/"2.0" as the same categories: no unseen value, the same predictions', () => {
  const own = ok(run('predict', 'brief/model.json', 'diabetes.csv', '--out', 'own.json'));
  const registered = ok(run('predict', 'diabetes@champion', 'diabetes.csv', '--out', 'registered.json'));
  const decimal = ok(run('predict', 'diabetes@champion', 'diabetes-decimal.csv', '--out', 'decimal.json'));
  for (const r of [own, registered, decimal]) assert.doesNotMatch(r.stderr, /unseen/);
  const [a, b, c] = ['own.json', 'registered.json', 'decimal.json'].map((f) => readJson<{ sex: string; prediction: number }[]>(f));
  assert.equal(a!.length, 442);
  for (let i = 0; i < 442; i++) {
    assert.equal(b![i]!.prediction, a![i]!.prediction, `row ${i + 1}`);
    assert.equal(c![i]!.prediction, a![i]!.prediction, `row ${i + 1}`);
    assert.equal(c![i]!.sex, b![i]!.sex, 'written back as the model spells it');
  }
  assert.deepEqual([...new Set(c!.map((r) => r.sex))].sort(), ['1', '2']);
});

test('monitor on the unchanged training data, written either way, sees no out-of-distribution row and no drift in sex', () => {
  for (const file of ['diabetes.csv', 'diabetes-decimal.csv']) {
    const out = `monitor-${file.replace('.csv', '')}`;
    ok(run('monitor', 'diabetes@champion', '--current', file, '--out', out));
    const m = readJson<Monitor>(out, 'monitor.json');
    assert.equal(m.ood.oodRate, 0, file);
    assert.equal(m.ood.features.find((f) => f.name === 'sex')!.unseenCategories, 0, file);
    assert.equal(m.drift.features.find((f) => f.name === 'sex')!.result.drifted, false, file);
  }
});

test('retrain on "1.0"/"2.0" finds no new category of sex', () => {
  ok(run('retrain', 'diabetes@champion', '--data', 'diabetes-decimal.csv', '--alias', 'challenger', '--out', 'retrain'));
  const report = readJson<{ changes: { features: unknown[]; label: unknown } }>('retrain', 'retrain.json');
  assert.deepEqual(report.changes.features, []);
});

test('trained on a file that writes "1.0"/"2.0", the model learns "1" and "2" and reads either file as its own', () => {
  ok(run('train', 'diabetes-decimal.csv', '--target', 'progression', '--model', 'linear', '--out', 'decimal-model.json', '--register', 'diabetes-decimal'));
  assert.deepEqual(feature('diabetes-decimal', 1, 'sex').categories, ['1', '2']);
  const self = ok(run('predict', 'decimal-model.json', 'diabetes-decimal.csv', '--out', 'self.json'));
  const other = ok(run('predict', 'decimal-model.json', 'diabetes.csv', '--out', 'other.json'));
  for (const r of [self, other]) assert.doesNotMatch(r.stderr, /unseen/);
  const [a, b] = ['self.json', 'other.json'].map((f) => readJson<{ prediction: number }[]>(f));
  assert.deepEqual(b!.map((r) => r.prediction), a!.map((r) => r.prediction));
});

test('the server takes 2, 2.0, "2" and "2.0" as one category, and monitor --since reads its log as the model does', async () => {
  const store = SqliteModelStore.open(registry);
  const server = buildServer({ store, dataDir: registry, token: 'numbers', logFlushMs: 10 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const first = DIABETES.split('\n')[1]!.split(',').map(Number);
    const names = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];
    const row = (sex: string): string => `{${names.map((n, i) => `"${n}":${n === 'sex' ? sex : String(first[i])}`).join(',')}}`;
    // Written as text, so that 2.0 reaches the server as a client wrote it.
    const body = `{"rows":[${['2', '2.0', '"2"', '"2.0"', '1', '"1.0"'].map(row).join(',')}]}`;
    const res = await fetch(`${base}/v1/models/diabetes/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(res.status, 200, await res.clone().text());
    const { predictions } = (await res.json()) as { predictions: { prediction?: number; value?: number; outOfDistribution: unknown[] }[] };
    const values = predictions.map((p) => JSON.stringify({ ...p, id: undefined, outOfDistribution: undefined }));
    for (const p of predictions) assert.deepEqual(p.outOfDistribution, []);
    assert.equal(new Set(values.slice(0, 4)).size, 1, values.join('\n'));
    assert.equal(values[4], values[5]);
    assert.notEqual(values[0], values[4], 'sex 1 and 2 are different categories');
  } finally {
    await server.close();
    store.close();
  }
  ok(run('monitor', 'diabetes@champion', '--since', '2000-01-01', '--out', 'monitor-log'));
  const m = readJson<Monitor>('monitor-log', 'monitor.json');
  assert.equal(m.ood.features.find((f) => f.name === 'sex')!.unseenCategories, 0);
  assert.equal(m.ood.oodRate, 0);
});

test('an integer-coded class typed as categories on the card, written "1.0" in a later file, is the class "1" in predict, models check, monitor and retrain', () => {
  writeFileSync(join(dir, 'grades.csv'), gradesCsv());
  writeFileSync(join(dir, 'grades-decimal.csv'), withDecimals(gradesCsv(), ['site', 'grade']));
  writeFileSync(join(dir, 'grades.yaml'), 'name: grades\ndata:\n  file: grades.csv\n  types: { grade: categorical }\ntarget: grade\n');
  ok(run('brief', 'grades.yaml', '--budget', '5', '--register', 'grades', '--out', 'grades-brief'));
  ok(run('models', 'promote', 'grades', '1', '--alias', 'champion', '--why', 'first release'));
  assert.deepEqual(feature('grades', 1, 'site').categories, ['1', '2', '3']);
  const own = ok(run('predict', 'grades@champion', 'grades.csv', '--out', 'grades-own.json'));
  const decimal = ok(run('predict', 'grades@champion', 'grades-decimal.csv', '--out', 'grades-decimal.json'));
  const accuracy = (r: Run): string => /vs 'grade' in the data: accuracy ([\d.]+%)/.exec(r.stdout + r.stderr)?.[1] ?? 'none';
  assert.notEqual(accuracy(own), 'none', own.stdout + own.stderr);
  assert.equal(accuracy(decimal), accuracy(own));
  assert.doesNotMatch(decimal.stderr, /unseen/);
  const checked = ok(run('models', 'check', 'grades@champion', 'grades-decimal.csv', '--evaluate'));
  assert.match(checked.stdout, /the label 'grade' match/);
  ok(run('monitor', 'grades@champion', '--current', 'grades-decimal.csv', '--out', 'grades-monitor'));
  const m = readJson<Monitor>('grades-monitor', 'monitor.json');
  assert.equal(m.performance?.labelled, 900);
  assert.equal(m.ood.oodRate, 0);
  ok(run('retrain', 'grades@champion', '--data', 'grades-decimal.csv', '--alias', 'challenger', '--out', 'grades-retrain'));
  const report = readJson<{ changes: { features: unknown[]; label: unknown } }>('grades-retrain', 'retrain.json');
  assert.deepEqual(report.changes, { features: [], label: null, notes: [] });
});
