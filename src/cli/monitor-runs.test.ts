// Every monitor run kept: dated folders that are never written again, and latest/ a whole copy of the newest.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runFolderName, writeRun } from './monitor-runs.js';

test('runs of the same second get their own folders; latest holds exactly the newest run', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'framewise-runs-')), 'monitor');
  const at = new Date('2026-12-07T16:40:12.345Z');
  assert.equal(runFolderName(at), '2026-12-07T16-40-12Z');
  const first = writeRun(out, at, [
    { name: 'monitor.json', content: '{"run":1}\n' },
    { name: 'old-chart.svg', content: '<svg/>' },
  ]);
  const second = writeRun(out, at, [{ name: 'monitor.json', content: '{"run":2}\n' }]);
  assert.equal(first.dir, join(out, '2026-12-07T16-40-12Z'));
  assert.equal(second.dir, join(out, '2026-12-07T16-40-12Z-2'));
  assert.equal(readFileSync(join(first.dir, 'monitor.json'), 'utf8'), '{"run":1}\n');
  assert.equal(readFileSync(join(second.latest, 'monitor.json'), 'utf8'), '{"run":2}\n');
  // latest is replaced whole: nothing of the first run lingers in it.
  assert.equal(existsSync(join(second.latest, 'old-chart.svg')), false);
  assert.deepEqual(readdirSync(out).sort(), ['2026-12-07T16-40-12Z', '2026-12-07T16-40-12Z-2', 'latest']);
});
