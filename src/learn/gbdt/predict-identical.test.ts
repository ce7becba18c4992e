// The flattened, row-blocked prediction path gives bit-for-bit the scores of the tree-at-a-time
// path (binRows + addTreeToRows per packed tree) on real data: all objectives, gaps, categories.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoot } from '../../core/paths.js';
import { Frame } from '../../data/frame.js';
import { loadFrame } from '../../data/load.js';
import { binRows } from '../tree/binning.js';
import { featureValues } from '../tree/features.js';
import { parseEdges, parseTrees } from '../tree/model-json.js';
import { readFixtureCsv } from '../tree/test-support.js';
import { addTreeToRows, packTree } from '../tree/tree.js';
import { type FittedGbdt, gbdtFromJSON } from './fitted-gbdt.js';
import { Gbdt } from './gbdt.js';
import type { GbdtParams } from './params.js';

/** Raw scores the way every tree used to be applied: one packed tree at a time over all rows. */
function treeAtATimeScores(model: FittedGbdt, frame: Frame): Float64Array {
  const json = model.toJSON();
  const width = model.signature.features.length;
  const edges = parseEdges(json.binEdges, width, 'gbdt');
  const trees = parseTrees(json.trees, width, 1, 'gbdt');
  const K = json.baseline.length;
  const n = frame.rowCount;
  const binned = binRows(featureValues(frame, model.signature), edges, n);
  const raw = new Float64Array(n * K);
  for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) raw[r * K + k] = json.baseline[k]!;
  trees.forEach((tree, t) => addTreeToRows(packTree(tree), tree.value, 1, binned, width, 0, n, raw, K, t % K));
  return raw;
}

/** Same bits, element by element (NaN and -0 included). */
function assertSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new BigUint64Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new BigUint64Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
}

/** Probabilities (or values) from the link function applied to reference raw scores. */
function linkOf(model: FittedGbdt, raw: Float64Array): Float64Array {
  const K = model.classes?.length ?? 1;
  if (model.task === 'regression') return raw;
  const n = raw.length / (K === 2 ? 1 : K);
  const out = new Float64Array(n * K);
  for (let r = 0; r < n; r++) {
    if (K === 2) {
      const p = 1 / (1 + Math.exp(-raw[r]!));
      out[2 * r] = 1 - p;
      out[2 * r + 1] = p;
    } else {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, raw[r * K + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(raw[r * K + k]! - max);
      for (let k = 0; k < K; k++) out[r * K + k] = Math.exp(raw[r * K + k]! - max) / sum;
    }
  }
  return out;
}

/** The rows whose target is present (fitting refuses the others). */
function withTarget(frame: Frame, target: string): Frame {
  const column = frame.column(target);
  const rows: number[] = [];
  for (let r = 0; r < frame.rowCount; r++) {
    const present = column.kind === 'numeric' ? column.values[r] === column.values[r] : column.kind === 'categorical' ? column.codes[r]! >= 0 : true;
    if (present) rows.push(r);
  }
  return frame.take(rows);
}

async function checkIdentical(all: Frame, target: string, params: Partial<GbdtParams>, expectTask: string, categorySplits = false): Promise<void> {
  const frame = withTarget(all, target);
  const model = await new Gbdt({ max_iter: 40, ...params }).fit(frame, target);
  assert.equal(model.task, expectTask);
  if (categorySplits) assert.ok(model.toJSON().trees.some((t) => t.categorical.length > 0), 'the model should hold category splits');
  // Score every row, those with a missing target too: they hold most of the gaps.
  const features = all.drop([target]);
  const reference = treeAtATimeScores(model, features);
  assertSameBits(model.rawScores(features), reference, 'all rows at once');
  // The small-frame path (a buffer the model keeps) row by row and in a few short frames.
  const K = reference.length / features.rowCount;
  for (let r = 0; r < Math.min(features.rowCount, 60); r++) {
    assertSameBits(model.rawScores(features.take([r])), reference.subarray(r * K, (r + 1) * K), `row ${r} alone`);
  }
  for (const size of [3, 16, 17, 65]) {
    const rows = Array.from({ length: size }, (_, i) => (i * 7) % features.rowCount);
    const expected = Float64Array.from(rows.flatMap((r) => Array.from(reference.subarray(r * K, (r + 1) * K))));
    assertSameBits(model.rawScores(features.take(rows)), expected, `${size} rows`);
  }
  // A reloaded model predicts the same bits, and the outputs are the link of the same raw scores.
  const reloaded = gbdtFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
  assertSameBits(reloaded.rawScores(features), reference, 'reloaded');
  const prediction = model.predict(features);
  const expected = linkOf(model, reference);
  if (prediction.kind === 'regression') assertSameBits(prediction.values, expected, 'values');
  else if (prediction.kind !== 'classification') assert.fail(`unexpected ${prediction.kind} prediction`);
  else for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(prediction.probabilities[i]! - expected[i]!) < 1e-12, `probability ${i}`);
}

test('penguins: species (softmax), body mass (regression) and sex (binary), with gaps and native category splits', async () => {
  const frame = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame;
  await checkIdentical(frame, 'species', { objective: 'classification' }, 'multiclass', true);
  await checkIdentical(frame, 'body_mass_g', {}, 'regression', true);
  await checkIdentical(frame, 'sex', { objective: 'classification', categorical_splits: 'native' }, 'binary', true);
});

test('seattle-weather: weather (5 classes) with dates, and temp_max (regression)', async () => {
  const frame = (await loadFrame(fromRoot('examples', 'seattle-weather.csv'))).frame;
  await checkIdentical(frame, 'weather', { objective: 'classification' }, 'multiclass');
  await checkIdentical(frame, 'temp_max', {}, 'regression');
});

test('breast_cancer: binary with missing values punched into a third of the features', async () => {
  const full = readFixtureCsv('breast_cancer.csv');
  const columns = full.names.map((name, c) => {
    const column = full.column(name);
    if (column.kind !== 'numeric' || name === 'target' || c % 3 !== 0) return column;
    return { ...column, values: column.values.map((v, r) => ((r * 13 + c) % 5 === 0 ? Number.NaN : v)) };
  });
  await checkIdentical(new Frame(columns), 'target', { objective: 'classification', max_iter: 60 }, 'binary');
});
