// Alert rules judged on real monitoring runs: a penguin model against its own training rows and
// against a window where most penguins weigh 4 kg more than any seen; and rules the model refutes.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import type { MonitoringSpec } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';
import { alertCardText, alertRegistry, type AlertRegistry, writePenguinWindow } from './alerts-fixture.js';
import { evaluateAlerts, ruleWindow, validateAlertRules, VALUE_RULE_NAME, withDefaultRules } from './alerts.js';
import { durationMs } from './time-windows.js';
import { type MonitorResult, runMonitor } from './monitor-run.js';

let reg: AlertRegistry;
let same: MonitorResult;
let heavy: MonitorResult;

function spec(yaml: string): MonitoringSpec {
  return parseCard(alertCardText(yaml), 'test card').monitoring!;
}

before(async () => {
  reg = await alertRegistry('window: 1d', 'business:\n  outcomes: { truePositive: 10, falsePositive: -5, trueNegative: 0, falseNegative: -2 }\n  currency: EUR');
  const run = (path: string): Promise<MonitorResult> => runMonitor({ registry: reg.dir, ref: { name: 'sex' }, current: { kind: 'file', path, options: {} } });
  same = await run(writePenguinWindow(join(reg.dir, 'same.csv'), 0));
  // 200 of 333 penguins 4 kg heavier: out of range and drifted in body_mass_g only.
  heavy = await run(writePenguinWindow(join(reg.dir, 'heavy.csv'), 200));
});

after(() => rmSync(reg.dir, { recursive: true, force: true }));

const RULES = `
window: 7d
alerts:
  - { name: many-ood, metric: ood.rate, above: 0.2 }
  - { name: heavy-ood, metric: ood.body_mass_g, above: 0.1, window: 1d }
  - { name: mass-drift, metric: drift.body_mass_g, below: 0.01 }
  - { name: bill-drift, metric: drift.bill_length_mm, below: 0.01 }
  - { name: share, metric: drift.share, above: 0.3 }
  - { name: outputs, metric: prediction.drift, below: 0.01 }
`;

test('the training rows again: every rule is ok, with the value it was judged on', () => {
  const outcomes = evaluateAlerts(spec(RULES), same);
  assert.deepEqual(
    outcomes.map((o) => [o.name, o.state]),
    [
      ['many-ood', 'ok'],
      ['heavy-ood', 'ok'],
      ['mass-drift', 'ok'],
      ['bill-drift', 'ok'],
      ['share', 'ok'],
      ['outputs', 'ok'],
    ],
  );
  const ood = outcomes[0]!;
  assert.equal(ood.value, 0);
  assert.equal(ood.rows, 333);
  assert.equal(ood.direction, 'above');
  assert.equal(ood.threshold, 0.2);
  assert.equal(ood.window, '7d', 'the monitoring window is the default');
  assert.equal(outcomes[1]!.window, '1d', "the rule's own window wins");
  assert.match(ood.message, /ood\.rate is 0, within the limit/);
});

test('penguins 4 kg heavier: the out-of-range and body-mass rules breach, the others stay ok', () => {
  const outcomes = new Map(evaluateAlerts(spec(RULES), heavy).map((o) => [o.name, o]));
  const ood = outcomes.get('many-ood')!;
  assert.equal(ood.state, 'breached');
  assert.ok(Math.abs(ood.value! - 200 / 333) < 1e-12, String(ood.value));
  assert.match(ood.message, /^ood\.rate is 0\.6006, above the limit 0\.2 \(333 rows in .*heavy\.csv\)\.$/);
  assert.equal(outcomes.get('heavy-ood')!.state, 'breached');
  assert.equal(outcomes.get('mass-drift')!.state, 'breached');
  assert.ok(outcomes.get('mass-drift')!.value! < 1e-6, 'a KS p-value near zero');
  assert.equal(outcomes.get('bill-drift')!.state, 'ok');
  // One of six features drifted: a share of 1/6, under the rule's 0.3.
  assert.equal(outcomes.get('share')!.value, heavy.drift.driftedShare);
  assert.equal(outcomes.get('share')!.state, heavy.drift.driftedShare > 0.3 ? 'breached' : 'ok');
  assert.equal(outcomes.get('outputs')!.value, heavy.predictions.drift!.result.value);
});

test('too few rows for minRows: not judged, whatever the value', () => {
  const [outcome] = evaluateAlerts(spec('alerts:\n  - { name: many-ood, metric: ood.rate, above: 0.2, minRows: 500 }'), heavy);
  assert.equal(outcome!.state, 'not-enough-data');
  assert.equal(outcome!.rows, 333);
  assert.match(outcome!.message, /at least 500 rows; the window has 333/);
});

