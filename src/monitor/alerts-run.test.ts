// What `framewise monitor` gets from monitorAlerts: the registered card's rules judged on real
// runs, one webhook POST per breach and one on recovery, the log line always, failures contained.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { parseCard } from '../frame/card-file.js';
import { alertCardText, alertRegistry, type AlertRegistry, writePenguinWindow } from './alerts-fixture.js';
import { monitorAlerts } from './alerts-run.js';
import { AlertStateStore } from './alert-state.js';
import { type MonitorResult, runMonitor } from './monitor-run.js';

let reg: AlertRegistry;
let same: MonitorResult;
let heavy: MonitorResult;
let server: Server;
let hook: string;
const posts: { path: string; body: Record<string, unknown> }[] = [];
let status = 200;

before(async () => {
  reg = await alertRegistry(`
window: 1d
alerts:
  - { name: many-ood, metric: ood.rate, above: 0.2 }
  - { name: mass-drift, metric: drift.body_mass_g, below: 0.001, minRows: 100 }
webhookEnv: ALERTS_HOOK`);
  const run = (path: string): Promise<MonitorResult> => runMonitor({ registry: reg.dir, ref: { name: 'sex' }, current: { kind: 'file', path, options: {} } });
  same = await run(writePenguinWindow(join(reg.dir, 'same.csv'), 0));
  heavy = await run(writePenguinWindow(join(reg.dir, 'heavy.csv'), 200));
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/s3cr3t`;
});

after(async () => {
  server.close();
  await once(server, 'close');
  rmSync(reg.dir, { recursive: true, force: true });
});

test('a breach is posted once however often monitor runs, and its end once', async () => {
  const lines: string[] = [];
  const options = { env: { ALERTS_HOOK: hook }, log: (line: string) => lines.push(line) };
  const first = await monitorAlerts(reg.dir, heavy, undefined, options);
  assert.deepEqual(first.map((r) => [r.name, r.state, r.event, r.delivery]), [
    ['many-ood', 'breached', 'firing', 'delivered'],
    ['mass-drift', 'breached', 'firing', 'delivered'],
  ]);
  assert.equal(posts.length, 2);
  assert.equal(posts[0]!.path, '/hook/s3cr3t');
  assert.equal(posts[0]!.body['kind'], 'framewise.alert');
  assert.equal(posts[0]!.body['event'], 'firing');
  assert.equal(posts[0]!.body['model'], 'sex@1');
  assert.equal(posts[0]!.body['rule'], 'many-ood');
  assert.equal(posts[0]!.body['value'], heavy.ood.oodRate);
  assert.equal(lines.filter((l) => / framewise ALERT sex@1 rule 'many-ood': ood\.rate is 0\.6006, above the limit 0\.2 \(333 rows in .*heavy\.csv\)\.$/.test(l)).length, 1);
  for (let i = 0; i < 3; i++) {
    const again = await monitorAlerts(reg.dir, heavy, undefined, options);
    assert.deepEqual(again.map((r) => [r.state, r.event]), [['breached', null], ['breached', null]]);
  }
  assert.equal(posts.length, 2, 'no resend while the breach lasts');
  const calm = await monitorAlerts(reg.dir, same, undefined, options);
  assert.deepEqual(calm.map((r) => [r.state, r.event, r.delivery]), [['ok', 'resolved', 'delivered'], ['ok', 'resolved', 'delivered']]);
  assert.equal(posts.length, 4);
  assert.equal(posts[2]!.body['event'], 'resolved');
  assert.equal(posts[2]!.body['state'], 'ok');
  assert.equal(lines.filter((l) => /RESOLVED sex@1 rule '[a-z-]+': .* within the limit .* Breached since \S+\.$/.test(l)).length, 2);
  assert.ok(lines.every((l) => !l.includes('s3cr3t')));
  const store = AlertStateStore.open(reg.dir);
  try {
    assert.deepEqual(store.events('sex').map((e) => `${e.rule}:${e.kind}:${e.delivery}`), ['many-ood:firing:delivered', 'mass-drift:firing:delivered', 'many-ood:resolved:delivered', 'mass-drift:resolved:delivered']);
  } finally {
    store.close();
  }
});

test('a webhook that fails is logged with its URL redacted and recorded; the alert is still in the log', async () => {
  status = 503;
  const lines: string[] = [];
  try {
    const spec = parseCard(alertCardText(`alerts:\n  - { name: fail-hook, metric: ood.rate, above: 0.5 }\nwebhook: ${hook}?key=k3y`), 'card').monitoring!;
    const reports = await monitorAlerts(reg.dir, heavy, spec, { log: (l) => lines.push(l), post: { backoffMs: 5, attempts: 2 } });
    assert.deepEqual(reports.map((r) => [r.name, r.event, r.delivery]), [['fail-hook', 'firing', 'failed']]);
    assert.ok(lines.some((l) => /framewise ALERT sex@1 rule 'fail-hook'/.test(l)));
    assert.ok(lines.some((l) => l.includes("the webhook http://127.0.0.1:") && l.includes('/…?… did not take alert') && l.includes('after 2 attempts: HTTP 503')), lines.join('\n'));
    assert.ok(lines.every((l) => !l.includes('s3cr3t') && !l.includes('k3y')));
  } finally {
    status = 200;
  }
});

test('without a webhook the alert goes to the log alone; an unset webhookEnv is said once', async () => {
  const lines: string[] = [];
  const spec = parseCard(alertCardText('alerts:\n  - { name: log-only, metric: ood.rate, above: 0.5 }\nwebhookEnv: NOT_SET_ANYWHERE'), 'card').monitoring!;
  const before = posts.length;
  const reports = await monitorAlerts(reg.dir, heavy, spec, { log: (l) => lines.push(l), env: {} });
  assert.equal(reports[0]!.delivery, 'log-only');
  assert.equal(posts.length, before);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /webhookEnv NOT_SET_ANYWHERE, which is not set/);
  assert.match(lines[1]!, /framewise ALERT sex@1 rule 'log-only'/);
});

test('no rules: nothing to report; a rule the model cannot answer: a card error before anything is recorded', async () => {
  assert.deepEqual(await monitorAlerts(reg.dir, heavy, {}), []);
  const spec = parseCard(alertCardText('alerts:\n  - { name: wings, metric: ood.wing_span, above: 0.5 }'), 'card').monitoring!;
  await assert.rejects(monitorAlerts(reg.dir, heavy, spec, { log: () => undefined }), (error: unknown) => error instanceof FramewiseError && error.code === 'CARD_INVALID' && /\('wings'\)\.metric/.test(error.message));
  const store = AlertStateStore.open(reg.dir);
  try {
    assert.ok(store.states('sex').every((s) => s.rule !== 'wings'));
  } finally {
    store.close();
  }
});

test('alert state kept by a monitor run on a file leaves the registry with a valid, empty prediction log', async () => {
  const fresh = await alertRegistry('alerts:\n  - { name: many-ood, metric: ood.rate, above: 0.2 }');
  try {
    const result = await runMonitor({ registry: fresh.dir, ref: { name: 'sex' }, current: { kind: 'file', path: writePenguinWindow(join(fresh.dir, 'w.csv'), 200), options: {} } });
    assert.equal((await monitorAlerts(fresh.dir, result, undefined, { log: () => undefined }))[0]!.event, 'firing');
    await assert.rejects(
      runMonitor({ registry: fresh.dir, ref: { name: 'sex' }, current: { kind: 'log', since: '2026-01-01T00:00:00.000Z' } }),
      (error: unknown) => error instanceof FramewiseError && error.code === 'NO_DATA_ROWS',
    );
  } finally {
    rmSync(fresh.dir, { recursive: true, force: true });
  }
});
