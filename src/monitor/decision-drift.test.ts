// Decision drift's two-proportion z-test against values computed independently (Python's
// math.erfc on the pooled-share formula), and the value interval's bootstrap on known rows.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { decisionDrift, positiveDecisions, twoProportionTest } from './decision-drift.js';
import { meanWithInterval, valueBelowPromise, VALUE_MIN_ROWS } from './performance-value.js';

test('two-proportion z-test: z and two-sided p as computed independently', () => {
  // (x1, n1, x2, n2) → z, p from math.erfc(|z| / sqrt 2) in Python.
  const cases: [number, number, number, number, number, number][] = [
    [166, 1000, 385, 1000, 10.96097331676214, 5.886285791020806e-28],
    [830, 5000, 95, 500, 1.3680317449231254, 0.1713021396781249],
    [50, 400, 61, 420, 0.8467332132652864, 0.39714384165257843],
  ];
  for (const [x1, n1, x2, n2, z, p] of cases) {
    const r = twoProportionTest(x1, n1, x2, n2);
    assert.ok(Math.abs(r.statistic - z) < 1e-12, `z ${r.statistic} vs ${z}`);
    assert.ok(Math.abs(r.pValue - p) <= 1e-9 * p, `p ${r.pValue} vs ${p}`);
  }
  // No spread on either side: nothing to test.
  assert.deepEqual(twoProportionTest(0, 100, 0, 50), { statistic: 0, pValue: 1 });
});

test("the issue's case: 16.6% flagged in the promise, 38.5% now, drifts; 17.0% does not", () => {
  const reference = { rows: 4000, rate: 0.166, source: 'promise' as const };
  const moved = decisionDrift({ policy: "threshold 0.17 on 'yes'", threshold: 0.17, positiveClass: 'yes', current: { rows: 1000, positive: 385 }, reference });
  assert.equal(moved.drifted, true);
  assert.ok(moved.statistic > 10 && moved.pValue < 1e-20);
  assert.equal(moved.current.rate, 0.385);
  const same = decisionDrift({ policy: "threshold 0.17 on 'yes'", threshold: 0.17, positiveClass: 'yes', current: { rows: 1000, positive: 170 }, reference });
  assert.equal(same.drifted, false);
});

test('positive decisions count the rows at or above the threshold', () => {
  // Two classes per row; the positive class is column 1.
  const probabilities = Float64Array.from([0.9, 0.1, 0.83, 0.17, 0.5, 0.5, 0.2, 0.8]);
  assert.equal(positiveDecisions(probabilities, 2, 1, 0.17), 3);
  assert.equal(positiveDecisions(probabilities, 2, 1, 0.5), 2);
});

test('value interval: a seeded bootstrap of the mean that covers it, wider on fewer rows; breach only when wholly under', () => {
  const rng = new Rng(1);
  const values = Float64Array.from({ length: 4000 }, () => (rng.next() < 0.3 ? 120 : rng.next() < 0.3 ? -60 : 0));
  const all = Int32Array.from({ length: 4000 }, (_, i) => i);
  const whole = meanWithInterval(values, all, new Rng(8), 500, 2000);
  const few = meanWithInterval(values, all.subarray(0, 200), new Rng(8), 500, 2000);
  assert.ok(whole.low < whole.perDecision && whole.perDecision < whole.high);
  // The standard error of the mean, times 1.96 either side, within 15%.
  let s = 0;
  for (const v of values) s += (v - whole.perDecision) ** 2;
  const se = Math.sqrt(s / (values.length - 1) / values.length);
  assert.ok(Math.abs((whole.high - whole.low) / (2 * 1.96 * se) - 1) < 0.15, `width ${whole.high - whole.low} vs ${2 * 1.96 * se}`);
  assert.ok(few.high - few.low > 3 * (whole.high - whole.low));
  assert.deepEqual(meanWithInterval(values, all, new Rng(8), 500, 2000), whole);
  const promised = { low: whole.high + 0.01 };
  assert.equal(valueBelowPromise(whole, promised, 4000), true);
  assert.equal(valueBelowPromise(whole, { low: whole.high - 0.01 }, 4000), false);
  assert.equal(valueBelowPromise(whole, promised, VALUE_MIN_ROWS - 1), false);
  assert.equal(valueBelowPromise(whole, null, 4000), false);
});
