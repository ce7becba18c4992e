// The alert schedule over a real server's prediction log: penguins far heavier than any seen
// breach an out-of-distribution rule once, however many passes follow; `framewise serve` as a
// child process posts exactly one alert to a local webhook over several intervals and logs it.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import { alertRegistry, type AlertRegistry } from '../monitor/alerts-fixture.js';
import { AlertStateStore } from '../monitor/alert-state.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import type { MonitorInput } from '../monitor/monitor-run.js';
import { AlertSchedule, monitorInWorker } from './alert-schedule.js';
import { buildServer } from './server.js';

const RULES = `
window: 1d
alerts:
  - { name: many-ood, metric: ood.rate, above: 0.2, minRows: 10 }
webhookEnv: ALERTS_HOOK`;
const ROW = { species: 'Adelie', island: 'Dream', bill_length_mm: 36.0, bill_depth_mm: 17.0, flipper_length_mm: 185, body_mass_g: 3300 };

let receiver: Server;
let hook: string;
const posts: Record<string, unknown>[] = [];
const registries: AlertRegistry[] = [];
const children: ChildProcess[] = [];

before(async () => {
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(text) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  receiver.close();
  await once(receiver, 'close');
  for (const reg of registries) rmSync(reg.dir, { recursive: true, force: true });
});

async function registry(): Promise<AlertRegistry> {
  const reg = await alertRegistry(RULES);
  registries.push(reg);
  return reg;
}

