// End to end on mixed data (Palmer Penguins: numbers with gaps, categories with missing values)
// against a scikit-learn 1.2 ColumnTransformer of median imputation + StandardScaler and
// constant imputation + OneHotEncoder, then LogisticRegression or Ridge. Coefficients are
// matched by feature name, since the two order one-hot columns differently.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFrame } from '../../data/load.js';
import { repoPath } from '../contract/repo-path.js';
import { sklearnExpected } from './fixtures.js';
import { LogisticRegression } from './logistic.js';
import { Ridge } from './ridge.js';

const expected = sklearnExpected().penguins;

async function penguins() {
  return (await loadFrame(repoPath('src/learn/linear/fixtures/penguins.csv'))).frame;
}

function byName(names: readonly string[], values: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(names.map((n, j) => [n, values[j]!]));
}

function assertClose(actual: Record<string, number>, wanted: Record<string, number>, tolerance: number, relative: boolean): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(wanted).sort());
  for (const [name, value] of Object.entries(wanted)) {
    const error = Math.abs(actual[name]! - value) / (relative ? Math.max(Math.abs(value), 1e-12) : 1);
    assert.ok(error <= tolerance, `${name}: ${actual[name]} vs ${value}`);
  }
}

describe('mixed data matches a scikit-learn pipeline', () => {
  it('multinomial logistic regression for species (C=1), with median fill-ins and a missing-sex column', async () => {
    const frame = await penguins();
    const model = await new LogisticRegression({ C: 1, tol: 1e-10 }).fit(frame, 'species');
    const ref = expected.species_C1;
    assert.deepEqual(model.classes, ref.classes);
    assert.equal(model.convergence.converged, true);
    model.coefficients.forEach((row, k) => assertClose(byName(model.preprocessor.featureNames, row), ref.coefficients[k]!, 1e-5, false));
    model.intercepts.forEach((b, k) => assert.ok(Math.abs(b - ref.intercepts[k]!) < 1e-5, `intercept ${k}: ${b} vs ${ref.intercepts[k]}`));
  });

  it('ridge for body mass (alpha=1) over numbers and one-hot categories', async () => {
    const all = await penguins();
    const mass = all.column('body_mass_g');
    const rows = [...Array(all.rowCount).keys()].filter((i) => mass.kind === 'numeric' && !Number.isNaN(mass.values[i]!));
    const frame = all.take(rows).drop(['species']);
    const model = await new Ridge({ alpha: 1 }).fit(frame, 'body_mass_g');
    const ref = expected.body_mass_ridge_alpha1;
    assertClose(byName(model.preprocessor.featureNames, model.coefficients), ref.coefficients, 1e-6, true);
    assert.ok(Math.abs(model.intercept - ref.intercept) / ref.intercept < 1e-6);
  });
});
