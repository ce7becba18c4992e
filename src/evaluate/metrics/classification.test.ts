// Label metrics against scikit-learn 1.2 on predictions from real models (tolerance 1e-9),
// and the undefined cases that must give NaN with a warning instead of throwing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, balancedAccuracy, confusionMatrix, perClassScores, precisionRecallF1 } from './classification.js';
import { close, readMetricsFixture } from './fixture-reader.js';

const fx = readMetricsFixture();

test('binary label metrics match scikit-learn on breast_cancer predictions', () => {
  const { yTrue, yPred, expected } = fx.binary;
  const t = Int32Array.from(yTrue);
  const p = Int32Array.from(yPred);
  close(accuracy(t, p).value, expected.accuracy, 'accuracy');
  close(balancedAccuracy(t, p).value, expected.balanced_accuracy, 'balanced accuracy');
  assert.deepEqual(Array.from(confusionMatrix(t, p).counts), expected.confusion_matrix);
  for (const positive of [0, 1]) {
    const r = precisionRecallF1(t, p, { average: 'binary', positive });
    const e = positive === 0 ? expected.pos0 : expected.pos1;
    close(r.precision.value, e.precision, `precision pos ${positive}`);
    close(r.recall.value, e.recall, `recall pos ${positive}`);
    close(r.f1.value, e.f1, `f1 pos ${positive}`);
    assert.deepEqual(r.f1.warnings, []);
  }
});

test('multiclass label metrics match scikit-learn (micro, macro, weighted)', () => {
  for (const c of fx.multiclass) {
    const t = Int32Array.from(c.yTrue);
    const p = Int32Array.from(c.yPred);
    close(accuracy(t, p).value, c.expected.accuracy, `${c.name} accuracy`);
    close(balancedAccuracy(t, p).value, c.expected.balanced_accuracy, `${c.name} balanced accuracy`);
    assert.deepEqual(Array.from(confusionMatrix(t, p, c.classes).counts), c.expected.confusion_matrix, `${c.name} confusion`);
    for (const average of ['micro', 'macro', 'weighted'] as const) {
      const r = precisionRecallF1(t, p, { average, zeroDivision: 0 });
      close(r.precision.value, c.expected[average].precision, `${c.name} ${average} precision`);
      close(r.recall.value, c.expected[average].recall, `${c.name} ${average} recall`);
      close(r.f1.value, c.expected[average].f1, `${c.name} ${average} f1`);
    }
  }
});

test('a class never predicted: precision is NaN with a warning and left out of the macro mean', () => {
  const stump = fx.multiclass.find((c) => c.name === 'iris_stump')!;
  const t = Int32Array.from(stump.yTrue);
  const p = Int32Array.from(stump.yPred);
  const scores = perClassScores(t, p);
  const missing = [0, 1, 2].find((c) => !stump.yPred.includes(c))!;
  assert.ok(Number.isNaN(scores.precision[missing]!), 'the stump leaves one class unpredicted');
  assert.match(scores.warnings.join('\n'), new RegExp(`precision of class ${missing} is undefined`));
  const macro = precisionRecallF1(t, p, { average: 'macro' }).precision;
  const defined = [...scores.precision].filter((v) => !Number.isNaN(v));
  close(macro.value, defined.reduce((a, b) => a + b, 0) / defined.length, 'macro over defined classes');
  assert.match(macro.warnings.join('\n'), /leaves out class/);
});

test('undefined binary metrics are NaN with a warning, never a throw', () => {
  const t = Int32Array.from([0, 0, 1, 1]);
  const none = Int32Array.from([0, 0, 0, 0]);
  const r = precisionRecallF1(t, none, { average: 'binary', positive: 1 });
  assert.ok(Number.isNaN(r.precision.value));
  assert.match(r.precision.warnings[0]!, /no row is predicted as class 1/);
  assert.equal(r.recall.value, 0);
  assert.equal(precisionRecallF1(t, none, { average: 'binary', zeroDivision: 0 }).precision.value, 0);
  const empty = accuracy(new Int32Array(0), new Int32Array(0));
  assert.ok(Number.isNaN(empty.value));
  assert.equal(empty.warnings.length, 1);
  assert.throws(() => accuracy(t, none.subarray(1)), /4 labels but 3 predictions/);
});
