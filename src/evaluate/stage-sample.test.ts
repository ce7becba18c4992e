// Samples for the stages of a large assessment: class shares kept, the latest rows kept in time
// order, the same seed giving the same rows, and capped folds that keep every test row.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { stratifiedKFold, timeSeriesFolds } from '../data/split.js';
import { capTraining, describeSample, MIN_ROWS_PER_CLASS, sampleRows } from './stage-sample.js';

/** 200,000 rows: class 0 on 90%, class 1 on 9.8%, class 2 on 0.2% (400 rows). */
function classes(): Int32Array {
  const rng = new Rng(3);
  return Int32Array.from({ length: 200_000 }, () => {
    const u = rng.next();
    return u < 0.002 ? 2 : u < 0.1 ? 1 : 0;
  });
}

function shares(codes: ArrayLike<number>, rows: ArrayLike<number>): number[] {
  const counts = [0, 0, 0];
  for (let i = 0; i < rows.length; i++) counts[codes[rows[i]!]!]!++;
  return counts.map((c) => c / rows.length);
}

test('a stratified sample keeps each class share, keeps a rare class, and is ascending without repeats', () => {
  const y = classes();
  const all = shares(y, Int32Array.from({ length: y.length }, (_, i) => i));
  const sample = sampleRows({ rowCount: y.length, size: 10_000, seed: 42, classes: y });
  assert.equal(sample.how, 'stratified');
  assert.equal(sample.of, y.length);
  assert.ok(Math.abs(sample.rows.length - 10_000) <= 3 + MIN_ROWS_PER_CLASS, `${sample.rows.length} rows`);
  const got = shares(y, sample.rows);
  // Classes 0 and 1 keep their shares to a hundredth of a percent of rounding.
  assert.ok(Math.abs(got[0]! - all[0]!) < 0.005, `class 0: ${got[0]} vs ${all[0]}`);
  assert.ok(Math.abs(got[1]! - all[1]!) < 0.005, `class 1: ${got[1]} vs ${all[1]}`);
  // The rare class would get about 20 rows by its share: it keeps the floor instead.
  const rare = Array.from(sample.rows).filter((r) => y[r] === 2).length;
  assert.equal(rare, MIN_ROWS_PER_CLASS);
  for (let i = 1; i < sample.rows.length; i++) assert.ok(sample.rows[i]! > sample.rows[i - 1]!, 'ascending and distinct');
});

test('the same seed draws the same rows; another seed draws others', () => {
  const y = classes();
  const a = sampleRows({ rowCount: y.length, size: 5_000, seed: 7, classes: y });
  const b = sampleRows({ rowCount: y.length, size: 5_000, seed: 7, classes: y });
  const c = sampleRows({ rowCount: y.length, size: 5_000, seed: 8, classes: y });
  assert.deepEqual(a.rows, b.rows);
  assert.notDeepEqual(a.rows, c.rows);
  const r1 = sampleRows({ rowCount: 100_000, size: 3_000, seed: 1 });
  const r2 = sampleRows({ rowCount: 100_000, size: 3_000, seed: 1 });
  assert.equal(r1.how, 'random');
  assert.equal(r1.rows.length, 3_000);
  assert.deepEqual(r1.rows, r2.rows);
});

test('a random sample covers the rows evenly', () => {
  const sample = sampleRows({ rowCount: 100_000, size: 10_000, seed: 5 });
  const firstHalf = Array.from(sample.rows).filter((r) => r < 50_000).length;
  assert.ok(Math.abs(firstHalf - 5_000) < 300, `${firstHalf} of 10,000 in the first half`);
});

test('a time-ordered sample keeps the latest rows, oldest first, with missing times counted oldest', () => {
  // Times shuffled across rows, some missing.
  const rng = new Rng(9);
  const n = 20_000;
  const times = Float64Array.from({ length: n }, (_, i) => i);
  rng.shuffleInPlace(times);
  for (let i = 0; i < n; i += 97) times[i] = Number.NaN;
  const sample = sampleRows({ rowCount: n, size: 1_000, seed: 1, times, classes: new Int32Array(n) });
  assert.equal(sample.how, 'time-ordered');
  assert.equal(sample.rows.length, 1_000);
  const kept = Array.from(sample.rows, (r) => times[r]!);
  for (let i = 1; i < kept.length; i++) assert.ok(kept[i]! > kept[i - 1]!, 'in time order');
  // Every kept time is later than every dropped one.
  const dropped = new Set(Array.from({ length: n }, (_, i) => i));
  for (const r of sample.rows) dropped.delete(r);
  const latestDropped = Math.max(...[...dropped].map((r) => times[r]!).filter((t) => !Number.isNaN(t)));
  assert.ok(kept[0]! > latestDropped, `${kept[0]} after ${latestDropped}`);
  assert.equal(kept.at(-1), n - 1);
});

test('ties at the time cut keep the later rows, so the count is exact', () => {
  const times = Float64Array.from({ length: 1_000 }, (_, i) => Math.floor(i / 100));
  const sample = sampleRows({ rowCount: 1_000, size: 150, seed: 1, times });
  assert.equal(sample.rows.length, 150);
  assert.deepEqual(Array.from(sample.rows.subarray(0, 50)), Array.from({ length: 50 }, (_, i) => 850 + i));
  assert.equal(sample.rows.at(-1), 999);
});

test('capped folds keep every test row and cut each fold’s training rows to the cap, keeping class shares', () => {
  const y = classes().subarray(0, 50_000);
  const folds = stratifiedKFold(y, 5, 42);
  const capped = capTraining(folds, 4_000, 42, y, false);
  const again = capTraining(folds, 4_000, 42, y, false);
  assert.equal(capped.length, folds.length);
  for (let f = 0; f < folds.length; f++) {
    // The same test rows: every family is scored on the bar's rows and folds.
    assert.deepEqual(capped[f]!.test, folds[f]!.test);
    assert.ok(Math.abs(capped[f]!.train.length - 4_000) <= MIN_ROWS_PER_CLASS + 3);
    const inTrain = new Set(folds[f]!.train);
    for (const r of capped[f]!.train) assert.ok(inTrain.has(r), 'a training row of that fold');
    assert.ok(Math.abs(shares(y, capped[f]!.train)[1]! - shares(y, folds[f]!.train)[1]!) < 0.01);
    assert.deepEqual(capped[f]!.train, again[f]!.train);
  }
  // A cap above a fold's training rows leaves the fold as it is.
  assert.deepEqual(capTraining(folds, 1_000_000, 42, y, false), folds);
});

test('capped time-ordered folds keep the latest training rows', () => {
  const times = Float64Array.from({ length: 6_000 }, (_, i) => i);
  const folds = timeSeriesFolds(times, 5);
  const capped = capTraining(folds, 500, 1, null, true);
  for (let f = 0; f < folds.length; f++) {
    assert.deepEqual(capped[f]!.test, folds[f]!.test);
    const train = capped[f]!.train;
    assert.equal(train.length, Math.min(500, folds[f]!.train.length));
    assert.equal(train.at(-1), folds[f]!.train.at(-1), 'ends at the fold’s latest training row');
  }
});

test('the reader’s line names the sample, its size and the whole', () => {
  assert.equal(describeSample('Models scored', 200_000, 10_000_000, 'stratified'), 'Models scored on a stratified sample of 200,000 of 10,000,000 rows');
  assert.equal(describeSample('Models scored', 50_000, 1_000_000, 'time-ordered'), 'Models scored on the most recent 50,000 of 1,000,000 rows');
  assert.equal(describeSample('Models scored', 1_000, 1_000, null), 'Models scored on all 1,000 rows');
});
