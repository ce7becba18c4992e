// Frame operations: lookup with suggestions, row subsets for folds, and type inference on
// realistic columns (identifiers, constants, dates as strings, booleans, free text).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { fromRoot } from '../core/paths.js';
import { valueAt } from './column.js';
import { contentHash, schemaHash } from './fingerprint.js';
import { Frame } from './frame.js';
import { inferColumnType } from './infer-types.js';
import { loadFrame } from './load.js';

test('a mistyped column name suggests the closest names', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  assert.throws(
    () => frame.column('flipper_lenght_mm'),
    (e: unknown) => e instanceof FramewiseError && e.code === 'COLUMN_NOT_FOUND' && /flipper_length_mm/.test(e.hint ?? ''),
  );
});

test('take picks rows in order and keeps types; hashes follow the values', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const sub = frame.take([5, 0, 5]);
  assert.equal(sub.rowCount, 3);
  assert.equal(valueAt(sub.column('body_mass_g'), 0), valueAt(frame.column('body_mass_g'), 5));
  assert.equal(valueAt(sub.column('species'), 1), 'Adelie');
  assert.equal(sub.typeOf('year').type, 'categorical');
  assert.equal(schemaHash(sub), schemaHash(frame));
  assert.notEqual(contentHash(sub), contentHash(frame));
  assert.equal(contentHash(frame.take([...Array(frame.rowCount).keys()])), contentHash(frame));
  assert.throws(() => frame.take([frame.rowCount]), /outside/);
});

test('inference: identifiers, constants, ISO strings, yes/no and free text', () => {
  const n = 100;
  const ids = { kind: 'numeric' as const, name: 'customer_id', values: Float64Array.from({ length: n }, (_, i) => 1000 + i * 7) };
  assert.equal(inferColumnType(ids).info.type, 'identifier');
  const constant = { kind: 'categorical' as const, name: 'country', codes: new Int32Array(n), dictionary: ['NZ'] };
  assert.equal(inferColumnType(constant).info.type, 'constant');
  const dates = { kind: 'categorical' as const, name: 'day', codes: Int32Array.from({ length: n }, (_, i) => i % 3), dictionary: ['2024-01-01', '2024-01-02', '2024-01-03T10:00:00Z'] };
  const inferredDates = inferColumnType(dates);
  assert.equal(inferredDates.info.type, 'datetime');
  assert.equal(valueAt(inferredDates.column, 0), '2024-01-01T00:00:00.000Z');
  const yesNo = { kind: 'categorical' as const, name: 'churned', codes: Int32Array.from({ length: n }, (_, i) => i % 2), dictionary: ['yes', 'no'] };
  const inferredYesNo = inferColumnType(yesNo);
  assert.equal(inferredYesNo.info.type, 'boolean');
  // The flag learners read is true; the value a label or an output shows is the data's own word.
  assert.equal(inferredYesNo.column.kind === 'boolean' && inferredYesNo.column.values[0], 1);
  assert.equal(valueAt(inferredYesNo.column, 0), 'yes');
  assert.equal(valueAt(inferredYesNo.column, 1), 'no');
  const notes = Array.from({ length: n }, (_, i) => `The customer called on day ${i} about the delayed parcel number ${i * 13}`);
  const text = { kind: 'categorical' as const, name: 'notes', codes: Int32Array.from({ length: n }, (_, i) => i), dictionary: notes };
  assert.equal(inferColumnType(text).info.type, 'text');
  const uuids = Array.from({ length: n }, (_, i) => `123e4567-e89b-12d3-a456-${String(426614174000 + i).padStart(12, '0')}`);
  const uuid = { kind: 'categorical' as const, name: 'ref', codes: Int32Array.from({ length: n }, (_, i) => i), dictionary: uuids };
  assert.match(inferColumnType(uuid).info.reason, /UUID/);
  const measure = { kind: 'numeric' as const, name: 'amount', values: Float64Array.from({ length: n }, (_, i) => (i * 37) % 101 + 0.5) };
  assert.equal(inferColumnType(measure).info.type, 'numeric');
});

test('frames refuse duplicate names and ragged columns', () => {
  const a = { kind: 'numeric' as const, name: 'a', values: new Float64Array(3) };
  assert.throws(() => new Frame([a, a]), (e: unknown) => e instanceof FramewiseError && e.code === 'DUPLICATE_COLUMN');
  assert.throws(() => new Frame([a, { kind: 'numeric', name: 'b', values: new Float64Array(2) }]), /rows/);
});