test('performance and value rules are judged on the labels in the window, and wait while there are none', async () => {
  const rules = spec(`alerts:
  - { name: auc, metric: performance.roc_auc, below: 0.9, minRows: 50 }
  - { name: accuracy, metric: performance.accuracy, below: 0.95 }
  - { name: money, metric: value.perDecision, below: 5 }
  - { name: few-labels, metric: performance.roc_auc, below: 0.9, minRows: 500 }`);
  // The training rows with their labels: ROC AUC 0.98, accuracy 0.94, 4.58 EUR per decision.
  const judged = evaluateAlerts(rules, same);
  assert.deepEqual(judged.map((o) => o.state), ['ok', 'breached', 'breached', 'not-enough-data']);
  assert.equal(judged[0]!.value, same.performance!.overall.metrics['roc_auc']!.value);
  assert.ok(judged[0]!.value! > 0.95);
  assert.equal(judged[1]!.value, same.performance!.overall.metrics['accuracy']!.value);
  assert.equal(judged[1]!.rows, 333);
  assert.equal(judged[2]!.value, same.performance!.value!.perDecision);
  assert.match(judged[3]!.message, /at least 500 labelled rows; the window has 333/);
  const unlabelled = await runMonitor({ registry: reg.dir, ref: { name: 'sex' }, current: { kind: 'file', path: writePenguinWindow(join(reg.dir, 'unlabelled.csv'), 0, 0, false), options: {} } });
  const waiting = evaluateAlerts(rules, unlabelled);
  assert.deepEqual(waiting.map((o) => o.state), ['not-enough-data', 'not-enough-data', 'not-enough-data', 'not-enough-data']);
  assert.equal(waiting[1]!.value, null);
  assert.match(waiting[2]!.message, /no labels have been fed back/);
});

test('rules that can never resolve against the model are one card error naming each rule and field', () => {
  const bad = spec(`alerts:
  - { name: ok-rule, metric: ood.rate, above: 0.2 }
  - { name: wing, metric: drift.wing_span, above: 0.2 }
  - { name: typo, metric: od.rate, above: 0.2 }
  - { name: mse, metric: performance.rmse, above: 3 }
  - { name: recall, metric: performance.recall, below: 0.5 }
  - { name: odd, metric: ood.rate, above: 2 }
  - { name: ok-rule, metric: drift.share, above: 0.5 }`);
  assert.throws(
    () => validateAlertRules(bad, reg.version, 'framewise.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof FramewiseError);
      assert.equal(error.code, 'CARD_INVALID');
      assert.match(error.message, /6 problems/);
      assert.match(error.message, /monitoring\.alerts\[1\] \('wing'\)\.metric: 'drift\.wing_span' names feature 'wing_span', which 'sex'@1 does not take \(its features: species, island, bill_length_mm/);
      assert.match(error.message, /monitoring\.alerts\[2\] \('typo'\)\.metric: 'od\.rate' is not a metric/);
      assert.match(error.message, /monitoring\.alerts\[3\] \('mse'\)\.metric: 'rmse' is not a binary metric; use one of performance\.roc_auc/);
      assert.match(error.message, /monitoring\.alerts\[4\] \('recall'\)\.metric: 'recall' is not measured for 'sex'@1/);
      assert.match(error.message, /monitoring\.alerts\[5\] \('odd'\)\.above: 2 can never be crossed/);
      assert.match(error.message, /monitoring\.alerts\[6\] \('ok-rule'\)\.name: another rule already has this name/);
      assert.equal(error.location?.field, 'monitoring.alerts[1].metric');
      assert.match(error.hint ?? '', /docs\/alerts\.md/);
      return true;
    },
  );
  assert.doesNotThrow(() => validateAlertRules(spec(RULES), reg.version, 'framewise.yaml'));
});

test('durations and windows', () => {
  assert.equal(durationMs('30s'), 30_000);
  assert.equal(durationMs('15m'), 900_000);
  assert.equal(durationMs('6h'), 21_600_000);
  assert.equal(durationMs('7d'), 604_800_000);
  assert.equal(durationMs('0h'), null);
  assert.equal(durationMs('1w'), null);
  assert.equal(durationMs('1.5h'), null);
  const s = spec('alerts:\n  - { name: a, metric: ood.rate, above: 0.1 }');
  assert.equal(ruleWindow(s.alerts![0]!, s), '1d');
});

test('the default value rule: added after the card\'s rules when a value is promised, replaced by a card rule of its name', () => {
  const promise = { metrics: {}, value: { perDecision: { mean: 12.4, low: 10.9, high: 13.8 }, currency: 'USD', decisionsPerMonth: null }, positiveRate: 0.166, rows: 4000 };
  const own = { name: 'ood', metric: 'ood.rate', above: 0.05 };
  const added = withDefaultRules({ alerts: [own] } as MonitoringSpec, { promise });
  assert.deepEqual(added?.alerts, [own, { name: VALUE_RULE_NAME, metric: 'value.perDecisionHigh', below: 10.9, minRows: 30 }]);
  // No rules in the card at all: the default alone.
  assert.equal(withDefaultRules(undefined, { promise })?.alerts?.length, 1);
  // The card's own rule of that name wins.
  const mine = { name: VALUE_RULE_NAME, metric: 'value.perDecision', below: 0 };
  assert.deepEqual(withDefaultRules({ alerts: [mine] } as MonitoringSpec, { promise })?.alerts, [mine]);
  // Nothing promised (no business figures, or a version from before decision packages): no default.
  assert.equal(withDefaultRules(undefined, { promise: { ...promise, value: null } }), undefined);
});
