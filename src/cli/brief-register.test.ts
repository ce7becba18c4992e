// `framewise brief --register` on a generated churn table (classes left/stayed) whose card prices a missed churner at
// ten false alarms and keeps "NA" (North America) as a value: the brief decides at the threshold
// with the most value, draws its confusion matrix there, and registers the same decision package
// (data settings, policy, promise) that it writes beside the model as decision.json.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { Rng } from '../core/rng.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { readDecisionFileBeside } from '../registry/decision-file.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import type { ModelVersion } from '../registry/store.js';
import type { Brief } from '../report/brief-data.js';
import { assertSuccess, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-brief-register-'));
const out = join(dir, 'out');
const registry = join(dir, '.framewise');
let stdout = '';
let brief: Brief;
let version: ModelVersion;

/** 1,600 customers, about 12% churning: short tenure, many tickets and a cheap plan raise the risk. */
function writeChurn(path: string): void {
  const rng = new Rng(2026);
  const regions = ['NA', 'NA', 'EU', 'EU', 'APAC', 'LATAM'];
  const lines = ['customer_id,region,plan,tenure_months,monthly_spend,support_tickets_90d,churned'];
  for (let i = 0; i < 1600; i++) {
    const region = regions[rng.int(regions.length)]!;
    const plan = rng.next() < 0.5 ? 'basic' : rng.next() < 0.6 ? 'plus' : 'pro';
    const tenure = Math.max(1, Math.round(6 + 30 * rng.next() ** 1.5));
    const spend = Math.round((plan === 'basic' ? 20 : plan === 'plus' ? 45 : 90) * (0.8 + 0.4 * rng.next()) * 100) / 100;
    const tickets = Math.min(9, Math.floor(-Math.log(1 - rng.next()) * 1.2));
    const logit = -2.2 - 0.05 * (tenure - 20) + 0.35 * tickets + (plan === 'basic' ? 0.4 : 0) + (region === 'LATAM' ? 0.3 : 0) + 0.8 * rng.normal();
    const churned = rng.next() < 1 / (1 + Math.exp(-logit)) ? 'left' : 'stayed';
    // A few blank spends: missing, as the card says (while "NA" stays a region).
    lines.push(`C${10000 + i},${region},${plan},${tenure},${rng.next() < 0.03 ? '' : spend},${tickets},${churned}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const CARD = `name: churn
goal: Offer a retention call to customers likely to leave next month.
data:
  file: churn.csv
  missing: [""]
target: churned
id: customer_id
decision:
  positiveClass: left
  threshold: 0.5
  thresholdMode: dynamic
business:
  outcomes:
    truePositive: 40
    falsePositive: -10
    trueNegative: 0
    falseNegative: -100
  decisionsPerMonth: 2000
  currency: USD
assess:
  folds: 4
`;

before(() => {
  writeChurn(join(dir, 'churn.csv'));
  writeFileSync(join(dir, 'framewise.yaml'), CARD);
  const result = runCli('brief', join(dir, 'framewise.yaml'), '--out', out, '--budget', '12', '--register', 'churn', '--registry', registry);
  assertSuccess(result);
  stdout = result.stdout;
  brief = JSON.parse(readFileSync(join(out, 'brief.json'), 'utf8')) as Brief;
  const store = SqliteModelStore.open(registry);
  version = store.get({ name: 'churn' });
  store.close();
});

test("the brief decides at the profit curve's best threshold, far below 0.5, and says so", () => {
  const b = brief.business!;
  const best = b.thresholds!.best;
  assert.deepEqual(b.policy, { kind: 'threshold', threshold: best.threshold, positiveClass: 'left', source: 'brief-best-value', k: null, boundary: null, costMatrix: null, thresholds: null, flaggedShare: null });
  assert.ok(best.threshold < 0.35, `a missed churner costs ten false alarms, so the best threshold (${best.threshold}) is well below 0.5`);
  assert.equal(b.model.perDecision, best.valuePerDecision);
  assert.match(stdout, new RegExp(`^Decision: threshold ${best.threshold} on 'left' \\(the brief's threshold with the most value\\)\\.$`, 'm'));
  const md = readFileSync(join(out, 'brief.md'), 'utf8');
  assert.ok(md.includes(`deciding at threshold ${best.threshold} on 'left' (the brief's threshold with the most value)`), 'the confusion matrix names its threshold');
  assert.ok(md.includes(`Act when the model's probability of 'left' is at least ${best.threshold}: that threshold gives the most value`));
});

test('the confusion matrix is counted at that threshold, not at the most likely class', () => {
  const best = brief.business!.thresholds!.best;
  const c = brief.confusion!;
  assert.deepEqual(c.classes, ['left', 'stayed']);
  assert.deepEqual(c.counts, [
    [best.truePositives, best.falseNegatives],
    [best.falsePositives, best.trueNegatives],
  ]);
  // At 0.5 far fewer would be flagged: the card's own threshold.
  const fixed = brief.business!.thresholds!.fixed!;
  assert.ok(fixed.truePositives + fixed.falsePositives < best.truePositives + best.falsePositives);
});

test('the promise is measured at the policy: precision and recall there, value with its interval', () => {
  const best = brief.business!.thresholds!.best;
  const p = brief.promise!;
  assert.ok(Math.abs(p.metrics['precision']!.mean - best.precision) < 1e-12);
  assert.ok(Math.abs(p.metrics['recall']!.mean - best.recall) < 1e-12);
  const v = p.value!.perDecision;
  assert.ok(Math.abs(v.mean - best.valuePerDecision) < 1e-9);
  assert.ok(v.low < v.mean && v.mean < v.high);
  assert.equal(p.value!.currency, 'USD');
  assert.equal(p.value!.decisionsPerMonth, 2000);
  assert.equal(p.positiveRate, (best.truePositives + best.falsePositives) / p.rows);
  assert.ok(p.metrics['roc_auc']!.mean > 0.6);
});

test("the registered version carries the package: the card's data settings, the policy and the promise as its metrics", () => {
  const best = brief.business!.thresholds!.best;
  const decision = version.lineage.decision!;
  assert.ok(decision, 'lineage.decision is registered');
  assert.deepEqual(decision.policy, { kind: 'threshold', threshold: best.threshold, positiveClass: 'left', source: 'brief-best-value' });
  assert.deepEqual(decision.data, { sql: null, format: null, delimiter: null, header: true, missing: [''], types: {} });
  assert.equal(decision.business.outcomes?.falseNegative, -100);
  // The promise registries show is at the policy threshold, not at 0.5.
  assert.equal(version.lineage.metrics['precision']!.mean, brief.promise!.metrics['precision']!.mean);
  assert.deepEqual(version.lineage.metrics, JSON.parse(JSON.stringify(brief.promise!.metrics)));
  assert.deepEqual(JSON.parse(JSON.stringify(decision.promise)), JSON.parse(JSON.stringify(brief.promise)));
  // Read with missing: [""], "NA" is a region the model learned, not a missing value.
  const region = version.signature.features.find((f) => f.name === 'region');
  assert.ok(region?.categories?.includes('NA'), `region categories: ${region?.categories?.join(', ')}`);
});

test('decision.json beside model.json is the registered package', () => {
  const beside = readDecisionFileBeside(join(out, 'model.json'));
  assert.ok(beside, 'decision.json is written');
  assert.deepEqual(beside.pkg, JSON.parse(JSON.stringify(version.lineage.decision)) as DecisionPackage);
});

test('on a data file, the package records the data flags, and with no card the default threshold decides', () => {
  const folder = join(dir, 'from-data');
  const result = runCli('brief', join(dir, 'churn.csv'), '--target', 'churned', '--missing', '', '--type', 'support_tickets_90d=numeric', '--out', folder, '--budget', '10');
  assertSuccess(result);
  const beside = readDecisionFileBeside(join(folder, 'model.json'));
  assert.ok(beside, 'decision.json is written without --register');
  assert.deepEqual(beside.pkg.data, { sql: null, format: null, delimiter: null, header: true, missing: [''], types: { support_tickets_90d: 'numeric' } });
  assert.deepEqual(beside.pkg.policy, { kind: 'threshold', threshold: 0.5, positiveClass: 'left', source: 'default' });
  assert.equal(beside.pkg.promise.value, null);
  const fromData = JSON.parse(readFileSync(join(folder, 'brief.json'), 'utf8')) as Brief;
  const op = fromData.business!.thresholds!.operating;
  assert.equal(op.threshold, 0.5);
  assert.deepEqual(fromData.confusion!.counts, [
    [op.truePositives, op.falseNegatives],
    [op.falsePositives, op.trueNegatives],
  ]);
  assert.match(result.stdout, /^Decision: threshold 0\.5 on 'left' \(the default\)\.$/m);
});
