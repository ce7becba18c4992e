// Multi-label through the whole lifecycle on real weather (examples/seattle-tomorrow.csv: which
// of rain, wind, frost and warmth the next Seattle day brings, from today's measurements; a third
// of the days bring none): init → assess → brief --register → predict → serve with feedback →
// monitor → retrain. The per-label thresholds the brief chooses must be the ones registered, shown,
// served, monitored and retrained at, and no command may crash on the days with no label.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { labelsAtThresholds } from '../frame/decision-rules.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import type { Decision } from '../serve/prediction-output.js';
import { buildServer } from '../serve/server.js';
import { cliInFolder } from './fixtures/lifecycle-run.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-multilabel-'));
const { run, ok, readJson } = cliInFolder(dir);
const registry = join(dir, '.framewise');
const TOKEN = 'multilabel-test-token';
const LABELS = ['frost', 'rain', 'warm', 'windy'];
const NUMERIC = new Set(['precipitation', 'temp_max', 'temp_min', 'wind']);

// The bundled file, split in time: up to 2014 to learn from, 2015 as the new days served and retrained on.
const [header, ...lines] = readFileSync(fromRoot('examples', 'seattle-tomorrow.csv'), 'utf8').trimEnd().split('\n');
const training = lines.filter((l) => l < '2015');
const recent = lines.filter((l) => l >= '2015');
const names = header!.split(',');
const setOf = (line: string): string[] => (line.split(',').at(-1) ?? '').split('|').filter((l) => l !== '');

interface Brief {
  assessment: { verdict: { verdict: string; reason: string }; framing: { leftOut: { name: string; reason: string }[] } };
  labels: { policy: { kind: string; thresholds: Record<string, number>; source: string }; basis: string; perLabel: { label: string; threshold: number; f1: number }[]; rows: number };
  promise: DecisionPackage['promise'];
}

interface Monitor {
  policy: { kind: string; thresholds?: Record<string, number> };
  performance: { labelled: number; belowPromise: string[]; overall: { metrics: Record<string, { value: number; low: number; high: number }> }; promised: Record<string, unknown> } | null;
  notes: string[];
}

let brief: Brief;
let pkg: DecisionPackage;

before(() => {
  writeFileSync(join(dir, 'weather.csv'), `${[header, ...training].join('\n')}\n`);
  writeFileSync(join(dir, 'recent.csv'), `${[header, ...recent].join('\n')}\n`);
  // The same labels as one 0/1 column each, for `--target a,b,c`.
  const columns = [[...names.slice(0, -1), ...LABELS].join(','), ...training.map((l) => [...l.split(',').slice(0, -1), ...LABELS.map((x) => (setOf(l).includes(x) ? 1 : 0))].join(','))];
  writeFileSync(join(dir, 'weather-columns.csv'), `${columns.join('\n')}\n`);

  ok('init', 'weather.csv', '--target', 'tomorrow', '--time', 'date', '--out', 'framewise.yaml');
  assert.match(readFileSync(join(dir, 'framewise.yaml'), 'utf8'), /Inferred task: multilabel/);
  // A short card: few folds and a small budget keep the run short.
  writeFileSync(join(dir, 'framewise.yaml'), 'name: weather\ndata:\n  file: weather.csv\ntarget: tomorrow\ntime: date\nassess:\n  folds: 3\n  seed: 42\n');
  ok('brief', 'framewise.yaml', '--register', 'weather', '--budget', '20');
  brief = readJson<Brief>('framewise-out', 'weather', 'brief.json');
  ok('models', 'promote', 'weather', '1', '--why', 'first release');
  const store = SqliteModelStore.open(registry);
  try {
    pkg = store.get({ name: 'weather', version: 1 }).lineage.decision!;
  } finally {
    store.close();
  }
});

test('the data holds days with no label at all, and init writes several label columns as a list', () => {
  assert.ok(training.filter((l) => setOf(l).length === 0).length > 200, 'about a third of the days bring none of the four');
  ok('init', 'weather-columns.csv', '--target', LABELS.join(','), '--time', 'date', '--out', 'columns.yaml');
  const card = readFileSync(join(dir, 'columns.yaml'), 'utf8');
  assert.match(card, /^target: \["frost", "rain", "warm", "windy"\]/m);
  assert.match(card, /Inferred task: multilabel/);
});

