// Exporting the prediction log: rows since a time, with their fed-back labels, read back from Parquet.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDuckDB } from '../data/duckdb.js';
import { exportLog, parseSince } from './log-export.js';
import { LOG_SEGMENTS_DIR } from './log-segments.js';
import { PredictionLog } from './prediction-log.js';
import { openServeDb } from './serve-db.js';

test('exports the predictions since a time with their labels to Parquet', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-export-'));
  const db = openServeDb(dir);
  const log = new PredictionLog(db, dir);
  const times = ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'];
  times.forEach((at, i) =>
    log.record({
      ids: [`p${i}`],
      at,
      model: 'sex',
      version: 1 + i,
      request: JSON.stringify({ row: { x: i } }),
      outputs: ['"prediction":"male"'],
      decisions: ['{"kind":"label","label":"male"}'],
      ood: ['[]'],
    }),
  );
  await log.close();
  db.prepare('INSERT INTO feedback (prediction_id, label, at) VALUES (?, ?, ?)').run('p1', 'wrong', '2026-02-02T00:00:00.000Z');
  db.prepare('INSERT INTO feedback (prediction_id, label, at) VALUES (?, ?, ?)').run('p1', 'female', '2026-02-03T00:00:00.000Z');
  db.close();
  const out = join(dir, 'log.parquet');
  const result = await exportLog(dir, parseSince('2026-01-15'), out);
  assert.equal(result.rows, 2);
  const duck = await openDuckDB();
  const reader = await duck.connection.runAndReadAll(`SELECT id, CAST(version AS INTEGER) AS version, label, json_extract(inputs, '$.x')::INTEGER AS x FROM read_parquet('${out}') ORDER BY id`);
  const rows = reader.getRowObjectsJson();
  duck.close();
  assert.deepEqual(rows, [
    { id: 'p1', version: 2, label: 'female', x: 1 },
    { id: 'p2', version: 3, label: null, x: 2 },
  ]);
  assert.throws(() => parseSince('yesterday'), /not a date/);
  // Bytes the index holds but the segment lost are left out and counted, not fatal.
  const segments = join(dir, LOG_SEGMENTS_DIR);
  for (const file of readdirSync(segments)) truncateSync(join(segments, file), 0);
  const emptied = await exportLog(dir, undefined, join(dir, 'lost.parquet'));
  assert.deepEqual([emptied.rows, emptied.unreadable], [0, 3]);
  rmSync(dir, { recursive: true, force: true });
});
