// Anomaly detection through the whole lifecycle on the breast cancer data (examples/breast-cancer.csv),
// as a team meets it: (a) without labels, the diagnosis column excluded: the realistic case, where
// only the flagged share and its stability can be judged; (b) with labels, on every benign tumour
// and a seeded tenth of the malignant ones, so anomalies are rare as they are in practice, malignant
// being the anomaly. Each runs init → assess → brief --register → serve → predict → monitor →
// retrain on the real CLI and server, and the score threshold must be the same at every stage.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import { isFlagged } from '../frame/decision-rules.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import type { RowOutput } from '../serve/prediction-output.js';
import { buildServer } from '../serve/server.js';
import { cliInFolder, csvRequestRows } from './fixtures/lifecycle-run.js';

const CSV = readFileSync(fromRoot('examples', 'breast-cancer.csv'), 'utf8');

interface BriefJson {
  assessment: { verdict: { verdict: string; headline: string; reason: string }; anomaly: { labelled: boolean; flaggedShare: number; stability: { seeds: { mean: number } }; heldOut: { rulesChosen: string[]; model: Record<string, { mean: number }> } | null } };
  business: { policy: { kind: string; threshold: number; flaggedShare: number; source: string } };
  promise: DecisionPackage['promise'];
  model: { path: string } | null;
}

interface MonitorJson {
  anomaly: { threshold: number; promised: { share: number; low: number; high: number } | null; current: { share: number; changed: boolean }; performance: { labelled: number; precision: number; recall: number; belowPromise: string[] } | null };
  verdict: { decisionsDrifted: boolean };
}

interface RetrainJson {
  policy: { kind: string; threshold: number; source: string };
  comparison: { verdict: string; labelled: number; agreement: number };
}

function registered(registry: string, name: string, alias?: string): DecisionPackage {
  const store = SqliteModelStore.open(registry);
  try {
    return store.get(alias === undefined ? { name, version: 1 } : { name, alias }).lineage.decision!;
  } finally {
    store.close();
  }
}

