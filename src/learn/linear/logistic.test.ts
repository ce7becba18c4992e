// Logistic regression against scikit-learn 1.2 (StandardScaler + LogisticRegression) on
// breast_cancer (binary) and wine (multinomial), plus convergence and label behaviour.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Frame } from '../../data/frame.js';
import { fixtureFrame, type LogisticExpectation, sklearnExpected } from './fixtures.js';
import { FittedLogistic, LogisticRegression, logisticFromJSON } from './logistic.js';

const expected = sklearnExpected();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function compare(model: FittedLogistic, ref: LogisticExpectation, tolerance: number, precise: number): void {
  assert.deepEqual(model.classes, ref.classes);
  assert.equal(model.convergence.converged, true, JSON.stringify(model.convergence));
  const coefs = model.coefficients;
  assert.equal(coefs.length, ref.coefficients.length);
  coefs.forEach((row, k) => {
    // scikit-learn's lbfgs stops a little short of the optimum (its relative-decrease rule), so it
    // gets the stated 1e-3; newton-cg pinned tight is the optimum itself and gets a much tighter bound.
    assert.ok(maxAbsDiff(row, ref.coefficients[k]!) < tolerance, `lbfgs coefficients of block ${k} differ by ${maxAbsDiff(row, ref.coefficients[k]!)}`);
    assert.ok(maxAbsDiff(row, ref.newton_cg_coefficients[k]!) < precise, `newton-cg coefficients of block ${k} differ by ${maxAbsDiff(row, ref.newton_cg_coefficients[k]!)}`);
  });
  assert.ok(maxAbsDiff(model.intercepts, ref.intercepts) < tolerance);
  assert.ok(maxAbsDiff(model.intercepts, ref.newton_cg_intercepts) < precise);
}

describe('logistic regression matches scikit-learn', () => {
  it('binary, breast_cancer standardised, C=1 and C=0.05', async () => {
    const bc = expected.breast_cancer;
    const frame = await fixtureFrame('breast_cancer.csv', bc.features);
    for (const ref of [bc.C1, bc.C0_05]) {
      const model = await new LogisticRegression({ C: ref.C }).fit(frame, bc.target);
      // The preprocessing is the StandardScaler: same centres and scales.
      model.preprocessor.steps.forEach((step, j) => {
        assert.equal(step.kind, 'number');
        if (step.kind !== 'number') return;
        assert.ok(Math.abs(step.center - ref.scaler_mean[j]!) <= 1e-9 * Math.abs(ref.scaler_mean[j]!));
        assert.ok(Math.abs(step.scale - ref.scaler_scale[j]!) <= 1e-9 * ref.scaler_scale[j]!);
      });
      compare(model, ref, 1e-3, 1e-5);
      const prediction = model.predict(frame.take(Array.from({ length: 20 }, (_, i) => i)));
      assert.equal(prediction.kind, 'classification');
      if (prediction.kind !== 'classification') return;
      assert.ok(maxAbsDiff(prediction.probabilities, ref.probabilities_first_rows.flat()) < 1e-4);
    }
  });

  it('multinomial, wine standardised, C=0.5', async () => {
    const wine = expected.wine;
    const frame = await fixtureFrame('wine.csv', wine.features);
    const model = await new LogisticRegression({ C: wine.C0_5.C }).fit(frame, wine.target);
    assert.equal(model.task, 'multiclass');
    compare(model, wine.C0_5, 1e-3, 1e-5);
    const prediction = model.predict(frame.take(Array.from({ length: 20 }, (_, i) => i)));
    if (prediction.kind !== 'classification') return assert.fail('expected classes');
    assert.ok(maxAbsDiff(prediction.probabilities, wine.C0_5.probabilities_first_rows.flat()) < 1e-4);
  });
});

