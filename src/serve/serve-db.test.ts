// The serving database: a new file gets pages sized for the prediction log's rows, and an existing
// file keeps the pages it was made with (SQLite cannot change them in WAL mode).

import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openServeDb, SERVE_DB_FILE } from './serve-db.js';

test('a new serving database uses 32 KiB pages in WAL mode; an older 4 KiB one opens as it is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-serve-db-'));
  try {
    const fresh = openServeDb(join(dir, 'new'));
    assert.equal(fresh.pragma('page_size', { simple: true }), 32768);
    assert.equal(fresh.pragma('journal_mode', { simple: true }), 'wal');
    fresh.close();

    const oldDir = join(dir, 'old');
    mkdirSync(oldDir);
    const legacy = new Database(join(oldDir, SERVE_DB_FILE));
    legacy.pragma('journal_mode = WAL');
    legacy.exec('CREATE TABLE predictions (id TEXT PRIMARY KEY, at TEXT NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL, inputs TEXT NOT NULL, outputs TEXT NOT NULL, decision TEXT, ood TEXT NOT NULL)');
    legacy.prepare("INSERT INTO predictions VALUES ('a', '2026-01-01T00:00:00.000Z', 'm', 1, '{}', '{}', null, '[]')").run();
    legacy.close();
    const reopened = openServeDb(oldDir);
    assert.equal(reopened.pragma('page_size', { simple: true }), 4096);
    assert.equal(reopened.prepare('SELECT COUNT(*) FROM predictions').pluck().get(), 1);
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
