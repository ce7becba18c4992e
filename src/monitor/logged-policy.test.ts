// Periods of logged decisions: a threshold changed and changed back gives three periods in time
// order, each with its rows and positive decisions; rows without a logged decision are skipped.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggedPeriods, loggedPolicyText } from './logged-policy.js';
import type { LoggedDecision } from './performance-log.js';

const at = (minute: number): number => Date.parse('2026-12-07T14:00:00Z') + minute * 60_000;
const decided = (threshold: number, label: string, source: string | null): LoggedDecision => ({ threshold, positiveClass: 'malignant', label, source });

test('each run of one threshold is a period; a return to an earlier threshold starts a new one', () => {
  const decisions = [
    decided(0.273, 'malignant', 'brief-best-value'),
    decided(0.273, 'benign', 'brief-best-value'),
    null,
    decided(0.4, 'malignant', 'serving-policy'),
    decided(0.4, 'benign', 'serving-policy'),
    decided(0.4, 'benign', 'serving-policy'),
    decided(0.273, 'malignant', null),
  ];
  const periods = loggedPeriods(decisions, Float64Array.from(decisions, (_, i) => at(i)));
  assert.deepEqual(
    periods.map((p) => [p.threshold, p.rows, p.positive, p.source, p.from.slice(11, 16), p.to.slice(11, 16)]),
    [
      [0.273, 2, 1, 'brief-best-value', '14:00', '14:01'],
      [0.4, 3, 1, 'serving-policy', '14:03', '14:05'],
      [0.273, 1, 1, null, '14:06', '14:06'],
    ],
  );
  assert.equal(
    loggedPolicyText(periods),
    "threshold 0.273 on 'malignant' (the brief's threshold with the most value) until 2026-12-07 14:01 (2 decisions), then threshold 0.4 on 'malignant' (set on the server) from 2026-12-07 14:03 until 2026-12-07 14:05 (3 decisions), then threshold 0.273 on 'malignant' from 2026-12-07 14:06 (1 decision), as logged with each decision",
  );
  assert.equal(loggedPolicyText(periods.slice(0, 1)), "threshold 0.273 on 'malignant' (the brief's threshold with the most value), as logged with each decision");
  assert.equal(loggedPolicyText([]), null);
});