test('assess takes the label columns with --target a,b,c, each target left out once (the card\'s label sets go through the brief)', () => {
  ok('assess', 'weather-columns.csv', '--target', LABELS.join(','), '--budget', '4', '--out', 'assess-columns');
  const a = readJson<Brief['assessment'] & { framing: { task: string } }>('assess-columns', 'assessment.json');
  assert.equal(a.framing.task, 'multilabel');
  for (const t of LABELS) assert.equal(a.framing.leftOut.filter((l) => l.name === t).length, 1, `${t} is left out once: ${JSON.stringify(a.framing.leftOut)}`);
  assert.ok(a.framing.leftOut.every((l) => !l.name.startsWith('label: ')), 'only columns of the file are listed');
  assert.equal(brief.assessment.framing.leftOut.filter((l) => l.name === 'tomorrow').length, 1);
});

test('the brief chooses each label\'s threshold out of fold, registers it with the promise per label, and says so in whole sentences', () => {
  assert.equal(brief.assessment.verdict.verdict, 'use-ml', brief.assessment.verdict.reason);
  assert.match(brief.assessment.verdict.reason, /\.$/);
  assert.doesNotMatch(brief.assessment.verdict.reason, /,\s*$/);
  const policy = brief.labels.policy;
  assert.equal(policy.kind, 'label-thresholds');
  assert.equal(brief.labels.basis, 'best-f1', 'the card prices no outcomes');
  assert.deepEqual(Object.keys(policy.thresholds).sort(), LABELS);
  for (const t of Object.values(policy.thresholds)) assert.ok(t > 0 && t < 1);
  assert.deepEqual(pkg.policy, { kind: 'label-thresholds', thresholds: policy.thresholds, source: 'brief-best-f1' });
  assert.deepEqual(pkg.promise, brief.promise);
  for (const label of LABELS) {
    for (const metric of ['precision', 'recall', 'f1']) {
      const m = pkg.promise.metrics[`${metric}:${label}`]!;
      assert.ok(m.low <= m.mean && m.mean <= m.high && m.low >= 0 && m.high <= 1, `${metric}:${label} ${JSON.stringify(m)}`);
    }
  }
  for (const metric of ['subset_accuracy', 'hamming_loss', 'f1_micro', 'f1_macro']) assert.ok(pkg.promise.metrics[metric] !== undefined, metric);
  // Deciding at each label's threshold beats deciding every label at 0.5 on F1 (the threshold was chosen for it).
  for (const p of brief.labels.perLabel) assert.equal(p.threshold, policy.thresholds[p.label]);
  const md = readFileSync(join(dir, 'framewise-out', 'weather', 'brief.md'), 'utf8');
  for (const label of LABELS) assert.match(md, new RegExp(`\\| ${label} +\\| +${policy.thresholds[label]} \\|`));
  assert.match(md, /Decision: per-label thresholds frost /);
});

test('predict decides each row at the registered thresholds', () => {
  const predicted = ok('predict', 'weather', 'recent.csv', '--out', 'predictions.json');
  assert.match(predicted.stderr, /per-label thresholds frost/);
  const rows = readJson<Record<string, string | number | null>[]>('predictions.json');
  assert.equal(rows.length, recent.length);
  for (const r of rows) {
    const p = LABELS.map((l) => r[`proba_${l}`] as number);
    assert.equal(r['decision'], labelsAtThresholds(p, 0, LABELS, pkg.policy.kind === 'label-thresholds' ? pkg.policy.thresholds : {}).join('|'));
  }
});

