// Prediction speed of a fitted boosting model against XGBoost's inplace_predict on the same data:
// rows per second on a large test block and microseconds per single-row call, in one run.
// Run: npx tsc -p tsconfig.json && node dist/bench/gbdt-predict.bench.js [--test-rows 200000] [--train-rows 100000]

import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fromRoot } from '../src/core/paths.js';
import { Frame } from '../src/data/frame.js';
import { Gbdt } from '../src/learn/gbdt/gbdt.js';
import { numberArgument } from './arguments.js';
import { ensureGbdtData, type GbdtPart, readGbdtSplit } from './gbdt-data.js';
import { writeResultsSection } from './results-file.js';

const testRows = numberArgument('--test-rows', 200_000);
const trainRows = numberArgument('--train-rows', 100_000);
const repeats = numberArgument('--repeats', 5);
const singles = numberArgument('--singles', 20_000);
const rows = trainRows + testRows;
const data = ensureGbdtData(fromRoot('bench', 'data', `gbdt-${rows}`), rows);
const { train, test } = readGbdtSplit(data, trainRows);
const loadAtStart = loadavg()[0]!;

const frameOf = (part: GbdtPart, withLabel: boolean): Frame =>
  new Frame([
    ...part.columns.map((values, j) => ({ kind: 'numeric' as const, name: `f${j}`, values })),
    ...(withLabel ? [{ kind: 'numeric' as const, name: 'label', values: Float64Array.from(part.labels) }] : []),
  ]);
const estimator = new Gbdt({ objective: 'classification', max_iter: 100, max_leaves: 31, learning_rate: 0.1, max_bins: 255, early_stopping: 'off' });
const model = await estimator.fit(frameOf(train, true), 'label');
const testFrame = frameOf(test, false);

const seconds = (run: () => void): number => {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};
model.predict(testFrame.take(Int32Array.from({ length: 1000 }, (_, i) => i)));
const batch = Array.from({ length: repeats }, () => seconds(() => model.predict(testFrame))).sort((a, b) => a - b);
const oursRowsPerSecond = testRows / batch[repeats >> 1]!;
// Single rows: frames built beforehand (as a server does from one request body), one call each.
const oneRow = Array.from({ length: singles }, (_, i) => testFrame.take([i]));
for (let i = 0; i < Math.min(2000, singles); i++) model.predict(oneRow[i]!);
const oursSingleMicros = (seconds(() => {
  for (const frame of oneRow) model.predict(frame);
}) / singles) * 1e6;

interface PeerRun {
  readonly name: string;
  readonly rowsPerSecond: number;
  readonly singleRowMicros: number;
}
const peer = JSON.parse(
  execFileSync('/usr/bin/python3', [fromRoot('bench', 'peers', 'xgb_predict.py'), data.dir, String(rows), String(trainRows), String(testRows), String(repeats), String(singles)], {
    encoding: 'utf8',
  }),
) as PeerRun;

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const body = `
## Gradient boosting: prediction only

Command: \`npx tsc -p tsconfig.json && node dist/bench/gbdt-predict.bench.js --test-rows ${testRows} --train-rows ${trainRows}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, 2 cores shared with other work, load average ${loadAtStart.toFixed(1)} when the run began, Node ${process.version}). Data: bench/gbdt-data.ts (28 float32 features, binary); each library trains its own model (100 rounds, up to 31 leaves, lossguide, 255/256 bins) on the first ${fmt(trainRows)} rows and predicts the last ${fmt(testRows)}. Batch: median of ${repeats} calls on all test rows (framewise \`predict\` on a frame, probabilities and labels; XGBoost \`inplace_predict\` on a float32 array, probabilities). Single row: mean over ${fmt(singles)} calls, each on a one-row frame (framewise) or a 1×28 array (XGBoost) built beforehand. One thread for both.

| library | batch rows/s | single-row µs per call |
| --- | --- | --- |
| framewise Gbdt (${model.treeCount} trees) | ${fmt(oursRowsPerSecond)} | ${oursSingleMicros.toFixed(1)} |
| ${peer.name} | ${fmt(peer.rowsPerSecond)} | ${peer.singleRowMicros.toFixed(1)} |
| framewise ÷ XGBoost | ${(oursRowsPerSecond / peer.rowsPerSecond).toFixed(2)}× | ${(oursSingleMicros / peer.singleRowMicros).toFixed(2)}× the time |
`;
writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'gbdt-predict', body);
process.stdout.write(body);
