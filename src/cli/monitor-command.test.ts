// `framewise monitor` as a user runs it: a model trained on Seattle's 2012-2013 weather, then
// monitored against the same years (stable), shifted windows (drift, exit 3) and unseen values.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild, fromRoot } from '../core/paths.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { buildLineage } from '../registry/lineage.js';
import { registerFitted } from '../registry/register-model.js';

const cli = fromBuild('src', 'cli', 'main.js');
const weather = fromRoot('examples', 'seattle-weather.csv');
const SEASON = "CASE WHEN month(date) IN (12, 1, 2) THEN 'winter' WHEN month(date) IN (6, 7, 8) THEN 'summer' ELSE 'mid' END";
const TRAIN_SQL = `SELECT precipitation, temp_max, temp_min, wind, ${SEASON} AS season, weather FROM data WHERE year(date) IN (2012, 2013)`;

function run(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

interface MonitorJson {
  kind: string;
  version: number;
  window: { rows: number; source: string };
  reference: { rows: number; sourceRows: number };
  drift: { features: { name: string; test: string; result: { drifted: boolean } }[]; driftedFeatures: string[]; datasetDrifted: boolean };
  predictions: { drift: { result: { drifted: boolean } } | null; comparison: string };
  ood: { oodRate: number; features: { name: string; unseenCategories: number; outOfRange: number; examples: (string | number)[] }[] };
  verdict: { datasetDrifted: boolean; oodExceeded: boolean };
  performance: { labelled: number; promised: Record<string, unknown>; overall: { metrics: Record<string, { value: number }> }; windows: unknown[]; notes: string[] } | null;
  oodOverTime: unknown[];
  notes: string[];
}

const cwd = mkdtempSync(join(tmpdir(), 'framewise-monitor-'));
const trained = run(cwd, 'train', weather, '--target', 'weather', '--sql', TRAIN_SQL, '--model', 'forest', '--param', 'n_estimators=15', '--out', 'm.json', '--register', 'weather');
assert.equal(trained.code, 0, trained.stderr);

function monitor(out: string, sql: string, ...extra: string[]): { code: number; stdout: string; stderr: string; json: MonitorJson | null } {
  const result = run(cwd, 'monitor', 'weather', '--current', weather, '--sql', sql, '--out', out, ...extra);
  const file = join(cwd, out, 'monitor.json');
  return { ...result, json: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MonitorJson) : null };
}

/** Registers a logistic regression on the 2012-2013 training window as `name`, with `card` as the card it was registered with; returns its training rows. */
async function registerWithCard(name: string, card: string): Promise<Frame> {
  const { frame } = await loadFrame(weather, { sql: TRAIN_SQL });
  const model = await new LogisticRegression().fit(frame, 'weather');
  registerFitted({ dir: join(cwd, '.framewise'), name, model, lineage: buildLineage({ frame, model, framewiseVersion: '0.0.0', card }), trainingFrame: frame, force: false, by: 'test' });
  return frame;
}

test('registration keeps a sample of the training rows beside the artifact', () => {
  const sample = JSON.parse(readFileSync(join(cwd, '.framewise', 'artifacts', 'weather', '1.reference.json'), 'utf8')) as { kind: string; rows: number; columns: { name: string }[] };
  assert.equal(sample.kind, 'framewise.reference-sample');
  assert.equal(sample.rows, 731);
  assert.deepEqual(sample.columns.map((c) => c.name).sort(), ['precipitation', 'season', 'temp_max', 'temp_min', 'wind']);
});

test('the training window again: nothing drifts, --fail-on drift passes', () => {
  const r = monitor('same', TRAIN_SQL, '--fail-on', 'drift');
  assert.equal(r.code, 0, r.stderr);
  const json = r.json!;
  assert.equal(json.kind, 'framewise.monitor');
  assert.equal(json.version, 2);
  assert.equal(json.window.rows, 731);
  // The window carries the target: performance on the rows the model learned from, with nothing
  // promised (train --register records training-set figures only) and no times to roll over.
  const p = json.performance!;
  assert.equal(p.labelled, 731);
  assert.deepEqual(p.promised, {});
  assert.ok(p.notes.some((n) => n.includes('training_accuracy') && n.includes('not a promise')), p.notes.join(' | '));
  assert.ok(p.overall.metrics['balanced_accuracy']!.value > 0.5);
  assert.deepEqual(p.windows, []);
  assert.deepEqual(json.oodOverTime, []);
  assert.deepEqual(json.drift.driftedFeatures, []);
  assert.equal(json.drift.datasetDrifted, false);
  assert.equal(json.ood.oodRate, 0);
  assert.equal(json.predictions.drift?.result.drifted, false);
  assert.match(r.stdout, /no feature drifted/);
  for (const f of ['monitor.md', 'monitor.html']) assert.ok(existsSync(join(cwd, 'same', f)), f);
  assert.match(readFileSync(join(cwd, 'same', 'monitor.html'), 'utf8'), /<table/);
});

