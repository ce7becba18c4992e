// The prediction log's writer thread: every queued prediction is written, and past the high-water
// mark new predictions wait until the writer has caught up.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PredictionLogReader } from './log-reader.js';
import { PredictionLog } from './prediction-log.js';
import { openServeDb } from './serve-db.js';

function request(ids: string[]): Parameters<PredictionLog['record']>[0] {
  return {
    ids,
    at: '2026-11-26T00:00:00.000Z',
    model: 'm',
    version: 1,
    request: JSON.stringify({ rows: ids.map((_, i) => ({ x: i })) }),
    outputs: ids.map((_, i) => `"prediction":${i}`),
    decisions: ids.map(() => '{"kind":"value","value":1}'),
    ood: ids.map(() => '[]'),
  };
}

test('past the high-water mark capacity() waits for the writer; every row ends up written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-log-'));
  const db = openServeDb(dir);
  const log = new PredictionLog(db, dir, { highWater: 40, maxBatch: 1000, flushMs: 10_000 });
  assert.equal(log.capacity(), undefined);
  for (let r = 0; r < 10; r++) log.record(request(Array.from({ length: 5 }, (_, i) => `r${r}-${i}`)));
  assert.equal(log.pending, 50);
  assert.ok(log.has('r3-2'));
  const wait = log.capacity();
  assert.ok(wait instanceof Promise);
  await wait;
  assert.ok(log.pending <= 20);
  await log.close();
  assert.equal(log.written, 50);
  const reader = new PredictionLogReader(db, dir);
  const rows = [...reader.entries()].map((e) => JSON.parse(e.line) as { id: string; at: string; model: string; version: number; inputs: unknown; outputs: unknown; decision: unknown; ood: unknown });
  reader.close();
  assert.equal(rows.length, 50);
  assert.deepEqual(new Set(rows.map((r) => r.id)).size, 50);
  // Every id keeps its own row's inputs and outputs, in the order they were recorded.
  rows.forEach((row, k) => {
    const i = Number(row.id.split('-')[1]);
    assert.equal(row.id, `r${Math.floor(k / 5)}-${k % 5}`);
    assert.deepEqual(row, { id: row.id, at: '2026-11-26T00:00:00.000Z', model: 'm', version: 1, inputs: { x: i }, outputs: { prediction: i }, decision: { kind: 'value', value: 1 }, ood: [] });
  });
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('find() names the model and version of a prediction whether it is queued, handed to the writer or written', async () => {
  const { predictionId } = await import('./prediction-id.js');
  const dir = mkdtempSync(join(tmpdir(), 'framewise-log-'));
  const db = openServeDb(dir);
  const log = new PredictionLog(db, dir, { maxBatch: 1000, flushMs: 10_000 });
  const now = Date.now();
  const batches = [
    { model: 'churn', version: 2, ids: Array.from({ length: 3 }, () => predictionId(now)) },
    { model: 'mass', version: 1, ids: [predictionId(now)] },
    { model: 'churn', version: 3, ids: Array.from({ length: 2 }, () => predictionId(now)) },
  ];
  const check = (where: string, lookup: (id: string) => { model: string; version: number } | undefined): void => {
    for (const b of batches) for (const id of b.ids) assert.deepEqual(lookup(id), { model: b.model, version: b.version }, `${where}: ${id}`);
    assert.equal(lookup(predictionId(now + 1)), undefined, `${where}: an id never logged`);
  };
  for (const b of batches) log.record({ ...request(b.ids), at: new Date(now).toISOString(), model: b.model, version: b.version });
  check('queued', (id) => log.find(id));
  log.flush();
  check('handed over', (id) => log.find(id));
  await log.close();
  const reader = new PredictionLogReader(db, dir);
  check('written', (id) => reader.find(id));
  reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The ids the log's files hold now, read as another process would. */
function idsOnDisk(dir: string): Set<string> {
  const db = openServeDb(dir);
  const reader = new PredictionLogReader(db, dir);
  const ids = new Set([...reader.entries()].map((e) => e.id));
  reader.close();
  db.close();
  return ids;
}

test('record() resolves once its batch is written: requests of one turn share a batch, those arriving meanwhile gather in the next', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-log-'));
  const db = openServeDb(dir);
  const log = new PredictionLog(db, dir);
  const first = [log.record(request(['a0'])), log.record(request(['a1', 'a2']))];
  assert.equal(first[0], first[1], 'one promise per batch');
  assert.equal(idsOnDisk(dir).size, 0, 'nothing is written inside the turn that recorded it');
  // Handed over at the end of this turn; recorded while it is written, the next request waits for the next batch.
  await new Promise((r) => setImmediate(r));
  const second = log.record(request(['b0']));
  assert.notEqual(second, first[0]);
  await Promise.all(first);
  const disk = idsOnDisk(dir);
  assert.ok(['a0', 'a1', 'a2'].every((id) => disk.has(id)), [...disk].join(' '));
  await second;
  assert.ok(idsOnDisk(dir).has('b0'));
  assert.equal(log.written, 4);
  await log.close();
  assert.equal(log.unwritten, 0);
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a writer that dies: its requests and new ones are refused with LOG_UNAVAILABLE, told once; a new writer takes over; close never waits on a dead one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-log-'));
  const db = openServeDb(dir);
  const told: string[] = [];
  const log = new PredictionLog(db, dir, { retryMs: 200, onProblem: (s) => told.push(s) });
  await log.record(request(['ok0']));
  const worker = (log as unknown as { worker: { terminate(): Promise<number> } }).worker;
  const pending = log.record(request(['lost0', 'lost1']));
  await worker.terminate();
  await assert.rejects(pending, (e: Error & { code?: string }) => e.code === 'LOG_UNAVAILABLE' && /writer thread stopped/.test(e.message));
  assert.throws(() => log.admit(), (e: Error & { code?: string }) => e.code === 'LOG_UNAVAILABLE');
  assert.match(log.problem() ?? '', /writer stopped/);
  assert.equal(told.length, 1);
  assert.match(told[0]!, /prediction log cannot be written: its writer thread stopped/);
  // The replacement says it is ready: predictions are taken, and answered once written.
  for (let tries = 0; tries < 200 && log.problem() !== undefined; tries++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(log.problem(), undefined);
  log.admit();
  await log.record(request(['after0']));
  assert.equal(told.length, 2);
  assert.match(told[1]!, /written again/);
  // A writer that is gone when the log closes: close ends, counting nothing more as lost.
  await (log as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
  await log.close();
  assert.equal(log.unwritten, 2);
  const ids = idsOnDisk(dir);
  assert.ok(ids.has('ok0') && ids.has('after0'));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a writer held up past its bound: the waiting request is refused, /readyz is told, and the log is ready again once the writer catches up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-log-'));
  const db = openServeDb(dir);
  const told: string[] = [];
  const log = new PredictionLog(db, dir, { stallMs: 1000, flushMs: 20, onProblem: (s) => told.push(s) });
  const holder = openServeDb(dir);
  try {
    // A loaded machine can hold up the writer's first batches past so short a bound: once one is written, it is up.
    for (let tries = 0; tries < 20; tries++) {
      const ok = await log.record(request([`before${tries}`])).then(() => true, () => false);
      for (let wait = 0; wait < 400 && log.problem() !== undefined; wait++) await new Promise((r) => setTimeout(r, 25));
      if (ok) break;
    }
    told.length = 0;
    // Another connection holds serving.sqlite's write lock: the writer cannot index (it waits up to its busy timeout).
    holder.prepare('BEGIN IMMEDIATE').run();
    const held = log.record(request(['held0']));
    await assert.rejects(held, (e: Error & { code?: string }) => e.code === 'LOG_UNAVAILABLE');
    assert.match(log.problem() ?? '', /behind its bound|locked/);
    assert.throws(() => log.admit(), (e: Error & { code?: string }) => e.code === 'LOG_UNAVAILABLE');
    assert.equal(told.length, 1);
    holder.prepare('COMMIT').run();
    for (let tries = 0; tries < 400 && log.problem() !== undefined; tries++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(log.problem(), undefined);
    log.admit();
    await log.record(request(['after0']));
  } finally {
    if (holder.inTransaction) holder.prepare('COMMIT').run();
    holder.close();
    await log.close();
  }
  assert.ok(idsOnDisk(dir).has('after0'));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
