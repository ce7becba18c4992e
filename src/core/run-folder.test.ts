// Run folders: every run keeps its own folder, ROOT's files are the latest run whole, and files
// only an earlier run wrote do not linger at ROOT.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listRuns, publishLatest, readLatest, runId, startRun } from './run-folder.js';

test('a run id is the UTC second with no colon', () => {
  assert.equal(runId(new Date('2026-12-07T16:40:12.345Z')), '2026-12-07T16-40-12Z');
});

test('two runs in the same second get their own folders, and the root holds the latest whole', () => {
  const root = join(mkdtempSync(join(tmpdir(), 'fw-runs-')), 'out');
  const at = new Date('2026-12-07T16:40:12Z');
  const first = startRun(root, at);
  writeFileSync(join(first.dir, 'brief.md'), 'first brief');
  writeFileSync(join(first.dir, 'model.json'), '{"first":true}');
  mkdirSync(join(first.dir, 'charts'));
  writeFileSync(join(first.dir, 'charts', 'a.svg'), '<svg/>');
  publishLatest(first);
  assert.equal(readFileSync(join(root, 'model.json'), 'utf8'), '{"first":true}');
  assert.equal(readFileSync(join(root, 'charts', 'a.svg'), 'utf8'), '<svg/>');

  const second = startRun(root, at);
  assert.notEqual(second.dir, first.dir);
  assert.equal(second.id, '2026-12-07T16-40-12Z-2');
  writeFileSync(join(second.dir, 'brief.md'), 'second brief');
  const paths = publishLatest(second);
  assert.equal(paths.get('brief.md'), join(root, 'brief.md'));
  assert.equal(readFileSync(join(root, 'brief.md'), 'utf8'), 'second brief');
  // The second run chose no model: the first run's model must not stand beside its brief.
  assert.equal(existsSync(join(root, 'model.json')), false);
  assert.equal(existsSync(join(root, 'charts', 'a.svg')), false);
  // ...but the first run is intact in its own folder.
  assert.equal(readFileSync(join(first.dir, 'brief.md'), 'utf8'), 'first brief');
  assert.equal(readFileSync(join(first.dir, 'model.json'), 'utf8'), '{"first":true}');
  assert.deepEqual(readLatest(root), { run: 'runs/2026-12-07T16-40-12Z-2', id: '2026-12-07T16-40-12Z-2', files: ['brief.md'] });
  assert.deepEqual(listRuns(root).map((r) => r.id), ['2026-12-07T16-40-12Z', '2026-12-07T16-40-12Z-2']);
});

test('runs list in time order across days and same-second numbers', () => {
  const root = mkdtempSync(join(tmpdir(), 'fw-runs-'));
  const late = new Date('2026-12-08T09:00:00Z');
  const early = new Date('2026-12-07T23:59:59Z');
  startRun(root, late);
  for (let i = 0; i < 10; i++) startRun(root, early);
  const ids = listRuns(root).map((r) => r.id);
  assert.equal(ids[0], '2026-12-07T23-59-59Z');
  assert.equal(ids[9], '2026-12-07T23-59-59Z-10');
  assert.equal(ids[10], '2026-12-08T09-00-00Z');
});
