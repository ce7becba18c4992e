// Window lengths as users write them, and rows grouped by time from --since or the first day.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { MAX_WINDOWS, parseWindow, timeWindows } from './time-windows.js';

const at = (iso: string): number => Date.parse(iso);

test('durations in minutes, hours and days; anything else is refused with the field named', () => {
  assert.deepEqual(parseWindow('30m'), { text: '30m', ms: 1_800_000, unitMs: 60_000 });
  assert.deepEqual(parseWindow('6h'), { text: '6h', ms: 21_600_000, unitMs: 3_600_000 });
  assert.deepEqual(parseWindow(' 7d '), { text: '7d', ms: 604_800_000, unitMs: 86_400_000 });
  for (const bad of ['', '0d', '1w', '1.5d', 'd', '-1d', '1 d']) {
    assert.throws(
      () => parseWindow(bad, 'monitoring.window'),
      (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_ARGUMENT' && e.message.includes(`monitoring.window '${bad}'`) && /30m, 6h, 1d/.test(e.hint ?? ''),
      bad,
    );
  }
});

test('daily windows start at the first row\'s midnight (UTC); empty days and rows without a time are left out', () => {
  const times = Float64Array.from([at('2026-11-03T23:59:59Z'), at('2026-11-01T08:00:00Z'), Number.NaN, at('2026-11-01T23:00:00Z'), at('2026-11-04T00:00:00Z')]);
  const windows = timeWindows(times, parseWindow('1d'));
  assert.deepEqual(
    windows.map((w) => [new Date(w.start).toISOString(), new Date(w.end).toISOString(), [...w.rows]]),
    [
      ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', [1, 3]],
      ['2026-11-03T00:00:00.000Z', '2026-11-04T00:00:00.000Z', [0]],
      ['2026-11-04T00:00:00.000Z', '2026-11-05T00:00:00.000Z', [4]],
    ],
  );
});

test('a 7d window counts from the origin given (--since), not from the epoch', () => {
  const times = Float64Array.from({ length: 20 }, (_, i) => at('2026-11-02T12:00:00Z') + i * 86_400_000);
  const windows = timeWindows(times, parseWindow('7d'), at('2026-11-02T00:00:00Z'));
  assert.deepEqual(windows.map((w) => w.rows.length), [7, 7, 6]);
  assert.equal(new Date(windows[1]!.start).toISOString(), '2026-11-09T00:00:00.000Z');
});

test('a window too short for the period is refused rather than drawing thousands of points', () => {
  const times = Float64Array.from({ length: MAX_WINDOWS + 1 }, (_, i) => i * 60_000);
  assert.throws(() => timeWindows(times, parseWindow('1m')), /more than 1000 windows/);
  assert.equal(timeWindows(times, parseWindow('1d')).length, 1);
});
