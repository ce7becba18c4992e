// A damaged prediction log is read around its damage: 300 random bytes inside a segment, a record
// holding a lone surrogate (as an older server wrote it) and a record cut short are skipped and
// counted, and every other record is read, looked up and exported.

import assert from 'node:assert/strict';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDuckDB, sqlString } from '../data/duckdb.js';
import { exportLog } from './log-export.js';
import { PredictionLogReader } from './log-reader.js';
import { isReadableRecord, lineHead, LOG_SEGMENTS_DIR, logLine, SegmentAppender } from './log-segments.js';
import { predictionId } from './prediction-id.js';
import { openServeDb } from './serve-db.js';

/** A seeded generator of bytes (xorshift32), so the damage is the same on every run. */
function randomBytes(n: number, seed: number): Buffer {
  let x = seed >>> 0 || 1;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const START = Date.UTC(2026, 0, 1);
/** Record i's id: a UUIDv7 of its time, as the server makes them (feedback looks ids up by that time). */
const IDS = Array.from({ length: 403 }, (_, i) => predictionId(START + i * 1000));

function line(i: number, inputs = `{"x":${i},"word":"w${i}"}`): string {
  return logLine({ id: IDS[i]!, atJson: JSON.stringify(new Date(START + i * 1000).toISOString()), modelJson: '"m"', version: 1, inputs, outputs: '{"prediction":"a"}', decision: '{"kind":"label","label":"a"}', ood: '[]' });
}

test('random bytes inside a segment, a lone surrogate and a cut record are skipped and counted; every other record is read and exported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-damaged-'));
  try {
    const db = openServeDb(dir);
    const appender = new SegmentAppender(db, dir);
    // Ten batches of 40 records, as a server's writer appends them.
    const all: string[] = [];
    for (let b = 0; b < 10; b++) {
      const lines = Array.from({ length: 40 }, (_, k) => line(b * 40 + k));
      appender.append(lines, lines.map((_, k) => START + (b * 40 + k) * 1000));
      all.push(...lines);
    }
    // As an older server would have: a record with a lone surrogate (valid JSON, no Unicode text) and one cut short, both indexed.
    const surrogate = line(400, '{"x":400,"word":"\\ud800"}');
    const cut = line(401);
    appender.append([surrogate, `${cut.slice(0, cut.length / 2)}\n`, line(402)], [START + 400_000, START + 401_000, START + 402_000]);
    appender.close();
    db.close();

    // 300 random bytes over the middle of the segment: the records they touch (with their line breaks) are lost.
    const segment = join(dir, LOG_SEGMENTS_DIR, readdirSync(join(dir, LOG_SEGMENTS_DIR))[0]!);
    const size = readFileSync(segment).length;
    const from = Math.floor(size / 2) - 150;
    const to = from + 300;
    const touched = new Set<string>();
    let offset = 0;
    for (const text of all) {
      const bytes = Buffer.byteLength(text);
      if (offset < to && offset + bytes > from) touched.add(lineHead(text)!.id);
      offset += bytes;
    }
    assert.ok(touched.size >= 2, 'the damage spans several records');
    const fd = openSync(segment, 'r+');
    writeSync(fd, randomBytes(300, 17), 0, 300, from);
    closeSync(fd);

    const expected = [...all.map((l) => lineHead(l)!.id).filter((id) => !touched.has(id)), IDS[402]!];
    const lost = touched.size + 2;
    const readDb = openServeDb(dir);
    const reader = new PredictionLogReader(readDb, dir);
    assert.deepEqual([...reader.entries()].map((e) => e.id), expected);
    assert.equal(reader.unreadable, lost);
    // Feedback lookups see the same records: a lost one is unknown, its neighbours are found.
    assert.equal(reader.has([...touched][0]!), false);
    assert.equal(reader.has(IDS[400]!), false);
    assert.equal(reader.has(IDS[402]!), true);
    assert.equal(reader.has(expected[0]!), true);
    reader.close();
    readDb.close();

    const out = join(dir, 'log.parquet');
    const result = await exportLog(dir, undefined, out);
    assert.deepEqual([result.rows, result.unreadable], [expected.length, lost]);
    const duck = await openDuckDB();
    const ids = (await duck.connection.runAndReadAll(`SELECT id FROM read_parquet(${sqlString(out)}) ORDER BY "at"`)).getRows().map((r) => String(r[0]));
    duck.close();
    assert.deepEqual(ids, expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a record is readable only when it is one whole JSON object with the log members, an ISO time and valid Unicode', () => {
  const good = line(1);
  const check = (text: string): boolean => {
    const head = lineHead(text);
    return head !== undefined && isReadableRecord(text, head);
  };
  assert.equal(check(good.slice(0, -1)), true);
  assert.equal(check(line(2, '{"word":"\\ud83d\\ude00 pair"}').slice(0, -1)), true);
  assert.equal(check(line(2, '{"word":"nul \\u0000 is readable"}').slice(0, -1)), true);
  assert.equal(check(line(2, '{"word":"\\\\ud800 is an escaped backslash"}').slice(0, -1)), true);
  assert.equal(check(line(2, '{"word":"\\udc00"}').slice(0, -1)), false);
  assert.equal(check(line(2, '{"\\ud800":1}').slice(0, -1)), false);
  // A key given twice hides the lone surrogate from JSON.parse, not from DuckDB: the text as written decides.
  assert.equal(check(line(2, '{"word":"\\ud800","word":"ok"}').slice(0, -1)), false);
  assert.equal(check(line(2, '[1]').slice(0, -1)), false);
  assert.equal(check(good.slice(0, -3)), false);
  assert.equal(check(good.replace('"version":1', '"version":1.5').slice(0, -1)), false);
  assert.equal(check(good.replace(/"at":"[^"]+"/, '"at":"2026-13-01T00:00:00.000Z"').slice(0, -1)), false);
  assert.equal(check(good.replace(',"ood":[]', '').slice(0, -1)), false);
});
