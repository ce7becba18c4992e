// The clustering lifecycle on scikit-learn's iris (examples/iris.csv), species kept out of the
// features as the reference for AMI: init → assess → brief --register → train → serve → predict →
// monitor → retrain. The k the assessment chooses and the policy (the cluster, one of k) must be
// the same at every stage, and no command may crash, with or without a reference column.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { buildServer } from '../serve/server.js';
import { cliInFolder } from './fixtures/lifecycle-run.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-clusters-'));
const registry = join(dir, '.framewise');
const cli = cliInFolder(dir);
const { ok, run, readJson } = cli;
const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

interface Candidate {
  id: string;
  description?: string;
  params?: Record<string, number>;
  metrics: Record<string, { mean: number }>;
}
interface Assessment {
  framing: { task: string; features: string[] };
  leaderboard: Candidate[];
  baselines: Candidate[];
  verdict: { verdict: string; headline: string };
}
interface Brief {
  assessment: Assessment;
  clusters: { k: number; groups: { cluster: string; rows: number; share: number }[] };
  model: { params: Record<string, number> };
  promise: DecisionPackage['promise'];
}
interface Monitor {
  policy: { kind: string; description: string };
  clusters: { k: number; shares: { cluster: string; training: number; current: number }[]; sharesShifted: boolean; silhouette: { mean: number; promised: { mean: number } | null; belowPromise: boolean } | null };
}

let k: number;
let pkg: DecisionPackage;
let brief: Brief;

function csvRows(text: string): Record<string, string | number>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, FEATURES.includes(names[i]!) ? Number(v) : v])));
}

function clustersOf(path: string): string[] {
  const [header, ...lines] = readFileSync(join(dir, path), 'utf8').trimEnd().split('\n');
  const at = header!.split(',').indexOf('cluster');
  return lines.map((l) => l.split(',')[at]!);
}

before(() => {
  copyFileSync(fromRoot('examples', 'iris.csv'), join(dir, 'iris.csv'));
  const init = ok('init', 'iris.csv', '--out', 'framewise.yaml');
  assert.match(`${readFileSync(join(dir, 'framewise.yaml'), 'utf8')}\n${init.stdout}`, /clustering/, 'with no target, init frames the problem as clustering');
  // The edited card: species is the known grouping the clusters are compared with, never a feature.
  writeFileSync(join(dir, 'framewise.yaml'), 'name: iris\ngoal: "Group flowers by their measurements"\ndata:\n  file: iris.csv\nreferenceColumn: species\nassess:\n  seed: 42\n  budgetSeconds: 20\n');
});

test('assess chooses k, and a single petal split gives the same groups: a simple rule suffices', () => {
  ok('assess', 'framewise.yaml', '--budget', '20');
  const a = readJson<Assessment>('framewise-out', 'iris', 'assessment.json');
  assert.equal(a.framing.task, 'clustering');
  assert.deepEqual(a.framing.features, FEATURES, 'species is the reference, not a feature');
  k = a.leaderboard[0]!.params!['n_clusters']!;
  assert.equal(k, 2);
  assert.equal(a.baselines[0]!.id, 'rule:petal_length');
  assert.equal(a.baselines[0]!.metrics['silhouette']!.mean, a.leaderboard[0]!.metrics['silhouette']!.mean);
  assert.equal(a.verdict.verdict, 'rule-suffices');
  assert.match(a.verdict.headline, /petal_length ≤ 2\.45/);
});

test('brief --register writes and registers k-means with the assessed k, the cluster as the decision, and the groups', () => {
  const briefed = ok('brief', 'framewise.yaml', '--register', 'iris', '--budget', '20');
  assert.match(briefed.stdout, new RegExp(`Decision: the cluster, one of ${k}`));
  assert.match(briefed.stdout, /Registered iris@1/);
  brief = readJson<Brief>('framewise-out', 'iris', 'brief.json');
  assert.equal(brief.model.params['n_clusters'], k);
  assert.equal(brief.clusters.k, k);
  assert.equal(brief.clusters.groups.reduce((n, g) => n + g.rows, 0), 150);
  assert.match(readFileSync(join(dir, 'framewise-out', 'iris', 'brief.md'), 'utf8'), /The 2 groups on the 150 training rows/);
  const store = SqliteModelStore.open(registry);
  try {
    pkg = store.get({ name: 'iris', version: 1 }).lineage.decision!;
  } finally {
    store.close();
  }
  assert.deepEqual(pkg.policy, { kind: 'model-output', k, source: 'default' });
  assert.deepEqual(readJson<DecisionPackage>('framewise-out', 'iris', 'decision.json').policy, pkg.policy);
  assert.deepEqual(pkg.promise, brief.promise);
  assert.deepEqual(Object.keys(pkg.promise.clusterShares!), ['0', '1']);
  for (const g of brief.clusters.groups) assert.equal(pkg.promise.clusterShares![g.cluster], g.share);
  assert.ok(pkg.promise.metrics['ami']!.mean > 0.7, 'the promise holds the AMI against species');
  assert.ok(pkg.leftOut?.some((c) => c.name === 'species'));
  ok('models', 'promote', 'iris', '1', '--why', 'the groups for the catalogue');
});

test('train from the card defaults to the assessed k, and makes the same groups as the brief', () => {
  const trained = ok('train', 'framewise.yaml', '--model', 'kmeans', '--out', 'kmeans.json');
  assert.match(trained.stderr, new RegExp(`k = ${k}: chosen as \`framewise assess\` chooses it`));
  assert.equal(readJson<{ params: Record<string, number> }>('kmeans.json').params['n_clusters'], k);
  ok('predict', 'kmeans.json', 'iris.csv', '--out', 'trained.csv');
  ok('predict', 'iris@champion', 'iris.csv', '--out', 'registered.csv');
  assert.deepEqual(clustersOf('trained.csv'), clustersOf('registered.csv'));
});

