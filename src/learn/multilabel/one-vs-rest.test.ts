// Multi-label classification on Palmer Penguins: each bird's label set is its species plus its
// sex (when recorded), learnt from island and body measurements; both target layouts, held-out
// accuracy, pluggable base learners, constant labels and the shared contract.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FramewiseError } from '../../core/errors.js';
import { valueAt } from '../../data/column.js';
import type { Frame } from '../../data/frame.js';
import { loadFrame } from '../../data/load.js';
import { runEstimatorContract } from '../contract/contract-suite.js';
import { repoPath } from '../contract/repo-path.js';
import { Ridge } from '../linear/ridge.js';
import { loadModel } from '../model-io.js';
import { MultiLabelClassifier, multiLabelFromJSON } from './one-vs-rest.js';

let cached: Promise<Frame> | undefined;
/** Penguins with `traits` = "species|sex" and 0/1 columns is_gentoo and is_male; species and sex dropped. */
function penguins(): Promise<Frame> {
  cached ??= loadFrame(repoPath('src/learn/linear/fixtures/penguins.csv')).then(({ frame }) => {
    const species = frame.column('species');
    const sex = frame.column('sex');
    const traits: (string | null)[] = [];
    const gentoo = new Float64Array(frame.rowCount);
    const male = new Float64Array(frame.rowCount);
    for (let i = 0; i < frame.rowCount; i++) {
      const s = valueAt(species, i) as string;
      const x = valueAt(sex, i);
      traits.push(x === null ? s : `${s}|${x}`);
      gentoo[i] = s === 'Gentoo' ? 1 : 0;
      male[i] = x === 'male' ? 1 : 0;
    }
    return frame
      .drop(['species', 'sex'])
      .withColumn({ kind: 'text', name: 'traits', values: traits })
      .withColumn({ kind: 'numeric', name: 'is_gentoo', values: gentoo })
      .withColumn({ kind: 'numeric', name: 'is_male', values: male });
  });
  return cached;
}

const features = (frame: Frame): Frame => frame.drop(['traits', 'is_gentoo', 'is_male']);

describe('multi-label one-vs-rest', () => {
  it('learns species and sex sets that hold up on held-out birds', async () => {
    const frame = await penguins();
    const testRows = [...Array(frame.rowCount).keys()].filter((i) => i % 4 === 0);
    const trainRows = [...Array(frame.rowCount).keys()].filter((i) => i % 4 !== 0);
    const model = await new MultiLabelClassifier().fit(frame.take(trainRows).drop(['is_gentoo', 'is_male']), 'traits');
    assert.deepEqual(model.labels, ['Adelie', 'Chinstrap', 'Gentoo', 'female', 'male']);
    const test = frame.take(testRows);
    const prediction = model.predict(features(test));
    if (prediction.kind !== 'multilabel') return assert.fail('expected label sets');
    const traits = test.column('traits');
    let exact = 0;
    let agreements = 0;
    prediction.sets.forEach((set, i) => {
      const truth = new Set(String(valueAt(traits, i)).split('|'));
      if (set.length === truth.size && set.every((l) => truth.has(l))) exact++;
      for (const label of model.labels) if (set.includes(label) === truth.has(label)) agreements++;
    });
    const hamming = agreements / (testRows.length * model.labels.length);
    // Species is nearly separable from bill and flipper; sex less so, and unrecorded sex counts as wrong.
    assert.ok(hamming > 0.9, `label-wise accuracy ${hamming}`);
    assert.ok(exact / testRows.length > 0.7, `exact-set accuracy ${exact / testRows.length}`);
  });

  it('gives the same probabilities from 0/1 columns as from delimited labels', async () => {
    const frame = await penguins();
    const delimited = await new MultiLabelClassifier().fit(frame.drop(['is_gentoo', 'is_male']), 'traits');
    const columns = await new MultiLabelClassifier().fit(frame.drop(['traits']), 'is_gentoo, is_male');
    assert.deepEqual(columns.labels, ['is_gentoo', 'is_male']);
    const a = delimited.predict(features(frame));
    const b = columns.predict(features(frame));
    if (a.kind !== 'multilabel' || b.kind !== 'multilabel') return assert.fail('expected label sets');
    for (let i = 0; i < frame.rowCount; i++) {
      assert.equal(b.probabilities[i * 2], a.probabilities[i * 5 + 2]);
      assert.equal(b.probabilities[i * 2 + 1], a.probabilities[i * 5 + 4]);
    }
  });

  it('passes base-learner parameters through, takes any binary learner as its base, and refuses a regressor', async () => {
    const frame = (await penguins()).drop(['traits']);
    const penalised = await new MultiLabelClassifier({ C: 1e-4 }).fit(frame, 'is_gentoo,is_male');
    const plain = await new MultiLabelClassifier().fit(frame, 'is_gentoo,is_male');
    const p = penalised.predict(frame);
    const q = plain.predict(frame);
    if (p.kind !== 'multilabel' || q.kind !== 'multilabel') return assert.fail('expected label sets');
    // A heavy penalty pulls probabilities towards the base rate.
    assert.ok(Math.max(...p.probabilities) < Math.max(...q.probabilities));
    const regressor = new MultiLabelClassifier({}, { specs: [], make: () => new Ridge() });
    await assert.rejects(regressor.fit(frame, 'is_gentoo,is_male'), (e: unknown) => e instanceof FramewiseError);
  });

  it('keeps a label every row carries as a constant, through a save and load', async () => {
    const frame = (await penguins()).drop(['is_gentoo', 'is_male']);
    const all = frame.withColumn({ kind: 'text', name: 'traits', values: (frame.column('traits') as { values: readonly (string | null)[] }).values.map((v) => `bird|${v}`) });
    const model = await new MultiLabelClassifier({ threshold: 0.6 }).fit(all, 'traits');
    const loaded = loadModel(JSON.parse(JSON.stringify(model)));
    const prediction = loaded.predict(features(frame.withColumn({ kind: 'numeric', name: 'is_gentoo', values: new Float64Array(frame.rowCount) }).withColumn({ kind: 'numeric', name: 'is_male', values: new Float64Array(frame.rowCount) })));
    if (prediction.kind !== 'multilabel') return assert.fail('expected label sets');
    assert.ok(prediction.sets.every((s) => s.includes('bird')));
  });

  it('refuses unknown target columns and non-0/1 label columns, naming them', async () => {
    const frame = await penguins();
    await assert.rejects(new MultiLabelClassifier().fit(frame, 'is_gentoo,is_mael'), (e: unknown) => e instanceof FramewiseError && e.code === 'COLUMN_NOT_FOUND' && e.message.includes('is_mael'));
    await assert.rejects(new MultiLabelClassifier().fit(frame, 'is_gentoo,body_mass_g'), (e: unknown) => e instanceof FramewiseError && e.message.includes('body_mass_g'));
  });
});

runEstimatorContract({
  name: 'multilabel (penguins, species|sex)',
  make: (params) => new MultiLabelClassifier(params),
  data: async () => ({ frame: (await penguins()).drop(['is_gentoo', 'is_male']), target: 'traits' }),
  loader: multiLabelFromJSON,
});
