// The prediction log's segments: lines read back as written, ids found by the time they carry,
// and a crash never makes the reader return a torn or missing batch.

import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PredictionLogReader, uuidV7Time } from './log-reader.js';
import { lineHead, LOG_SEGMENTS_DIR, logLine, SegmentAppender } from './log-segments.js';
import { predictionId } from './prediction-id.js';
import { openServeDb, type ServeDb } from './serve-db.js';

function line(id: string, ms: number, model = 'm', inputs = '{"x":1}'): string {
  return logLine({ id, atJson: JSON.stringify(new Date(ms).toISOString()), modelJson: JSON.stringify(model), version: 3, inputs, outputs: '{"prediction":"yes"}', decision: '{"kind":"label","label":"yes"}', ood: '[]' });
}

function withLog(body: (db: ServeDb, dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-segments-'));
  const db = openServeDb(dir);
  try {
    body(db, dir);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function readAll(db: ServeDb, dir: string): { ids: string[]; unreadable: number } {
  const reader = new PredictionLogReader(db, dir);
  const ids = [...reader.entries()].map((e) => e.id);
  reader.close();
  return { ids, unreadable: reader.unreadable };
}

test('a line is one JSON object whose head names the prediction, whatever the model name or the inputs hold', () => {
  const name = 'a "model",\\"inputs":{} named oddly';
  const text = line('p1', Date.parse('2026-11-26T10:00:00Z'), name, '{\n  "inputs": "x,\\"inputs\\":1",\r\n "n": 2}');
  assert.ok(text.endsWith('}\n'));
  assert.equal(text.split('\n').length, 2, 'one line: the inputs line breaks became spaces');
  assert.deepEqual(lineHead(text.slice(0, -1)), { id: 'p1', at: '2026-11-26T10:00:00.000Z', model: name, version: 3 });
  assert.deepEqual(JSON.parse(text).inputs, { inputs: 'x,"inputs":1', n: 2 });
  assert.equal(lineHead('{"id":"p1"}'), undefined);
  assert.equal(lineHead('garbage,"inputs":1'), undefined);
});

test('UUIDv7 prediction ids give back the millisecond they were made in; other texts give nothing', () => {
  const ms = Date.parse('2026-11-26T10:11:12.345Z');
  assert.equal(uuidV7Time(predictionId(ms)), ms);
  assert.equal(uuidV7Time('p1'), undefined);
  assert.equal(uuidV7Time('0193a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b'), undefined, 'a version 4 id');
});

test('batches read back in time order; each id is found by its time, also in a batch spanning minutes', () => {
  withLog((db, dir) => {
    const appender = new SegmentAppender(db, dir);
    const start = Date.parse('2026-11-26T10:00:00Z');
    // The second batch spans three minutes, so it is indexed in parts.
    const first = [0, 5, 9].map((s) => start + s * 1000);
    const second = [200, 260, 330, 390].map((s) => start + s * 1000);
    const firstIds = first.map((ms) => predictionId(ms));
    const secondIds = second.map((ms) => predictionId(ms));
    // Text beyond ASCII: byte ranges must count bytes, not characters.
    appender.append(firstIds.map((id, i) => line(id, first[i]!, 'météo', `{"city":"Zürich 🌧 ${i}"}`)), first);
    appender.append(secondIds.map((id, i) => line(id, second[i]!)), second);
    appender.close();
    assert.ok((db.prepare('SELECT COUNT(*) FROM log_batches').pluck().get() as number) >= 3);
    assert.deepEqual(readAll(db, dir), { ids: [...firstIds, ...secondIds], unreadable: 0 });
    const reader = new PredictionLogReader(db, dir);
    const firstEntries = [...reader.entries()].slice(0, 3);
    assert.deepEqual(firstEntries.map((e) => [e.model, (JSON.parse(e.line) as { inputs: { city: string } }).inputs.city]), [0, 1, 2].map((i) => ['météo', `Zürich 🌧 ${i}`]));
    for (const id of [...firstIds, ...secondIds]) assert.ok(reader.has(id), id);
    assert.ok(!reader.has(predictionId(start + 5000)), 'a well-formed id the log never held');
    assert.ok(!reader.has('not-an-id'));
    assert.deepEqual([...reader.entries(new Date(start + 300_000).toISOString())].map((e) => e.id), secondIds.slice(2));
    reader.close();
  });
});

test('bytes written after the last indexed batch (a kill mid-write) are never read; the next writer goes on in a segment of its own', () => {
  withLog((db, dir) => {
    const at = Date.parse('2026-11-26T11:00:00Z');
    const before = new SegmentAppender(db, dir);
    before.append([line('p1', at), line('p2', at)], [at, at]);
    before.close();
    const [segment] = readdirSync(join(dir, LOG_SEGMENTS_DIR));
    appendFileSync(join(dir, LOG_SEGMENTS_DIR, segment!), `${line('torn', at)}{"id":"half`);
    const after = new SegmentAppender(db, dir);
    after.append([line('p3', at + 1)], [at + 1]);
    after.close();
    assert.equal(readdirSync(join(dir, LOG_SEGMENTS_DIR)).length, 2);
    assert.deepEqual(readAll(db, dir), { ids: ['p1', 'p2', 'p3'], unreadable: 0 });
  });
});

test('a batch whose bytes did not reach the disk is skipped and counted, and the rest still reads', () => {
  withLog((db, dir) => {
    const at = Date.parse('2026-11-26T12:00:00Z');
    const appender = new SegmentAppender(db, dir);
    appender.append([line('p1', at)], [at]);
    appender.append([line('p2', at + 1), line('p3', at + 1)], [at + 1, at + 1]);
    appender.close();
    const [segment] = readdirSync(join(dir, LOG_SEGMENTS_DIR));
    truncateSync(join(dir, LOG_SEGMENTS_DIR, segment!), line('p1', at).length + 10);
    assert.deepEqual(readAll(db, dir), { ids: ['p1'], unreadable: 2 });
  });
});

test('a full segment is closed and the next batch starts another; every row still reads back', () => {
  withLog((db, dir) => {
    const appender = new SegmentAppender(db, dir, 1000);
    const at = Date.parse('2026-11-26T13:00:00Z');
    const ids: string[] = [];
    for (let b = 0; b < 12; b++) {
      const batch = Array.from({ length: 3 }, (_, i) => `b${b}-${i}`);
      ids.push(...batch);
      appender.append(batch.map((id) => line(id, at + b)), batch.map(() => at + b));
    }
    appender.close();
    assert.ok(readdirSync(join(dir, LOG_SEGMENTS_DIR)).length > 3);
    assert.deepEqual(readAll(db, dir), { ids, unreadable: 0 });
  });
});
