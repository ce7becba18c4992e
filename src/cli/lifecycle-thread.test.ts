// The lifecycle as one thread, as a team walks it: `init` on a churn table with the traps real
// ones have ("NA" is North America, a leaky cancellation reason, free text, ids, yes/no labels),
// the card edited, `brief --register`, a real server answering and taking feedback, `predict`,
// `models check`, `monitor` on the training file and on the server's log, and `retrain`. The data
// settings, the threshold and the promise must be the same at every stage; a window whose labels
// make the decisions lose money must breach the value promise while the ranking holds.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, mock, test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { buildServer } from '../serve/server.js';
import { churnCardText, churnCsv } from './fixtures/churn-table.js';

const cli = fromBuild('src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'framewise-thread-'));
const registry = join(dir, '.framewise');
const TOKEN = 'thread-test-token';
const AUTH = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
const DAY = 86_400_000;
const NUMERIC = new Set(['tenure_months', 'mrr', 'support_tickets_90d', 'last_login_days', 'satisfaction']);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(...args: string[]): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run): Run {
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  return r;
}

function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(dir, ...parts), 'utf8')) as T;
}

/** The CSV's rows as request rows: every column the file has, numbers as numbers, empty as null. */
function requestRows(csv: string): Record<string, string | number | null>[] {
  const [header, ...lines] = csv.trimEnd().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v === '' ? null : NUMERIC.has(names[i]!) ? Number(v) : v])));
}

interface Brief {
  assessment: { verdict: { verdict: string; basis: string } };
  business: { policy: { kind: string; threshold: number; positiveClass: string; source: string }; model: { perDecision: number }; bar: { name: string; perDecision: number } };
  promise: DecisionPackage['promise'];
  confusion: { classes: string[]; counts: number[][] };
}

interface Monitor {
  policy: { threshold: number; source: string };
  ood: { oodRate: number };
  overrides: unknown[];
  verdict: { valueBelowPromise: boolean; belowPromise: boolean };
  performance: { labelled: number; belowPromise: string[]; value: { perDecision: number; low: number; high: number; threshold: number; promised: { perDecision: number; low: number; high: number } | null; belowPromise: boolean } } | null;
  alerts: { name: string; state: string; event: string | null }[];
}

let brief: Brief;
let pkg: DecisionPackage;

