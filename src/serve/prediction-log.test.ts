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
