// Predicting a batch of rows at a time: the joined batches equal one whole prediction for every
// kind of model, each batch is handed over in order, and the progress reaches every row.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import type { ProgressSink } from '../core/progress.js';
import { loadFrame } from '../data/load.js';
import type { Estimator, FittedModel } from './estimator.js';
import { Gbdt } from './gbdt/gbdt.js';
import { IsolationForest } from './iforest/iforest.js';
import { KMeans } from './kmeans/kmeans.js';
import { LogisticRegression } from './linear/logistic.js';
import { predictInBatches } from './predict-batches.js';

test('batches of 7 rows join into the prediction of the whole frame, for each kind of model', async () => {
  const penguins = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame;
  const weather = (await loadFrame(fromRoot('examples', 'seattle-weather.csv'))).frame;
  const cases: [string, Estimator<FittedModel>, typeof penguins, string | undefined][] = [
    ['gbdt classes', new Gbdt({ max_iter: 20 }), penguins, 'species'],
    ['gbdt regression', new Gbdt({ max_iter: 20 }), weather.drop(['date', 'weather']), 'temp_max'],
    ['logistic', new LogisticRegression(), penguins, 'species'],
    ['kmeans', new KMeans({ n_clusters: 3 }), penguins.drop(['species']), undefined],
    ['iforest', new IsolationForest({ n_estimators: 30 }), weather.drop(['date', 'weather']), undefined],
  ];
  for (const [name, estimator, frame, target] of cases) {
    const model = await estimator.fit(frame, target);
    const starts: number[] = [];
    const seen: number[] = [];
    const progress: ProgressSink = { start: () => undefined, update: (done) => seen.push(done), stop: () => undefined };
    const joined = await predictInBatches(model, frame, { batchRows: 7, progress, each: (batch, _p, start) => void starts.push(start, batch.rowCount) });
    assert.deepEqual(joined, model.predict(frame), name);
    assert.equal(starts.length, 2 * Math.ceil(frame.rowCount / 7), name);
    assert.equal(seen.at(-1), frame.rowCount, `${name}: progress reaches every row`);
  }
});
