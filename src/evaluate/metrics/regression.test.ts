// RMSE, MAE and R² against scikit-learn 1.2 on diabetes predictions (tolerance 1e-9).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mae, r2, rmse } from './regression.js';
import { close, readMetricsFixture } from './fixture-reader.js';

const fx = readMetricsFixture();

test('regression metrics match scikit-learn on diabetes predictions', () => {
  for (const c of fx.regression) {
    const t = Float64Array.from(c.yTrue);
    const p = Float64Array.from(c.yPred);
    close(rmse(t, p).value, c.expected.rmse, `${c.name} rmse`);
    close(mae(t, p).value, c.expected.mae, `${c.name} mae`);
    close(r2(t, p).value, c.expected.r2, `${c.name} r2`);
  }
});

test('R² of a constant truth is NaN with a warning', () => {
  const r = r2(Float64Array.from([3, 3, 3]), Float64Array.from([3, 2, 4]));
  assert.ok(Number.isNaN(r.value));
  assert.match(r.warnings[0]!, /all equal/);
  assert.ok(Number.isNaN(rmse(Float64Array.from([1]), Float64Array.from([Number.NaN])).value));
});
