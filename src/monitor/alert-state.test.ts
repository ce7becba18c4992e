// Once per breach in a real serving database: fired on ok→breached, resolved on breached→ok,
// silent while a breach lasts or the data runs short, and the same after reopening the file.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openServeDb } from '../serve/serve-db.js';
import type { AlertOutcome, AlertRuleState } from './alerts.js';
import { AlertStateStore } from './alert-state.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function registry(): string {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-alert-state-'));
  dirs.push(dir);
  return dir;
}

function outcome(name: string, state: AlertRuleState, value: number | null = state === 'breached' ? 0.4 : state === 'ok' ? 0.05 : null): AlertOutcome {
  return { name, metric: 'ood.rate', value, threshold: 0.2, direction: 'above', window: '1d', rows: value === null ? 0 : 100, minRows: 1, state, message: `ood.rate ${state}` };
}

const model = { name: 'churn', version: 3 };
const at = (minute: number): Date => new Date(Date.UTC(2026, 10, 20, 12, minute));

test('one firing per breach, one resolution when it ends, nothing in between', () => {
  const store = AlertStateStore.open(registry());
  try {
    assert.deepEqual(store.record(model, [outcome('ood', 'ok')], at(0)), [], 'a first ok is the quiet start');
    const fired = store.record(model, [outcome('ood', 'breached')], at(1));
    assert.equal(fired.length, 1);
    assert.equal(fired[0]!.kind, 'firing');
    assert.equal(fired[0]!.breachedSince, at(1).toISOString());
    assert.deepEqual(fired[0]!.model, model);
    for (let minute = 2; minute < 6; minute++) assert.deepEqual(store.record(model, [outcome('ood', 'breached', 0.3 + minute / 100)], at(minute)), [], `still breached at minute ${minute}`);
    assert.deepEqual(store.record(model, [outcome('ood', 'not-enough-data')], at(6)), [], 'too few rows says nothing');
    assert.equal(store.states('churn')[0]!.state, 'breached', 'and leaves the breach standing');
    const resolved = store.record(model, [outcome('ood', 'ok')], at(7));
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0]!.kind, 'resolved');
    assert.equal(resolved[0]!.breachedSince, at(1).toISOString(), 'names the breach that ended');
    assert.deepEqual(store.record(model, [outcome('ood', 'ok')], at(8)), []);
    assert.equal(store.record(model, [outcome('ood', 'breached')], at(9))[0]!.kind, 'firing', 'a new breach fires again');
    assert.deepEqual(
      store.events('churn').map((e) => [e.kind, e.at]),
      [
        ['firing', at(1).toISOString()],
        ['resolved', at(7).toISOString()],
        ['firing', at(9).toISOString()],
      ],
    );
    const state = store.states('churn')[0]!;
    assert.equal(state.since, at(9).toISOString());
    assert.equal(state.checkedAt, at(9).toISOString());
  } finally {
    store.close();
  }
});

test('a breach first seen fires; rules of one model and of two models are kept apart', () => {
  const store = AlertStateStore.open(registry());
  try {
    const fired = store.record(model, [outcome('ood', 'breached'), outcome('drift', 'ok'), outcome('auc', 'unknown-metric')], at(0));
    assert.deepEqual(fired.map((t) => [t.outcome.name, t.kind]), [['ood', 'firing']]);
    assert.deepEqual(store.record({ name: 'other', version: 1 }, [outcome('ood', 'breached')], at(0)).map((t) => t.model.name), ['other']);
    assert.deepEqual(store.record(model, [outcome('ood', 'breached'), outcome('drift', 'breached')], at(1)).map((t) => t.outcome.name), ['drift']);
    assert.deepEqual(store.states().map((s) => `${s.model}/${s.rule}=${s.state}`), ['churn/drift=breached', 'churn/ood=breached', 'other/ood=breached']);
  } finally {
    store.close();
  }
});

test('the state outlives the process: a reopened store and a second connection do not fire again', () => {
  const dir = registry();
  const first = AlertStateStore.open(dir);
  assert.equal(first.record(model, [outcome('ood', 'breached')], at(0)).length, 1);
  first.close();
  const reopened = AlertStateStore.open(dir);
  const other = AlertStateStore.open(dir);
  try {
    assert.deepEqual(reopened.record(model, [outcome('ood', 'breached')], at(1)), []);
    assert.deepEqual(other.record(model, [outcome('ood', 'breached')], at(2)), []);
    assert.equal(other.record(model, [outcome('ood', 'ok')], at(3))[0]!.kind, 'resolved');
    assert.deepEqual(reopened.record(model, [outcome('ood', 'ok')], at(4)), [], 'the other connection already resolved it');
    assert.equal(reopened.events().length, 2);
  } finally {
    reopened.close();
    other.close();
  }
});

test("lives beside the server's tables in serving.sqlite and records each delivery", () => {
  const dir = registry();
  const server = openServeDb(dir);
  server.prepare("INSERT INTO feedback (prediction_id, label, at) VALUES ('p1', 'churned', '2026-11-20T12:00:00Z')").run();
  const store = AlertStateStore.open(dir);
  try {
    const [t] = store.record(model, [outcome('ood', 'breached')], at(0));
    assert.equal(store.events()[0]!.delivery, 'pending');
    store.markDelivery(t!.id, 'failed', 3, 'HTTP 503');
    const event = store.events()[0]!;
    assert.deepEqual([event.delivery, event.attempts, event.deliveryError], ['failed', 3, 'HTTP 503']);
    assert.equal((server.prepare('SELECT count(*) AS n FROM feedback').get() as { n: number }).n, 1);
    assert.equal((server.prepare('SELECT count(*) AS n FROM alert_events').get() as { n: number }).n, 1);
  } finally {
    store.close();
    server.close();
  }
});