before(() => {
  writeFileSync(join(dir, 'churn.csv'), churnCsv({ rows: 3000, seed: 7 }));
  // The user runs init with the data flag that keeps "NA" a region, then edits the card.
  const init = ok(run('init', 'churn.csv', '--target', 'churned', '--missing', '', '--out', 'framewise.yaml'));
  const written = readFileSync(join(dir, 'framewise.yaml'), 'utf8');
  assert.match(written, /missing:\s*\n?\s*-?\s*\[?\s*""/, 'init writes --missing into the card');
  assert.match(`${written}\n${init.stderr}`, /snapshot_date/, 'init names the date column as a candidate for time');
  writeFileSync(join(dir, 'framewise.yaml'), churnCardText('churn.csv'));
  const briefed = ok(run('brief', 'framewise.yaml', '--register', 'churn', '--budget', '20'));
  brief = readJson<Brief>('framewise-out', 'churn', 'brief.json');
  // The first line is the verdict and the second the money: they must agree.
  const [first, money] = briefed.stdout.split('\n');
  if (brief.assessment.verdict.verdict === 'use-ml') assert.doesNotMatch(money!, /does not pay/, briefed.stdout);
  else assert.doesNotMatch(first!, /^churn: use-ml/, briefed.stdout);
  ok(run('models', 'promote', 'churn', '1', '--why', 'first release'));
  const store = SqliteModelStore.open(registry);
  try {
    pkg = store.get({ name: 'churn', version: 1 }).lineage.decision!;
    assert.deepEqual(store.get({ name: 'churn', version: 1 }).lineage.metrics, pkg.promise.metrics, 'the registered metrics are the promise');
  } finally {
    store.close();
  }
});

test('the brief chooses one threshold for value and registers it with the card\'s data settings and the promise', () => {
  const policy = brief.business.policy;
  assert.equal(policy.kind, 'threshold');
  assert.equal(policy.positiveClass, 'yes', 'class names stay as the data writes them');
  assert.equal(policy.source, 'brief-best-value');
  assert.notEqual(policy.threshold, 0.5);
  assert.equal(brief.assessment.verdict.basis, 'value');
  assert.deepEqual(pkg.policy, { kind: 'threshold', threshold: policy.threshold, positiveClass: 'yes', source: 'brief-best-value' });
  assert.deepEqual(pkg.data.missing, ['']);
  assert.deepEqual(pkg.promise, brief.promise);
  assert.ok(pkg.promise.value !== null && pkg.promise.value.perDecision.low <= pkg.promise.value.perDecision.mean && pkg.promise.value.perDecision.mean <= pkg.promise.value.perDecision.high);
  // The brief's confusion matrix is drawn at the same threshold: its positive decisions are the promise's share.
  const yes = brief.confusion.classes.indexOf('yes');
  const counts = brief.confusion.counts;
  const decidedYes = counts.reduce((n, row) => n + row[yes]!, 0);
  const total = counts.reduce((n, row) => n + row.reduce((a, b) => a + b, 0), 0);
  assert.ok(Math.abs(decidedYes / total - pkg.promise.positiveRate!) < 1e-3, `${decidedYes}/${total} vs ${pkg.promise.positiveRate}`);
  // The leaky column is never a feature.
  assert.ok(pkg.leftOut?.some((c) => c.name === 'cancellation_reason'));
});

test('predict, models check and monitor read the training file as the model was trained: NA kept, zero out-of-distribution rows, no alert', () => {
  const predicted = ok(run('predict', 'churn@champion', 'churn.csv', '--out', 'predictions.json'));
  assert.match(predicted.stderr, new RegExp(`threshold ${brief.business.policy.threshold} on 'yes'`));
  const rows = readJson<Record<string, string | number | null>[]>('predictions.json');
  assert.equal(rows.length, 3000);
  assert.ok(rows.filter((r) => r['region'] === 'NA').length > 1000, 'NA is a region, not a missing value');
  for (const r of rows) assert.equal(r['decision'], (r['proba_yes'] as number) >= brief.business.policy.threshold ? 'yes' : 'no');
  ok(run('models', 'check', 'churn@champion', 'churn.csv'));
  ok(run('monitor', 'churn@champion', '--current', 'churn.csv', '--out', 'monitor-training', '--fail-on', 'ood', '--fail-on', 'value'));
  const m = readJson<Monitor>('monitor-training', 'monitor.json');
  assert.equal(m.ood.oodRate, 0);
  assert.deepEqual(m.overrides, []);
  assert.equal(m.policy.threshold, brief.business.policy.threshold);
  assert.equal(m.verdict.valueBelowPromise, false);
  assert.ok(m.alerts.every((a) => a.state !== 'breached'), JSON.stringify(m.alerts));
});

/** Serves `rows` through the real server, `perDay` rows a day from `firstDay`, and posts each row's true label the next morning. */
async function serveDays(rows: Record<string, string | number | null>[], firstDay: number, perDay: number): Promise<void> {
  const store = SqliteModelStore.open(registry);
  const server = buildServer({ store, dataDir: registry, token: TOKEN, logFlushMs: 10 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  mock.timers.enable({ apis: ['Date'], now: firstDay });
  try {
    for (let start = 0; start < rows.length; start += perDay) {
      const day = firstDay + (start / perDay) * DAY;
      mock.timers.setTime(day + 18 * 3_600_000);
      const batch = rows.slice(start, start + perDay);
      // Every column of the file is sent: the id, the time, the free text, the leak and the label are accepted and ignored.
      const res = await fetch(`${base}/v1/models/churn/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: batch }) });
      assert.equal(res.status, 200, await res.clone().text());
      const body = (await res.json()) as { predictions: { id: string; decision: { threshold: number; source: string; positiveClass: string } }[] };
      for (const p of body.predictions) assert.deepEqual([p.decision.threshold, p.decision.source, p.decision.positiveClass], [brief.business.policy.threshold, 'brief-best-value', 'yes']);
      mock.timers.setTime(day + DAY + 8 * 3_600_000);
      for (let i = 0; i < batch.length; i++) {
        const fed = await fetch(`${base}/v1/feedback`, { method: 'POST', headers: AUTH, body: JSON.stringify({ predictionId: body.predictions[i]!.id, label: batch[i]!['churned'] }) });
        assert.equal(fed.status, 201, await fed.text());
      }
    }
    // A label that is not one of the model's classes is refused, naming the classes.
    const wrong = await fetch(`${base}/v1/feedback`, { method: 'POST', headers: AUTH, body: JSON.stringify({ predictionId: 'x', label: 'true' }) });
    assert.equal(wrong.status, 400);
  } finally {
    mock.timers.reset();
    await server.close();
    store.close();
  }
}

test('served decisions, logged inputs and feedback: a healthy month keeps the promise, a month that loses money breaches it while the ranking holds', async () => {
  const healthyCsv = churnCsv({ rows: 600, seed: 11, start: '2026-01-01' });
  await serveDays(requestRows(healthyCsv), Date.parse('2026-01-01T00:00:00Z'), 20);
  ok(run('monitor', 'churn@champion', '--since', '2026-01-01', '--out', 'monitor-healthy', '--fail-on', 'value'));
  const good = readJson<Monitor>('monitor-healthy', 'monitor.json');
  // The logged inputs read back as the model read them: the log and the same rows as a file agree.
  writeFileSync(join(dir, 'january.csv'), healthyCsv);
  ok(run('monitor', 'churn@champion', '--current', 'january.csv', '--out', 'monitor-january'));
  const file = readJson<Monitor>('monitor-january', 'monitor.json');
  assert.equal(good.ood.oodRate, file.ood.oodRate);
  assert.ok(good.ood.oodRate < 0.01, `${good.ood.oodRate}`);
  assert.equal(good.performance!.labelled, 600);
  assert.equal(good.performance!.value.threshold, brief.business.policy.threshold);
  assert.deepEqual(good.performance!.value.promised, { perDecision: pkg.promise.value!.perDecision.mean, low: pkg.promise.value!.perDecision.low, high: pkg.promise.value!.perDecision.high });
  assert.equal(good.verdict.valueBelowPromise, false);
  assert.ok(good.alerts.every((a) => a.state !== 'breached'), JSON.stringify(good.alerts));

  // More customers leave than the model was trained on; who is at risk is ranked as before.
  const losing = requestRows(churnCsv({ rows: 2000, seed: 9, churnShift: 0.4, start: '2026-02-01' }));
  await serveDays(losing, Date.parse('2026-02-01T00:00:00Z'), 50);
  const breached = run('monitor', 'churn@champion', '--since', '2026-02-01', '--out', 'monitor-losing', '--fail-on', 'value');
  assert.equal(breached.code, 3, breached.stderr);
  assert.match(breached.stdout, /^VALUE BELOW PROMISE for churn@1/);
  const bad = readJson<Monitor>('monitor-losing', 'monitor.json');
  assert.equal(bad.verdict.valueBelowPromise, true);
  assert.ok(bad.performance!.value.high < bad.performance!.value.promised!.low);
  for (const metric of ['roc_auc', 'precision', 'recall']) assert.ok(!bad.performance!.belowPromise.includes(metric), `${metric} stays within its promise: ${bad.performance!.belowPromise.join(', ')}`);
  assert.ok(bad.alerts.some((a) => a.name === 'value-below-promise' && a.state === 'breached' && a.event === 'firing'), JSON.stringify(bad.alerts));
});

test('retrain values both models at the registered threshold and registers the challenger with the same package settings', () => {
  writeFileSync(join(dir, 'recent.csv'), churnCsv({ rows: 1500, seed: 12, start: '2026-03-01' }));
  ok(run('retrain', 'churn', '--data', 'recent.csv', '--out', 'retrain'));
  const report = readJson<{ policy: { threshold: number; source: string }; trainingOverlap: { matched: number; likely: boolean } }>('retrain', 'retrain.json');
  assert.deepEqual([report.policy.threshold, report.policy.source], [brief.business.policy.threshold, 'brief-best-value']);
  assert.equal(report.trainingOverlap.likely, false, 'new customers are not rows the champion learned from');
  const store = SqliteModelStore.open(registry);
  try {
    const challenger = store.get({ name: 'churn', alias: 'challenger' }).lineage.decision!;
    assert.deepEqual(challenger.policy, pkg.policy);
    assert.deepEqual(challenger.data, pkg.data);
  } finally {
    store.close();
  }
  // The registry shows the package: the policy with its source, the promised value, the data settings.
  const shown = ok(run('models', 'show', 'churn@1')).stdout;
  assert.match(shown, new RegExp(`decision +threshold ${brief.business.policy.threshold} on 'yes' \\(the brief's threshold with the most value\\)`));
  assert.match(shown, /promised value +-?\d[\d.]* \[-?[\d.]+, -?[\d.]+\] USD per decision/);
  assert.match(shown, /data settings +missing \[""\]/);
  assert.match(ok(run('models', 'diff', 'churn', '1', '2')).stdout, new RegExp(`threshold +${brief.business.policy.threshold} +${brief.business.policy.threshold}`));
  // The challenger is the latest version now, but a bare name still means the version being served.
  const predicted = ok(run('predict', 'churn', 'recent.csv', '--out', 'recent-predictions.csv'));
  assert.match(predicted.stderr, /'churn'@1/);
  assert.doesNotMatch(predicted.stderr, /'churn'@2/);
  // Retraining on the champion's own training file would score it on rows it learned from: said first.
  const own = ok(run('retrain', 'churn', '--data', 'churn.csv', '--alias', 'own-rows'));
  assert.match(own.stdout.split('\n')[1]!, /^ {2}WARNING {5}\d[\d,]* of the [\d,]+ compared rows are rows churn@1 learned from, so the comparison favours it/);
});
