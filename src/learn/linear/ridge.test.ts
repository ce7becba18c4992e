// Ridge regression against scikit-learn 1.2 on the raw diabetes data (coefficients within 1e-6
// relative), with and without standardisation, and the refusal of a collinear unpenalised fit.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FramewiseError } from '../../core/errors.js';
import { Frame } from '../../data/frame.js';
import { fixtureFrame, sklearnExpected } from './fixtures.js';
import { Ridge, ridgeFromJSON } from './ridge.js';

const expected = sklearnExpected().diabetes;

function assertRelative(actual: ArrayLike<number>, wanted: ArrayLike<number>, tolerance: number): void {
  assert.equal(actual.length, wanted.length);
  for (let i = 0; i < wanted.length; i++) {
    const error = Math.abs(actual[i]! - wanted[i]!) / Math.max(Math.abs(wanted[i]!), 1e-12);
    assert.ok(error <= tolerance, `entry ${i}: ${actual[i]} vs ${wanted[i]} (relative ${error})`);
  }
}

describe('ridge regression matches scikit-learn', () => {
  it('raw diabetes features, alpha=1, no standardisation', async () => {
    const frame = await fixtureFrame('diabetes.csv', expected.features);
    const model = await new Ridge({ alpha: 1, standardize: false }).fit(frame, expected.target);
    assert.deepEqual(model.preprocessor.featureNames, expected.features);
    assertRelative(model.coefficients, expected.raw_alpha1.coefficients, 1e-6);
    assertRelative([model.intercept], [expected.raw_alpha1.intercept], 1e-6);
    const prediction = model.predict(frame.take(Array.from({ length: 20 }, (_, i) => i)));
    if (prediction.kind !== 'regression') return assert.fail('expected numbers');
    assertRelative(prediction.values, expected.raw_alpha1.predictions_first_rows, 1e-9);
  });

  it('standardised diabetes features, alpha=10', async () => {
    const frame = await fixtureFrame('diabetes.csv', expected.features);
    const model = await new Ridge({ alpha: 10 }).fit(frame, expected.target);
    assertRelative(model.coefficients, expected.standardized_alpha10.coefficients, 1e-6);
    assertRelative([model.intercept], [expected.standardized_alpha10.intercept], 1e-6);
  });
});

describe('ridge regression behaviour', () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const frame = new Frame([
    { kind: 'numeric', name: 'x', values: x },
    { kind: 'numeric', name: 'x_twice', values: x.map((v) => 2 * v) },
    { kind: 'numeric', name: 'y', values: Float64Array.from([3.1, 4.9, 7.2, 9.0, 10.8, 13.1]) },
  ]);

  it('refuses alpha=0 on collinear features, naming alpha', async () => {
    await assert.rejects(new Ridge({ alpha: 0 }).fit(frame, 'y'), (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_PARAMETER' && e.message.includes('alpha=0'));
  });

  it('fits collinear features once penalised, and the intercept is not shrunk', async () => {
    const model = await new Ridge({ alpha: 1e6, standardize: false }).fit(frame, 'y');
    // A huge penalty drives the slopes to zero; the unpenalised intercept goes to the mean of y.
    const mean = (3.1 + 4.9 + 7.2 + 9.0 + 10.8 + 13.1) / 6;
    assert.ok(Math.abs(model.intercept - mean) < 1e-3, `intercept ${model.intercept}`);
    const back = ridgeFromJSON(JSON.parse(JSON.stringify(model)));
    assert.equal(back.intercept, model.intercept);
  });
});
