// One framewise boosting run of the benchmark, in its own process so its peak memory is its own:
// reads the data, fits, predicts the test rows, prints one JSON line of timings and metrics
// (test AUC for the binary task, test RMSE for regression).
// Run by gbdt.bench.ts: node dist/bench/gbdt-once.js DIR ROWS TRAIN_ROWS THREADS [binary|regression]

import type { Column } from '../src/data/column.js';
import { Frame } from '../src/data/frame.js';
import { rocAuc } from '../src/evaluate/metrics/ranking.js';
import { Gbdt } from '../src/learn/gbdt/gbdt.js';
import { readGbdtSplit, readRegressionSplit } from './gbdt-data.js';

const [dir, rowsText, trainText, threadsText, taskText] = process.argv.slice(2);
const threads = Number(threadsText ?? '1');
const rows = Number(rowsText);
const trainRows = Number(trainText);
const regression = taskText === 'regression';

const frameOf = (columns: readonly Float64Array[], target: Column | undefined): Frame =>
  new Frame([...columns.map((values, j) => ({ kind: 'numeric' as const, name: `f${j}`, values })), ...(target === undefined ? [] : [target])]);

let trainFrame: Frame;
let testFrame: Frame;
let score: (model: Awaited<ReturnType<Gbdt['fit']>>) => { auc?: number; rmse?: number; predictSeconds: number };
let features: number;
if (regression) {
  const { train, test } = readRegressionSplit({ dir: dir!, rows }, trainRows);
  features = train.columns.length;
  trainFrame = frameOf(train.columns, { kind: 'numeric', name: 'target', values: train.targets });
  testFrame = frameOf(test.columns, undefined);
  score = (model) => {
    const t = process.hrtime.bigint();
    const prediction = model.predict(testFrame);
    const predictSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    if (prediction.kind !== 'regression') throw new Error('expected numbers');
    let s = 0;
    for (let i = 0; i < test.targets.length; i++) s += (prediction.values[i]! - test.targets[i]!) ** 2;
    return { rmse: Math.sqrt(s / test.targets.length), predictSeconds };
  };
} else {
  const { train, test } = readGbdtSplit({ dir: dir!, rows }, trainRows);
  features = train.columns.length;
  trainFrame = frameOf(train.columns, { kind: 'numeric', name: 'target', values: Float64Array.from(train.labels) });
  testFrame = frameOf(test.columns, undefined);
  score = (model) => {
    const t = process.hrtime.bigint();
    const prediction = model.predict(testFrame);
    const predictSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    if (prediction.kind !== 'classification') throw new Error('expected class probabilities');
    const positive = new Float64Array(test.labels.length);
    for (let i = 0; i < positive.length; i++) positive[i] = prediction.probabilities[2 * i + 1]!;
    return { auc: rocAuc(test.labels, positive).value, predictSeconds };
  };
}

const estimator = new Gbdt({
  objective: regression ? 'regression' : 'classification',
  max_iter: 100,
  max_leaves: 31,
  learning_rate: 0.1,
  max_bins: 255,
  early_stopping: 'off',
  threads,
});
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const model = await estimator.fit(trainFrame, 'target');
const t1 = process.hrtime.bigint();
const cpu = process.cpuUsage(cpu0);
const { predictSeconds, ...metric } = score(model);
process.stdout.write(
  `${JSON.stringify({
    name: `framewise Gbdt, ${threads === 1 ? '1 thread' : `${threads} threads`}`,
    fitSeconds: Number(t1 - t0) / 1e9,
    fitCpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...metric,
    predictRowsPerSecond: testFrame.rowCount / predictSeconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    trees: model.treeCount,
    features,
  })}\n`,
);
