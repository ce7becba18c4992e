// The shared preprocessing: statistics from training rows only, capped one-hot with "other" and
// "missing" columns, unseen categories at prediction time, booleans and times as numbers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Frame } from '../../data/frame.js';
import { buildSignature } from '../signature.js';
import { featureColumn } from './design-matrix.js';
import { fitPreprocessor, median, parsePreprocessor, transformFrame } from './preprocessor.js';
import { Rng } from '../../core/rng.js';

const DAY = 86_400_000;

function trainingFrame(): Frame {
  return new Frame([
    { kind: 'numeric', name: 'income', values: Float64Array.from([10, 20, Number.NaN, 40, 1000]) },
    // red ×2, blue ×1, green ×1 (ties broken by name), 'unused' never seen; one missing
    { kind: 'categorical', name: 'colour', codes: Int32Array.from([0, 1, 0, 2, -1]), dictionary: ['red', 'blue', 'green', 'unused'] },
    { kind: 'boolean', name: 'member', values: Int8Array.from([1, 0, -1, 1, 1]) },
    { kind: 'datetime', name: 'signed_up', values: Float64Array.from([0, DAY, 2 * DAY, Number.NaN, 4 * DAY]) },
  ]);
}

describe('median', () => {
  it('agrees with sorting, for odd and even counts, ties, and sorted or reversed input', () => {
    const rng = new Rng(5);
    const cases: Float64Array[] = [Float64Array.of(3), Float64Array.of(2, 1), Float64Array.of(5, 5, 5, 1)];
    for (const n of [7, 8, 101, 1000]) {
      cases.push(Float64Array.from({ length: n }, () => Math.round(rng.normal() * 5) + 0));
      cases.push(Float64Array.from({ length: n }, (_, i) => i));
      cases.push(Float64Array.from({ length: n }, (_, i) => n - i));
    }
    for (const values of cases) {
      const sorted = Float64Array.from(values).sort();
      const h = sorted.length >> 1;
      const want = sorted.length % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
      assert.equal(median(Float64Array.from(values)), want, `${values.length} values`);
    }
  });
});

