// Predictions written a batch at a time: output written in row ranges is byte for byte the output
// written at once, and `framewise predict` on a file longer than one batch writes every row with
// the prediction of its own row.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { loadFrame } from '../data/load.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { saveModel } from '../learn/model-io.js';
import { PREDICT_BATCH_ROWS } from '../learn/predict-batches.js';
import { assertSuccess, runCli } from './run-cli.js';
import { inputColumns, predictionColumns, writeClosing, writeOpening, writeRowRange, writeRows } from './write-predictions.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-predict-batches-'));

async function collect(write: (stream: PassThrough) => Promise<void>): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await write(stream);
  stream.end();
  return Buffer.concat(chunks).toString('utf8');
}

test('output written in row ranges is byte for byte the output written at once, as CSV and as JSON', async () => {
  const frame = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame;
  const model = await new LogisticRegression().fit(frame, 'species');
  const columns = [...inputColumns(frame), ...predictionColumns(model.predict(frame), frame.names)];
  for (const format of ['csv', 'json'] as const) {
    const whole = await collect((s) => writeRows(s, format, columns, frame.rowCount));
    const ranged = await collect(async (s) => {
      await writeOpening(s, format, columns);
      for (let start = 0; start < frame.rowCount; start += 50) await writeRowRange(s, format, columns, start, Math.min(frame.rowCount, start + 50));
      await writeClosing(s, format, frame.rowCount);
    });
    assert.equal(ranged, whole, format);
    if (format === 'json') assert.equal((JSON.parse(ranged) as unknown[]).length, frame.rowCount);
  }
});

test('predict on a file longer than one batch writes every row with the prediction of its own row', async () => {
  // Iris repeated past a batch, with a row number so every output row can be traced to its input.
  const lines = readFileSync(fromRoot('examples', 'iris.csv'), 'utf8').trimEnd().split('\n');
  const body = lines.slice(1);
  const rows = PREDICT_BATCH_ROWS + 1234;
  const out: string[] = [`${lines[0]},row`];
  for (let i = 0; i < rows; i++) out.push(`${body[i % body.length]},${i}`);
  const data = join(dir, 'iris-long.csv');
  writeFileSync(data, `${out.join('\n')}\n`);
  const frame = (await loadFrame(data)).frame;
  const model = await new Gbdt({ max_iter: 10 }).fit(frame.take(Int32Array.from({ length: 300 }, (_, i) => i)).drop(['row']), 'species');
  const modelPath = join(dir, 'iris.json');
  await saveModel(model, modelPath);
  const predictions = join(dir, 'predictions.csv');
  const result = runCli('predict', modelPath, data, '--out', predictions);
  assertSuccess(result);
  assert.match(result.stderr, new RegExp(`Predicted ${rows.toLocaleString('en-US')} rows`));
  const written = readFileSync(predictions, 'utf8').trimEnd().split('\n');
  assert.equal(written.length, rows + 1);
  assert.equal(written[0], 'sepal_length,sepal_width,petal_length,petal_width,species,row,prediction,proba_setosa,proba_versicolor,proba_virginica');
  const expected = model.predict(frame);
  if (expected.kind !== 'classification') throw new Error('a classifier predicts classes');
  // Rows on both sides of the batch boundary, and the last one.
  for (const i of [0, PREDICT_BATCH_ROWS - 1, PREDICT_BATCH_ROWS, PREDICT_BATCH_ROWS + 1, rows - 1]) {
    const cells = written[i + 1]!.split(',');
    assert.equal(Number(cells[5]), i);
    assert.equal(cells[6], expected.labels[i]);
    assert.deepEqual(cells.slice(7).map(Number), Array.from(expected.probabilities.subarray(i * 3, i * 3 + 3)));
  }
});

test('waiting for a slow reader leaves no listener behind, however many times it waits', async () => {
  const { Writable } = await import('node:stream');
  let waits = 0;
  const slow = new Writable({
    highWaterMark: 64,
    write(_chunk, _encoding, callback) {
      waits++;
      setImmediate(callback);
    },
  });
  const columns = [{ name: 'x', at: (r: number) => r }];
  await writeRows(slow, 'csv', columns, 200_000);
  assert.ok(waits > 50, `the reader was slow ${waits} times`);
  assert.ok(slow.listenerCount('close') <= 1, `close listeners left: ${slow.listenerCount('close')}`);
  assert.ok(slow.listenerCount('drain') === 0, `drain listeners left: ${slow.listenerCount('drain')}`);
});