test('+5 °C on temp_max alone: that feature drifts, below the data-set level', () => {
  const r = monitor('warmer1', TRAIN_SQL.replace('temp_max,', 'temp_max + 5 AS temp_max,'), '--fail-on', 'drift');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json!.drift.driftedFeatures, ['temp_max']);
  assert.equal(r.json!.drift.features.find((f) => f.name === 'temp_max')!.test, 'ks');
  assert.equal(r.json!.verdict.datasetDrifted, false);
  // The hottest days are now hotter than any in training.
  assert.ok(r.json!.ood.features.find((f) => f.name === 'temp_max')!.outOfRange > 0);
});

test('warmer and windier (3 of 5 features shifted): the data set drifts and --fail-on drift exits 3', () => {
  const r = monitor('warmer3', TRAIN_SQL.replace('temp_max, temp_min, wind', 'temp_max + 5 AS temp_max, temp_min + 5 AS temp_min, wind + 2 AS wind'), '--fail-on', 'drift');
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /data set drifted/);
  const json = r.json!;
  assert.deepEqual([...json.drift.driftedFeatures].sort(), ['temp_max', 'temp_min', 'wind']);
  assert.equal(json.verdict.datasetDrifted, true);
  assert.equal(json.predictions.drift?.result.drifted, true);
});

test('summer days of later years against all of 2012-2013: drift, exit 3', () => {
  const r = monitor('summer', `SELECT precipitation, temp_max, temp_min, wind, ${SEASON} AS season FROM data WHERE year(date) IN (2014, 2015) AND month(date) IN (6, 7, 8)`, '--fail-on', 'drift');
  assert.equal(r.code, 3, r.stderr);
  assert.ok(r.json!.drift.driftedFeatures.includes('temp_max'), JSON.stringify(r.json!.drift.driftedFeatures));
  assert.ok(r.json!.drift.driftedFeatures.includes('season'));
});

test('a season never seen in training is out of distribution and --fail-on ood exits 3', () => {
  const r = monitor('autumn', TRAIN_SQL.replace("ELSE 'mid'", "WHEN month(date) IN (9, 10, 11) THEN 'autumn' ELSE 'mid'"), '--fail-on', 'ood');
  assert.equal(r.code, 3, r.stderr);
  const season = r.json!.ood.features.find((f) => f.name === 'season')!;
  // September to November of two years: 182 days.
  assert.equal(season.unseenCategories, 182);
  assert.deepEqual(season.examples, ['autumn']);
  assert.ok(r.json!.ood.oodRate > 0.05);
  assert.equal(r.json!.verdict.oodExceeded, true);
  // The same window without --fail-on ood passes.
  assert.equal(monitor('autumn2', TRAIN_SQL.replace("ELSE 'mid'", "WHEN month(date) IN (9, 10, 11) THEN 'autumn' ELSE 'mid'")).code, 0);
});

test('a feature missing from the window: every row is out of distribution, predictions are not compared', () => {
  const r = monitor('nowind', TRAIN_SQL.replace(' wind,', ''), '--fail-on', 'ood');
  assert.equal(r.code, 3, r.stderr);
  const json = r.json!;
  assert.equal(json.ood.oodRate, 1);
  assert.equal(json.drift.features.some((f) => f.name === 'wind'), false);
  assert.equal(json.predictions.drift, null);
  assert.match(r.stdout, /not compared \(the current data lacks wind\)/);
});

test('user mistakes exit 2 with a message and a hint', () => {
  const cases: [string[], RegExp][] = [
    [['monitor', 'weather'], /--current FILE or --since TIME/],
    [['monitor', 'weather', '--current', weather, '--since', '2026-01-01'], /not both/],
    [['monitor', 'nosuch', '--current', weather], /nosuch/],
    [['monitor', 'weather@7', '--current', weather], /no version 7/],
    [['monitor', 'weather', '--current', 'missing.csv'], /missing\.csv/],
    [['monitor', 'weather', '--current', weather, '--fail-on', 'often'], /--fail-on 'often'/],
    [['monitor', 'weather', '--since', '2026-01-01'], /no prediction log/],
  ];
  for (const [args, pattern] of cases) {
    const r = run(cwd, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^error: /m);
    assert.match(r.stderr, /^hint: /m);
    assert.match(r.stderr, pattern);
  }
});

