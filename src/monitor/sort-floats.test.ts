// The radix sort of float64 values gives the same order as the built-in numeric typed-array sort.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { sortFloats } from './sort-floats.js';

function sameOrder(values: Float64Array): void {
  const expected = values.slice().sort();
  const actual = sortFloats(values.slice());
  for (let i = 0; i < values.length; i++) {
    assert.ok(Object.is(actual[i], expected[i]), `at ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

test('signs, zeros, infinities, subnormals, ties and extremes sort as the typed-array sort does', () => {
  const rng = new Rng(9);
  const specials = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
  const values = Float64Array.from({ length: 60_000 }, (_, i) =>
    i % 7 === 0 ? specials[rng.int(specials.length)]! : i % 3 === 0 ? Math.floor(rng.normal() * 4) / 4 : rng.normal() * 10 ** rng.int(12),
  );
  sameOrder(values);
});

test('uniform high bits (one-signed, narrow ranges) skip passes and still sort', () => {
  const rng = new Rng(10);
  sameOrder(Float64Array.from({ length: 50_000 }, () => 1 + rng.next() * 1e-9));
  sameOrder(Float64Array.from({ length: 50_000 }, () => -(2 ** rng.int(40))));
  sameOrder(Float64Array.from({ length: 30_000 }, () => 7));
});

test('small arrays (built-in path) and views into a larger buffer', () => {
  sameOrder(Float64Array.from([3, -1, 2, -0, 0]));
  const buffer = new Float64Array(70_000).map((_, i) => Math.sin(i) * 100);
  const view = buffer.subarray(5_000, 65_000);
  const expected = view.slice().sort();
  sortFloats(view);
  assert.deepEqual(Array.from(view), Array.from(expected));
  assert.equal(buffer[0], Math.sin(0) * 100);
  assert.equal(buffer[69_999], Math.sin(69_999) * 100);
});
