// The output helpers of predict and train: CSV fields, the format chosen by extension, column
// names that never overwrite an input column, and files that are written whole or not at all.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { refuseToReplace, writeAtomically } from './atomic-write.js';
import { fromRoot } from '../core/paths.js';
import { loadFrame } from '../data/load.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { csvField, decisionColumn, outputFormatFor, predictionColumns } from './write-predictions.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-write-'));

test('CSV fields are quoted only when they must be', () => {
  assert.equal(csvField('Adelie'), 'Adelie');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(' edge'), '" edge"');
  assert.equal(csvField(''), '""');
  assert.equal(csvField(null), '');
  assert.equal(csvField(0.25), '0.25');
  assert.equal(csvField(false), 'false');
});

test('the output format follows the extension of --out', () => {
  assert.equal(outputFormatFor('p.csv'), 'csv');
  assert.equal(outputFormatFor('out/P.JSON'), 'json');
  assert.throws(() => outputFormatFor('p.parquet'), (e: FramewiseError) => e.code === 'INVALID_ARGUMENT' && /'\.parquet'/.test(e.message));
});

test('prediction columns take a suffix rather than overwrite an input column', () => {
  const prediction = { kind: 'classification', classes: ['no', 'yes'], labels: ['yes'], probabilities: Float64Array.of(0.2, 0.8) } as const;
  const columns = predictionColumns(prediction, ['prediction', 'proba_yes', 'x']);
  assert.deepEqual(columns.map((c) => c.name), ['prediction_2', 'proba_no', 'proba_yes_2']);
  assert.deepEqual(columns.map((c) => c.at(0)), ['yes', 0.2, 0.8]);
});

test('a failed write leaves neither the target nor a temporary file; a refused one leaves the old file', async () => {
  const target = join(dir, 'model.json');
  await assert.rejects(
    writeAtomically(target, async (temporary) => {
      await writeFile(temporary, '{"half":');
      throw new FramewiseError('INVALID_ARGUMENT', `disk full while writing ${temporary}`);
    }),
    (e: FramewiseError) => e.message === `disk full while writing ${target}`,
  );
  assert.deepEqual(readdirSync(dir), []);
  await writeAtomically(target, (temporary) => writeFile(temporary, 'whole'));
  assert.equal(readFileSync(target, 'utf8'), 'whole');
  assert.throws(() => refuseToReplace(target, false), /already exists/);
  refuseToReplace(target, true);
  refuseToReplace(join(dir, 'new.json'), false);
  assert.throws(() => refuseToReplace(dir, true), /is a folder/);
});

test("a top-k policy's decision is the k most likely classes, most likely first; a threshold decides the positive class", async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const model = await new LogisticRegression().fit(frame, 'species');
  const prediction = model.predict(frame);
  assert.equal(prediction.kind, 'classification');
  if (prediction.kind !== 'classification') return;
  const top2 = decisionColumn(prediction, { kind: 'top-k', k: 2, source: 'card' }, frame.names)!;
  const k = prediction.classes.length;
  for (let r = 0; r < frame.rowCount; r += 17) {
    const [first, second] = String(top2.at(r)).split('|');
    assert.equal(first, prediction.labels[r], 'the most likely class comes first');
    const p = (label: string | undefined): number => prediction.probabilities[r * k + prediction.classes.indexOf(label!)]!;
    assert.ok(p(second) <= p(first));
    assert.ok(prediction.classes.filter((c) => c !== first && c !== second).every((c) => p(c) <= p(second)));
  }
  // A threshold policy applies to two classes only; the most likely class decides otherwise.
  assert.equal(decisionColumn(prediction, { kind: 'threshold', threshold: 0.3, positiveClass: 'Adelie', source: 'card' }, frame.names), null);
});

test('a decision column only where the policy decides something the prediction columns do not say', () => {
  const regression = { kind: 'regression', values: Float64Array.of(149, 150, Number.NaN) } as const;
  assert.equal(decisionColumn(regression, { kind: 'number', boundary: null, source: 'default' }, []), null, 'no boundary: the prediction is the decision');
  const sides = decisionColumn(regression, { kind: 'number', boundary: 150, source: 'card' }, ['decision'])!;
  assert.equal(sides.name, 'decision_2');
  assert.deepEqual([0, 1, 2].map((r) => sides.at(r)), ['below', 'above', null]);
  const multilabel = { kind: 'multilabel', labels: ['a', 'b'], probabilities: Float64Array.of(0.3, 0.6), sets: [['b']] } as const;
  assert.equal(decisionColumn(multilabel, { kind: 'class', source: 'default' }, []), null);
  assert.equal(decisionColumn(multilabel, { kind: 'label-thresholds', thresholds: { a: 0.25, b: 0.7 }, source: 'card' }, [])!.at(0), 'a');
  const anomaly = { kind: 'anomaly', scores: Float64Array.of(0.4, 0.7), isAnomaly: Uint8Array.of(0, 0) } as const;
  assert.equal(decisionColumn(anomaly, { kind: 'model-output', source: 'default' }, []), null, "an older package: is_anomaly is the model's own cut");
  const flags = decisionColumn(anomaly, { kind: 'score-threshold', threshold: 0.7, flaggedShare: null, source: 'serving' }, [])!;
  assert.deepEqual([flags.at(0), flags.at(1)], ['normal', 'anomaly']);
  // A policy of another kind than the prediction decides nothing.
  assert.equal(decisionColumn(anomaly, { kind: 'threshold', threshold: 0.5, positiveClass: 'yes', source: 'card' }, []), null);
  assert.equal(decisionColumn({ kind: 'clustering', clusters: Int32Array.of(1) }, { kind: 'model-output', source: 'default' }, []), null);
});

test("an anomaly model's is_anomaly flags at the policy's score threshold, as its decision column does", async () => {
  const { IsolationForest } = await import('../learn/iforest/iforest.js');
  const { frame } = await loadFrame(fromRoot('examples', 'breast-cancer.csv'));
  const features = frame.select(frame.names.filter((n) => n !== 'diagnosis'));
  const prediction = (await new IsolationForest({ seed: 3 }).fit(features, undefined)).predict(features);
  assert.equal(prediction.kind, 'anomaly');
  if (prediction.kind !== 'anomaly') return;
  // A threshold below the model's own cut flags more rows than the model does.
  const sorted = Float64Array.from(prediction.scores).sort();
  const threshold = sorted[Math.floor(sorted.length * 0.7)]!;
  const policy = { kind: 'score-threshold', threshold, flaggedShare: null, source: 'override' } as const;
  const own = predictionColumns(prediction, []).find((c) => c.name === 'is_anomaly')!;
  const atPolicy = predictionColumns(prediction, [], threshold).find((c) => c.name === 'is_anomaly')!;
  const decision = decisionColumn(prediction, policy, [])!;
  let ownFlags = 0;
  let policyFlags = 0;
  for (let r = 0; r < frame.rowCount; r++) {
    if (own.at(r) === true) ownFlags++;
    if (atPolicy.at(r) === true) policyFlags++;
    assert.equal(atPolicy.at(r) === true, decision.at(r) === 'anomaly', `row ${r}`);
  }
  assert.ok(policyFlags > ownFlags, `${policyFlags} flagged at the policy, ${ownFlags} at the model's own cut`);
});
