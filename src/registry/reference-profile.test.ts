// The training profile's quantile histograms: exact nearest-rank edges on ordinary columns, and on
// columns of millions edges from an even sample with the true extremes and every value counted.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { EXACT_QUANTILE_VALUES, quantileHistogram } from './reference-profile.js';

/** The definition itself: sort everything, take nearest-rank edges, count each value's bin. */
function byDefinition(values: Float64Array, bins: number): { edges: number[]; counts: number[] } {
  const present = Float64Array.from(Array.from(values).filter((v) => !Number.isNaN(v))).sort();
  const edges: number[] = [];
  for (let b = 0; b <= bins; b++) {
    const edge = present[Math.min(present.length - 1, Math.round((b / bins) * (present.length - 1)))]!;
    if (edges.length === 0 || edge > edges.at(-1)!) edges.push(edge);
  }
  const counts = new Array<number>(Math.max(1, edges.length - 1)).fill(0);
  for (const v of present) {
    let bin = 0;
    while (bin < counts.length - 1 && v >= edges[bin + 1]!) bin++;
    counts[bin]!++;
  }
  return { edges, counts };
}

test('edges are exact nearest-rank quantiles and counts exact, with missing values and ties', () => {
  const rng = new Rng(3);
  const values = Float64Array.from({ length: 5001 }, (_, i) => (i % 17 === 0 ? Number.NaN : i % 5 === 0 ? 2 : Math.round(rng.normal() * 100) / 10));
  const got = quantileHistogram(values, 20);
  const want = byDefinition(values, 20);
  assert.deepEqual(got.edges, want.edges);
  assert.deepEqual(got.counts, want.counts);
  assert.equal(got.min, want.edges[0]);
  assert.equal(got.max, want.edges.at(-1));
  assert.deepEqual(quantileHistogram(Float64Array.of(4, 4, Number.NaN), 10), { min: 4, max: 4, edges: [4], counts: [2] });
  assert.deepEqual(quantileHistogram(Float64Array.of(Number.NaN), 10), { min: null, max: null, edges: [], counts: [] });
});

test('above a million values the edges come from a sample, the extremes stay true and every value is counted', () => {
  const rng = new Rng(9);
  const n = 3 * EXACT_QUANTILE_VALUES + 7;
  const values = Float64Array.from({ length: n }, (_, i) => (i % 101 === 0 ? Number.NaN : rng.normal()));
  const present = n - Math.ceil(n / 101);
  const got = quantileHistogram(values, 20);
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) if (!Number.isNaN(v)) ((min = Math.min(min, v)), (max = Math.max(max, v)));
  assert.equal(got.min, min);
  assert.equal(got.max, max);
  assert.equal(got.edges[0], min);
  assert.equal(got.edges.at(-1), max);
  assert.equal(got.edges.length, 21);
  assert.equal(got.counts.reduce((a, b) => a + b, 0), present);
  // Sampled quantiles of a smooth distribution: each bin holds a twentieth of the rows, to within 1%.
  for (const c of got.counts) assert.ok(Math.abs(c / present - 0.05) < 0.0005, `bin share ${c / present}`);
});