test("a card that sets a drift test for a feature the model lacks: exit 2 naming it", async () => {
  await registerWithCard('carded', `data:\n  file: ${JSON.stringify(weather)}\ntarget: weather\nmonitoring:\n  drift:\n    temp_max: psi\n    humidity: ks\n`);
  const r = run(cwd, 'monitor', 'carded', '--current', weather, '--sql', TRAIN_SQL, '--out', 'carded');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /The card of 'carded'@1 sets a drift test for 'humidity', which is not a feature of the model \(features: precipitation, temp_max, temp_min, wind, season\)/);
  assert.match(r.stderr, /^hint: Fix monitoring\.drift in the card/m);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test('a version registered without a sample is named clearly', () => {
  const copy = mkdtempSync(join(tmpdir(), 'framewise-monitor-old-'));
  assert.equal(run(copy, 'train', weather, '--target', 'weather', '--sql', TRAIN_SQL, '--model', 'linear', '--out', 'm.json', '--register', 'old').code, 0);
  rmSync(join(copy, '.framewise', 'artifacts', 'old', '1.reference.json'));
  const r = run(copy, 'monitor', 'old', '--current', weather);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /has no reference sample/);
  assert.match(r.stderr, /register the model again/);
});

test('--since reads the inputs the server logged: the training days again are stable, a warmer month is skew', async () => {
  const { openServeDb } = await import('../serve/serve-db.js');
  const { logLine, SegmentAppender } = await import('../serve/log-segments.js');
  const { valueAt } = await import('../data/column.js');
  const { frame } = await loadFrame(weather, { sql: `SELECT precipitation, temp_max, temp_min, wind, ${SEASON} AS season FROM data WHERE year(date) IN (2012, 2013)` });
  const db = openServeDb(join(cwd, '.framewise'));
  const appender = new SegmentAppender(db, join(cwd, '.framewise'));
  try {
    const lines: string[] = [];
    const times: number[] = [];
    const log = (id: string, at: string, i: number, shift: number): void => {
      const inputs = JSON.stringify(Object.fromEntries(frame.columns.map((c) => [c.name, c.name.startsWith('temp') ? (valueAt(c, i) as number) + shift : valueAt(c, i)])));
      lines.push(logLine({ id, atJson: JSON.stringify(at), modelJson: '"weather"', version: 1, inputs, outputs: '{}', decision: 'null', ood: '[]' }));
      times.push(Date.parse(at));
    };
    // November: the training days as served; December: every day 8 °C warmer.
    for (let i = 0; i < frame.rowCount; i++) log(`a${i}`, `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00.000Z`, i, 0);
    for (let i = 0; i < frame.rowCount; i += 2) log(`b${i}`, `2026-12-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00.000Z`, i, 8);
    appender.append(lines, times);
  } finally {
    appender.close();
    db.close();
  }
  const all = run(cwd, 'monitor', 'weather', '--since', '2026-11-01', '--out', 'log-all');
  assert.equal(all.code, 0, all.stderr);
  const december = run(cwd, 'monitor', 'weather', '--since', '2026-12-01', '--out', 'log-dec', '--fail-on', 'ood');
  assert.equal(december.code, 3, december.stderr);
  const json = JSON.parse(readFileSync(join(cwd, 'log-dec', 'monitor.json'), 'utf8')) as MonitorJson;
  assert.equal(json.window.source, 'prediction-log');
  assert.equal(json.window.rows, 366);
  assert.equal(json.predictions.comparison, 'training-serving-skew');
  assert.equal(json.predictions.drift?.result.drifted, true);
  assert.deepEqual([...json.drift.driftedFeatures].sort(), ['temp_max', 'temp_min']);
  assert.match(december.stdout, /skew/);
  // The skew line lines up with the others: the value starts in the same column as 'window', 'OOD'.
  assert.match(december.stdout, /^ {2}skew {8}\S/m);
  const allJson = JSON.parse(readFileSync(join(cwd, 'log-all', 'monitor.json'), 'utf8')) as MonitorJson;
  assert.equal(allJson.window.rows, 731 + 366);
  const late = run(cwd, 'monitor', 'weather', '--since', '2027-06-01');
  assert.equal(late.code, 2);
  assert.match(late.stderr, /no predictions of 'weather'@1 since/);
});

