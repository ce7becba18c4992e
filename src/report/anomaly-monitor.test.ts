// The anomaly lines of a monitoring report: a flagged share measured at another threshold than the
// promise's is not called stable (nor changed), since that threshold flags another share by design.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnomalyWatch } from '../monitor/anomaly-watch.js';
import { anomalyLines } from './anomaly-monitor.js';

const watch = (sameThreshold: boolean, share: number): AnomalyWatch => ({
  threshold: sameThreshold ? 0.52 : 0.5,
  policy: 'flag at anomaly score',
  promised: { share: 0.02, low: 0.013, high: 0.027, rows: 1639 },
  sameThreshold,
  current: { rows: 1639, flagged: Math.round(share * 1639), share, pValue: 0, changed: sameThreshold && share > 0.04 },
  overTime: [],
  performance: null,
  summary: '',
});

test('a flagged share at another threshold is not compared with the promise, and not called stable', () => {
  const other = anomalyLines(watch(false, 1))[0]!;
  assert.match(other, /100\.0% of 1,639 rows at score 0\.5 vs promised 2\.0% \[1\.3%, 2\.7%\] \(at another threshold\), not compared/);
  assert.doesNotMatch(other, /stable|CHANGED|\(p /);
  assert.match(anomalyLines(watch(true, 1))[0]!, /\(p 0\.000\) — CHANGED$/);
  assert.match(anomalyLines(watch(true, 0.02))[0]!, /, stable$/);
});
