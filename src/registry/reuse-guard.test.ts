// The reuse guard on the penguins data: the training data itself passes; a missing column, a
// changed type, new and vanished categories and a wrong label are each named; extra columns pass.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { fromRoot } from '../core/paths.js';
import type { Column } from '../data/column.js';
import { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { buildSignature } from '../learn/signature.js';
import { buildReferenceProfile, quantileHistogram } from './reference-profile.js';
import { describeDifference, frameDifferences, guardReuse, labelExpectation, signatureDifferences } from './reuse-guard.js';

const penguins = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame;
const model = await new LogisticRegression().fit(penguins, 'species');
const signature = model.signature;
const label = { name: 'species', type: 'categorical', categories: ['Adelie', 'Chinstrap', 'Gentoo'] };

function replaced(frame: Frame, column: Column): Frame {
  return new Frame(frame.columns.map((c) => (c.name === column.name ? column : c)), frame.typeMap);
}

function rowsWhere(frame: Frame, keep: (i: number) => boolean): Frame {
  const rows: number[] = [];
  for (let i = 0; i < frame.rowCount; i++) if (keep(i)) rows.push(i);
  return frame.take(rows);
}

test('the training data matches its own model, label included; an unused extra column is fine', () => {
  assert.deepEqual(frameDifferences(signature, penguins, label), []);
  const extra = penguins.withColumn({ kind: 'numeric', name: 'row_id', values: new Float64Array(penguins.rowCount) });
  assert.deepEqual(frameDifferences(signature, extra), []);
  assert.equal(guardReuse([], { force: false, subject: 'x', against: 'y' }), null);
});

test('a missing column, a changed type and a missing label are each named', () => {
  const island = penguins.column('island');
  assert.equal(island.kind, 'categorical');
  const asText: Column = { kind: 'text', name: 'island', values: Array.from(island.codes, (c) => (c < 0 ? null : island.dictionary[c]!)) };
  const changed = replaced(penguins, asText).drop(['bill_depth_mm', 'species']);
  const differences = frameDifferences(signature, changed, label);
  assert.deepEqual(differences.map(describeDifference), ["column 'island' is text, was categorical", "column 'bill_depth_mm' is missing", "column 'species' is missing"]);
});

test('new categories and categories gone are listed, for features and for the label', () => {
  // Only Adelie penguins: Adelie live on all three islands, but the label loses two classes.
  const species = penguins.column('species');
  assert.equal(species.kind, 'categorical');
  const adelie = rowsWhere(penguins, (i) => species.dictionary[species.codes[i]!] === 'Adelie');
  const gone = frameDifferences(signature, adelie, label);
  assert.deepEqual(gone.map(describeDifference), ['column \'species\' lacks categories seen before: "Chinstrap", "Gentoo"']);
  const sex = penguins.column('sex');
  assert.equal(sex.kind, 'categorical');
  const renamed: Column = { kind: 'categorical', name: 'sex', codes: sex.codes, dictionary: sex.dictionary.map((d) => (d === 'male' ? 'M' : d)) };
  const differences = frameDifferences(signature, replaced(penguins, renamed));
  assert.deepEqual(differences.map(describeDifference), ['column \'sex\' has new categories: "M"', 'column \'sex\' lacks categories seen before: "male"']);
});

test('the guard refuses with every difference, or returns the recorded reason when forced', () => {
  const changed = penguins.drop(['island', 'sex']);
  const differences = frameDifferences(signature, changed);
  assert.throws(
    () => guardReuse(differences, { force: false, subject: "The data 'new.csv'", against: "the signature of 'p'@1" }),
    (error: unknown) => error instanceof FramewiseError && error.code === 'REUSE_REFUSED' && /'island' is missing; column 'sex' is missing/.test(error.message) && /--force/.test(error.hint ?? ''),
  );
  const reason = guardReuse(differences, { force: true, subject: 'x', against: "the signature of 'p'@1" });
  assert.equal(reason, "forced past 2 differences from the signature of 'p'@1: column 'island' is missing; column 'sex' is missing");
});

test('signatures compare both ways: a dropped feature, a new feature, a changed category set', () => {
  const other = buildSignature(penguins.drop(['year']).withColumn({ kind: 'numeric', name: 'weight_kg', values: new Float64Array(penguins.rowCount) }), { exclude: ['species'] });
  const texts = signatureDifferences(signature, other).map(describeDifference);
  assert.ok(texts.includes("column 'year' is missing"), texts.join(' / '));
  assert.ok(texts.includes("column 'weight_kg' is a new feature"), texts.join(' / '));
  assert.deepEqual(signatureDifferences(signature, signature), []);
});

test('the reference profile holds quantile bins, ranges, missing shares and value counts', () => {
  const profile = buildReferenceProfile(penguins, signature);
  assert.equal(profile.rows, 344);
  assert.deepEqual(profile.features.map((f) => f.name), signature.features.map((f) => f.name));
  const mass = profile.features.find((f) => f.name === 'body_mass_g')!;
  assert.ok('edges' in mass);
  assert.equal(mass.min, 2700);
  assert.equal(mass.max, 6300);
  assert.equal(mass.counts.reduce((a, b) => a + b, 0), 342);
  assert.ok(mass.counts.length >= 15 && mass.counts.length <= 20, `bins: ${mass.counts.length}`);
  // Quantile bins hold roughly equal shares (ties make them uneven, never wildly so).
  assert.ok(Math.max(...mass.counts) < 342 / 5, mass.counts.join(','));
  const island = profile.features.find((f) => f.name === 'island')!;
  assert.ok('values' in island);
  assert.deepEqual(island.values, [{ value: 'Biscoe', count: 168 }, { value: 'Dream', count: 124 }, { value: 'Torgersen', count: 52 }]);
  const sex = profile.features.find((f) => f.name === 'sex')!;
  assert.ok(sex.missingShare > 0.02 && sex.missingShare < 0.04, String(sex.missingShare));
});

test('quantile histogram edge cases: no values, one value, ties', () => {
  assert.deepEqual(quantileHistogram(new Float64Array([NaN, NaN]), 20), { min: null, max: null, edges: [], counts: [] });
  assert.deepEqual(quantileHistogram(new Float64Array([5, 5, NaN]), 20), { min: 5, max: 5, edges: [5], counts: [2] });
  assert.deepEqual(quantileHistogram(new Float64Array([1, 1, 1, 2, 3]), 4), { min: 1, max: 3, edges: [1, 2, 3], counts: [3, 2] });
});

test('a class label is compared as text, whatever its storage', () => {
  const expectation = labelExpectation({ task: 'binary', target: 'flag', classes: ['0', '1'] });
  assert.deepEqual(expectation, { name: 'flag', type: 'class', categories: ['0', '1'] });
  const numeric = penguins.withColumn({ kind: 'numeric', name: 'flag', values: Float64Array.from({ length: penguins.rowCount }, (_, i) => i % 2) });
  assert.deepEqual(frameDifferences(signature, numeric, expectation), []);
  const three = penguins.withColumn({ kind: 'numeric', name: 'flag', values: Float64Array.from({ length: penguins.rowCount }, (_, i) => i % 3) });
  assert.deepEqual(frameDifferences(signature, three, expectation).map(describeDifference), ['column \'flag\' has new categories: "2"']);
  assert.deepEqual(labelExpectation({ task: 'regression', target: 'y' }), { name: 'y', type: 'numeric' });
  assert.equal(labelExpectation({ task: 'clustering' }), undefined);
});