describe('fitPreprocessor', () => {
  const frame = trainingFrame();
  const signature = buildSignature(frame);

  it('fills with the training median and standardises after filling', () => {
    const prep = fitPreprocessor(frame, signature, { impute: 'median', standardize: true, maxCategories: 20, missingIndicators: false });
    const step = prep.steps[0]!;
    assert.equal(step.kind, 'number');
    if (step.kind !== 'number') return;
    assert.equal(step.fill, 30); // median of 10, 20, 40, 1000
    const filled = [10, 20, 30, 40, 1000];
    const mean = filled.reduce((s, v) => s + v, 0) / 5;
    assert.equal(step.center, mean);
    assert.ok(Math.abs(step.scale - Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / 5)) < 1e-9);
    const x = transformFrame(prep, frame);
    const income = featureColumn(x, 0);
    assert.ok(Math.abs(income.reduce((s, v) => s + v, 0)) < 1e-9);
    assert.ok(Math.abs(income.reduce((s, v) => s + v * v, 0) / 5 - 1) < 1e-9);
  });

  it('mean imputation uses the mean of present values', () => {
    const prep = fitPreprocessor(frame, signature, { impute: 'mean', standardize: false, maxCategories: 20, missingIndicators: false });
    const step = prep.steps[0]!;
    assert.ok(step.kind === 'number' && step.fill === (10 + 20 + 40 + 1000) / 4 && step.center === 0 && step.scale === 1);
    assert.equal(transformFrame(prep, frame).data[2], (10 + 20 + 40 + 1000) / 4);
  });

  it('keeps the most frequent categories, folds the rest into other, and marks missing', () => {
    const prep = fitPreprocessor(frame, signature, { impute: 'median', standardize: false, maxCategories: 2, missingIndicators: false });
    assert.deepEqual(prep.featureNames, ['income', 'colour=red', 'colour=blue', 'colour=(other)', 'colour=(missing)', 'member', 'signed_up']);
    const x = transformFrame(prep, frame);
    assert.deepEqual([...featureColumn(x, 1)], [1, 0, 1, 0, 0]);
    assert.deepEqual([...featureColumn(x, 2)], [0, 1, 0, 0, 0]);
    assert.deepEqual([...featureColumn(x, 3)], [0, 0, 0, 1, 0]);
    assert.deepEqual([...featureColumn(x, 4)], [0, 0, 0, 0, 1]);
    // Booleans as 0/1 (missing filled by the median), times as days since 1970.
    assert.deepEqual([...featureColumn(x, 5)], [1, 0, 1, 1, 1]);
    assert.deepEqual([...featureColumn(x, 6)], [0, 1, 2, 1.5, 4]);
  });

  it('maps unseen categories to other when it exists, else to all zeros, without failing', () => {
    const capped = fitPreprocessor(frame, signature, { impute: 'median', standardize: false, maxCategories: 2, missingIndicators: false });
    const full = fitPreprocessor(frame, signature, { impute: 'median', standardize: false, maxCategories: 20, missingIndicators: false });
    assert.deepEqual(full.featureNames.filter((n) => n.startsWith('colour')), ['colour=red', 'colour=blue', 'colour=green', 'colour=(missing)']);
    const fresh = new Frame([
      { kind: 'numeric', name: 'income', values: Float64Array.from([5, 6]) },
      { kind: 'categorical', name: 'colour', codes: Int32Array.from([0, 1]), dictionary: ['purple', 'red'] },
      { kind: 'boolean', name: 'member', values: Int8Array.from([0, 1]) },
      { kind: 'datetime', name: 'signed_up', values: Float64Array.from([DAY, DAY]) },
    ]);
    const a = transformFrame(capped, fresh);
    assert.deepEqual([...featureColumn(a, 3)], [1, 0]); // purple → other
    assert.deepEqual([...featureColumn(a, 1)], [0, 1]); // red keeps its column despite new codes
    const b = transformFrame(full, fresh);
    for (let j = 1; j <= 4; j++) assert.equal(featureColumn(b, j)[0], 0); // purple → zeros
  });

  it('depends on the training rows only, and survives a JSON round trip', () => {
    const prep = fitPreprocessor(frame, signature, { impute: 'median', standardize: true, maxCategories: 2, missingIndicators: false });
    const copy = parsePreprocessor(JSON.parse(JSON.stringify(prep)), 'test');
    const other = frame.take([4, 3, 0]);
    assert.deepEqual(transformFrame(copy, other).data, transformFrame(prep, other).data);
    // Transforming other rows does not refit: the first row of `other` is training row 4.
    assert.equal(transformFrame(prep, other).data[0], transformFrame(prep, frame).data[4]);
  });

  it('adds missing indicators only for numeric columns that had gaps in training', () => {
    const prep = fitPreprocessor(frame, signature, { impute: 'median', standardize: false, maxCategories: 20, missingIndicators: true });
    assert.deepEqual(prep.featureNames, ['income', 'income=(missing)', 'colour=red', 'colour=blue', 'colour=green', 'colour=(missing)', 'member', 'member=(missing)', 'signed_up', 'signed_up=(missing)']);
    const x = transformFrame(prep, frame);
    assert.deepEqual([...featureColumn(x, 0)], [10, 20, 30, 40, 1000]);
    assert.deepEqual([...featureColumn(x, 1)], [0, 0, 1, 0, 0]);
    assert.deepEqual([...featureColumn(x, 9)], [0, 0, 0, 1, 0]);
    const complete = frame.take([0, 1, 3]);
    const none = fitPreprocessor(complete, buildSignature(complete), { impute: 'median', standardize: false, maxCategories: 20, missingIndicators: true });
    assert.ok(!none.featureNames.includes('income=(missing)'));
    assert.deepEqual(parsePreprocessor(JSON.parse(JSON.stringify(prep)), 'test'), JSON.parse(JSON.stringify(prep)));
  });

  it('one-hot encodes a text column kept as a feature, by its strings', () => {
    const notes = new Frame([{ kind: 'text', name: 'note', values: ['late', 'ok', null, 'late', 'lost'] }]);
    const prep = fitPreprocessor(notes, buildSignature(notes, { include: ['note'] }), { impute: 'median', standardize: true, maxCategories: 1, missingIndicators: false });
    assert.deepEqual(prep.featureNames, ['note=late', 'note=(other)', 'note=(missing)']);
    const fresh = new Frame([{ kind: 'text', name: 'note', values: ['never seen', 'late', null] }]);
    assert.deepEqual([...transformFrame(prep, fresh).data], [0, 1, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('treats infinities as missing, so no feature turns into NaN', () => {
    const odd = new Frame([{ kind: 'numeric', name: 'ratio', values: Float64Array.from([1, Infinity, 3, -Infinity, 5]) }]);
    const prep = fitPreprocessor(odd, buildSignature(odd), { impute: 'mean', standardize: true, maxCategories: 20, missingIndicators: false });
    const x = transformFrame(prep, odd);
    assert.ok(x.data.every(Number.isFinite));
    assert.equal(x.data[1], x.data[2]); // filled with the mean, 3, as row 2 holds
  });

  it('refuses a damaged preprocessor naming the field', () => {
    const prep = JSON.parse(JSON.stringify(fitPreprocessor(frame, signature, { impute: 'median', standardize: true, maxCategories: 2, missingIndicators: false })));
    prep.steps[0].scale = 'wide';
    assert.throws(() => parsePreprocessor(prep, 'test'), /preprocessor\.steps\[0\]\.scale/);
  });
});
