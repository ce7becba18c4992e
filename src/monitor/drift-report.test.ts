// The drift report's contract: default choice by kind and size, per-feature overrides checked with
// clear errors, categories aligned by label across frames, prediction drift, plain JSON out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Column } from '../data/column.js';
import { Frame } from '../data/frame.js';
import { driftReport, predictionDrift } from './drift-report.js';
import { DRIFT_TESTS } from './drift-tests.js';
import { defaultTestName } from './test-choice.js';
import { categoricalSample, numericSample } from './sample.js';

function normals(seed: number, n: number, shift = 0): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => rng.normal() + shift);
}

function frame(seed: number, n: number, shift = 0): Frame {
  const rng = new Rng(seed + 1000);
  const columns: Column[] = [
    { kind: 'numeric', name: 'x', values: normals(seed, n, shift) },
    { kind: 'numeric', name: 'flag', values: Float64Array.from({ length: n }, () => rng.int(2)) },
    { kind: 'categorical', name: 'city', codes: Int32Array.from({ length: n }, () => rng.int(3)), dictionary: ['Oslo', 'Lima', 'Pune'] },
    { kind: 'boolean', name: 'member', values: Int8Array.from({ length: n }, () => rng.int(2)) },
    { kind: 'text', name: 'note', values: Array.from({ length: n }, () => 'free text') },
  ];
  return new Frame(columns);
}

test('every table entry declares its name, kinds and default threshold from the shared defaults', () => {
  for (const [name, entry] of Object.entries(DRIFT_TESTS)) {
    assert.equal(entry.name, name);
    assert.ok(entry.appliesTo.length > 0);
    assert.ok(entry.defaultThreshold > 0);
  }
  assert.equal(DRIFT_TESTS.psi.defaultThreshold, 0.2);
  assert.equal(DRIFT_TESTS.ks.defaultThreshold, 0.05);
  assert.equal(DRIFT_TESTS.chi_squared.defaultThreshold, 0.05);
});

test('default choice: size and kind; few-valued numbers are tested as categories', () => {
  assert.equal(defaultTestName(numericSample(normals(1, 999))).name, 'ks');
  assert.equal(defaultTestName(numericSample(normals(1, 1000))).name, 'wasserstein');
  assert.deepEqual(defaultTestName(numericSample(Float64Array.from({ length: 5000 }, (_, i) => i % 4))), { name: 'jensen_shannon', testedAs: 'categorical' });
  assert.equal(defaultTestName(categoricalSample(Int32Array.from({ length: 200 }, (_, i) => i % 3), ['a', 'b', 'c'])).name, 'chi_squared');
  assert.equal(defaultTestName(categoricalSample(Int32Array.from({ length: 2000 }, (_, i) => i % 3), ['a', 'b', 'c'])).name, 'jensen_shannon');
});

test('a report over two frames: one result per testable column, text skipped, plain JSON', () => {
  const report = driftReport(frame(1, 2000), frame(2, 2000, 0.5));
  assert.deepEqual(report.features.map((f) => [f.name, f.test]), [
    ['x', 'wasserstein'],
    ['flag', 'jensen_shannon'],
    ['city', 'jensen_shannon'],
    ['member', 'jensen_shannon'],
  ]);
  assert.deepEqual(report.skipped.map((s) => s.name), ['note']);
  assert.deepEqual(report.driftedFeatures, ['x']);
  assert.equal(report.driftedShare, 0.25);
  assert.equal(report.datasetDrifted, false);
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
});

test('the data set drifts when at least half of its features do', () => {
  const ref = frame(1, 3000);
  const cur = frame(2, 3000, 1);
  const flipped = cur.columns.map((c) => (c.kind === 'categorical' ? { ...c, codes: c.codes.map((v) => (v === 2 ? 0 : v)) } : c));
  const report = driftReport(ref, new Frame(flipped));
  assert.deepEqual(report.driftedFeatures, ['x', 'city']);
  assert.equal(report.driftedShare, 0.5);
  assert.equal(report.datasetDrifted, true);
  assert.equal(driftReport(ref, new Frame(flipped), { datasetDriftShare: 0.75 }).datasetDrifted, false);
});

test('overrides pick the test and threshold per feature', () => {
  const report = driftReport(frame(1, 2000), frame(2, 2000, 0.1), {
    overrides: { x: { test: 'psi', threshold: 0.01 }, city: 'chi_squared', flag: { test: 'ks' } },
  });
  const x = report.features.find((f) => f.name === 'x')!;
  assert.equal(x.test, 'psi');
  assert.equal(x.chosenBy, 'override');
  assert.equal(x.result.threshold, 0.01);
  assert.equal(x.result.drifted, x.result.value >= 0.01);
  assert.equal(x.result.watch, !x.result.drifted && x.result.value >= 0.1);
  const city = report.features.find((f) => f.name === 'city')!;
  assert.equal(city.test, 'chi_squared');
  assert.ok(city.result.pValue !== undefined);
  assert.equal(city.result.drifted, city.result.pValue < 0.05);
  assert.equal(report.features.find((f) => f.name === 'flag')!.test, 'ks');
});