test('predict and the server decide each row as its cluster, the same one', async () => {
  const predicted = clustersOf('registered.csv');
  const shares = new Map<string, number>();
  for (const c of predicted) shares.set(c, (shares.get(c) ?? 0) + 1 / predicted.length);
  for (const [c, share] of shares) assert.ok(Math.abs(share - pkg.promise.clusterShares![c]!) < 1e-9);
  const rows = csvRows(readFileSync(join(dir, 'iris.csv'), 'utf8'));
  const store = SqliteModelStore.open(registry);
  const server = buildServer({ store, dataDir: registry, token: 'clusters-token', logFlushMs: 10 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  try {
    // The reference column rides along and is ignored, as the package lists it as left out.
    const res = await fetch(`${base}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { predictions: { prediction: string; decision: { kind: string; label?: string } }[] };
    assert.equal(body.predictions.length, 150);
    body.predictions.forEach((p, i) => {
      assert.equal(p.prediction, predicted[i]);
      assert.equal(p.decision.label, predicted[i], JSON.stringify(p.decision));
    });
  } finally {
    await server.close();
    store.close();
  }
});

test('monitor holds the window to the promised shares and silhouette, on the file and on the server log, and flags groups that moved', () => {
  ok('monitor', 'iris@champion', '--current', 'iris.csv', '--out', 'monitor-training', '--fail-on', 'performance');
  const same = readJson<Monitor>('monitor-training', 'monitor.json');
  assert.equal(same.policy.kind, 'model-output');
  assert.match(same.policy.description, new RegExp(`one of ${k}`));
  assert.equal(same.clusters.k, k);
  assert.equal(same.clusters.sharesShifted, false);
  for (const s of same.clusters.shares) assert.equal(s.current, s.training);
  assert.equal(same.clusters.silhouette!.mean, pkg.promise.metrics['silhouette']!.mean, 'the training file scores as promised');
  assert.equal(same.clusters.silhouette!.belowPromise, false);
  ok('monitor', 'iris', '--since', '2000-01-01', '--out', 'monitor-log');
  const logged = readJson<Monitor & { window: { rows: number } }>('monitor-log', 'monitor.json');
  assert.equal(logged.window.rows, 150, 'the served rows, read back from the log');
  assert.equal(logged.clusters.k, k);
  assert.equal(logged.clusters.sharesShifted, false);
  // Most of one species gone: the group it made shrinks, and --fail-on performance trips.
  const lines = readFileSync(join(dir, 'iris.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'fewer-setosa.csv'), `${[lines[0], ...lines.slice(1, 16), ...lines.slice(51)].join('\n')}\n`);
  const moved = run('monitor', 'iris@champion', '--current', 'fewer-setosa.csv', '--out', 'monitor-moved', '--fail-on', 'performance');
  assert.equal(moved.code, 3, moved.stderr);
  assert.match(moved.stderr, /cluster shares shifted/);
  assert.equal(readJson<Monitor>('monitor-moved', 'monitor.json').clusters.sharesShifted, true);
});

test('retrain explains that clusters are not retrained and says to re-run the brief', () => {
  const r = run('retrain', 'iris', '--data', 'iris.csv', '--out', 'retrain');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /iris@1 is a clustering model/);
  assert.match(r.stderr, /framewise brief CARD --register iris/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
});

test('without a reference column every command still runs, and k is the same at every stage', () => {
  writeFileSync(join(dir, 'plain.yaml'), 'name: iris-plain\ndata:\n  file: iris.csv\nfeatures:\n  exclude: [species]\nassess:\n  seed: 42\n');
  ok('brief', 'plain.yaml', '--register', 'plain', '--budget', '20');
  const a = readJson<Brief>('framewise-out', 'iris-plain', 'brief.json').assessment;
  const plainK = a.leaderboard[0]!.params!['n_clusters']!;
  assert.equal(a.leaderboard[0]!.metrics['ami'], undefined);
  const store = SqliteModelStore.open(registry);
  let plain: DecisionPackage;
  try {
    plain = store.get({ name: 'plain', version: 1 }).lineage.decision!;
  } finally {
    store.close();
  }
  assert.deepEqual(plain.policy, { kind: 'model-output', k: plainK, source: 'default' });
  assert.equal(plain.promise.metrics['ami'], undefined);
  ok('predict', 'plain@1', 'iris.csv', '--out', 'plain.csv');
  assert.equal(new Set(clustersOf('plain.csv')).size, plainK);
  ok('monitor', 'plain@1', '--current', 'iris.csv', '--out', 'monitor-plain');
  assert.equal(readJson<Monitor>('monitor-plain', 'monitor.json').clusters.k, plainK);
  assert.equal(run('retrain', 'plain@1', '--data', 'iris.csv').code, 2);
  // A model trained without a card (k given) registers its k and shares too.
  ok('train', 'iris.csv', '--model', 'kmeans', '--param', 'n_clusters=3', '--target', 'species', '--out', 'three.json', '--register', 'three');
  const s2 = SqliteModelStore.open(registry);
  try {
    const three = s2.get({ name: 'three', version: 1 }).lineage.decision!;
    assert.deepEqual(three.policy, { kind: 'model-output', k: 3, source: 'default' });
    assert.equal(Object.keys(three.promise.clusterShares!).length, 3);
  } finally {
    s2.close();
  }
  ok('monitor', 'three@1', '--current', 'iris.csv', '--out', 'monitor-three');
});
