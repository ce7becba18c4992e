// Log loss and Brier score against scikit-learn 1.2 (tolerance 1e-9), including saturated 0/1
// probabilities that exercise the clipping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brier, brierBinary, logLoss, logLossBinary } from './probabilistic.js';
import { close, readMetricsFixture } from './fixture-reader.js';

const fx = readMetricsFixture();

test('binary log loss and Brier score match scikit-learn', () => {
  const t = Int32Array.from(fx.binary.yTrue);
  for (const [name, s] of Object.entries(fx.binary.scores)) {
    const p = Float64Array.from(s.p);
    close(logLossBinary(t, p).value, s.log_loss, `${name} log loss`);
    close(brierBinary(t, p).value, s.brier, `${name} brier`);
  }
  const nb = fx.binary.scores.nb!.p;
  assert.ok(nb.some((v) => v === 0 || v === 1), 'the naive Bayes probabilities saturate, so clipping is exercised');
});

test('multiclass log loss and Brier score match scikit-learn / numpy', () => {
  for (const c of fx.multiclass) {
    const t = Int32Array.from(c.yTrue);
    const p = Float64Array.from(c.proba);
    close(logLoss(t, p, c.classes).value, c.expected.log_loss, `${c.name} log loss`);
    close(brier(t, p, c.classes).value, c.expected.brier, `${c.name} brier`);
  }
});

test('two-column multiclass forms agree with the binary forms', () => {
  const t = Int32Array.from(fx.binary.yTrue);
  const p = fx.binary.scores.lr!.p;
  const rows = Float64Array.from(p.flatMap((v) => [1 - v, v]));
  close(logLoss(t, rows, 2).value, logLossBinary(t, Float64Array.from(p)).value, 'log loss');
  close(brier(t, rows, 2).value, 2 * brierBinary(t, Float64Array.from(p)).value, 'brier is twice the binary score');
});

test('NaN probabilities or a class without a column give NaN with a warning', () => {
  const r = logLossBinary(Int32Array.from([0, 1]), Float64Array.from([0.1, Number.NaN]));
  assert.ok(Number.isNaN(r.value));
  assert.match(r.warnings[0]!, /NaN/);
  const k = brier(Int32Array.from([0, 2]), Float64Array.from([0.5, 0.5, 0.5, 0.5]), 2);
  assert.ok(Number.isNaN(k.value));
  assert.match(k.warnings[0]!, /class code 2 has no probability column/);
});