test('presets are lists of entries: each feature gets the first that fits its kind; overrides still win', () => {
  const ref = frame(1, 2000);
  const cur = frame(2, 2000, 0.3);
  const tests = (preset: 'statistical' | 'distances' | 'psi'): string[] => driftReport(ref, cur, { preset, overrides: { member: 'psi' } }).features.map((f) => `${f.name}:${f.test}`);
  assert.deepEqual(tests('statistical'), ['x:ks', 'flag:chi_squared', 'city:chi_squared', 'member:psi']);
  assert.deepEqual(tests('distances'), ['x:wasserstein', 'flag:jensen_shannon', 'city:jensen_shannon', 'member:psi']);
  assert.deepEqual(tests('psi'), ['x:psi', 'flag:psi', 'city:psi', 'member:psi']);
});

test('bad overrides are refused with the feature named and a hint', () => {
  const ref = frame(1, 100);
  const expectCode = (fn: () => unknown, code: string, text: RegExp): void => {
    assert.throws(fn, (e: unknown) => e instanceof FramewiseError && e.code === code && text.test(e.message) && e.hint !== undefined);
  };
  // @ts-expect-error an unknown test name, as a card file could hold
  expectCode(() => driftReport(ref, ref, { overrides: { x: 'kss' } }), 'INVALID_ARGUMENT', /'kss'.*'x'/);
  expectCode(() => driftReport(ref, ref, { overrides: { city: 'ks' } }), 'INVALID_ARGUMENT', /'ks' does not apply to categorical feature 'city'/);
  expectCode(() => driftReport(ref, ref, { overrides: { x: { test: 'psi', threshold: -1 } } }), 'INVALID_ARGUMENT', /threshold -1/);
  expectCode(() => driftReport(ref, ref, { overrides: { nope: 'psi' } }), 'COLUMN_NOT_FOUND', /'nope'/);
  expectCode(() => driftReport(ref, ref.drop(['city'])), 'SCHEMA_MISMATCH', /'city'/);
});

test('categories are matched by label even when the frames code them differently', () => {
  const n = 3000;
  const rng = new Rng(5);
  const labels = Int32Array.from({ length: n }, () => rng.int(3));
  const ref = new Frame([{ kind: 'categorical', name: 'city', codes: labels, dictionary: ['Oslo', 'Lima', 'Pune'] }]);
  // The same rows, coded against a dictionary in another order.
  const cur = new Frame([{ kind: 'categorical', name: 'city', codes: labels.map((c) => [2, 0, 1][c]!), dictionary: ['Lima', 'Pune', 'Oslo'] }]);
  const same = driftReport(ref, cur).features[0]!;
  assert.equal(same.result.value, 0);
  // A label only the current data has counts as change.
  const novel = new Frame([{ kind: 'categorical', name: 'city', codes: labels.map((c, i) => (i % 4 === 0 ? 3 : c)), dictionary: ['Oslo', 'Lima', 'Pune', 'Rome'] }]);
  assert.equal(driftReport(ref, novel).features[0]!.result.drifted, true);
});

test('missing values are left out of the tests and counted', () => {
  const values = normals(3, 1500);
  const holed = values.map((v, i) => (i % 10 === 0 ? Number.NaN : v));
  const r = driftReport(new Frame([{ kind: 'numeric', name: 'x', values }]), new Frame([{ kind: 'numeric', name: 'x', values: holed }])).features[0]!;
  assert.equal(r.currentMissing, 150);
  assert.equal(r.currentRows, 1350);
  assert.equal(r.result.drifted, false);
  const empty = driftReport(new Frame([{ kind: 'numeric', name: 'x', values }]), new Frame([{ kind: 'numeric', name: 'x', values: values.map(() => Number.NaN) }]));
  assert.deepEqual(empty.skipped, [{ name: 'x', reason: 'no values in the current data' }]);
  assert.equal(empty.datasetDrifted, false);
});

test('prediction drift: scores and classes of a model between two periods', () => {
  const scores = (seed: number, shift: number): Column => ({ kind: 'numeric', name: 'score', values: normals(seed, 5000, shift).map((v) => 1 / (1 + Math.exp(-v))) });
  assert.equal(predictionDrift(scores(1, 0), scores(2, 0)).result.drifted, false);
  const moved = predictionDrift(scores(1, 0), scores(2, 0.6));
  assert.equal(moved.test, 'wasserstein');
  assert.equal(moved.result.drifted, true);
  const classes = (seed: number, positive: number): Column => {
    const rng = new Rng(seed);
    return { kind: 'categorical', name: 'label', codes: Int32Array.from({ length: 400 }, () => (rng.next() < positive ? 1 : 0)), dictionary: ['no', 'yes'] };
  };
  const byClass = predictionDrift(classes(1, 0.2), classes(2, 0.45));
  assert.equal(byClass.test, 'chi_squared');
  assert.equal(byClass.result.drifted, true);
  assert.throws(() => predictionDrift({ kind: 'text', name: 't', values: ['a'] }, { kind: 'text', name: 't', values: ['b'] }), FramewiseError);
});
