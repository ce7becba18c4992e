// The single-row entry point (predictRowInto) gives the same bits as predict on a one-row frame:
// random rows with missing values, unseen and known category codes, booleans and date-times.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoot } from '../../core/paths.js';
import { Rng } from '../../core/rng.js';
import type { Column } from '../../data/column.js';
import { Frame } from '../../data/frame.js';
import { loadFrame } from '../../data/load.js';
import type { InputSignature } from '../estimator.js';
import type { FittedGbdt } from './fitted-gbdt.js';
import { Gbdt } from './gbdt.js';
import type { GbdtParams } from './params.js';

/** Random columns shaped by a signature: values around and beyond the training range, a sixth missing. */
function randomFrame(signature: InputSignature, n: number, seed: number): Frame {
  const rng = new Rng(seed);
  const random = (): number => rng.next();
  const columns: Column[] = signature.features.map((f): Column => {
    const missing = (): boolean => random() < 1 / 6;
    switch (f.type) {
      case 'numeric':
      case 'datetime': {
        const low = f.min ?? 0;
        const span = (f.max ?? 1) - low || 1;
        const values = Float64Array.from({ length: n }, () => (missing() ? Number.NaN : low - 0.2 * span + 1.4 * span * random()));
        return { kind: f.type, name: f.name, values };
      }
      case 'boolean':
        return { kind: 'boolean', name: f.name, values: Int8Array.from({ length: n }, () => (missing() ? -1 : random() < 0.5 ? 1 : 0)) };
      default: {
        const categories = f.categories ?? [];
        const codes = Int32Array.from({ length: n }, () => (missing() ? -1 : Math.floor(random() * categories.length)));
        return { kind: 'categorical', name: f.name, codes, dictionary: categories };
      }
    }
  });
  return new Frame(columns);
}

/** Row r of a frame as predictRowInto reads it: numbers as they are, codes and flags with NaN for missing. */
function rowValues(frame: Frame, r: number): Float64Array {
  return Float64Array.from(frame.columns, (c) => {
    switch (c.kind) {
      case 'numeric':
      case 'datetime':
        return c.values[r]!;
      case 'boolean':
        return c.values[r]! < 0 ? Number.NaN : c.values[r]!;
      case 'categorical':
        return c.codes[r]! < 0 ? Number.NaN : c.codes[r]!;
      default:
        throw new Error(`no ${c.kind} features here`);
    }
  });
}

function sameBits(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function checkRows(model: FittedGbdt, frame: Frame, what: string): number {
  const K = model.classes?.length ?? 1;
  const out = new Float64Array(K);
  let missing = 0;
  for (let r = 0; r < frame.rowCount; r++) {
    const values = rowValues(frame, r);
    for (const v of values) if (Number.isNaN(v)) missing++;
    const index = model.predictRowInto(values, out);
    const p = model.predict(frame.take([r]));
    if (p.kind === 'regression') {
      assert.ok(sameBits(out[0]!, p.values[0]!), `${what} row ${r}: ${out[0]} vs ${p.values[0]}`);
      assert.equal(index, 0);
    } else if (p.kind === 'classification') {
      for (let k = 0; k < K; k++) assert.ok(sameBits(out[k]!, p.probabilities[k]!), `${what} row ${r} class ${k}: ${out[k]} vs ${p.probabilities[k]}`);
      assert.equal(model.classes![index], p.labels[0], `${what} row ${r}: label`);
    } else assert.fail(`unexpected ${p.kind}`);
  }
  return missing;
}

async function fitAndCheck(frame: Frame, target: string, params: Partial<GbdtParams>, task: string): Promise<void> {
  const model = await new Gbdt({ max_iter: 30, ...params }).fit(frame, target);
  assert.equal(model.task, task);
  const features = frame.drop([target]);
  // The training rows themselves, then random rows that leave the training range and miss values.
  checkRows(model, features.take(Array.from({ length: Math.min(80, features.rowCount) }, (_, i) => i)), `${target} data`);
  const missing = checkRows(model, randomFrame(model.signature, 300, 17), `${target} random`);
  assert.ok(missing > 100, 'the random rows should hold missing values');
}

/** The rows whose target is present (fitting refuses the others). */
function withTarget(frame: Frame, target: string): Frame {
  const c = frame.column(target);
  const rows: number[] = [];
  for (let r = 0; r < frame.rowCount; r++) if (c.kind === 'numeric' ? c.values[r] === c.values[r] : c.kind === 'categorical' ? c.codes[r]! >= 0 : true) rows.push(r);
  return frame.take(rows);
}

test('predictRowInto matches predict on penguins: multiclass, regression and binary with native category splits', async () => {
  const frame = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame;
  assert.ok(frame.columns.some((c) => c.kind === 'categorical'));
  await fitAndCheck(withTarget(frame, 'species'), 'species', { objective: 'classification' }, 'multiclass');
  await fitAndCheck(withTarget(frame, 'body_mass_g'), 'body_mass_g', {}, 'regression');
  await fitAndCheck(withTarget(frame, 'sex'), 'sex', { objective: 'classification', categorical_splits: 'native' }, 'binary');
});

test('predictRowInto matches predict on seattle-weather: five classes with a date-time feature', async () => {
  const frame = (await loadFrame(fromRoot('examples', 'seattle-weather.csv'))).frame;
  assert.ok(frame.columns.some((c) => c.kind === 'datetime'));
  await fitAndCheck(withTarget(frame, 'weather'), 'weather', { objective: 'classification' }, 'multiclass');
});

test('predictRowInto matches predict with boolean features', async () => {
  const rng = new Rng(5);
  const random = (): number => rng.next();
  const n = 400;
  const flag = Int8Array.from({ length: n }, () => (random() < 0.1 ? -1 : random() < 0.5 ? 1 : 0));
  const x = Float64Array.from({ length: n }, () => random() * 10);
  const y = Float64Array.from({ length: n }, (_, i) => (flag[i] === 1 ? 2 : 0) + x[i]! + random());
  const frame = new Frame([
    { kind: 'boolean', name: 'flag', values: flag },
    { kind: 'numeric', name: 'x', values: x },
    { kind: 'numeric', name: 'y', values: y },
  ]);
  await fitAndCheck(frame, 'y', {}, 'regression');
});
