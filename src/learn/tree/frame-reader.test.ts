// The frame reader gives featureValues' columns and the signature check's errors whatever frames
// come before: same layout again, columns reordered, a column retyped or missing after a good one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../../core/errors.js';
import { Frame } from '../../data/frame.js';
import { buildSignature } from '../signature.js';
import { featureValues } from './features.js';
import { FrameReader } from './frame-reader.js';

const a = { kind: 'numeric' as const, name: 'a', values: Float64Array.from([1, Number.NaN, 3]) };
const b = { kind: 'categorical' as const, name: 'b', codes: Int32Array.from([0, 1, -1]), dictionary: ['x', 'y'] };
const c = { kind: 'boolean' as const, name: 'c', values: Int8Array.from([1, 0, -1]) };

test('reads the signature features in order from frames of any column order, checking each new layout', () => {
  const training = new Frame([a, b, c]);
  const signature = buildSignature(training);
  const reader = new FrameReader(signature, 'this model');
  const expected = featureValues(training, signature);
  for (const frame of [training, new Frame([a, b, c]), new Frame([c, a, b]), training]) assert.deepEqual(reader.values(frame), expected);
  const schemaError = (frame: Frame): void => {
    assert.throws(
      () => reader.values(frame),
      (e: unknown) => e instanceof FramewiseError && e.code === 'SCHEMA_MISMATCH',
    );
  };
  schemaError(new Frame([a, { ...c, name: 'b' }, { ...b, name: 'c' }]));
  assert.deepEqual(reader.values(training), expected);
  schemaError(new Frame([a, c]));
  schemaError(new Frame([]));
});
