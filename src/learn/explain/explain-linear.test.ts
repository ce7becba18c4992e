// Linear contributions on the penguins example (numbers with gaps, categories with a missing
// value): expected value plus contributions is the model's decision function for every row, for
// binary and multinomial logistic regression and for ridge; measured from the training means,
// each feature's contributions average to zero over the training rows.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoot } from '../../core/paths.js';
import type { Frame } from '../../data/frame.js';
import { loadFrame } from '../../data/load.js';
import { Gbdt } from '../gbdt/gbdt.js';
import { LogisticRegression } from '../linear/logistic.js';
import { Ridge } from '../linear/ridge.js';
import { explainLinear, isLinearModel } from './explain-linear.js';

async function penguins(): Promise<Frame> {
  return (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame;
}

/** Rows where `name` is present. */
function known(frame: Frame, name: string): Frame {
  const c = frame.column(name);
  const rows = [...Array(frame.rowCount).keys()].filter((i) => (c.kind === 'categorical' ? c.codes[i]! >= 0 : c.kind === 'numeric' ? !Number.isNaN(c.values[i]!) : true));
  return frame.take(rows);
}

/** Row i's output k: expected plus the contributions of every feature. */
function summed(e: ReturnType<typeof explainLinear>, i: number, k: number): number {
  const F = e.features.length;
  const K = e.outputs.length;
  let s = e.expected[k]!;
  for (let f = 0; f < F; f++) s += e.contributions[(i * K + k) * F + f]!;
  return s;
}

function meanContribution(e: ReturnType<typeof explainLinear>, rows: number, k: number, f: number): number {
  const F = e.features.length;
  const K = e.outputs.length;
  let s = 0;
  for (let i = 0; i < rows; i++) s += e.contributions[(i * K + k) * F + f]!;
  return s / rows;
}

test('binary logistic regression: contributions add up to the log-odds of the second class', async () => {
  const frame = known((await penguins()).drop(['year']), 'sex');
  const model = await new LogisticRegression().fit(frame, 'sex');
  const e = explainLinear(model, frame, frame);
  assert.equal(e.scale, 'log-odds');
  assert.deepEqual(e.outputs, [`log-odds of ${model.classes[1]}`]);
  assert.deepEqual(e.features, model.signature.features.map((f) => f.name));
  const p = model.predict(frame);
  assert.ok(p.kind === 'classification');
  let worst = 0;
  for (let i = 0; i < frame.rowCount; i++) {
    const q = p.probabilities[i * 2 + 1]!;
    worst = Math.max(worst, Math.abs(summed(e, i, 0) - Math.log(q / (1 - q))));
  }
  assert.ok(worst < 1e-8, `largest gap ${worst}`);
  // Measured from the training means: each feature's contributions average to zero on those rows,
  // and the features that matter (island, bill size, mass) move single rows by a lot.
  for (let f = 0; f < e.features.length; f++) assert.ok(Math.abs(meanContribution(e, frame.rowCount, 0, f)) < 1e-9, e.features[f]);
  assert.ok(e.meansFromTraining);
  const spread = Math.max(...Array.from(e.contributions, Math.abs));
  assert.ok(spread > 1, `largest contribution ${spread}`);
});

test('multinomial logistic regression: per class, contributions add up to the softmax score', async () => {
  const frame = (await penguins()).drop(['year']);
  const model = await new LogisticRegression().fit(frame, 'species');
  const e = explainLinear(model, frame, frame);
  assert.equal(e.scale, 'raw-score');
  assert.equal(e.outputs.length, 3);
  const p = model.predict(frame);
  assert.ok(p.kind === 'classification');
  const K = 3;
  let worst = 0;
  for (let i = 0; i < frame.rowCount; i++) {
    const scores = [0, 1, 2].map((k) => summed(e, i, k));
    const max = Math.max(...scores);
    const z = scores.reduce((s, v) => s + Math.exp(v - max), 0);
    for (let k = 0; k < K; k++) worst = Math.max(worst, Math.abs(Math.exp(scores[k]! - max) / z - p.probabilities[i * K + k]!));
  }
  assert.ok(worst < 1e-10, `largest probability gap ${worst}`);
});

test('ridge: contributions add up to the prediction; without training rows they still add up', async () => {
  const frame = known((await penguins()).drop(['species']), 'body_mass_g');
  const model = await new Ridge({ alpha: 1 }).fit(frame, 'body_mass_g');
  const p = model.predict(frame);
  assert.ok(p.kind === 'regression');
  for (const background of [frame, undefined]) {
    const e = explainLinear(model, frame, background);
    assert.equal(e.scale, 'prediction');
    assert.equal(e.meansFromTraining, background !== undefined);
    let worst = 0;
    for (let i = 0; i < frame.rowCount; i++) worst = Math.max(worst, Math.abs(summed(e, i, 0) - p.values[i]!));
    assert.ok(worst < 1e-6, `largest gap ${worst} g`);
  }
  // From the training means, the expected value is the mean prediction.
  const e = explainLinear(model, frame, frame);
  const meanPrediction = p.values.reduce((s, v) => s + v, 0) / frame.rowCount;
  assert.ok(Math.abs(e.expected[0]! - meanPrediction) < 1e-6);
});

test('refuses a model that is not linear, naming it', async () => {
  const frame = (await penguins()).drop(['year']);
  const trees = await new Gbdt({ max_iter: 3 }).fit(frame, 'species');
  assert.equal(isLinearModel(trees), false);
  assert.throws(() => explainLinear(trees, frame), /not 'gbdt'/);
});
