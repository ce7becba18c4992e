// Monitoring a clustering model: a window drawn as the training rows keeps the promised shares
// and silhouette; a small share move on many rows is not called a shift (the 5-point minimum), a
// large one is; groups that blur into each other fall below the promised silhouette.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { Frame } from '../data/frame.js';
import { clusterQuality } from '../evaluate/cluster-quality.js';
import { KMeans } from '../learn/kmeans/kmeans.js';
import type { FittedKMeans } from '../learn/kmeans/fitted-kmeans.js';
import type { DecisionPromise } from '../registry/decision-package.js';
import { clusterPart, clusterWatch } from './cluster-watch.js';
import { parseWindow } from './time-windows.js';

/** Rows around three centres, `weights` of them from each, with `spread` standard deviation. */
function blobs(seed: number, rows: number, weights: readonly number[], spread = 1): Frame {
  const rng = new Rng(seed);
  const centres = [[0, 0], [8, 0], [0, 8]] as const;
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let u = rng.next();
    let c = 0;
    while (c < weights.length - 1 && u >= weights[c]!) u -= weights[c++]!;
    x[i] = centres[c]![0] + spread * rng.normal();
    y[i] = centres[c]![1] + spread * rng.normal();
  }
  return new Frame([{ kind: 'numeric', name: 'x', values: x }, { kind: 'numeric', name: 'y', values: y }]);
}

async function trained(): Promise<{ model: FittedKMeans; promise: DecisionPromise }> {
  const frame = blobs(1, 3000, [0.5, 0.3, 0.2]);
  const model = await new KMeans({ n_clusters: 3, seed: 1, n_init: 3 }).fit(frame, undefined);
  const p = model.predict(frame);
  const clusters = p.kind === 'clustering' ? p.clusters : new Int32Array(0);
  const q = clusterQuality(model.transform(frame), clusters, 3, 0);
  return { model, promise: { metrics: { silhouette: q.silhouette }, value: null, positiveRate: null, rows: frame.rowCount, clusterShares: q.shares } };
}

function watch(model: FittedKMeans, promise: DecisionPromise, current: Frame) {
  return clusterWatch({ model, current, prediction: model.predict(current), reference: null, promise, times: null, rolling: parseWindow('1d'), seed: 0 })!;
}

test('a window like the training rows keeps the promise; a 2-point move on 20,000 rows is significant but not a shift', async () => {
  const { model, promise } = await trained();
  const same = watch(model, promise, blobs(2, 3000, [0.5, 0.3, 0.2]));
  assert.equal(same.sharesSource, 'promise');
  assert.equal(same.sharesShifted, false);
  assert.equal(same.silhouette!.belowPromise, false);
  const small = watch(model, promise, blobs(3, 20000, [0.48, 0.32, 0.2]));
  assert.ok(small.sharesTest.pValue < 0.01, `p ${small.sharesTest.pValue}`);
  assert.ok(Math.abs(small.largestShift!.change) < 0.05);
  assert.equal(small.sharesShifted, false);
  // The summary says the shares stayed within the minimum, not 'as in training' beside a p below 0.01.
  assert.match(clusterPart(small), /^cluster shares within 5 points of training \(p /);
  assert.match(clusterPart(same), /^cluster shares as in training \(p /);
});

test('a group that doubles is a shift; groups that blur fall below the promised silhouette', async () => {
  const { model, promise } = await trained();
  const moved = watch(model, promise, blobs(4, 2000, [0.3, 0.3, 0.4]));
  assert.equal(moved.sharesShifted, true);
  assert.ok(Math.abs(moved.largestShift!.change) >= 0.15);
  const blurred = watch(model, promise, blobs(5, 2000, [0.5, 0.3, 0.2], 3));
  assert.equal(blurred.silhouette!.belowPromise, true);
  assert.ok(blurred.silhouette!.high < promise.metrics['silhouette']!.low);
});
