// One policy in force across the stages: a churn model registered at threshold 0.3, served by a
// real server that logs 120 decisions at 0.3, then a threshold of 0.5 set with PUT and 120 more.
// `monitor --since` values each logged decision at the threshold it was taken at (checked against a
// sum over the log lines by hand) and names both; predict and retrain decide at the server's 0.5
// and say so; the PUT answer and the audit name the class and the registered policy replaced.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, mock, test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import type { MonitorResult } from '../monitor/monitor-run.js';
import { OUTCOMES, THRESHOLD, type ValueRegistry, valueRegistry } from '../monitor/value-fixture.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { buildServer } from '../serve/server.js';

const cli = fromBuild('src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'framewise-server-policy-'));
const TOKEN = 'policy-token';
const AUTH = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
const FEATURES = ['tenure', 'monthly', 'plan', 'tickets'];
const SERVER_THRESHOLD = 0.5;
const START = Date.parse('2026-12-07T09:00:00Z');
const MINUTE = 60_000;
const EACH = 120;

let fixture: ValueRegistry;
let put: { status: number; body: Record<string, unknown> };
let described: { policyHistory: { previous: unknown; policy: unknown; by: string; why: string }[] };
let truth: Map<string, string>;

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Serves rows [from, to) one a minute from START + from minutes, each labelled the next hour. */
async function serveRows(base: string, rows: Frame, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    mock.timers.setTime(START + i * MINUTE);
    const row = Object.fromEntries(FEATURES.map((f) => [f, valueAt(rows.column(f), i)]));
    const res = await fetch(`${base}/v1/models/churn/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ row }) });
    assert.equal(res.status, 200, await res.clone().text());
    const id = ((await res.json()) as { predictions: { id: string }[] }).predictions[0]!.id;
    const label = String(valueAt(rows.column('churned'), i));
    truth.set(id, label);
    const fb = await fetch(`${base}/v1/feedback`, { method: 'POST', headers: AUTH, body: JSON.stringify({ predictionId: id, label }) });
    assert.equal(fb.status, 201, await fb.text());
  }
}

before(async () => {
  fixture = await valueRegistry(dir);
  const promoted = run('models', 'promote', 'churn', '1', '--registry', fixture.registry, '--why', 'first churn model');
  assert.equal(promoted.code, 0, promoted.stderr);
  const rows = (await loadFrame(fixture.healthy)).frame;
  truth = new Map();
  const store = SqliteModelStore.open(fixture.registry);
  const server = buildServer({ store, dataDir: fixture.registry, token: TOKEN, logFlushMs: 10 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  try {
    mock.timers.enable({ apis: ['Date'], now: START });
    await serveRows(base, rows, 0, EACH);
    mock.timers.setTime(START + EACH * MINUTE - MINUTE / 2);
    const res = await fetch(`${base}/v1/models/churn/policy`, { method: 'PUT', headers: AUTH, body: JSON.stringify({ threshold: SERVER_THRESHOLD, by: 'ops', why: 'fewer wasted offers' }) });
    put = { status: res.status, body: (await res.json()) as Record<string, unknown> };
    await serveRows(base, rows, EACH, 2 * EACH);
    described = (await (await fetch(`${base}/v1/models/churn`)).json()) as typeof described;
  } finally {
    mock.timers.reset();
    await server.close();
    store.close();
  }
});

interface LogLine {
  id: string;
  at: string;
  outputs: { probabilities: Record<string, number> };
  decision: { kind: string; threshold: number; positiveClass: string; positive: boolean; label: string; source: string };
}

/** Every line of the prediction log, read straight from its segment files. */
function logLines(): LogLine[] {
  const folder = join(fixture.registry, 'prediction-log');
  const lines = readdirSync(folder).flatMap((f) => readFileSync(join(folder, f), 'utf8').split('\n').filter((l) => l.trim() !== ''));
  return lines.map((l) => JSON.parse(l) as LogLine).sort((a, b) => a.at.localeCompare(b.at));
}

const valueOf = (decidedLeft: boolean, actual: string): number => (actual === 'left' ? (decidedLeft ? OUTCOMES.truePositive : OUTCOMES.falseNegative) : decidedLeft ? OUTCOMES.falsePositive : OUTCOMES.trueNegative);

test('PUT answers with the new policy and its class, and the audit names the registered policy it replaced', () => {
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const registered = { kind: 'threshold', threshold: THRESHOLD, positiveClass: 'left', source: 'brief-best-value' };
  assert.deepEqual(put.body.policy, { kind: 'threshold', threshold: SERVER_THRESHOLD, positiveClass: 'left', source: 'serving-policy' });
  assert.deepEqual(put.body.previous, registered);
  assert.equal(put.body.by, 'ops');
  assert.equal(described.policyHistory.length, 1);
  assert.deepEqual(described.policyHistory[0]!.previous, registered);
  assert.deepEqual(described.policyHistory[0]!.policy, { kind: 'threshold', threshold: SERVER_THRESHOLD, positiveClass: 'left', source: 'serving-policy' });
});

test('monitor --since values each logged decision at the threshold it was taken at and names both thresholds', () => {
  const lines = logLines();
  assert.equal(lines.length, 2 * EACH);
  assert.deepEqual([...new Set(lines.slice(0, EACH).map((l) => l.decision.threshold))], [THRESHOLD]);
  assert.deepEqual([...new Set(lines.slice(EACH).map((l) => l.decision.threshold))], [SERVER_THRESHOLD]);
  // By hand: the value of each decision as logged, and of the same rows re-decided at today's 0.5.
  let asTaken = 0;
  let atToday = 0;
  let positive = 0;
  for (const l of lines) {
    const actual = truth.get(l.id)!;
    asTaken += valueOf(l.decision.label === 'left', actual);
    atToday += valueOf(l.outputs.probabilities.left! >= SERVER_THRESHOLD, actual);
    if (l.decision.label === 'left') positive++;
  }
  asTaken /= lines.length;
  atToday /= lines.length;
  assert.ok(Math.abs(asTaken - atToday) > 1, `the two thresholds must value the window differently (${asTaken} vs ${atToday})`);

  const r = run('monitor', 'churn', '--registry', fixture.registry, '--since', '2026-12-07T00:00:00Z', '--out', 'mon', '--window', '1d');
  const file = join(dir, 'mon', 'monitor.json');
  assert.ok(existsSync(file), `${r.stdout}\n${r.stderr}`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as MonitorResult;
  const value = json.performance!.value!;
  assert.equal(json.performance!.labelled, 2 * EACH);
  assert.ok(Math.abs(value.perDecision - asTaken) < 1e-9, `realised ${value.perDecision}, by hand ${asTaken}`);
  // Decisions at two thresholds: the value names none of them alone.
  assert.equal(value.threshold, null);
  // The policy in force now is the server's; the logged periods say what each decision was taken at.
  assert.equal(json.policy.threshold, SERVER_THRESHOLD);
  assert.equal(json.policy.source, 'serving');
  assert.match(json.policy.description, /^threshold 0\.5 on 'left' \(set on the server with PUT \/v1\/models\/churn\/policy on 2026-12-07 10:59 by ops, in place of the registered 0\.3 from the brief's threshold with the most value\)$/);
  assert.deepEqual(
    json.policy.logged!.map((p) => ({ threshold: p.threshold, rows: p.rows, source: p.source, from: p.from })),
    [
      { threshold: THRESHOLD, rows: EACH, source: 'brief-best-value', from: lines[0]!.at },
      { threshold: SERVER_THRESHOLD, rows: EACH, source: 'serving-policy', from: lines[EACH]!.at },
    ],
  );
  assert.equal(json.policy.logged!.reduce((n, p) => n + p.positive, 0), positive);
  assert.match(json.policy.loggedDescription!, /threshold 0\.3 on 'left' \(the brief's threshold with the most value\) until 2026-12-07 10:59 \(120 decisions\), then threshold 0\.5 on 'left' \(set on the server\) from 2026-12-07 11:00 \(120 decisions\)/);
  assert.match(json.verdict.summary, /decided at threshold 0\.3 on 'left' .* then threshold 0\.5/);
  // Decision drift counts the decisions as taken.
  assert.equal(json.predictions.decisions!.current.positive, positive);
  assert.ok(json.notes.some((n) => n.startsWith('Each logged decision is counted and valued as the server took it')), json.notes.join('\n'));
  assert.match(readFileSync(join(dir, 'mon', 'monitor.md'), 'utf8'), /counted and valued as the server took them/);
});

test('monitor --current (no log) values at the policy in force, the server\'s 0.5', () => {
  const r = run('monitor', 'churn', '--registry', fixture.registry, '--current', fixture.healthy, '--out', 'mon-file', '--window', '7d');
  const json = JSON.parse(readFileSync(join(dir, 'mon-file', 'monitor.json'), 'utf8')) as MonitorResult;
  assert.ok(r.code === 0 || r.code === 3, r.stderr);
  assert.equal(json.policy.logged, null);
  assert.equal(json.policy.loggedDescription, null);
  assert.equal(json.policy.source, 'serving');
  assert.equal(json.performance!.value!.threshold, SERVER_THRESHOLD);
  assert.match(json.verdict.summary, /decided at threshold 0\.5 on 'left' \(set on the server/);
});

test('models show names the registered decision and the policy the server put in force over it', () => {
  const r = run('models', 'show', 'churn@1', '--registry', fixture.registry);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ {2}decision +threshold 0\.3 on 'left'/m);
  assert.match(r.stdout, /^ {2}in force +threshold 0\.5 on 'left' \(set on the server/m);
});

test('predict NAME@ALIAS decides at the server threshold and says so; --threshold still wins', async () => {
  const out = join(dir, 'predicted.csv');
  const r = run('predict', 'churn@champion', fixture.healthy, '--registry', fixture.registry, '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /decision {3}threshold 0\.5 on 'left' \(set on the server with PUT \/v1\/models\/churn\/policy on 2026-12-07 10:59 by ops, in place of the registered 0\.3 from the brief's threshold with the most value\), for the registered version churn@1: (\d[\d,]*) of 3,000 rows decided positive/);
  assert.match(r.stderr, /override: policy\.threshold is 0\.3 in the registered version churn@1; the server's policy \(PUT \/v1\/models\/churn\/policy\) gives 0\.5/);
  const predicted = (await loadFrame(out)).frame;
  const decisions = Array.from({ length: predicted.rowCount }, (_, i) => String(valueAt(predicted.column('decision'), i)));
  const probabilities = Array.from({ length: predicted.rowCount }, (_, i) => Number(valueAt(predicted.column(predicted.names.find((n) => /left/.test(n) && /prob/i.test(n))!), i)));
  assert.ok(decisions.every((d, i) => d === (probabilities[i]! >= SERVER_THRESHOLD ? 'left' : 'stayed')));
  assert.ok(decisions.some((d, i) => d === 'stayed' && probabilities[i]! >= THRESHOLD), 'some rows are decided differently at 0.5 than at 0.3');

  const flagged = run('predict', 'churn@champion', fixture.healthy, '--registry', fixture.registry, '--out', join(dir, 'predicted-0.2.csv'), '--threshold', '0.2');
  assert.equal(flagged.code, 0, flagged.stderr);
  assert.match(flagged.stderr, /decision {3}threshold 0\.2 on 'left' \(a command-line override\)/);
  assert.match(flagged.stderr, /the server's policy .* is not used: --threshold wins/);
});

test('retrain values both models at the server threshold, records it as an override and registers the challenger with it', () => {
  const r = run('retrain', 'churn', '--data', fixture.healthy, '--registry', fixture.registry, '--json');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { policy: { threshold: number; source: string; positiveClass: string; description: string }; overrides: { field: string; registered: unknown; used: unknown; flag: string }[]; challenger: { version: number } };
  assert.equal(report.policy.threshold, SERVER_THRESHOLD);
  assert.equal(report.policy.source, 'serving');
  assert.equal(report.policy.positiveClass, 'left');
  assert.match(report.policy.description, /^threshold 0\.5 on 'left' \(set on the server with PUT .* in place of the registered 0\.3 from the brief's threshold with the most value\)$/);
  assert.deepEqual(report.overrides, [{ field: 'policy.threshold', registered: THRESHOLD, used: SERVER_THRESHOLD, flag: "the server's policy (PUT /v1/models/churn/policy)" }]);
  const store = SqliteModelStore.open(fixture.registry);
  try {
    const challenger = store.get({ name: 'churn', version: report.challenger.version });
    assert.deepEqual(challenger.lineage.decision!.policy, { kind: 'threshold', threshold: SERVER_THRESHOLD, positiveClass: 'left', source: 'serving' });
  } finally {
    store.close();
  }
});
