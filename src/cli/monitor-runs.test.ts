// Every monitor run kept: folders under runs/ that are never written again, and the output
// folder's own files a whole copy of the newest run.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeRun } from './monitor-runs.js';

test('runs of the same second get their own folders; the output folder holds exactly the newest run', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'framewise-runs-')), 'monitor');
  const at = new Date('2026-12-07T16:40:12.345Z');
  const first = writeRun(out, at, [
    { name: 'monitor.json', content: '{"run":1}\n' },
    { name: 'old-chart.svg', content: '<svg/>' },
  ]);
  const second = writeRun(out, at, [{ name: 'monitor.json', content: '{"run":2}\n' }]);
  assert.equal(first.dir, join(out, 'runs', '2026-12-07T16-40-12Z'));
  assert.equal(second.dir, join(out, 'runs', '2026-12-07T16-40-12Z-2'));
  assert.equal(readFileSync(join(first.dir, 'monitor.json'), 'utf8'), '{"run":1}\n');
  assert.equal(readFileSync(join(first.dir, 'old-chart.svg'), 'utf8'), '<svg/>');
  assert.equal(readFileSync(join(second.latest, 'monitor.json'), 'utf8'), '{"run":2}\n');
  // The latest copy is the newest run whole: nothing of the first run lingers beside it.
  assert.equal(existsSync(join(second.latest, 'old-chart.svg')), false);
  assert.deepEqual(readdirSync(join(out, 'runs')).sort(), ['2026-12-07T16-40-12Z', '2026-12-07T16-40-12Z-2']);
  assert.deepEqual(readdirSync(out).sort(), ['latest.json', 'monitor.json', 'runs']);
});
