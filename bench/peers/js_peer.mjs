// One JavaScript peer model fitted and used to predict on the benchmark's binary classification
// data (raw float32 rows x.f32, uint8 labels y.u8), timed around fit and predict only; prints JSON.
// Usage: node js_peer.mjs <peer> <dataDir> <rows> <trainRows> <useTrainRows> [json options]

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DecisionTreeClassifier } from 'ml-cart';
import { kmeans } from 'ml-kmeans';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { RandomForestClassifier } from 'ml-random-forest';

const FEATURES = 28;
const [peer, dir, rowsText, trainText, useText, optionsText] = process.argv.slice(2);
const rows = Number(rowsText);
const trainRows = Number(trainText);
const useRows = Number(useText);
const options = optionsText ? JSON.parse(optionsText) : {};

const raw = readFileSync(join(dir, 'x.f32'));
const x = new Float32Array(raw.buffer, raw.byteOffset, rows * FEATURES);
const y = readFileSync(join(dir, 'y.u8'));
/** Rows [from, to) as number[][] (the input these libraries take), with an optional 1 appended. */
const rowsOf = (from, to, bias = false) =>
  Array.from({ length: to - from }, (_, r) => {
    const row = Array.from(x.subarray((from + r) * FEATURES, (from + r + 1) * FEATURES));
    if (bias) row.push(1);
    return row;
  });
// The first useRows training rows (a stated subsample when smaller than trainRows); all test rows.
const trainLabels = Array.from(y.subarray(0, useRows));

function time(fn) {
  const start = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

let out;
if (peer === 'ml-random-forest') {
  const train = rowsOf(0, useRows);
  const test = rowsOf(trainRows, rows);
  const model = new RandomForestClassifier({ nEstimators: 100, maxFeatures: Math.sqrt(FEATURES) / FEATURES, replacement: true, useSampleBagging: true, noOOB: true, seed: 3, ...options });
  const fit = time(() => model.train(train, trainLabels));
  // Share of trees voting for class 1 (predictProbability's own sum starts from a vote, not 0).
  const predict = time(() => {
    const votes = model.predictionValues(test);
    return Array.from({ length: votes.rows }, (_, i) => votes.getRow(i).reduce((s, v) => s + (v === 1 ? 1 : 0), 0) / votes.columns);
  });
  out = { fitSeconds: fit.seconds, predictSeconds: predict.seconds, scores: predict.value };
} else if (peer === 'ml-cart') {
  const train = rowsOf(0, useRows);
  const test = rowsOf(trainRows, rows);
  const model = new DecisionTreeClassifier({ gainFunction: 'gini', maxDepth: Infinity, minNumSamples: 3, ...options });
  const fit = time(() => model.train(train, trainLabels));
  // The class-1 share of the leaf each row lands in.
  const predict = time(() => {
    const m = new Matrix(test);
    return Array.from({ length: m.rows }, (_, i) => {
      const d = model.root.classify(m.getRow(i));
      return d.columns > 1 ? d.get(0, 1) : 0;
    });
  });
  out = { fitSeconds: fit.seconds, predictSeconds: predict.seconds, scores: predict.value };
} else if (peer === 'ml-logistic-regression') {
  // The library learns no intercept: a constant 1 column gives it one.
  const train = new Matrix(rowsOf(0, useRows, true));
  const test = new Matrix(rowsOf(trainRows, rows, true));
  const model = new LogisticRegression({ numSteps: 1000, learningRate: 5e-4, ...options });
  const fit = time(() => model.train(train, Matrix.columnVector(trainLabels)));
  // Classifier 0 separates "class 0" (target 0) from the rest (target 1): its score is P(class 1).
  const predict = time(() => model.classifiers[0].testScores(test));
  out = { fitSeconds: fit.seconds, predictSeconds: predict.seconds, scores: Array.from(predict.value) };
} else if (peer === 'ml-kmeans') {
  const train = rowsOf(0, useRows);
  const test = rowsOf(trainRows, rows);
  const k = options.k ?? 8;
  const fit = time(() => kmeans(train, k, { initialization: 'kmeans++', seed: 3, maxIterations: 300, tolerance: 1e-4 }));
  const predict = time(() => fit.value.nearest(test));
  out = { fitSeconds: fit.seconds, predictSeconds: predict.seconds, centroids: fit.value.centroids, iterations: fit.value.iterations, converged: fit.value.converged };
} else {
  throw new Error(`unknown peer ${peer}`);
}
process.stdout.write(JSON.stringify({ peer, trainRows: useRows, ...out }));