describe("class_weight='balanced' matches scikit-learn", () => {
  it('binary (breast_cancer, C=1) and multinomial (wine, C=0.5)', async () => {
    const bc = expected.breast_cancer;
    const binary = await new LogisticRegression({ C: 1, class_weight: 'balanced' }).fit(await fixtureFrame('breast_cancer.csv', bc.features), bc.target);
    compare(binary, bc.C1_balanced, 1e-3, 1e-5);
    // The weighting moves the solution: it is not the unweighted fit.
    assert.ok(maxAbsDiff(binary.coefficients[0]!, bc.C1.newton_cg_coefficients[0]!) > 1e-2);
    const wine = expected.wine;
    const multi = await new LogisticRegression({ C: 0.5, class_weight: 'balanced' }).fit(await fixtureFrame('wine.csv', wine.features), wine.target);
    compare(multi, wine.C0_5_balanced, 1e-3, 1e-5);
  });
});

describe('logistic regression behaviour', () => {
  it('predicts the user labels and saves its convergence', async () => {
    const bc = expected.breast_cancer;
    const frame = await fixtureFrame('breast_cancer.csv', bc.features);
    const model = await new LogisticRegression({ C: 1 }).fit(frame, bc.target);
    const prediction = model.predict(frame);
    if (prediction.kind !== 'classification') return assert.fail('expected classes');
    assert.deepEqual(new Set(prediction.labels), new Set(['benign', 'malignant']));
    let correct = 0;
    const truth = frame.column('diagnosis');
    for (let i = 0; i < frame.rowCount; i++) {
      const label = truth.kind === 'categorical' ? truth.dictionary[truth.codes[i]!] : undefined;
      if (label === prediction.labels[i]) correct++;
    }
    assert.ok(correct / frame.rowCount > 0.97, `training accuracy ${correct / frame.rowCount}`);
    const json = JSON.parse(JSON.stringify(model));
    assert.equal(json.convergence.converged, true);
    assert.ok(json.convergence.gradientNorm <= 1e-8);
    assert.ok(json.convergence.iterations > 0);
    const loaded = logisticFromJSON(json);
    assert.deepEqual(loaded.convergence, model.convergence);
  });

  it('reports non-convergence when stopped early', async () => {
    const bc = expected.breast_cancer;
    const frame = await fixtureFrame('breast_cancer.csv', bc.features);
    const model = await new LogisticRegression({ C: 1, max_iter: 2 }).fit(frame, bc.target);
    assert.equal(model.convergence.converged, false);
    assert.equal(model.convergence.reason, 'max_iterations');
    assert.equal(model.convergence.iterations, 2);
  });

  it('reads a 0/1 numeric target as two classes, and predicts an empty frame', async () => {
    const frame = new Frame([
      { kind: 'numeric', name: 'x', values: Float64Array.from([0.1, 0.5, 0.9, 1.4, 1.1, 2.2, 2.9, 3.3]) },
      { kind: 'text', name: 'note', values: ['a', 'b', 'a', null, 'c', 'b', 'c', 'c'] },
      { kind: 'numeric', name: 'bought', values: Float64Array.from([0, 0, 0, 1, 0, 1, 1, 1]) },
    ]);
    const model = await new LogisticRegression().fit(frame, 'bought');
    assert.deepEqual(model.classes, ['0', '1']);
    assert.equal(model.task, 'binary');
    assert.deepEqual(model.signature.features.map((f) => f.name), ['x']); // free text is left out
    const empty = model.predict(frame.take([]));
    if (empty.kind !== 'classification') return assert.fail('expected classes');
    assert.equal(empty.labels.length, 0);
    assert.equal(empty.probabilities.length, 0);
  });

  it('separable data stays finite under the penalty', async () => {
    const x = Float64Array.from([0, 1, 2, 3, 10, 11, 12, 13]);
    const frame = new Frame([
      { kind: 'numeric', name: 'x', values: x },
      { kind: 'categorical', name: 'y', codes: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), dictionary: ['low', 'high'] },
    ]);
    const model = await new LogisticRegression({ C: 100 }).fit(frame, 'y');
    assert.equal(model.convergence.converged, true);
    assert.deepEqual(model.classes, ['high', 'low']);
    const p = model.predict(frame);
    if (p.kind !== 'classification') return assert.fail('expected classes');
    assert.deepEqual(p.labels, ['low', 'low', 'low', 'low', 'high', 'high', 'high', 'high']);
    assert.ok(Number.isFinite(model.coefficients[0]![0]!));
  });
});
