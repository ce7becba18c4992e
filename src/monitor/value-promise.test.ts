// Money first in monitoring: a churn model registered with a decision package (threshold 0.3 on
// 'left', a promised value per decision with its interval, measured on held-out rows), then
// `framewise monitor` on a healthy window (no breach, no alert) and on a window where churners
// became rare (label shift: the ranking holds, ROC AUC stays within its promise, but most
// customers flagged at 0.3 now stay anyway, so the offers are wasted and the decisions lose money).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import type { AlertReport } from './alerts-run.js';
import type { MonitorResult } from './monitor-run.js';
import { THRESHOLD, type ValueRegistry, valueRegistry } from './value-fixture.js';

const cli = fromBuild('src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'framewise-value-promise-'));
let fixture: ValueRegistry;
let promised: ValueRegistry['promise'];

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

type MonitorJson = MonitorResult & { alerts: AlertReport[] };

function monitor(window: string, out: string, ...extra: string[]): { code: number; stdout: string; stderr: string; json: MonitorJson } {
  const r = run('monitor', 'churn', '--registry', fixture.registry, '--current', window, '--out', out, '--window', '7d', ...extra);
  const file = join(dir, out, 'monitor.json');
  assert.ok(existsSync(file), `${r.stdout}\n${r.stderr}`);
  return { ...r, json: JSON.parse(readFileSync(file, 'utf8')) as MonitorJson };
}

before(async () => {
  fixture = await valueRegistry(dir);
  promised = fixture.promise;
});

test('the promise is honest: value per decision above zero with an interval, at the package threshold', () => {
  const v = promised.value!.perDecision;
  assert.ok(v.low > 0 && v.low < v.mean && v.mean < v.high, JSON.stringify(v));
  assert.ok(promised.positiveRate! > 0.1 && promised.positiveRate! < 0.6, String(promised.positiveRate));
});

test('a healthy window: value as promised at the package threshold, no breach, no alert, --fail-on value passes', () => {
  const r = monitor(fixture.healthy, 'healthy', '--fail-on', 'value');
  assert.equal(r.code, 0, r.stderr);
  const { json } = r;
  // The threshold comes from the package (0.3, the brief's), not the card's 0.5, and every report names it.
  assert.equal(json.policy.threshold, THRESHOLD);
  assert.equal(json.policy.source, 'brief-best-value');
  assert.match(json.verdict.summary, /decided at threshold 0\.3 on 'left' \(the brief's threshold with the most value\)/);
  const v = json.performance!.value!;
  assert.equal(v.threshold, THRESHOLD);
  assert.deepEqual(v.promised, { perDecision: promised.value!.perDecision.mean, low: promised.value!.perDecision.low, high: promised.value!.perDecision.high });
  assert.equal(v.belowPromise, false);
  assert.ok(v.low <= v.perDecision && v.perDecision <= v.high);
  assert.ok(v.high >= promised.value!.perDecision.low, `realised ${JSON.stringify(v)}`);
  assert.equal(json.verdict.valueBelowPromise, false);
  assert.deepEqual(json.performance!.belowPromise, []);
  // Decision drift against the promise's share at the same threshold: stable.
  const d = json.predictions.decisions!;
  assert.equal(d.reference.source, 'promise');
  assert.equal(d.reference.rate, promised.positiveRate);
  assert.equal(d.drifted, false, JSON.stringify(d));
  // The default rule is judged and ok: the quiet start sends nothing.
  const rule = json.alerts.find((a) => a.name === 'value-below-promise')!;
  assert.equal(rule.state, 'ok');
  assert.equal(rule.event, null);
  assert.doesNotMatch(r.stderr, /ALERT/);
  assert.match(r.stdout.split('\n')[0]!, /^churn@1: value \+\d/);
  const html = readFileSync(join(dir, 'healthy', 'monitor.html'), 'utf8');
  assert.ok(html.indexOf('Value against the promise') < html.indexOf('Feature drift'));
  assert.match(html, /data-chart="value-over-time"/);
});

test('churners become rare: the ranking holds but the decisions lose money: breach first, default alert once, --fail-on value exits 3', () => {
  const r = monitor(fixture.shifted, 'shifted', '--fail-on', 'value');
  const { json } = r;
  // ROC AUC stays within its promise: the metrics alone would pass.
  const auc = json.performance!.overall.metrics['roc_auc']!;
  assert.ok(auc.high >= promised.metrics['roc_auc']!.low, `auc ${JSON.stringify(auc)} vs ${JSON.stringify(promised.metrics['roc_auc'])}`);
  assert.deepEqual(json.performance!.belowPromise, []);
  assert.equal(json.verdict.belowPromise, false);
  // The money does not: the whole realised interval is under the promise's lower bound.
  const v = json.performance!.value!;
  assert.ok(v.high < promised.value!.perDecision.low, JSON.stringify(v));
  assert.ok(v.perDecision < 0, `value ${v.perDecision}`);
  assert.equal(v.belowPromise, true);
  assert.equal(json.verdict.valueBelowPromise, true);
  // The summary line opens with the breach; the exit code gates the pipeline.
  assert.match(json.verdict.summary, /^VALUE BELOW PROMISE for churn@1: value -\d/);
  assert.equal(r.stdout.split('\n')[0], json.verdict.summary);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /monitor: failing because realised value per decision .* is below the promised/);
  // The default rule fires once, to the log.
  const rule = json.alerts.find((a) => a.name === 'value-below-promise')!;
  assert.equal(rule.state, 'breached');
  assert.equal(rule.event, 'firing');
  assert.equal(rule.delivery, 'log-only');
  assert.equal(r.stderr.match(/framewise ALERT churn@1 rule 'value-below-promise': realised value per decision is -/g)?.length, 1, r.stderr);
  // Per-window values carry their intervals; the page puts the breach at the top.
  assert.ok(json.performance!.windows.length >= 2 && json.performance!.windows.every((w) => w.value === null || (w.value.low <= w.value.perDecision && w.value.perDecision <= w.value.high)));
  const html = readFileSync(join(dir, 'shifted', 'monitor.html'), 'utf8');
  const main = html.slice(html.indexOf('<main'));
  assert.ok(main.indexOf('VALUE BELOW PROMISE') < main.indexOf('Feature drift') && main.indexOf('Value below promise') < main.indexOf('Feature drift'));
  // Run again: the breach continues, nothing is sent again; --fail-on performance alone does not trip.
  const again = monitor(fixture.shifted, 'shifted', '--fail-on', 'performance');
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /ALERT/);
  assert.equal(again.json.alerts.find((a) => a.name === 'value-below-promise')!.event, null);
  // Back to healthy: resolved once.
  const healed = monitor(fixture.healthy, 'healed');
  assert.equal(healed.json.alerts.find((a) => a.name === 'value-below-promise')!.event, 'resolved');
  assert.match(healed.stderr, /framewise RESOLVED churn@1 rule 'value-below-promise'/);
});

test('decision drift: the share flagged at the policy threshold is tested against the promise with a two-proportion test', () => {
  const json = JSON.parse(readFileSync(join(dir, 'shifted', 'monitor.json'), 'utf8')) as MonitorJson;
  const d = json.predictions.decisions!;
  assert.equal(d.threshold, THRESHOLD);
  assert.equal(d.test, 'two-proportion-z');
  // Fewer churners: fewer customers cross 0.3.
  assert.ok(d.current.rate < d.reference.rate - 0.05, JSON.stringify(d));
  assert.ok(d.statistic < -3 && d.pValue < 0.001 && d.drifted, JSON.stringify(d));
  assert.equal(json.verdict.decisionsDrifted, true);
});

test('every run is kept in its own dated folder under runs/; the output folder holds a whole copy of the newest', () => {
  const runs = readdirSync(join(dir, 'shifted', 'runs')).filter((n) => !n.startsWith('.')).sort();
  assert.equal(runs.length, 2, runs.join(', '));
  for (const name of runs) assert.match(name, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?$/);
  const first = JSON.parse(readFileSync(join(dir, 'shifted', 'runs', runs[0]!, 'monitor.json'), 'utf8')) as MonitorJson;
  const newest = readFileSync(join(dir, 'shifted', 'runs', runs[1]!, 'monitor.json'), 'utf8');
  assert.equal(first.alerts.find((a) => a.name === 'value-below-promise')!.event, 'firing');
  assert.equal(readFileSync(join(dir, 'shifted', 'monitor.json'), 'utf8'), newest);
  assert.equal((JSON.parse(readFileSync(join(dir, 'shifted', 'latest.json'), 'utf8')) as { id: string }).id, runs[1]);
  for (const file of ['monitor.md', 'monitor.html']) assert.ok(existsSync(join(dir, 'shifted', 'runs', runs[0]!, file)) && existsSync(join(dir, 'shifted', file)));
});