test("the card's alert rules: a breach is logged and posted once, not again while it lasts, and its recovery once", async () => {
  const { createServer } = await import('node:http');
  const { spawn } = await import('node:child_process');
  const received: { kind: string; rule: string; event: string; state: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as { kind: string; rule: string; event: string; state: string });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  try {
    await registerWithCard('alerted', `data:\n  file: ${JSON.stringify(weather)}\ntarget: weather\nmonitoring:\n  alerts:\n    - name: unseen-inputs\n      metric: ood.rate\n      above: 0.05\n  webhook: http://127.0.0.1:${port}/hooks/weather\n`);
    // The child runs asynchronously so that this process's receiver can answer the webhook.
    const runAsync = (out: string, sql: string): Promise<{ code: number; stdout: string; stderr: string; alerts: { name: string; state: string; event: string | null; delivery: string | null; value: number }[] }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, 'monitor', 'alerted', '--current', weather, '--sql', sql, '--out', out], { cwd });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => {
          const json = JSON.parse(readFileSync(join(cwd, out, 'monitor.json'), 'utf8')) as { alerts: { name: string; state: string; event: string | null; delivery: string | null; value: number }[] };
          resolve({ code: code ?? -1, stdout, stderr, alerts: json.alerts });
        });
      });
    const autumn = TRAIN_SQL.replace("ELSE 'mid'", "WHEN month(date) IN (9, 10, 11) THEN 'autumn' ELSE 'mid'");
    const first = await runAsync('alert-1', autumn);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.alerts.length, 1);
    assert.equal(first.alerts[0]!.state, 'breached');
    assert.equal(first.alerts[0]!.event, 'firing');
    assert.equal(first.alerts[0]!.delivery, 'delivered');
    assert.ok(Math.abs(first.alerts[0]!.value - 182 / 731) < 1e-9, `ood rate ${first.alerts[0]!.value}`);
    assert.match(first.stderr, /framewise ALERT alerted@1 rule 'unseen-inputs'/);
    assert.doesNotMatch(first.stderr, /hooks\/weather/, 'the webhook path is not logged');
    assert.match(first.stdout, /alerts +unseen-inputs \(new\)/);
    assert.match(readFileSync(join(cwd, 'alert-1', 'monitor.md'), 'utf8'), /## Alert rules[\s\S]*unseen-inputs \| ood\.rate/);
    const second = await runAsync('alert-2', autumn);
    assert.equal(second.alerts[0]!.state, 'breached');
    assert.equal(second.alerts[0]!.event, null, 'a breach that continues is not sent again');
    assert.doesNotMatch(second.stderr, /framewise ALERT/);
    const recovered = await runAsync('alert-3', TRAIN_SQL);
    assert.equal(recovered.alerts[0]!.state, 'ok');
    assert.equal(recovered.alerts[0]!.event, 'resolved');
    assert.match(recovered.stderr, /framewise RESOLVED alerted@1 rule 'unseen-inputs'/);
    assert.deepEqual(received.map((r) => [r.kind, r.rule, r.event, r.state]), [
      ['framewise.alert', 'unseen-inputs', 'firing', 'breached'],
      ['framewise.alert', 'unseen-inputs', 'resolved', 'ok'],
    ]);
  } finally {
    receiver.close();
  }
});

test("a raw file is read through the registered card's SQL, and a file already in the model's shape as it is", async () => {
  const { writeFileSync } = await import('node:fs');
  const frame = await registerWithCard('queried', `data:\n  file: ${JSON.stringify(weather)}\n  sql: ${JSON.stringify(TRAIN_SQL)}\ntarget: weather\n`);
  // The raw file lacks 'season': only the card's query makes it.
  const raw = run(cwd, 'monitor', 'queried', '--current', weather, '--out', 'queried-raw');
  assert.equal(raw.code, 0, raw.stderr);
  const rawJson = JSON.parse(readFileSync(join(cwd, 'queried-raw', 'monitor.json'), 'utf8')) as MonitorJson;
  assert.equal(rawJson.window.rows, 731);
  assert.equal(rawJson.ood.oodRate, 0);
  assert.equal(rawJson.performance!.labelled, 731);
  assert.ok(rawJson.notes.some((n) => /read through the registered card's data\.sql/.test(n)), rawJson.notes.join(' | '));
  // Already the model's columns (no 'date' for the query to use): read as it is.
  const shaped = join(cwd, 'shaped.csv');
  const header = ['precipitation', 'temp_max', 'temp_min', 'wind', 'season', 'weather'];
  const lines = [header.join(',')];
  for (let i = 0; i < 200; i++) lines.push(header.map((h) => String(valueText(frame, h, i))).join(','));
  writeFileSync(shaped, `${lines.join('\n')}\n`);
  const asIs = run(cwd, 'monitor', 'queried', '--current', shaped, '--out', 'queried-shaped');
  assert.equal(asIs.code, 0, asIs.stderr);
  const shapedJson = JSON.parse(readFileSync(join(cwd, 'queried-shaped', 'monitor.json'), 'utf8')) as MonitorJson;
  assert.equal(shapedJson.window.rows, 200);
  assert.equal(shapedJson.ood.oodRate, 0);
  assert.ok(shapedJson.notes.some((n) => /does not fit the current file .* read as it is/.test(n)), shapedJson.notes.join(' | '));
});

function valueText(frame: Frame, name: string, row: number): string | number {
  const column = frame.column(name);
  if (column.kind === 'categorical') return column.dictionary[column.codes[row]!]!;
  if (column.kind === 'numeric') return column.values[row]!;
  throw new Error(`unexpected column kind ${column.kind}`);
}
