// One framewise boosting run of the benchmark, in its own process so its peak memory is its own:
// reads the data, fits, predicts the test rows, prints one JSON line of timings and metrics.
// Run by gbdt.bench.ts: node dist/bench/gbdt-once.js DIR ROWS TRAIN_ROWS THREADS

import { Frame } from '../src/data/frame.js';
import { rocAuc } from '../src/evaluate/metrics/ranking.js';
import { Gbdt } from '../src/learn/gbdt/gbdt.js';
import { FEATURES, type GbdtPart, readGbdtSplit } from './gbdt-data.js';

const [dir, rowsText, trainText, threadsText] = process.argv.slice(2);
const threads = Number(threadsText ?? '1');
const rows = Number(rowsText);
const trainRows = Number(trainText);
const { train, test } = readGbdtSplit({ dir: dir!, rows }, trainRows);

const frameOf = (part: GbdtPart): Frame =>
  new Frame([
    ...part.columns.map((values, j) => ({ kind: 'numeric' as const, name: `f${j}`, values })),
    { kind: 'numeric' as const, name: 'label', values: Float64Array.from(part.labels) },
  ]);
const trainFrame = frameOf(train);
const testFrame = frameOf(test).drop(['label']);

const estimator = new Gbdt({
  objective: 'classification',
  max_iter: 100,
  max_leaves: 31,
  learning_rate: 0.1,
  max_bins: 255,
  early_stopping: 'off',
  threads,
});
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const model = await estimator.fit(trainFrame, 'label');
const t1 = process.hrtime.bigint();
const cpu = process.cpuUsage(cpu0);
const prediction = model.predict(testFrame);
const t2 = process.hrtime.bigint();
if (prediction.kind !== 'classification') throw new Error('expected class probabilities');
const positive = new Float64Array(test.labels.length);
for (let i = 0; i < positive.length; i++) positive[i] = prediction.probabilities[2 * i + 1]!;
const auc = rocAuc(test.labels, positive).value;
const fitSeconds = Number(t1 - t0) / 1e9;
const predictSeconds = Number(t2 - t1) / 1e9;
process.stdout.write(
  `${JSON.stringify({
    name: `framewise Gbdt, ${threads === 1 ? '1 thread' : `${threads} threads`}`,
    fitSeconds,
    fitCpuSeconds: (cpu.user + cpu.system) / 1e6,
    auc,
    predictRowsPerSecond: test.labels.length / predictSeconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    trees: model.treeCount,
    features: FEATURES,
  })}\n`,
);
