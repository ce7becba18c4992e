// Multi-label metrics against scikit-learn 1.2 on a three-label wine problem (tolerance 1e-9).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hammingLoss, multilabelScores, subsetAccuracy } from './multilabel.js';
import { close, readMetricsFixture } from './fixture-reader.js';

const fx = readMetricsFixture();

test('per-label scores, micro/macro averages, Hamming loss and subset accuracy match scikit-learn', () => {
  const { labels, expected } = fx.multilabel;
  const t = Uint8Array.from(fx.multilabel.yTrue);
  const p = Uint8Array.from(fx.multilabel.yPred);
  const s = multilabelScores(t, p, labels, 0);
  for (let l = 0; l < labels; l++) {
    close(s.precision[l]!, expected.per_label.precision[l]!, `precision label ${l}`);
    close(s.recall[l]!, expected.per_label.recall[l]!, `recall label ${l}`);
    close(s.f1[l]!, expected.per_label.f1[l]!, `f1 label ${l}`);
  }
  assert.deepEqual(Array.from(s.support), expected.per_label.support);
  for (const avg of ['micro', 'macro'] as const) {
    close(s[avg].precision.value, expected[avg].precision, `${avg} precision`);
    close(s[avg].recall.value, expected[avg].recall, `${avg} recall`);
    close(s[avg].f1.value, expected[avg].f1, `${avg} f1`);
  }
  close(hammingLoss(t, p, labels).value, expected.hamming_loss, 'hamming loss');
  close(subsetAccuracy(t, p, labels).value, expected.subset_accuracy, 'subset accuracy');
});

test('a label never predicted has NaN precision with a warning by default', () => {
  const t = Uint8Array.from([1, 0, 0, 1, 1, 0]);
  const p = Uint8Array.from([1, 0, 1, 0, 1, 0]);
  const s = multilabelScores(t, p, 2);
  assert.ok(Number.isNaN(s.precision[1]!));
  assert.match(s.warnings.join('\n'), /precision of label 1 is undefined/);
  assert.throws(() => hammingLoss(t, p, 4), /do not make rows of 4 labels/);
});
