// Drift detection on generated data at the default choice and thresholds: a 0.2-standard-deviation
// mean shift in one of 20 features on 50,000 rows is found there and nowhere else; unchanged data
// raises nothing across 20 seeds.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import type { Column } from '../data/column.js';
import { Frame } from '../data/frame.js';
import { driftReport } from './drift-report.js';
import { PSI_TEST } from './drift-tests.js';
import { numericSample } from './sample.js';

const ROWS = 50_000;
const SHIFTED = 'n3';

interface NumericFeature {
  readonly name: string;
  /** A draw and the population standard deviation of the draws. */
  readonly draw: (rng: Rng) => number;
  readonly sd: number;
}

// 16 numeric features of different shapes and 4 categorical ones of different sizes.
const NUMERIC: NumericFeature[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ name: `n${i}`, draw: (r: Rng) => 10 * i + (1 + i) * r.normal(), sd: 1 + i })),
  ...Array.from({ length: 4 }, (_, i) => ({ name: `u${i}`, draw: (r: Rng) => (i + 1) * r.next(), sd: (i + 1) / Math.sqrt(12) })),
  ...Array.from({ length: 3 }, (_, i) => ({ name: `e${i}`, draw: (r: Rng) => -Math.log(1 - r.next()) / (i + 1), sd: 1 / (i + 1) })),
  ...Array.from({ length: 3 }, (_, i) => ({ name: `k${i}`, draw: (r: Rng) => r.int(50 * (i + 1)), sd: Math.sqrt(((50 * (i + 1)) ** 2 - 1) / 12) })),
];
const CATEGORICAL = [3, 7, 12, 30].map((k, i) => ({ name: `c${i}`, k }));

function makeFrame(seed: number, shift: number): Frame {
  const rng = new Rng(seed);
  const columns: Column[] = [];
  for (const f of NUMERIC) {
    const values = new Float64Array(ROWS);
    const delta = f.name === SHIFTED ? shift * f.sd : 0;
    for (let i = 0; i < ROWS; i++) values[i] = f.draw(rng) + delta;
    columns.push({ kind: 'numeric', name: f.name, values });
  }
  for (const c of CATEGORICAL) {
    // Zipf-like shares: category j has weight 1/(j+1).
    const weights = Array.from({ length: c.k }, (_, j) => 1 / (j + 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    const cumulative = weights.map((w) => (acc += w / sum));
    const codes = new Int32Array(ROWS);
    for (let i = 0; i < ROWS; i++) {
      const u = rng.next();
      let j = 0;
      while (j < c.k - 1 && cumulative[j]! < u) j++;
      codes[i] = j;
    }
    columns.push({ kind: 'categorical', name: c.name, codes, dictionary: Array.from({ length: c.k }, (_, j) => `v${j}`) });
  }
  return new Frame(columns);
}

test('a 0.2 sd mean shift in one of 20 features on 50,000 rows is detected there and only there', () => {
  const reference = makeFrame(1, 0);
  const current = makeFrame(2, 0.2);
  const report = driftReport(reference, current);
  assert.equal(report.features.length, 20);
  assert.deepEqual(report.driftedFeatures, [SHIFTED]);
  const shifted = report.features.find((f) => f.name === SHIFTED)!;
  assert.equal(shifted.test, 'wasserstein');
  // The normalised Wasserstein distance of a pure shift is the shift in sds.
  assert.ok(Math.abs(shifted.result.value - 0.2) < 0.02, `value ${shifted.result.value}`);
  for (const f of report.features) {
    assert.equal(f.test, f.name.startsWith('c') ? 'jensen_shannon' : 'wasserstein', f.name);
    if (f.name !== SHIFTED) assert.ok(f.result.value < f.result.threshold / 2, `${f.name}: ${f.result.value}`);
  }
  assert.equal(report.driftedShare, 1 / 20);
  assert.equal(report.datasetDrifted, false);
});

test('unchanged data raises no drift in any of 20 features across 20 seeds', () => {
  let worst = 0;
  for (let seed = 0; seed < 20; seed++) {
    const report = driftReport(makeFrame(100 + 2 * seed, 0), makeFrame(101 + 2 * seed, 0));
    assert.deepEqual(report.driftedFeatures, [], `seed ${seed}`);
    assert.equal(report.datasetDrifted, false);
    for (const f of report.features) worst = Math.max(worst, f.result.value / f.result.threshold);
  }
  // Headroom: the largest value stays well below its threshold.
  assert.ok(worst < 0.5, `largest value / threshold ${worst}`);
});

test('why PSI is not the default for large samples: the same 0.2 sd shift scores about 0.04, under 0.2', () => {
  const reference = makeFrame(1, 0).column(SHIFTED);
  const current = makeFrame(2, 0.2).column(SHIFTED);
  if (reference.kind !== 'numeric' || current.kind !== 'numeric') throw new Error('numeric expected');
  const r = PSI_TEST.test(numericSample(reference.values), numericSample(current.values));
  assert.ok(r.value > 0.02 && r.value < 0.08, `PSI ${r.value}`);
  assert.equal(r.drifted, false);
});

test('a small reference (500 rows) gets KS and chi-squared, which find a 0.5 sd shift and a changed mix', () => {
  const slice = (frame: Frame, from: number): Frame => frame.take(Int32Array.from({ length: 500 }, (_, i) => from + i));
  const reference = slice(makeFrame(7, 0), 0);
  const shifted = makeFrame(8, 0.5);
  const mixed = shifted.columns.map((c) => {
    if (c.name !== 'c1' || c.kind !== 'categorical') return c;
    // Current mix of c1: every third row moved to the rarest category.
    const codes = c.codes.map((v, i) => (i % 3 === 0 ? c.dictionary.length - 1 : v));
    return { ...c, codes };
  });
  const report = driftReport(reference, slice(new Frame(mixed), 0));
  for (const f of report.features) assert.equal(f.test, f.name.startsWith('c') ? 'chi_squared' : 'ks', f.name);
  const drifted = new Set(report.driftedFeatures);
  assert.ok(drifted.has(SHIFTED), `drifted: ${[...drifted].join(', ')}`);
  assert.ok(drifted.has('c1'), `drifted: ${[...drifted].join(', ')}`);
  assert.ok(report.features.find((f) => f.name === SHIFTED)!.result.detail === 'exact');
  assert.equal(report.datasetDrifted, false);
});
