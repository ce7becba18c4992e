// One reader of data: a churn table whose `region` is "NA" (North America) on ~40% of rows,
// registered with a decision package that says `missing: [""]`, gives the training frame back in
// predict, models check, monitor and retrain; a flag the user types over a setting is reported.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import { valueAt } from '../data/column.js';
import type { DataSettings } from '../data/data-settings.js';
import { loadFrame } from '../data/load.js';
import { loadRetrainData } from '../evaluate/retrain-data.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { saveModel } from '../learn/model-io.js';
import { decisionFileText } from '../registry/decision-file.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { registerFitted } from '../registry/register-model.js';

const cli = fromBuild('src', 'cli', 'main.js');
const cwd = mkdtempSync(join(tmpdir(), 'framewise-one-reader-'));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** 1,500 customers: region NA (North America) 40%, EU 30%, APAC 20%, blank 10%; churn depends on region and tenure. */
function writeChurn(path: string): void {
  const rng = new Rng(14);
  const lines = ['customer_id,region,tenure_months,monthly_fee,churned'];
  for (let i = 0; i < 1500; i++) {
    const u = rng.next();
    const region = u < 0.4 ? 'NA' : u < 0.7 ? 'EU' : u < 0.9 ? 'APAC' : '';
    const tenure = 1 + rng.int(72);
    const fee = Math.round((20 + rng.next() * 80) * 100) / 100;
    const logit = -1.2 + (region === 'NA' ? 1.4 : region === 'APAC' ? -0.6 : 0) - 0.04 * tenure + 0.01 * fee;
    // Class names that stay as written (yes/no would be read as booleans).
    const churned = rng.next() < 1 / (1 + Math.exp(-logit)) ? 'left' : 'stayed';
    lines.push(`C${1000 + i},${region},${rng.next() < 0.03 ? '' : tenure},${fee},${churned}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const training = join(cwd, 'training.csv');
writeChurn(training);
const DATA: DataSettings = { sql: null, format: null, delimiter: null, header: true, missing: [''], types: { customer_id: 'identifier' } };
const THRESHOLD = 0.3;
const CARD = `data:\n  file: training.csv\n  missing: [""]\n  types:\n    customer_id: identifier\ntarget: churned\ndecision:\n  positiveClass: left\n`;

const setup = (async () => {
  const { frame } = await loadFrame(training, { missing: DATA.missing!, types: DATA.types });
  const fitFrame = frame.drop(['customer_id']);
  const model = await new LogisticRegression().fit(fitFrame, 'churned');
  const pkg: DecisionPackage = {
    version: 1,
    data: DATA,
    policy: { kind: 'threshold', threshold: THRESHOLD, positiveClass: 'left', source: 'brief-best-value' },
    promise: { metrics: {}, value: null, positiveRate: null, rows: frame.rowCount },
    business: {},
  };
  const lineage = { ...buildLineage({ frame: fitFrame, model, framewiseVersion: '0.0.0', card: CARD }), decision: pkg };
  registerFitted({ dir: join(cwd, '.framewise'), name: 'churn', model, lineage, trainingFrame: fitFrame, force: false, by: 'test' });
  // The same model as a brief writes it: model.json with decision.json beside it.
  await saveModel(model, join(cwd, 'model.json'));
  writeFileSync(join(cwd, 'decision.json'), decisionFileText(pkg));
  return { frame, model, pkg, expected: model.predict(fitFrame) };
})();

type Row = Record<string, string | number | boolean | null>;

function readRows(path: string): Row[] {
  return JSON.parse(readFileSync(join(cwd, path), 'utf8')) as Row[];
}

test('the training file read as registered keeps "NA" as a region, not a missing value', async () => {
  const { frame } = await setup;
  const region = frame.column('region');
  let na = 0;
  for (let i = 0; i < frame.rowCount; i++) if (valueAt(region, i) === 'NA') na++;
  assert.ok(na / frame.rowCount > 0.35 && na / frame.rowCount < 0.45, `NA share ${na / frame.rowCount}`);
});

test('predict NAME@N reads the file with the registered settings: the training frame and predictions, decided at the package threshold', async () => {
  const { frame, expected } = await setup;
  assert.equal(expected.kind, 'classification');
  if (expected.kind !== 'classification') return;
  const yes = expected.classes.indexOf('left');
  for (const model of ['churn@1', 'model.json']) {
    const out = `p-${model.replace(/\W/g, '')}.json`;
    const result = run('predict', model, 'training.csv', '--out', out);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /override:|warning:/);
    assert.match(result.stderr, /decision   threshold 0\.3 on 'left' \(the brief's threshold with the most value\)/);
    const rows = readRows(out);
    assert.equal(rows.length, frame.rowCount);
    let changed = 0;
    let naRegions = 0;
    for (let i = 0; i < rows.length; i++) {
      const p: number = expected.probabilities[i * 2 + yes]!;
      if (Math.abs((rows[i]!['proba_left'] as number) - p) > 1e-12) changed++;
      assert.equal(rows[i]!['decision'], p >= THRESHOLD ? 'left' : 'stayed');
      assert.equal(rows[i]!['region'], valueAt(frame.column('region'), i));
      if (rows[i]!['region'] === 'NA') naRegions++;
    }
    assert.equal(changed, 0, `${model}: rows whose probability changed`);
    assert.ok(naRegions > 500, `${model}: ${naRegions} rows keep region NA`);
  }
});

test('a flag the user types overrides the registered setting, and says so', async () => {
  const { expected } = await setup;
  if (expected.kind !== 'classification') return;
  const result = run('predict', 'churn@1', 'training.csv', '--missing', ',NA', '--threshold', '0.5', '--out', 'p-override.json');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /override: data\.missing is \[""\] in the registered version churn@1; --missing gives \["","NA"\]/);
  assert.match(result.stderr, /override: policy\.threshold is 0\.3 in the registered version churn@1; --threshold gives 0\.5/);
  assert.match(result.stderr, /decision   threshold 0\.5 on 'left' \(a command-line override\)/);
  // The model learned "NA" as a region: reading it as missing is warned about, with how to keep it.
  assert.match(result.stderr, /^warning: 'churn'@1 learned "NA" as a value of 'region', but the data is read with "NA" as a missing value.*--missing ''/m);
  const rows = readRows('p-override.json');
  // "NA" now reads as missing: those rows change, as the flag asked.
  assert.ok(rows.filter((r) => r['region'] === null).length > 500);
  const yes = expected.classes.indexOf('left');
  const changed = rows.filter((r, i) => Math.abs((r['proba_left'] as number) - expected.probabilities[i * 2 + yes]!) > 1e-12).length;
  assert.ok(changed > 500, `${changed} rows changed`);
  // A flag left at its default (no --no-header, no --type) overrides nothing.
  const same = run('predict', 'churn@1', 'training.csv', '--missing', '', '--out', 'p-same.json');
  assert.equal(same.code, 0, same.stderr);
  assert.doesNotMatch(same.stderr, /override:/);
});

test('models check finds no difference on the training file', async () => {
  await setup;
  const result = run('models', 'check', 'churn@1', 'training.csv', '--evaluate');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /churn@1 can be applied to training\.csv: its 3 features and the label 'churned' match/);
  // Typed over the registered setting, "NA" is missing again: said on stderr, and the region the model knew is gone.
  const typed = run('models', 'check', 'churn@1', 'training.csv', '--missing', ',NA', '--force');
  assert.equal(typed.code, 0, typed.stderr);
  assert.match(typed.stderr, /override: data\.missing is \[""\] in the registered version; --missing gives \["","NA"\]/);
  assert.match(typed.stdout, /forced past 1 difference .*'region'.*"NA"/);
});

test('monitor on the training file: zero rows out of distribution, no override; a typed flag is recorded in monitor.json', async () => {
  await setup;
  const result = run('monitor', 'churn@1', '--current', 'training.csv', '--out', 'mon');
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(readFileSync(join(cwd, 'mon', 'monitor.json'), 'utf8')) as { ood: { oodRate: number }; verdict: { oodExceeded: boolean; datasetDrifted: boolean }; overrides: unknown[]; alerts: { state: string }[] };
  assert.equal(json.ood.oodRate, 0);
  assert.equal(json.verdict.oodExceeded, false);
  assert.equal(json.verdict.datasetDrifted, false);
  assert.deepEqual(json.overrides, []);
  assert.ok(json.alerts.every((a) => a.state !== 'breached'), JSON.stringify(json.alerts));
  const typed = run('monitor', 'churn@1', '--current', 'training.csv', '--missing', ',NA', '--out', 'mon-typed');
  assert.equal(typed.code, 0, typed.stderr);
  assert.match(typed.stderr, /override: data\.missing is \[""\]/);
  const typedJson = JSON.parse(readFileSync(join(cwd, 'mon-typed', 'monitor.json'), 'utf8')) as { overrides: { field: string; registered: unknown; used: unknown; flag: string }[] };
  assert.deepEqual(typedJson.overrides, [{ field: 'data.missing', registered: [''], used: ['', 'NA'], flag: '--missing' }]);
});

test("retrain's loader reads the champion's file with its package: 'NA' stays a region", async () => {
  const { pkg, model, frame } = await setup;
  const read = await loadRetrainData(training, pkg.data, model.signature, {});
  assert.deepEqual(read.overrides, []);
  const region = read.frame.column('region');
  let na = 0;
  for (let i = 0; i < read.frame.rowCount; i++) if (valueAt(region, i) === 'NA') na++;
  assert.ok(na > 500, `${na} rows of region NA`);
  assert.equal(read.frame.rowCount, frame.rowCount);
});

test('retrain reads --data with the package: no category of region changes; a typed flag is recorded in retrain.json', async () => {
  await setup;
  const same = run('retrain', 'churn@1', '--data', 'training.csv', '--alias', 'challenger', '--out', 'retrain-same');
  assert.equal(same.code, 0, same.stderr);
  const report = JSON.parse(readFileSync(join(cwd, 'retrain-same', 'retrain.json'), 'utf8')) as { overrides: unknown[]; changes: { features: { column: string }[] }; data: { labelledRows: number } };
  assert.deepEqual(report.overrides, []);
  assert.deepEqual(report.changes.features, [], 'the training file holds the champion categories, "NA" among them');
  assert.equal(report.data.labelledRows, 1500);
  const typed = run('retrain', 'churn@1', '--data', 'training.csv', '--alias', 'typed', '--missing', ',NA', '--force', '--out', 'retrain-typed');
  assert.equal(typed.code, 0, typed.stderr);
  assert.match(typed.stderr, /override: data\.missing is \[""\] in the registered version; --missing gives \["","NA"\]/);
  const typedReport = JSON.parse(readFileSync(join(cwd, 'retrain-typed', 'retrain.json'), 'utf8')) as { overrides: { field: string; flag: string }[]; changes: { features: { column: string; absent: string[] }[] } };
  assert.deepEqual(typedReport.overrides.map((o) => [o.field, o.flag]), [['data.missing', '--missing']]);
  assert.deepEqual(typedReport.changes.features.find((f) => f.column === 'region')?.absent, ['NA']);
});