async function predict(base: string, rows: number, bodyMass: number): Promise<void> {
  const res = await fetch(`${base}/v1/models/sex/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: Array.from({ length: rows }, () => ({ ...ROW, body_mass_g: bodyMass })) }) });
  assert.equal(res.status, 200, await res.text());
}

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('passes over the log: one alert while heavy penguins dominate, one resolution once they no longer do', async () => {
  const reg = await registry();
  const store = SqliteModelStore.open(reg.dir);
  const server = buildServer({ store, dataDir: reg.dir, logFlushMs: 20 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const lines: string[] = [];
  const schedule = new AlertSchedule({ registry: reg.dir, served: () => server.context.cache.served().values(), env: { ALERTS_HOOK: hook }, log: (l) => lines.push(l), intervalMs: 1000 });
  const start = posts.length;
  try {
    const empty = await schedule.runDue();
    assert.equal(empty[0]!.reports[0]!.state, 'not-enough-data');
    assert.match(empty[0]!.reports[0]!.message, /no predictions of 'sex'@1 since/);
    await predict(base, 5, 9000);
    await until('the log', () => server.context.log.written >= 5);
    const few = await schedule.runDue();
    assert.equal(few[0]!.reports[0]!.state, 'not-enough-data', '5 rows, minRows 10');
    await predict(base, 25, 9000);
    await until('the log', () => server.context.log.written >= 30);
    for (let pass = 0; pass < 3; pass++) {
      const [run] = await schedule.runDue();
      const report = run!.reports[0]!;
      assert.equal(report.state, 'breached');
      assert.equal(report.value, 1);
      assert.equal(report.rows, 30);
      assert.equal(report.event, pass === 0 ? 'firing' : null);
    }
    assert.equal(posts.length - start, 1);
    assert.equal(posts[start]!['event'], 'firing');
    assert.equal(posts[start]!['model'], 'sex@1');
    assert.equal(posts[start]!['window'], '1d');
    // 200 ordinary penguins: 30 of 230 rows out of range, 13%, under the 20% limit.
    await predict(base, 200, 3300);
    await until('the log', () => server.context.log.written >= 230);
    const [calm] = await schedule.runDue();
    assert.equal(calm!.reports[0]!.state, 'ok');
    assert.equal(calm!.reports[0]!.event, 'resolved');
    assert.ok(Math.abs(calm!.reports[0]!.value! - 30 / 230) < 1e-12);
    assert.deepEqual(posts.slice(start).map((p) => p['event']), ['firing', 'resolved']);
    assert.equal(lines.filter((l) => /framewise ALERT sex@1 rule 'many-ood'/.test(l)).length, 1);
    assert.equal(lines.filter((l) => /framewise RESOLVED sex@1 rule 'many-ood'/.test(l)).length, 1);
  } finally {
    await schedule.stop();
    await server.close();
    store.close();
  }
});

test('a promoted version whose card the model refutes is named once in the log and skipped', async () => {
  const reg = await registry();
  const again = await alertRegistry('alerts:\n  - { name: wings, metric: drift.wing_span, above: 0.1 }', '', reg.dir);
  assert.equal(again.version.version, 2);
  const store = SqliteModelStore.open(reg.dir);
  const server = buildServer({ store, dataDir: reg.dir, logFlushMs: 20 });
  const lines: string[] = [];
  const schedule = new AlertSchedule({ registry: reg.dir, served: () => server.context.cache.served().values(), log: (l) => lines.push(l), intervalMs: 1000 });
  try {
    assert.deepEqual(await schedule.runDue(), []);
    assert.deepEqual(await schedule.runDue(), []);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /not checking 'sex'@2: The alert rules in the card of 'sex'@2 have 1 problem: .*\('wings'\)\.metric: 'drift\.wing_span' names feature 'wing_span'/);
  } finally {
    await schedule.stop();
    await server.close();
    store.close();
  }
});

test("without --alert-interval each card's schedule decides when a model is due, and each rule window gets its own pass", async () => {
  const reg = await alertRegistry(`
window: 1d
schedule: 2h
alerts:
  - { name: day, metric: ood.rate, above: 0.2 }
  - { name: week, metric: drift.share, above: 0.5, window: 7d }
  - { name: day-mass, metric: ood.body_mass_g, above: 0.2 }`);
  registries.push(reg);
  const store = SqliteModelStore.open(reg.dir);
  const server = buildServer({ store, dataDir: reg.dir, logFlushMs: 20 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  let clock = Date.now();
  const calls: MonitorInput[] = [];
  const schedule = new AlertSchedule({
    registry: reg.dir,
    served: () => server.context.cache.served().values(),
    log: () => undefined,
    now: () => new Date(clock),
    monitor: (input, signal) => {
      calls.push(input);
      return monitorInWorker(input, signal);
    },
  });
  try {
    await predict(base, 20, 9000);
    await until('the log', () => server.context.log.written >= 20);
    const [first] = await schedule.runDue();
    // 20 copies of one row: every feature's distribution differs from training, so the share is 1.
    assert.deepEqual(first!.reports.map((r) => [r.name, r.window, r.state, r.value]), [['day', '1d', 'breached', 1], ['week', '7d', 'breached', 1], ['day-mass', '1d', 'breached', 1]]);
    assert.deepEqual(calls.map((c) => (c.current.kind === 'log' ? Date.parse(c.current.since) : NaN)), [clock - 86_400_000, clock - 7 * 86_400_000], 'one pass per window');
    clock += 3_600_000;
    assert.deepEqual(await schedule.runDue(), [], 'an hour later: not due under a 2h schedule');
    clock += 3_600_000 - 20_000;
    assert.equal((await schedule.runDue()).length, 1, 'two hours later (less a little slack): due');
    assert.equal(calls.length, 4);
  } finally {
    await schedule.stop();
    await server.close();
    store.close();
  }
});

test('stop ends a pass in progress and leaves nothing recorded', async () => {
  const reg = await registry();
  const store = SqliteModelStore.open(reg.dir);
  const server = buildServer({ store, dataDir: reg.dir, logFlushMs: 20 });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const schedule = new AlertSchedule({ registry: reg.dir, served: () => server.context.cache.served().values(), log: () => undefined, intervalMs: 1000 });
  try {
    await predict(base, 30, 9000);
    await until('the log', () => server.context.log.written >= 30);
    const pass = schedule.runDue();
    const started = Date.now();
    await schedule.stop();
    assert.deepEqual(await pass, []);
    assert.ok(Date.now() - started < 2000, `stopped in ${Date.now() - started} ms`);
    const states = AlertStateStore.open(reg.dir);
    assert.deepEqual(states.events(), []);
    states.close();
  } finally {
    await server.close();
    store.close();
  }
});

test('framewise serve --alert-interval: exactly one alert reaches the webhook over several intervals, and the log has it', async () => {
  const reg = await registry();
  const child = spawn(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'serve', '--registry', reg.dir, '--port', '0', '--alert-interval', '1s'], {
    env: { ...process.env, FRAMEWISE_TOKEN: '', ALERTS_HOOK: hook },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await until('the server', () => /serving on (http:\/\/\S+)/.test(out) || child.exitCode !== null);
  const base = /serving on (http:\/\/\S+)/.exec(out)?.[1];
  assert.ok(base !== undefined, out);
  const start = posts.length;
  await predict(base, 40, 9000);
  await until('the alert', () => posts.length > start);
  // Three more passes with the breach standing: nothing more is sent.
  const judged = new Set<string>();
  const states = AlertStateStore.open(reg.dir);
  try {
    await until('three more passes', () => {
      const state = states.states('sex')[0];
      if (state !== undefined && state.checkedAt > state.since) judged.add(state.checkedAt);
      return judged.size >= 3;
    });
    assert.equal(states.states('sex')[0]!.state, 'breached');
  } finally {
    states.close();
  }
  assert.equal(posts.length - start, 1, JSON.stringify(posts.slice(start)));
  assert.equal(posts[start]!['kind'], 'framewise.alert');
  assert.equal(posts[start]!['rule'], 'many-ood');
  assert.equal(posts[start]!['rows'], 40);
  assert.equal(out.match(/framewise ALERT sex@1 rule 'many-ood': ood\.rate is 1, above the limit 0\.2 \(40 rows since \S+\)\./g)?.length, 1, out);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, out);
  assert.match(out, /framewise stopped; 40 predictions logged/);
});

test('a malformed --alert-interval is a usage error', () => {
  const run = spawnSync(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'serve', '--alert-interval', '90'], { encoding: 'utf8' });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /--alert-interval must be a duration such as 30s, 15m, 1h or 1d/);
});
