// The prediction log's writer thread: every queued prediction is written, and past the high-water
// mark new predictions wait until the writer has caught up.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
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
  const rows = db.prepare('SELECT id, inputs, outputs, decision, ood FROM predictions ORDER BY id').all() as { id: string; inputs: string; outputs: string; decision: string; ood: string }[];
  assert.equal(rows.length, 50);
  assert.deepEqual(JSON.parse(rows.find((r) => r.id === 'r3-2')!.inputs), { x: 2 });
  // Rows go in by chunks of statements: every id keeps its own row's inputs and outputs.
  for (const row of rows) {
    const i = Number(row.id.split('-')[1]);
    assert.deepEqual(JSON.parse(row.inputs), { x: i });
    assert.deepEqual([JSON.parse(row.outputs), JSON.parse(row.decision), JSON.parse(row.ood)], [{ prediction: i }, { kind: 'value', value: 1 }, []]);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
