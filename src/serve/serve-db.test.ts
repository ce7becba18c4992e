// The serving database: a new file holds the log's batch index and no predictions table; a file
// from before the log's segments opens as it is, and its logged rows are read before the segments'.

import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PredictionLogReader } from './log-reader.js';
import { logLine, SegmentAppender } from './log-segments.js';
import { openServeDb, SERVE_DB_FILE } from './serve-db.js';

const tables = (db: Database.Database): string[] => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

test('a new serving database in WAL mode indexes the log; an older one keeps its predictions, read first', () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-serve-db-'));
  try {
    const fresh = openServeDb(join(dir, 'new'));
    assert.equal(fresh.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(tables(fresh), ['feedback', 'log_batches', 'policy', 'policy_audit']);
    fresh.close();

    const oldDir = join(dir, 'old');
    mkdirSync(oldDir);
    const legacy = new Database(join(oldDir, SERVE_DB_FILE));
    legacy.pragma('journal_mode = WAL');
    legacy.exec('CREATE TABLE predictions (id TEXT PRIMARY KEY, at TEXT NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL, inputs TEXT NOT NULL, outputs TEXT NOT NULL, decision TEXT, ood TEXT NOT NULL)');
    legacy.prepare("INSERT INTO predictions VALUES ('a', '2026-01-01T00:00:00.000Z', 'm', 1, ?, '{\"prediction\":1}', null, '[]')").run('{\n  "x": 1\n}');
    legacy.close();
    const reopened = openServeDb(oldDir);
    const appender = new SegmentAppender(reopened, oldDir);
    appender.append([logLine({ id: 'b', atJson: '"2026-02-01T00:00:00.000Z"', modelJson: '"m"', version: 2, inputs: '{"x":2}', outputs: '{"prediction":2}', decision: 'null', ood: '[]' })], [Date.parse('2026-02-01')]);
    appender.close();
    const reader = new PredictionLogReader(reopened, oldDir);
    const entries = [...reader.entries()];
    // The old row's pretty-printed inputs come back on one line, as every logged prediction does.
    assert.deepEqual(
      entries.map((e) => e.line),
      [
        '{"id":"a","at":"2026-01-01T00:00:00.000Z","model":"m","version":1,"inputs":{   "x": 1 },"outputs":{"prediction":1},"decision":null,"ood":[]}',
        '{"id":"b","at":"2026-02-01T00:00:00.000Z","model":"m","version":2,"inputs":{"x":2},"outputs":{"prediction":2},"decision":null,"ood":[]}',
      ],
    );
    assert.deepEqual([...reader.entries('2026-01-15T00:00:00.000Z')].map((e) => e.id), ['b']);
    assert.ok(reader.has('a'));
    assert.ok(!reader.has('c'));
    reader.close();
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
