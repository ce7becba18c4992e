// ROC AUC and average precision against scikit-learn 1.2 (tolerance 1e-9), including scores
// with many ties, and one-vs-rest averages over classes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averagePrecision, averagePrecisionOvr, rocAuc, rocAucOvr } from './ranking.js';
import { close, readMetricsFixture } from './fixture-reader.js';

const fx = readMetricsFixture();

test('binary ROC AUC and average precision match scikit-learn, tied scores included', () => {
  const t = Int32Array.from(fx.binary.yTrue);
  for (const [name, s] of Object.entries(fx.binary.scores)) {
    const p = Float64Array.from(s.p);
    close(rocAuc(t, p).value, s.roc_auc, `${name} roc auc`);
    close(averagePrecision(t, p).value, s.average_precision, `${name} average precision`);
  }
  const rounded = fx.binary.scores.lr_rounded!.p;
  assert.ok(new Set(rounded).size < rounded.length / 2, 'the rounded scores really are heavily tied');
});

test('the negative class as positive is scored on flipped scores', () => {
  const t = Int32Array.from(fx.binary.yTrue);
  const p = Float64Array.from(fx.binary.scores.lr!.p, (v) => -v);
  close(rocAuc(t, p, 0).value, fx.binary.scores.lr!.roc_auc, 'roc auc with positive 0 on negated scores');
});

test('one-vs-rest ROC AUC and average precision match scikit-learn (macro and weighted)', () => {
  for (const c of fx.multiclass) {
    const t = Int32Array.from(c.yTrue);
    const p = Float64Array.from(c.proba);
    close(rocAucOvr(t, p, c.classes, { average: 'macro' }).value, c.expected.roc_auc_ovr_macro, `${c.name} ovr macro`);
    close(rocAucOvr(t, p, c.classes, { average: 'weighted' }).value, c.expected.roc_auc_ovr_weighted, `${c.name} ovr weighted`);
    close(averagePrecisionOvr(t, p, c.classes, { average: 'macro' }).value, c.expected.average_precision_macro, `${c.name} AP macro`);
    close(averagePrecisionOvr(t, p, c.classes, { average: 'weighted' }).value, c.expected.average_precision_weighted, `${c.name} AP weighted`);
  }
});

test('a single class, or NaN scores, give NaN with a warning', () => {
  const one = rocAuc(Int32Array.from([1, 1, 1]), Float64Array.from([0.2, 0.4, 0.9]));
  assert.ok(Number.isNaN(one.value));
  assert.match(one.warnings[0]!, /no negative/);
  const nan = averagePrecision(Int32Array.from([0, 1]), Float64Array.from([Number.NaN, 0.3]));
  assert.ok(Number.isNaN(nan.value));
  assert.match(nan.warnings[0]!, /1 score is NaN/);
  const rounded = fx.multiclass.find((c) => c.name === 'iris_lr_rounded')!;
  const off = rocAucOvr(Int32Array.from(rounded.yTrue), Float64Array.from(rounded.proba), rounded.classes);
  assert.ok(Number.isFinite(off.value));
});