test('monitor reads the true label sets from the file and measures each label at the same thresholds', () => {
  ok('monitor', 'weather@champion', '--current', 'weather.csv', '--window', '365d', '--out', 'monitor-training');
  const m = readJson<Monitor>('monitor-training', 'monitor.json');
  assert.equal(m.policy.kind, 'label-thresholds');
  assert.deepEqual(m.policy.thresholds, brief.labels.policy.thresholds);
  assert.ok(m.performance !== null, m.notes.join(' '));
  assert.equal(m.performance.labelled, training.length, 'a day with no label is a labelled row with an empty set');
  for (const label of LABELS) for (const metric of ['precision', 'recall', 'f1']) assert.ok(m.performance.overall.metrics[`${metric}:${label}`] !== undefined, `${metric}:${label}`);
  assert.ok(m.performance.promised['f1_micro'] !== undefined);
  assert.deepEqual(m.performance.belowPromise, [], 'the training days keep the promise');
});

test('the server decides at the thresholds; fed-back label sets (empty ones too) are monitored from its log', async () => {
  const rows = recent.slice(0, 120).map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v === '' ? null : NUMERIC.has(names[i]!) ? Number(v) : v])));
  const since = new Date(Date.now() - 1000).toISOString();
  const store = SqliteModelStore.open(registry);
  const server = buildServer({ store, dataDir: registry, token: TOKEN, logFlushMs: 10 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const decisions: { decision: Decision; probabilities: Record<string, number> }[] = [];
  try {
    const res = await fetch(`${base}/v1/models/weather/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { predictions: { id: string; decision: Decision; probabilities: Record<string, number> }[] };
    for (let i = 0; i < rows.length; i++) {
      const p = body.predictions[i]!;
      decisions.push(p);
      const fed = await fetch(`${base}/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ predictionId: p.id, label: setOf(recent[i]!).join('|') }) });
      assert.equal(fed.status, 201, await fed.text());
    }
  } finally {
    await server.close();
    store.close();
  }
  ok('monitor', 'weather@champion', '--since', since, '--out', 'monitor-served');
  const m = readJson<Monitor>('monitor-served', 'monitor.json');
  assert.deepEqual(m.policy.thresholds, brief.labels.policy.thresholds);
  assert.ok(m.performance !== null, m.notes.join(' '));
  assert.equal(m.performance.labelled, 120);
  assert.ok(m.performance.overall.metrics['f1:rain'] !== undefined);
  // The server's decision follows the registered policy (serve/prediction-output.ts: kind 'labels').
  const thresholds = brief.labels.policy.thresholds;
  for (const { decision, probabilities } of decisions) {
    assert.equal(decision.kind, 'labels', JSON.stringify(decision));
    if (decision.kind === 'labels') assert.deepEqual([...decision.labels], labelsAtThresholds(LABELS.map((l) => probabilities[l]!), 0, LABELS, thresholds));
  }
});

test('retrain compares champion and challenger at the same thresholds and registers the challenger with them', () => {
  const retrained = ok('retrain', 'weather', '--data', 'recent.csv', '--out', 'retrain');
  // The first line gives the verdict in words, not its id.
  assert.match(retrained.stdout.split('\n')[0]!, /against champion v\d+: (the challenger is better; promote it if you agree|the champion is better: keep it|no clear difference: keep the champion)\.$/);
  const report = readJson<{ task: string; policy: { kind: string; thresholds: Record<string, number> }; comparison: { rows: number; metrics: { metric: string }[]; advice: { verdict: string } } }>('retrain', 'retrain.json');
  assert.equal(report.task, 'multilabel');
  assert.deepEqual(report.policy.thresholds, brief.labels.policy.thresholds);
  assert.ok(report.comparison.rows > 0);
  assert.ok(report.comparison.metrics.some((m) => m.metric === 'f1:windy'));
  const store = SqliteModelStore.open(registry);
  try {
    const challenger = store.get({ name: 'weather', alias: 'challenger' }).lineage.decision!;
    assert.deepEqual(challenger.policy, pkg.policy);
    assert.deepEqual(challenger.data, pkg.data);
  } finally {
    store.close();
  }
  // A threshold flag has no meaning for per-label thresholds: refused with a message, not a crash.
  const refused = run('retrain', 'weather', '--data', 'recent.csv', '--threshold', '0.4');
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /each label at its own threshold/);
});