/** Serves `rows` through the real server and returns each row's output. */
async function serve(registry: string, name: string, rows: Record<string, string | number | null>[]): Promise<RowOutput[]> {
  const store = SqliteModelStore.open(registry);
  const server = buildServer({ store, dataDir: registry, token: 'anomaly-token', logFlushMs: 10 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const out: RowOutput[] = [];
    for (let start = 0; start < rows.length; start += 100) {
      const res = await fetch(`${base}/v1/models/${name}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: rows.slice(start, start + 100) }) });
      assert.equal(res.status, 200, await res.clone().text());
      out.push(...((await res.json()) as { predictions: RowOutput[] }).predictions);
    }
    return out;
  } finally {
    await server.close();
    store.close();
  }
}

/** The served decision follows the registered score threshold, with the score named as a score. */
function assertServed(outputs: readonly RowOutput[], threshold: number): void {
  for (const o of outputs) {
    assert.equal(o.decision.kind, 'flag', JSON.stringify(o));
    if (o.decision.kind !== 'flag') continue;
    assert.equal(o.decision.threshold, threshold);
    assert.equal(typeof o.score, 'number');
    assert.equal(o.decision.score, o.score);
    assert.equal(o.decision.flagged, isFlagged(o.score!, threshold));
    assert.equal(o.probabilities?.['score'], undefined, 'a score is not a probability');
  }
}

/** The `decision` column of `predict` follows the same threshold through isFlagged. */
function assertPredicted(f: ReturnType<typeof cliInFolder>, ref: string, file: string, threshold: number, rows: number): void {
  const predicted = f.ok('predict', ref, file, '--out', `${file}.predictions.json`);
  assert.match(predicted.stderr, new RegExp(`flag at anomaly score ${threshold}`));
  const out = f.readJson<Record<string, string | number | boolean | null>[]>(`${file}.predictions.json`);
  assert.equal(out.length, rows);
  for (const r of out) assert.equal(r['decision'], isFlagged(r['anomaly_score'] as number, threshold) ? 'anomaly' : 'normal');
}

describe('anomalies without labels: the diagnosis excluded, only what can be judged is judged', () => {
  const f = cliInFolder(mkdtempSync(join(tmpdir(), 'framewise-anomaly-unlabelled-')));
  const registry = join(f.dir, '.framewise');
  writeFileSync(join(f.dir, 'tumours.csv'), CSV);
  let brief: BriefJson;
  let pkg: DecisionPackage;

  test('init, assess and brief --register: a verdict that says what labels would add, and a score-threshold policy registered', () => {
    f.ok('init', 'tumours.csv', '--out', 'framewise.yaml');
    writeFileSync(join(f.dir, 'framewise.yaml'), 'name: tumours\ngoal: Send unusual biopsies for a second reading.\ndata:\n  file: tumours.csv\ntask: anomaly\nfeatures:\n  exclude: [diagnosis]\nassess:\n  seed: 42\n  folds: 3\n');
    const assessed = f.ok('assess', 'framewise.yaml', '--budget', '20');
    assert.match(assessed.stdout, /no metric against truth/);
    assert.match(assessed.stdout, /stability: \d+\.\d% of the flagged rows stay flagged/);
    f.ok('brief', 'framewise.yaml', '--register', 'tumours', '--budget', '20');
    f.ok('models', 'promote', 'tumours', '1', '--why', 'first release');
    brief = f.readJson<BriefJson>('framewise-out', 'tumours', 'brief.json');
    const a = brief.assessment;
    assert.equal(a.anomaly.labelled, false);
    assert.equal(a.anomaly.heldOut, null);
    // Honest about what cannot be judged: the verdict says labels are missing.
    assert.match(`${a.verdict.headline} ${a.verdict.reason}`, /without (known anomalies|labels)/i);
    assert.ok(a.anomaly.stability.seeds.mean > a.anomaly.flaggedShare, 'the flagged set is more stable than chance');
    const policy = brief.business.policy;
    assert.equal(policy.kind, 'score-threshold');
    assert.ok(policy.threshold > 0 && policy.threshold < 1);
    assert.ok(Math.abs(policy.flaggedShare - 0.1) < 0.01, `${policy.flaggedShare}`);
    pkg = registered(registry, 'tumours');
    assert.deepEqual(pkg.policy, { kind: 'score-threshold', threshold: policy.threshold, flaggedShare: policy.flaggedShare, source: 'default' });
    assert.deepEqual(pkg.promise, brief.promise);
    assert.equal(pkg.promise.metrics['flagged_share']!.mean, policy.flaggedShare);
    assert.equal(pkg.promise.metrics['precision'], undefined, 'no precision is promised without labels');
    assert.ok(pkg.leftOut?.some((c) => c.name === 'diagnosis'));
    assert.match(readFileSync(join(f.dir, 'framewise-out', 'tumours', 'brief.md'), 'utf8'), /Not against truth/);
  });

  test('serve and predict flag at the registered threshold; monitor reads the served rows back at it', async () => {
    const rows = csvRequestRows(CSV);
    assertPredicted(f, 'tumours', 'tumours.csv', pkg.policy.kind === 'score-threshold' ? pkg.policy.threshold : Number.NaN, rows.length);
    const since = new Date(Date.now() - 60_000).toISOString();
    const served = await serve(registry, 'tumours', rows.slice(0, 200));
    const logged = f.ok('monitor', 'tumours', '--since', since, '--out', 'monitor-log');
    const fromLog = f.readJson<MonitorJson>('monitor-log', 'monitor.json');
    assert.equal(fromLog.anomaly.threshold, brief.business.policy.threshold, logged.stdout);
    assert.equal(Math.round(fromLog.anomaly.current.share * 200), served.filter((o) => o.score !== undefined ? isFlagged(o.score, brief.business.policy.threshold) : o.decision.kind === 'label' && o.decision.label === 'anomaly').length);
    assertServed(served, brief.business.policy.threshold);
  });

  test('monitor: the training file flags the promised share; a recalibrated scanner changes it', () => {
    f.ok('monitor', 'tumours', '--current', 'tumours.csv', '--out', 'monitor-same');
    const same = f.readJson<MonitorJson>('monitor-same', 'monitor.json');
    assert.equal(same.anomaly.threshold, brief.business.policy.threshold);
    assert.equal(same.anomaly.current.share, brief.business.policy.flaggedShare);
    assert.equal(same.anomaly.current.changed, false);
    assert.equal(same.anomaly.performance, null);
    // Texture read 60% higher: many more tumours look unusual, and the share must be called changed.
    const [header, ...lines] = CSV.trimEnd().split('\n');
    const names = header!.split(',');
    const shifted = lines.map((line) => line.split(',').map((v, i) => (names[i]!.includes('texture') ? String(Number(v) * 1.6) : v)).join(',')).join('\n');
    writeFileSync(join(f.dir, 'rescanned.csv'), `${header}\n${shifted}\n`);
    const moved = f.ok('monitor', 'tumours', '--current', 'rescanned.csv', '--out', 'monitor-moved');
    const m = f.readJson<MonitorJson>('monitor-moved', 'monitor.json');
    assert.equal(m.anomaly.current.changed, true, moved.stdout);
    assert.ok(m.anomaly.current.share > m.anomaly.promised!.high);
    assert.equal(m.verdict.decisionsDrifted, true);
    assert.match(moved.stdout, /flagged .* — CHANGED/);
  });

  test('retrain compares flagged sets at the same threshold and says it cannot judge which is right', () => {
    const retrained = f.ok('retrain', 'tumours', '--data', 'tumours.csv', '--out', 'retrain');
    const report = f.readJson<RetrainJson>('retrain', 'retrain.json');
    assert.deepEqual([report.policy.kind, report.policy.threshold, report.policy.source], ['score-threshold', brief.business.policy.threshold, 'default']);
    assert.equal(report.comparison.verdict, 'cannot-judge-without-labels');
    assert.ok(report.comparison.agreement > 0.3);
    assert.match(retrained.stdout, /WARNING .* rows tumours@1 learned from/);
    assert.deepEqual(registered(registry, 'tumours', 'challenger').policy, pkg.policy);
  });
});

/** Every benign tumour and a seeded tenth of the malignant ones. */
function rareMalignant(): string {
  const [header, ...lines] = CSV.trimEnd().split('\n');
  const rng = new Rng(15);
  return `${header}\n${lines.filter((line) => line.endsWith(',benign') || rng.next() < 0.1).join('\n')}\n`;
}

describe('anomalies with labels: malignant tumours rare, the rule chosen inside training folds, the threshold chosen for value', () => {
  const f = cliInFolder(mkdtempSync(join(tmpdir(), 'framewise-anomaly-labelled-')));
  const registry = join(f.dir, '.framewise');
  const csv = rareMalignant();
  writeFileSync(join(f.dir, 'rare.csv'), csv);
  let brief: BriefJson;
  let pkg: DecisionPackage;

  test('assess and brief: held-out scores for the model and the fold-chosen rule, a value-best threshold registered with its promise', () => {
    f.ok('init', 'rare.csv', '--out', 'framewise.yaml');
    writeFileSync(
      join(f.dir, 'framewise.yaml'),
      'name: rare\ndata:\n  file: rare.csv\ntask: anomaly\nreferenceColumn: diagnosis\ndecision:\n  positiveClass: malignant\nbusiness:\n  currency: EUR\n  decisionsPerMonth: 400\n  outcomes: { truePositive: 900, falsePositive: -60, falseNegative: -2000, trueNegative: 0 }\nassess:\n  seed: 42\n  folds: 3\n',
    );
    f.ok('brief', 'framewise.yaml', '--register', 'rare', '--budget', '20');
    f.ok('models', 'promote', 'rare', '1', '--why', 'first release');
    brief = f.readJson<BriefJson>('framewise-out', 'rare', 'brief.json');
    const a = brief.assessment.anomaly;
    assert.equal(a.labelled, true);
    assert.equal(a.heldOut!.rulesChosen.length, 3, 'one rule chosen on each training fold');
    assert.ok(a.heldOut!.model['roc_auc']!.mean > 0.6);
    const policy = brief.business.policy;
    assert.equal(policy.kind, 'score-threshold');
    assert.equal(policy.source, 'brief-best-value');
    pkg = registered(registry, 'rare');
    assert.deepEqual(pkg.policy, { kind: 'score-threshold', threshold: policy.threshold, flaggedShare: policy.flaggedShare, source: 'brief-best-value' });
    for (const metric of ['flagged_share', 'precision', 'recall', 'roc_auc']) assert.ok(pkg.promise.metrics[metric] !== undefined, metric);
    assert.ok(pkg.promise.value !== null && pkg.promise.value.currency === 'EUR');
  });

  test('serve and predict flag at the registered threshold', async () => {
    const rows = csvRequestRows(csv);
    assertPredicted(f, 'rare', 'rare.csv', brief.business.policy.threshold, rows.length);
    assertServed(await serve(registry, 'rare', rows.slice(0, 150)), brief.business.policy.threshold);
  });

  test('monitor measures precision and recall at the threshold from the labels in the file', () => {
    const r = f.ok('monitor', 'rare', '--current', 'rare.csv', '--out', 'monitor');
    const m = f.readJson<MonitorJson>('monitor', 'monitor.json');
    assert.equal(m.anomaly.threshold, brief.business.policy.threshold);
    assert.equal(m.anomaly.current.changed, false);
    assert.equal(m.anomaly.performance!.labelled, csv.trimEnd().split('\n').length - 1);
    assert.ok(m.anomaly.performance!.recall > 0);
    assert.match(r.stdout, /labelled +\d+ rows, \d+ known anomalies: precision/);
  });

  test('retrain compares both models on labelled held-out rows at the same threshold', () => {
    f.ok('retrain', 'rare', '--data', 'rare.csv', '--out', 'retrain');
    const report = f.readJson<RetrainJson>('retrain', 'retrain.json');
    assert.deepEqual([report.policy.kind, report.policy.threshold, report.policy.source], ['score-threshold', brief.business.policy.threshold, 'brief-best-value']);
    assert.ok(report.comparison.labelled > 0);
    assert.ok(['retrain', 'champion-better', 'not-enough-evidence'].includes(report.comparison.verdict));
    assert.deepEqual(registered(registry, 'rare', 'challenger').policy, pkg.policy);
  });
});
